// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_side_trace_printk: the same bpf_printk under a role that
 * grants bpf_trace_printk and allows side effects (may_have_side_effect: true).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml NoisyPrinter */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(log_call, int arg)
{
	bpf_printk("called with %d", arg);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
