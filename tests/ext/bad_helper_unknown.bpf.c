// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Calls bpf_ktime_get_ns, a helper the role file never names at all (neither defined in
 * host_functions nor listed by a capability).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "call to bpf_ktime_get_ns is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_seen SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(stamp)
{
	__u64 now = bpf_ktime_get_ns();	/* VIOLATION */
	__u32 zero = 0;

	bpf_map_update_elem(&last_seen, &zero, &now, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
