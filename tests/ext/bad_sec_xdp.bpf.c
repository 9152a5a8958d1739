// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An XDP program: another program type altogether (packets, not probe events).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "xdp" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void count_hit(void)
{
	__u32 zero = 0;
	__u64 *cnt = bpf_map_lookup_elem(&hits, &zero);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	count_hit();
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
