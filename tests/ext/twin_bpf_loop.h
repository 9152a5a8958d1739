/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The bpf_loop callback of the bpf_loop corpus (ok_loop_callback, ok_insn_bpf_loop_under,
 * bad_insn_bpf_loop_over, bad_insn_bpf_loop_unknown): add slot i % 8 of a map to a sum
 * kept in the caller's stack.
 *
 * Measured with llvm-objdump -d (clang 14, -O2): the callback runs 14 instructions on its
 * longest path (15 counting the map's ld_imm64 as two slots). An entry that calls
 * bpf_loop(N, add_slot, &lc, 0) and stores lc.sum in the map runs 18 (20) of its own.
 */
#ifndef ROLEPROBE_TESTS_TWIN_BPF_LOOP_H
#define ROLEPROBE_TESTS_TWIN_BPF_LOOP_H

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

struct loop_ctx {
	__u64 sum;
};

static int add_slot(__u32 i, struct loop_ctx *lc)
{
	__u32 k = i & 7;
	__u64 *v = bpf_map_lookup_elem(&slots, &k);

	if (v)
		lc->sum += *v;
	return 0;
}

#endif /* ROLEPROBE_TESTS_TWIN_BPF_LOOP_H */
