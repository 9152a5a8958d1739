// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_helper_loop_callback: a bpf_loop callback (twin_bpf_loop.h)
 * that calls only granted functions (a map lookup), 8 loops, well inside every bound of
 * Base.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
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

	bpf_loop(8, add_slot, &lc, 0);
	bpf_map_update_elem(&slots, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
