// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A loop of 16 trips in the entry, each calling a global function that loops 16 trips
 * itself. Measured with llvm-objdump -d: the function runs 2 + 16 x 4 + 1 = 67
 * instructions, the entry 3 + 16 x (8 + 67) + 11 = 1214, over max_instructions: 1000,
 * though each function's own loop is short. The kernel verifies the global function once,
 * alone; the instruction bound must still multiply through the call.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: reject "max_instructions: 1000" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} mix SEC(".maps");

__noinline int scramble(__u64 x)
{
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 16; i++)
		x = (x ^ i) * 31;
	return x;
}

SEC("uprobe")
int BPF_KPROBE(mix_all, __u64 seed)
{
	__u64 acc = seed;
	__u32 i, zero = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < 16; i++)
		acc += scramble(acc + i);
	bpf_map_update_elem(&mix, &zero, &acc, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
