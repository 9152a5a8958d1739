// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Verifier fixture, production shape: bash readline tracing (libbpf-tools' bashreadline)
 * with a uretprobe, a ring buffer record, the task's comm and the returned line copied
 * from user memory. Must be accepted by vf_tracing.yaml's Tracer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_LINE	80

struct line_event {
	__u32 pid;
	char comm[16];
	char line[MAX_LINE];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} lines SEC(".maps");

SEC("uretprobe/readline")
int BPF_KRETPROBE(printret, const void *ret)
{
	struct line_event *e;

	if (!ret)
		return 0;
	e = bpf_ringbuf_reserve(&lines, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(&e->line, sizeof(e->line), ret) < 0) {
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
