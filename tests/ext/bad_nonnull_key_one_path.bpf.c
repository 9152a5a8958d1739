// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The key pointer is the stack on one path and NULL on the other (odd ids): after the
 * paths merge, key.non_null no longer holds. A verifier that only looks at one path, or
 * joins "stack" and "NULL" into "pointer", gets it wrong.
 * Kernel: refuses (R2 type=scalar on the NULL path).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "key.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(count_even, int id)
{
	__u32 k = id;
	__u32 *key = &k;
	__u64 *cnt;

	if (id & 1)
		key = 0;
	/* keep the compiler from turning the NULL path into undefined behaviour */
	asm volatile("" : "+r"(key));
	cnt = bpf_map_lookup_elem(&counts, key);	/* VIOLATION */
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
