// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_loop whose number of loops comes from the traced function's argument: nothing
 * bounds it but the kernel's BPF_MAX_LOOPS (8388608) at run time, which times the
 * callback (twin_bpf_loop.h) is far over max_instructions: 100000.
 * Kernel: accepts (bpf_loop takes any nr_loops up to BPF_MAX_LOOPS).
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "max_instructions: 100000" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twin_bpf_loop.h"

SEC("uprobe")
int BPF_KPROBE(sum_slots, unsigned int n)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(n, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
