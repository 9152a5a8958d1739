// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension `roleprobe bench` measures per call of a probed function: count the hit
 * and sum the function's two arguments in a one-entry array map. The same object is
 * attached by `roleprobe attach`, by plain libbpf (as uprobe, uretprobe and on a 5-byte nop)
 * and run in process by DPDK's librte_bpf (bench_target jit|interp), so it keeps to what
 * all of them accept: one function, no loops, no bpf-to-bpf calls, one helper
 * (bpf_map_lookup_elem), atomic adds.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bench_hit.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_hits);
} hits SEC(".maps");

SEC("uprobe/bench_func")
int BPF_KPROBE(bench_hit, long a, long b)
{
	struct bench_hits *h;
	__u32 key = 0;

	h = bpf_map_lookup_elem(&hits, &key);
	if (!h)
		return 0;
	__sync_fetch_and_add(&h->calls, 1);
	__sync_fetch_and_add(&h->sum, a + b);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
