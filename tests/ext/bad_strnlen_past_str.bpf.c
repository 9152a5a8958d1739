// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_probe_read_user_str fills and terminates the first 16 bytes of a 32-byte buffer;
 * bpf_strnlen is then given the upper half, which nothing filled: the NUL proven for the
 * buffer's start says nothing about memory past it.
 * Kernel: accepts (__ign argument).
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(tail_len, const char *name)
{
	char buf[32];

	bpf_probe_read_user_str(buf, 16, name);
	record_len(bpf_strnlen(buf + 16, 16));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
