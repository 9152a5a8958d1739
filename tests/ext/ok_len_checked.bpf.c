// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read with the second argument masked to 0..15, called only after the
 * length was found non-zero: on that path len is 1..15, so len > 0 holds.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "samples.h"

SEC("uprobe")
int BPF_KPROBE(sample_buf, const void *buf, unsigned long size)
{
	struct buf_sample s = {};
	__u32 zero = 0;
	__u32 len = size & 15;

	if (len == 0)
		return 0;
	bpf_probe_read(s.data, len, buf);
	bpf_map_update_elem(&samples, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
