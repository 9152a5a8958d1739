// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry declared void f(struct pt_regs *ctx): the role's event signature returns int.
 * Kernel: accepts (r0 happens to hold the map lookup's result at exit, and a kprobe-type
 * program's return value is not range-checked): the verdict is roleprobe's alone.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "signature of an event handler returns int" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
void no_return(struct pt_regs *ctx)
{
	count_hit();
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
