// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Entries whose sections name their symbols: SEC("uprobe/SYMBOL") and
 * SEC("uprobe/SYMBOL+OFFSET") (SPEC section 5).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
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

SEC("uprobe/demo_greet")
int BPF_KPROBE(greet_entry)
{
	count_hit();
	return 0;
}

SEC("uprobe/demo_greet+4")
int BPF_KPROBE(greet_body)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
