// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An entry declared int f(void): the role's event signature (handle_uprobe_event) is one
 * non-NULL ctx pointer returning int, and BTF says this one takes no parameter.
 * Kernel: accepts (it does not look at a main program's declared parameters).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "signature of an event handler" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
int no_ctx(void)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
