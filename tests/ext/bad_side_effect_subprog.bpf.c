// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_printk hidden in a static subprogram that only runs for negative arguments: the
 * side effect is on one path, two calls deep. The role grants bpf_trace_printk but
 * forbids side effects.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml QuietPrinter */
/* EXPECT: reject "may_have_side_effect: false" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

static __noinline int complain(long arg)
{
	bpf_printk("negative: %ld", arg);	/* VIOLATION */
	return 1;
}

SEC("uprobe")
int BPF_KPROBE(check_arg, long arg)
{
	if (arg < 0)
		return complain(arg);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
