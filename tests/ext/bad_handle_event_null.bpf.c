// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * handle_uprobe_event called with NULL instead of the entry's ctx: ctx.non_null broken.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel refuses it
 * ("R1 type=scalar expected=ctx").
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "ctx.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe")
int BPF_KPROBE(emit)
{
	handle_uprobe_event((struct pt_regs *)0);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
