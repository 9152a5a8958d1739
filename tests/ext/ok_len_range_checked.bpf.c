// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The length is the traced function's signed argument, used only after a range check
 * (1 <= n <= 16, two signed comparisons): bpf_probe_read's len > 0 holds on that path.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "samples.h"

SEC("uprobe")
int BPF_KPROBE(sample_buf, const void *buf, long n)
{
	struct buf_sample s = {};
	__u32 zero = 0;

	if (n < 1 || n > (long)sizeof(s.data))
		return 0;
	bpf_probe_read(s.data, n, buf);
	bpf_map_update_elem(&samples, &zero, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
