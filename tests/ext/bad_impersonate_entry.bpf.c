// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry point named handle_uprobe_event, the host library's event function: linking
 * it with the host library would clash, and anything attributing code by name would take
 * the extension's code for the host's.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the extension defines handle_uprobe_event" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
int BPF_KPROBE(handle_uprobe_event)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
