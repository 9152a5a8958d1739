// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strnlen on a constant string that stays in .rodata (a global const array, never
 * copied to the stack): read-only data of the extension, its NUL known from the object.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

const char greeting[] = "hello, roleprobe";

SEC("uprobe")
int BPF_KPROBE(rodata_len)
{
	record_len(bpf_strnlen(greeting, sizeof(greeting)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
