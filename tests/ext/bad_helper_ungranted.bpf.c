// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Calls bpf_get_current_pid_tgid straight from the entry. The seed's role defines it in
 * host_functions but no capability of UprobeRole lists it, so it is not granted.
 * Kernel: accepts (any kprobe-type program may call it).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "call to bpf_get_current_pid_tgid is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_pid SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(trace_pid)
{
	__u64 pid = bpf_get_current_pid_tgid() >> 32;	/* VIOLATION */
	__u32 zero = 0;

	bpf_map_update_elem(&last_pid, &zero, &pid, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
