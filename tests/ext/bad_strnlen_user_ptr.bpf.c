// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The traced function's string argument, a user-space pointer read from ctx, passed to
 * bpf_strnlen directly: it is not memory the extension owns, so nothing proves it holds a
 * NUL (the kfunc refuses user pointers at run time anyway, returning -EFAULT).
 * Kernel: accepts (__ign argument).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(user_len, const char *name)
{
	record_len(bpf_strnlen(name, 32));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
