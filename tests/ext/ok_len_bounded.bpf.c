// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read with the length 1 + (the second argument masked to 0..7): 1..8,
 * provably > 0 (the twin of bad_len_maybe_zero).
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
	__u32 len = (size & 7) + 1;

	bpf_probe_read(s.data, len, buf);
	bpf_map_update_elem(&samples, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
