// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ok_insn_bpf_loop_under with 72 loops: just over max_instructions: 1000, 18 + 72 x 14
 * = 1026 instructions (1100 counting ld_imm64 as two slots; see twin_bpf_loop.h).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: reject "max_instructions: 1000" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twin_bpf_loop.h"

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(72, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
