// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strnlen on the task's command name as bpf_get_current_comm wrote it: the helper
 * always NUL-terminates its buffer (SPEC section 3 lists it among the string sources).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Comm */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(comm_len)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	record_len(bpf_strnlen(comm, sizeof(comm)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
