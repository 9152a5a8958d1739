// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ctx passed as bpf_probe_read's destination: a writable parameter. always_const forbids
 * passing ctx where the host function writes through it.
 * Kernel: refuses (R1 type=ctx where memory is expected).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "always_const: true" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(overwrite_regs, const void *src)
{
	bpf_probe_read(ctx, 8, src);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
