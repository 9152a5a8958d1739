// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The reservation is made in the entry and released in a static subprogram that fills
 * and submits it (or discards it): the resource must be followed across the call.
 * Kernel: accepts (a static subprogram may release a reference its caller acquired).
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

static __noinline void finish(struct event *e, int arg)
{
	if (arg > 0) {
		e->pid_hint = 0;
		e->arg = arg;
		bpf_ringbuf_submit(e, 0);
	} else {
		bpf_ringbuf_discard(e, 0);
	}
}

SEC("uprobe")
int BPF_KPROBE(emit_positive, int arg)
{
	struct event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	finish(e, arg);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
