// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * An extension for roleprobe attach that calls the host library's bpf_strncpy with a
 * constant length of 1: the kernel's verifier then knows the copy loop never runs, makes
 * the branch before it a `ja` and removes the loop and, with it, that jump. The host code
 * the kernel holds is the host library's with those instructions missing, and must still
 * be known for host code by inspect.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} kc_hw_out SEC(".maps");

SEC("uprobe/demo_greet")
int BPF_KPROBE(kc_hardwired, const char *name)
{
	char src[8] = "abc", dst[8];
	__u32 key = 0;
	__u64 v;

	v = bpf_strncpy(dst, src, 1);
	v += dst[0];
	bpf_map_update_elem(&kc_hw_out, &key, &v, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
