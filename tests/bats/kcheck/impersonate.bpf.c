// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A program some other tool loads, with a function of its own named like the host
 * library's handle_uprobe_event. It calls bpf_get_current_pid_tgid, as the real one does,
 * but hands the pid to its caller, which keeps it in a map: the name must not make that
 * call the host's own (roles/uprobe.yaml does not grant bpf_get_current_pid_tgid).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} kc_pids SEC(".maps");

static __noinline int handle_uprobe_event(struct pt_regs *ctx)
{
	return bpf_get_current_pid_tgid() >> 32;
}

SEC("uprobe")
int kc_imp_pid(struct pt_regs *ctx)
{
	__u32 key = 0;
	__u64 pid = handle_uprobe_event(ctx);

	bpf_map_update_elem(&kc_pids, &key, &pid, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
