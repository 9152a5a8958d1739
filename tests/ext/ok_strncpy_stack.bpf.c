// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The host library's bpf_strncpy between two stack buffers: dest non-NULL, src a constant
 * string (NUL-terminated), len 16 > 0. The copy is NUL-terminated by bpf_strncpy, so
 * bpf_strnlen on it is fine too.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
#include "kfuncs.h"
#include "names.h"

SEC("uprobe")
int BPF_KPROBE(copy_name, int id)
{
	char src[16] = "worker";
	struct name n;
	__u32 key = id;

	bpf_strncpy(n.s, src, sizeof(n.s));
	if (bpf_strnlen(n.s, sizeof(n.s)) > 0)
		bpf_map_update_elem(&names, &key, &n, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
