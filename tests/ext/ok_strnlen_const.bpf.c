// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strnlen (granted by the seed's StringHelpersCap) on a constant string built on the
 * stack: non-NULL and NUL-terminated within its 16 bytes.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
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
int BPF_KPROBE(const_len)
{
	char s[16] = "roleprobe";

	record_len(bpf_strnlen(s, sizeof(s)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
