// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The store through ctx moved into a static subprogram that receives ctx as its argument:
 * the verifier must carry "this is ctx" across the bpf-to-bpf call.
 * Kernel: refuses (invalid bpf_context access).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "store through the context" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

static __noinline int clear_ret(struct pt_regs *regs, __u64 v)
{
	regs->ax = v;	/* VIOLATION */
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(clobber_ret)
{
	return clear_ret(ctx, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
