// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A uretprobe entry (BPF_KRETPROBE, libbpf 1.1 has no BPF_URETPROBE) counting failed
 * calls, beside a plain uprobe entry counting all of them.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 idx)
{
	__u64 *cnt = bpf_map_lookup_elem(&stats, &idx);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

SEC("uprobe")
int BPF_KPROBE(on_call)
{
	count(0);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(on_return, int ret)
{
	if (ret < 0)
		count(1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
