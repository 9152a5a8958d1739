// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A bounded loop of 50 trips under a role with max_instructions: 1000: just under
 * (915 instructions on the longest path, 966 counting ld_imm64 as two).
 *
 * Measured with llvm-objdump -d: 4 instructions before the loop, 18 per iteration on its
 * longest path (lookup hit; the ld_imm64 of the map counted once, 19 if counted as its two
 * slots), 11 after it (12): 18 x TRIPS + 15 in all (19 x TRIPS + 16).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define TRIPS 50

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	__u64 sum = 0, *v;
	__u32 i, k;

#pragma clang loop unroll(disable)
	for (i = 0; i < TRIPS; i++) {
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
