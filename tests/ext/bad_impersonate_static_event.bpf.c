// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A static function named like the host library's handle_uprobe_event that reads the
 * process id with a helper the role does not grant and hands it to the extension. Once
 * linked, host code is known by its name: were this accepted, the kernel-side check would
 * take the ungranted call for the host's own. Refused by the verifier and, when the role
 * skips verification, by the loader before linking (03-attach.bats).
 * Kernel: accepts (a static subprogram).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the extension defines handle_uprobe_event" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static __noinline int handle_uprobe_event(struct pt_regs *ctx)
{
	return bpf_get_current_pid_tgid() >> 32;
}

SEC("uprobe")
int BPF_KPROBE(demo_add)
{
	__u64 pid = handle_uprobe_event(ctx);
	__u32 key = 0;

	bpf_map_update_elem(&seen, &key, &pid, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
