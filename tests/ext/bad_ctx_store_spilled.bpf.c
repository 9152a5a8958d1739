// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The store through ctx made through a copy of the pointer that went through the stack (a
 * volatile local forces the spill and the reload): the verifier must remember that the
 * value reloaded from the stack is still ctx.
 * Kernel: refuses (invalid bpf_context access).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "store through the context" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(clobber_arg)
{
	struct pt_regs *volatile regs = ctx;

	regs->si = 0;	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
