// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Reserves ring buffer space and submits it only when the argument is positive: on the
 * other path the reservation is never released. may_have_side_effect: false requires
 * every resource acquired to be released on every path.
 * Kernel: refuses ("BPF_EXIT instruction in main prog would lead to reference leak").
 */
/* ROLE: tests/ext/roles/corpus.yaml Ringbuf */
/* EXPECT: reject "not released on every path" */
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
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
