// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A kprobe on a kernel function: same program type and ctx as a uprobe, but it would run
 * in every task on the machine, not in the traced binary. Only uprobe/uretprobe sections
 * are entry points of an extension.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "is a kprobe program" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(count_sleeps)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
