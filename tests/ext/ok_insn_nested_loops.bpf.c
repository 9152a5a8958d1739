// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Two nested bounded loops, 8 x 8 trips, unrolling disabled: the bound multiplies.
 * Measured with llvm-objdump -d: 5 instructions before the loops, 8 x (2 + 8 x 6 + 3) in
 * them, 10 after (11 counting ld_imm64 as two): 439 (440), under max_instructions: 1000;
 * a verifier that lost either bound could not accept it.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} grid SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(walk_grid, __u64 seed)
{
	__u64 acc = seed;
	__u32 i, j, zero = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < 8; i++) {
#pragma clang loop unroll(disable)
		for (j = 0; j < 8; j++)
			acc = (acc ^ (i * 8 + j)) * 31;
	}
	bpf_map_update_elem(&grid, &zero, &acc, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
