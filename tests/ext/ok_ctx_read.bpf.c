// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Reads the traced function's first three arguments from ctx into a stack struct, then
 * writes the stack copy (its own memory) and a map: reading ctx and writing what the
 * extension owns is what always_const and allow_memory_write: false permit.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct call_args {
	__u64 arg1;
	__u64 arg2;
	__u64 arg3;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct call_args);
} last_args SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(save_args, __u64 a, __u64 b, __u64 c)
{
	struct call_args args;
	__u32 zero = 0;

	args.arg1 = a;
	args.arg2 = b;
	args.arg3 = c;
	args.arg3 ^= args.arg1;	/* a store to the copy, not to ctx */
	bpf_map_update_elem(&last_args, &zero, &args, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
