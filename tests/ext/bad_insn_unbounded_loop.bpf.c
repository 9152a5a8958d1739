// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Walks a user-space linked list until it reads a NULL next pointer: the trip count
 * depends on memory the extension does not control, so no bound can be proven.
 * Kernel: refuses ("The sequence of 8193 jumps is too complex": it unrolls the loop while
 * exploring it, until it gives up).
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "without a provable bound" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct list_node {
	struct list_node *next;
	__u64 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} total SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(sum_list, struct list_node *head)
{
	struct list_node n = { .next = head };
	__u64 sum = 0;
	__u32 zero = 0;

	while (n.next) {
		if (bpf_probe_read_user(&n, sizeof(n), n.next))
			break;
		sum += n.value;
	}
	bpf_map_update_elem(&total, &zero, &sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
