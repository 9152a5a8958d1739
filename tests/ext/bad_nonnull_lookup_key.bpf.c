// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A map lookup result used, without a NULL check, as the key of another lookup:
 * bpf_map_lookup_elem's key.non_null is not proven on the path where the id is absent.
 * Kernel: refuses (R2 type=map_value_or_null where a key pointer is expected).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "key.non_null is not proven" */
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
	cnt = bpf_map_lookup_elem(&counts, slot);	/* VIOLATION */
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
