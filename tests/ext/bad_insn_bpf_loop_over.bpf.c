// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The twin of ok_insn_bpf_loop_under with 72 loops: just over max_instructions: 1000.
 * Measured with llvm-objdump -d: the callback runs 14 instructions on its longest path
 * (15 counting ld_imm64 as two slots), the entry 18 (20): 18 + 72 x 14 = 1026 (1100).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: reject "max_instructions" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NR_LOOPS 72

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

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(NR_LOOPS, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
