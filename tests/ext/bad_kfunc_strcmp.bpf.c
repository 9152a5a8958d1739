// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Calls the bpf_strcmp kfunc (Linux 6.17+). The seed's role mentions bpf_strcmp only in
 * its prose; no host_functions entry, no capability: not granted. Both strings are the
 * extension's own, NUL-terminated, so the grant is the only thing wrong.
 * Kernel: accepts (kfuncs are allowed in kprobe-type programs).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "call to bpf_strcmp is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} matches SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(match_name)
{
	char want[8] = "daemon";
	char have[8] = "daemon";
	__u32 zero = 0;
	__u64 *cnt;

	if (bpf_strcmp(have, want) != 0)	/* VIOLATION */
		return 0;
	cnt = bpf_map_lookup_elem(&matches, &zero);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
