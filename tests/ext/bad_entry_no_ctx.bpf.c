// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry declared int f(void): the role's event signature (handle_uprobe_event) is one
 * non-NULL ctx pointer returning int, and BTF says this one takes no parameter.
 * Kernel: accepts (it does not look at a main program's declared parameters).
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
int no_ctx(void)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
