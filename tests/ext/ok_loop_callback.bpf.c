// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_helper_loop_callback: a bpf_loop callback that calls only
 * granted functions (a map lookup), 8 iterations, well inside every bound of Base.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
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

struct loop_ctx {
	__u64 sum;
};

static int add_slot(__u32 i, struct loop_ctx *lc)
{
	__u64 *v = bpf_map_lookup_elem(&slots, &i);

	if (v)
		lc->sum += *v;
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(8, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
