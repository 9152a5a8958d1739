// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read with the constant length 0: len > 0 is broken on every path (the
 * call reads nothing, and the role says a read must read something).
 * Kernel: accepts (the helper's size is ARG_CONST_SIZE_OR_ZERO).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the role requires len > 0" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "samples.h"

SEC("uprobe")
int BPF_KPROBE(sample_buf, const void *buf)
{
	struct buf_sample s = {};
	__u32 zero = 0;
	__u32 len = 0;

	bpf_probe_read(s.data, len, buf);	/* VIOLATION */
	bpf_map_update_elem(&samples, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
