// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * One good uprobe entry and one kprobe in the same object: the whole extension is
 * refused, and the message names the offending one (count_sleeps).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "entry count_sleeps is a kprobe program" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
int BPF_KPROBE(count_calls)
{
	count_hit();
	return 0;
}

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(count_sleeps)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
