// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bad_tail_call under a role that grants bpf_tail_call: the call is granted, but it jumps
 * to whatever program user space put in the array, code roleprobe never verified, so no
 * bound on instructions per event (or on anything else) can be proven.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml TailCaller */
/* EXPECT: reject "no tail calls" */
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
