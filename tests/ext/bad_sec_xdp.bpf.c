// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An XDP program: another program type altogether (packets, not probe events).
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "xdp program" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	count_hit();
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
