// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_helper_ungranted: the same code under a role whose PidCap
 * grants bpf_get_current_pid_tgid.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Pid */
/* EXPECT: accept */
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
	__u64 pid = bpf_get_current_pid_tgid() >> 32;
	__u32 zero = 0;

	bpf_map_update_elem(&last_pid, &zero, &pid, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
