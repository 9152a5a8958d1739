// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * No call at all, and no uprobe either: an XDP program that rewrites every frame it sees.
 * A uprobe role grants kprobe-type programs only.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int kc_xdp(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_PASS;
	data[0] ^= 1;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
