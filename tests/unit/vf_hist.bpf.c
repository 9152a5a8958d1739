// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Verifier fixture, production shape: a latency histogram (funclatency-like): the start
 * time at entry, the delta at return, its log2 computed by a loop bounded by a counter,
 * the slot clamped and incremented atomically in an array map. A `const volatile` knob
 * in .rodata chooses the unit. Must be accepted by vf_tracing.yaml's Tracer; the loop runs
 * at most 64 times, so the bound is in the hundreds of instructions.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_SLOTS	26

struct hist {
	__u64 slots[MAX_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

const volatile int targ_ms = 0;

static __always_inline __u64 log2l(__u64 v)
{
	__u64 r = 0;
	int i;

	for (i = 0; i < 64; i++) {
		if (v <= 1)
			break;
		v >>= 1;
		r++;
	}
	return r;
}

SEC("uprobe")
int BPF_KPROBE(lat_enter)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(lat_exit)
{
	__u32 tid = bpf_get_current_pid_tgid(), zero = 0;
	__u64 *tsp, delta, slot;
	struct hist *h;

	tsp = bpf_map_lookup_elem(&start, &tid);
	if (!tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &tid);
	delta /= targ_ms ? 1000000 : 1000;
	h = bpf_map_lookup_elem(&hists, &zero);
	if (!h)
		return 0;
	slot = log2l(delta);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
