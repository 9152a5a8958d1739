// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The ungranted bpf_get_current_pid_tgid hidden in a global (non-static, __noinline)
 * function in .text. The kernel verifies a global function on its own, from its BTF
 * signature; roleprobe's verifier must still walk into it from the entry's call.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "call to bpf_get_current_pid_tgid is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

__noinline int tgid_of_current(void)
{
	return bpf_get_current_pid_tgid() >> 32;	/* VIOLATION */
}

SEC("uprobe")
int BPF_KPROBE(count_calls)
{
	__u32 tgid = tgid_of_current();
	__u64 one = 1, *cnt;

	cnt = bpf_map_lookup_elem(&calls, &tgid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&calls, &tgid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
