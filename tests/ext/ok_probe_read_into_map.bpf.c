// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read_user writes straight into a map value (after its NULL check): the
 * destination is the extension's own memory, so the write is allowed under
 * allow_memory_write: false.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "samples.h"

SEC("uprobe")
int BPF_KPROBE(sample_into_map, const void *buf)
{
	__u32 zero = 0;
	struct buf_sample *s;

	s = bpf_map_lookup_elem(&samples, &zero);
	if (!s)
		return 0;
	bpf_probe_read_user(s->data, sizeof(s->data), buf);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
