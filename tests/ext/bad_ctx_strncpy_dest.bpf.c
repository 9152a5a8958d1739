// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ctx passed as bpf_strncpy's dest (a non-const char *): the host library would write the
 * traced thread's saved registers. always_const forbids ctx as a writable parameter.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel refuses it
 * ("invalid bpf_context access off=0 size=1").
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "always_const: true" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe")
int BPF_KPROBE(overwrite_regs)
{
	char src[8] = "x";

	bpf_strncpy((char *)ctx, src, sizeof(src));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
