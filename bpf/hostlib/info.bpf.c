// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Host library: what the current task and CPU are (SPEC section 6). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "roleprobe.bpf.h"

__noinline int bpf_get_info(struct roleprobe_info *info)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	info->timestamp_ns = bpf_ktime_get_ns();
	info->pid = pid_tgid >> 32;
	info->tid = (__u32)pid_tgid;
	info->uid = (__u32)uid_gid;
	info->gid = uid_gid >> 32;
	info->cpu = bpf_get_smp_processor_id();
	info->__pad = 0;
	bpf_get_current_comm(info->comm, sizeof(info->comm));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
