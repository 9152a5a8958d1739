// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_kfunc_strcmp: the same code under a role whose
 * StringCompareCap grants the bpf_strcmp kfunc. Both strings are the extension's own
 * and NUL-terminated, as const_char_ptr requires.
 * Kernel: accepts (kfuncs are allowed in kprobe-type programs).
 */
/* ROLE: tests/ext/roles/corpus.yaml Strings */
/* EXPECT: accept */
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

	if (bpf_strcmp(have, want) != 0)
		return 0;
	cnt = bpf_map_lookup_elem(&matches, &zero);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
