// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ok_strnlen_explicit_nul, then the NUL in the last byte is overwritten with a byte of the
 * traced function's argument, which may well be non-zero, and the buffer measured again:
 * the first bpf_strnlen is fine, the second is not (no NUL is proven any more).
 * Kernel: accepts (__ign argument).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(user_len, const char *name, long tag)
{
	char buf[32];

	if (bpf_probe_read(buf, sizeof(buf), name))
		return 0;
	buf[sizeof(buf) - 1] = '\0';
	record_len(bpf_strnlen(buf, sizeof(buf)));
	buf[sizeof(buf) - 1] = (char)tag;
	record_len(bpf_strnlen(buf, sizeof(buf)));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
