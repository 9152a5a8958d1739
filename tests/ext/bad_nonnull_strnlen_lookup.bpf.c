// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A map lookup result used without a NULL check: the name at offset 0 of the map value
 * goes to bpf_strnlen. The value may be NULL (no such key), so str.non_null is not proven.
 * Kernel: accepts. The kernel never checks a kfunc's __ign argument, so it lets a
 * map_value_or_null through here, where it would refuse it as a helper's key.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "non_null" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"

struct name {
	char s[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct name);
} names SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lens SEC(".maps");

/* Keeps the length so that the call cannot be optimised away. */
static __always_inline void record_len(int len)
{
	__u32 zero = 0;
	__u64 v = len;

	bpf_map_update_elem(&lens, &zero, &v, BPF_ANY);
}

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
