// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A map lookup result used without a NULL check: the name at offset 0 of the map value
 * goes to bpf_strnlen. The value may be NULL (no such key), so str.non_null is not proven.
 * Kernel: accepts. The kernel never checks a kfunc's __ign argument, so it lets a
 * map_value_or_null through here, where it would refuse it as a helper's key.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"
#include "names.h"

SEC("uprobe")
int BPF_KPROBE(name_len, int id)
{
	__u32 key = id;
	struct name *n;

	n = bpf_map_lookup_elem(&names, &key);
	record_len(bpf_strnlen(n->s, sizeof(n->s)));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
