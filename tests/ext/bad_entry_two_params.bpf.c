// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry declared int f(struct pt_regs *ctx, __u64 cookie): a second parameter the
 * host never passes (r2 is garbage at entry).
 * Kernel: accepts (the parameter is never read here).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "signature" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void count_hit(void)
{
	__u32 zero = 0;
	__u64 *cnt = bpf_map_lookup_elem(&hits, &zero);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

SEC("uprobe")
int two_params(struct pt_regs *ctx, __u64 cookie)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
