// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Programs that call only what roles/uprobe.yaml grants, in the forms the kernel turns
 * them into: map helpers specialised for a hash map, array lookups inlined (a per-CPU one
 * with the kernel's per-CPU address instruction), bpf_probe_read under its compat name,
 * and the kfunc bpf_strnlen.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern int bpf_strnlen(const char *s, size_t count) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} kc_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} kc_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} kc_pcpu SEC(".maps");

SEC("uprobe")
int kc_maps(struct pt_regs *ctx)
{
	__u32 k = 0;
	__u64 one = 1, *v;

	v = bpf_map_lookup_elem(&kc_hash, &k);
	if (!v)
		bpf_map_update_elem(&kc_hash, &k, &one, BPF_ANY);
	bpf_map_delete_elem(&kc_hash, &k);
	v = bpf_map_lookup_elem(&kc_array, &k);
	if (v)
		*v += 1;
	v = bpf_map_lookup_elem(&kc_pcpu, &k);
	if (v)
		*v += 1;
	return 0;
}

SEC("uprobe")
int kc_probe_read(struct pt_regs *ctx)
{
	char buf[16];

	if (bpf_probe_read(buf, sizeof(buf), (void *)PT_REGS_PARM1(ctx)))
		return 0;
	return buf[0];
}

SEC("uprobe")
int kc_strnlen(struct pt_regs *ctx)
{
	char buf[8] = "abc";

	return bpf_strnlen(buf, sizeof(buf));
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
