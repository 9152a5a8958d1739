// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Like bad_strnlen_unterminated, but the extension stores a NUL in the last byte of the
 * buffer after bpf_probe_read: the buffer provably holds a NUL inside its bounds.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(user_len, const char *name)
{
	char buf[32];

	if (bpf_probe_read(buf, sizeof(buf), name))
		return 0;
	buf[sizeof(buf) - 1] = '\0';
	record_len(bpf_strnlen(buf, sizeof(buf)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
