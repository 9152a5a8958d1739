// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A tracepoint program (syscall entry): not a uprobe.
 * Kernel: accepts (loading needs no tracefs; attaching would).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "tracepoint" */
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

SEC("tracepoint/syscalls/sys_enter_openat")
int count_opens(void *ctx)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
