// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Every hit handed to the host library's handle_uprobe_event with the entry's own ctx:
 * non-NULL, and a const parameter, so always_const holds.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe")
int BPF_KPROBE(emit)
{
	handle_uprobe_event(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
