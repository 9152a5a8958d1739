// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strncpy into a map value looked up without a NULL check: dest.non_null is not
 * proven (the lookup returns NULL when the key is absent).
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel refuses it
 * ("R6 pointer arithmetic on map_value_or_null prohibited").
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "dest.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
#include "names.h"

SEC("uprobe")
int BPF_KPROBE(rename, int id)
{
	char src[16] = "renamed";
	__u32 key = id;
	struct name *n;

	n = bpf_map_lookup_elem(&names, &key);
	bpf_strncpy(n->s, src, sizeof(n->s));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
