// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A tracepoint program (syscall entry): not a uprobe.
 * Kernel: accepts (loading needs no tracefs; attaching would).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "is a tracepoint program" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("tracepoint/syscalls/sys_enter_openat")
int count_opens(void *ctx)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
