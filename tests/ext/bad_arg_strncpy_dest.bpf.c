// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The traced function's first argument (a user-space buffer, read from ctx) passed as
 * bpf_strncpy's dest: under always_const the traced function's arguments are read-only
 * and never a writable parameter, and allow_memory_write: false forbids writing memory
 * the extension does not own.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel refuses it
 * ("R6 invalid mem access 'scalar'").
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "always_const: true" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe")
int BPF_KPROBE(overwrite_buf, char *buf)
{
	char src[8] = "x";

	bpf_strncpy(buf, src, sizeof(src));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
