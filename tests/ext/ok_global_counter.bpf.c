// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Counts calls in global variables (.bss and .data, which libbpf turns into array maps
 * of the extension): a store through such a pointer writes the extension's own memory, not
 * the host's, so allow_memory_write: false and always_const hold.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 calls;
__u64 last_arg = 1;

SEC("uprobe")
int BPF_KPROBE(count_global, __u64 arg)
{
	__sync_fetch_and_add(&calls, 1);
	last_arg = arg;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
