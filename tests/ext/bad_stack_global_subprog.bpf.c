// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bad_stack_call_chain with a global subprogram: the kernel verifies a global function
 * on its own, but at run time its frame still sits on its caller's. The entry keeps about
 * 170 bytes live across the call, the global function uses 160 of its own: over
 * max_memory: 256 (llvm-objdump -d).
 * Kernel: accepts (its own limit is 512 bytes over the chain).
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: reject "max_memory: 256" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} sums SEC(".maps");

/* A global function's pointer arguments are checked alone: take the address as a number. */
__noinline int sum_user(__u64 src)
{
	char buf[160];
	int s = 0, i;

	if (bpf_probe_read(buf, sizeof(buf), (const void *)src))
		return 0;
	for (i = 0; i < sizeof(buf); i += 8)
		s += *(int *)(buf + i);
	return s;
}

SEC("uprobe")
int BPF_KPROBE(chain, const void *a, const void *b)
{
	char buf[160];
	__u64 s = 0;
	__u32 key = 0;
	int i;

	if (bpf_probe_read(buf, sizeof(buf), a))
		return 0;
	for (i = 0; i < sizeof(buf); i += 8)
		s += *(__u64 *)(buf + i);
	s += sum_user((__u64)b);
	s += buf[7];	/* the entry's buffer is live across the call */
	bpf_map_update_elem(&sums, &key, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
