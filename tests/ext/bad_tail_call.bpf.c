// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Tail-calls into a program array indexed by the traced function's argument. The seed's
 * role does not grant bpf_tail_call.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "call to bpf_tail_call is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} next_stage SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(dispatch, int stage)
{
	bpf_tail_call(ctx, &next_stage, stage & 3);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
