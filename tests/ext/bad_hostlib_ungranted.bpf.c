// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ok_strncpy_stack under a role without StringHelpersCap: the host library's bpf_strncpy
 * is host code like any helper and needs a grant.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: tests/ext/roles/corpus.yaml NoStrings */
/* EXPECT: reject "call to bpf_strncpy is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
#include "names.h"

SEC("uprobe")
int BPF_KPROBE(copy_name, int id)
{
	char src[16] = "worker";
	struct name n;
	__u32 key = id;

	bpf_strncpy(n.s, src, sizeof(n.s));	/* VIOLATION */
	bpf_map_update_elem(&names, &key, &n, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
