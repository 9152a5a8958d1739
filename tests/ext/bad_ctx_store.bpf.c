// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Stores into ctx (the saved registers of the traced thread): the first argument
 * register is cleared. always_const forbids a store through ctx; allow_memory_write:
 * false forbids writing memory the extension does not own.
 * Kernel: refuses (kprobe-type contexts are read-only: invalid bpf_context access).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "store through the context" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(clobber_arg)
{
	ctx->di = 0;	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
