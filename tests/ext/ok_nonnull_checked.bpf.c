// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_nonnull_lookup_key: the first lookup's result is checked
 * for NULL before it becomes the key of the second.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* id -> slot, and slot -> count: the first lookup's value is the second one's key. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} slot_of SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(count_slot, int id)
{
	__u32 key = id;
	__u32 *slot;
	__u64 *cnt;

	slot = bpf_map_lookup_elem(&slot_of, &key);
	if (!slot)
		return 0;
	cnt = bpf_map_lookup_elem(&counts, slot);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
