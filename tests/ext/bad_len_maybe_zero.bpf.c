// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read with a length taken from the traced function's second argument masked to
 * 0..15: it may be 0, and the role requires len > 0 (min >= 1).
 * Kernel: accepts (the helper's size is ARG_CONST_SIZE_OR_ZERO).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the role requires len > 0" */
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

	bpf_probe_read(s.data, len, buf);	/* VIOLATION */
	bpf_map_update_elem(&samples, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
