// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A stack buffer holding eight non-NUL bytes and nothing else ("abcdefgh" without its
 * terminator): bpf_strnlen's str must be NUL-terminated within the memory it points to.
 * Kernel: accepts (__ign argument, and the kfunc itself stops at count).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "null_terminated" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lens SEC(".maps");

/* Keeps the length so that the call cannot be optimised away. */
static __always_inline void record_len(int len)
{
	__u32 zero = 0;
	__u64 v = len;

	bpf_map_update_elem(&lens, &zero, &v, BPF_ANY);
}

SEC("uprobe")
int BPF_KPROBE(cut_len)
{
	char s[8];

	__builtin_memcpy(s, "abcdefgh", sizeof(s));
	record_len(bpf_strnlen(s, 64));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
