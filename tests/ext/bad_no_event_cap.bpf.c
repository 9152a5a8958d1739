// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A harmless uprobe entry under a role without UprobeEventCap (the capability holding
 * handle_uprobe_event, the event signature): the role lets nothing be an entry point.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml NoEvents */
/* EXPECT: reject "handle_uprobe_event" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(count_calls)
{
	__u32 zero = 0;
	__u64 *cnt = bpf_map_lookup_elem(&hits, &zero);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
