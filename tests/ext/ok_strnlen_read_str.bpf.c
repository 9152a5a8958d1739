// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The user string in the first argument read onto the stack with bpf_probe_read_user_str,
 * which always NUL-terminates its destination (even on a fault it zeroes it), then
 * measured with bpf_strnlen: the const_char_ptr constraints hold.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
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

	bpf_probe_read_user_str(buf, sizeof(buf), name);
	record_len(bpf_strnlen(buf, sizeof(buf)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
