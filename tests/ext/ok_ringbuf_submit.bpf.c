// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The accepting twin of bad_ringbuf_leak: the reservation is submitted on one path and
 * discarded on the other, and a failed reservation holds nothing. Writing its own ring
 * buffer is not a side effect.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Ringbuf */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct event {
	__u32 pid_hint;
	__u32 arg;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(emit_positive, int arg)
{
	struct event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	if (arg > 0) {
		e->pid_hint = 0;
		e->arg = arg;
		bpf_ringbuf_submit(e, 0);
	} else {
		bpf_ringbuf_discard(e, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
