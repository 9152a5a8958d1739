// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strnlen on a NULL pointer: str.non_null is broken (the pointer is the constant 0).
 * Kernel: accepts (__ign argument; the kfunc returns -EFAULT at run time).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.non_null is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(null_len)
{
	record_len(bpf_strnlen((const char *)0, 16));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
