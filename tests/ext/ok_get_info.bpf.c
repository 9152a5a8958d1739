// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The host library's bpf_get_info into a stack struct (granted by the seed's
 * ProbeHelpersCap, which names it without a host_functions entry), its pid used as key.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct roleprobe_info);
} last_call SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(who_called)
{
	struct roleprobe_info info = {};

	bpf_get_info(&info);
	bpf_map_update_elem(&last_call, &info.pid, &info, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
