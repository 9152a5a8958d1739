// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A map lookup result used, without a NULL check, as the value of bpf_map_update_elem
 * (copying one map's entry into another): value.non_null is not proven.
 * Kernel: refuses (R3 type=map_value_or_null).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "value.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} current SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} previous SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(save_previous, int id)
{
	__u32 key = id;
	__u64 *cur;

	cur = bpf_map_lookup_elem(&current, &key);
	bpf_map_update_elem(&previous, &key, cur, BPF_ANY);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
