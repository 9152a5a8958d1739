// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Entries whose sections name their symbols: SEC("uprobe/SYMBOL") and
 * SEC("uprobe/SYMBOL+OFFSET") (SPEC section 5).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe/demo_greet")
int BPF_KPROBE(greet_entry)
{
	count_hit();
	return 0;
}

SEC("uprobe/demo_greet+4")
int BPF_KPROBE(greet_body)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
