// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A static subprogram that calls itself (not a tail call: its result is used after the
 * call), depth bounded only by an argument of the traced function: no instruction bound
 * can be proven, and the stack grows with each call.
 * Kernel: refuses ("the call stack of 9 frames is too deep").
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "recurs" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} depth_sum SEC(".maps");

static __noinline __u64 sum_down(__u64 n)
{
	if (n == 0)
		return 0;
	return n + sum_down(n - 1) * 3;
}

SEC("uprobe")
int BPF_KPROBE(recurse, __u64 n)
{
	__u64 s = sum_down(n);
	__u32 zero = 0;

	bpf_map_update_elem(&depth_sum, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
