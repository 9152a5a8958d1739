// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strnlen (granted by the seed's StringHelpersCap) on a constant string built on the
 * stack: non-NULL and NUL-terminated within its 16 bytes.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(const_len)
{
	char s[16] = "roleprobe";

	record_len(bpf_strnlen(s, sizeof(s)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
