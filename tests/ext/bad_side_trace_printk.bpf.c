// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_printk (bpf_trace_printk) writes to the kernel's trace buffer, shared by the whole
 * machine: a side effect. The role grants bpf_trace_printk but says may_have_side_effect:
 * false, so the call is refused for its effect, not for a missing grant.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml QuietPrinter */
/* EXPECT: reject "may_have_side_effect: false" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(log_call, int arg)
{
	bpf_printk("called with %d", arg);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
