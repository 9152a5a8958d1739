// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bashreadline: every command line an interactive bash reads, with the pid and command
 * name of the shell, sent to user space through a ring buffer.
 *
 *   roleprobe attach --role tests/ext/roles/real.yaml --role-name ReadlineRole \
 *	--binary /bin/bash build/ext/real/readline.bpf.o
 *
 * readline() returns the line it read as a malloc'ed user-space string (NULL at EOF):
 * the uretprobe copies it with bpf_probe_read_user_str, which NUL-terminates and stops at
 * the string's end, straight into the reserved ring buffer record.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/real.yaml ReadlineRole */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define COMM_LEN	16
#define LINE_LEN	80

struct line_event {
	__u32 pid;
	__s32 len;		/* bytes copied, NUL included; negative: the read faulted */
	char comm[COMM_LEN];
	char line[LINE_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} lines SEC(".maps");

SEC("uretprobe/readline")
int BPF_KRETPROBE(trace_readline, const char *ret)
{
	struct line_event *e;

	if (!ret)
		return 0;
	e = bpf_ringbuf_reserve(&lines, sizeof(*e), 0);
	if (!e)
		return 0;	/* ring buffer full: the line is lost */
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->len = bpf_probe_read_user_str(e->line, sizeof(e->line), ret);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
