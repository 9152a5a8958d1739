// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A bpf_loop callback that accumulates bounded values in its context: a count and a sum
 * of the loop index's low byte over 16 loops. The values grow on every iteration, but the
 * number of iterations is the constant 16 and the callback is straight-line code: the
 * instruction bound is 16 times the callback's, whatever the values become. A verifier
 * that waits for the context's value ranges to settle must widen them, not give up.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

struct loop_ctx {
	__u64 count;
	__u64 sum;
};

static int accumulate(__u32 i, struct loop_ctx *lc)
{
	lc->count++;
	lc->sum += i & 0xff;
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(accumulate_16)
{
	struct loop_ctx lc = {};
	__u32 key = 0;

	bpf_loop(16, accumulate, &lc, 0);
	bpf_map_update_elem(&totals, &key, &lc.count, BPF_ANY);
	key = 1;
	bpf_map_update_elem(&totals, &key, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
