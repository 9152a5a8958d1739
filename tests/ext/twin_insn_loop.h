/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The program of ok_insn_loop_under and bad_insn_loop_over: a bounded loop of TRIPS
 * trips (defined by the includer), each a map lookup, unrolling disabled.
 *
 * Measured with llvm-objdump -d (clang 14, -O2): 4 instructions before the loop, 18 per
 * trip on its longest path (lookup hit; the map's ld_imm64 counted once, 19 counting its
 * two slots), 11 after it (12): 18 x TRIPS + 15 in all (19 x TRIPS + 16).
 */
#ifndef TRIPS
#error "define TRIPS before including twin_insn_loop.h"
#endif

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
