// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* bpf_trace_printk: granted by roles/printk.yaml, a side effect all the same. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("uprobe")
int kc_printk(void *ctx)
{
	bpf_printk("roleprobe kcheck fixture");
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
