// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * funclatency: a log2 histogram of the time spent in a user-space function.
 *
 *   roleprobe attach --role tests/ext/roles/real.yaml --role-name LatencyRole \
 *	--binary build/targets/demo_app build/ext/real/latency.bpf.o
 *
 * The entry stores a timestamp per thread, the return takes it back and adds one to the
 * bucket of floor(log2(delta in ns)). Recursion is not followed: a nested call overwrites
 * the outer timestamp, as in bcc's funclatency.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/real.yaml LatencyRole */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_SLOTS	64	/* log2 of a u64: 0..63 */
#define MAX_THREADS	4096

/* thread id -> entry timestamp (ns) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_THREADS);
	__type(key, __u32);
	__type(value, __u64);
} starts SEC(".maps");

/* bucket i counts calls that took [2^i, 2^(i+1)) ns */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

/* floor(log2(v)) for v > 0, 0 for v == 0: at most 63 trips */
static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;
	int i;

	for (i = 0; i < MAX_SLOTS - 1; i++) {
		v >>= 1;
		if (!v)
			break;
		r++;
	}
	return r;
}

SEC("uprobe/demo_add")
int BPF_KPROBE(func_entry)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&starts, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("uretprobe/demo_add")
int BPF_KRETPROBE(func_return)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *start, *cnt, delta;
	__u32 slot;

	start = bpf_map_lookup_elem(&starts, &tid);
	if (!start)
		return 0;	/* entered before the probes were attached */
	delta = bpf_ktime_get_ns() - *start;
	bpf_map_delete_elem(&starts, &tid);
	slot = log2_u64(delta);
	cnt = bpf_map_lookup_elem(&hist, &slot);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
