// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A stack buffer holding eight non-NUL bytes and nothing else ("abcdefgh" without its
 * terminator): bpf_strnlen's str must be NUL-terminated within the memory it points to.
 * Kernel: accepts (__ign argument, and the kfunc itself stops at count).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(cut_len)
{
	char s[8];

	__builtin_memcpy(s, "abcdefgh", sizeof(s));
	record_len(bpf_strnlen(s, 64));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
