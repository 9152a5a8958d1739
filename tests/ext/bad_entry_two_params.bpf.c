// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry declared int f(struct pt_regs *ctx, __u64 cookie): a second parameter the
 * host never passes (r2 is garbage at entry).
 * Kernel: accepts (the parameter is never read here).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "signature of an event handler" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
int two_params(struct pt_regs *ctx, __u64 cookie)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
