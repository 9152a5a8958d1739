// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A loop whose trip count comes from the traced function's argument, masked to 0..15:
 * the bound is not a constant in the code but a proven range, 15 trips of about 18
 * instructions, under max_instructions: 1000.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(sum_first, unsigned int n)
{
	__u32 i, k, trips = n & 15;
	__u64 sum = 0, *v;

#pragma clang loop unroll(disable)
	for (i = 0; i < trips; i++) {
		k = i & 7;
		v = bpf_map_lookup_elem(&slots, &k);
		if (v)
			sum += *v;
	}
	k = 0;
	bpf_map_update_elem(&slots, &k, &sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
