// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension defines a global function named bpf_get_info with the host library's
 * signature, filling in made-up process information: impersonation of a host function.
 * Kernel: accepts (a global function, verified alone: it checks its nullable argument).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the extension defines bpf_get_info" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe_event.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct roleprobe_info);
} infos SEC(".maps");

__noinline int bpf_get_info(struct roleprobe_info *info)
{
	if (!info)
		return -1;
	info->pid = 1;
	info->uid = 0;
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(who)
{
	struct roleprobe_info info = {};

	bpf_get_info(&info);
	bpf_map_update_elem(&infos, &info.pid, &info, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
