// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_loop with 64 loops of a small callback under max_instructions: 1000: just under,
 * 18 + 64 x 14 = 914 instructions (980 counting ld_imm64 as two slots; the callback and
 * the measured figures are in twin_bpf_loop.h).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twin_bpf_loop.h"

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(64, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
