// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension defines its own bpf_strncpy (a static subprogram, so the kernel verifies
 * it with the caller's buffers) instead of declaring the host library's: its code would
 * be attributed to the host. Defining a host library name is impersonation, whatever the
 * code does.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "the extension defines bpf_strncpy" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "names.h"

static __noinline int bpf_strncpy(char *dest, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len - 1 && i < 15; i++)
		dest[i] = src[i];
	dest[i] = '\0';
	return i;
}

SEC("uprobe")
int BPF_KPROBE(copy_name, int id)
{
	char src[16] = "impostor";
	struct name n;
	__u32 key = id;

	bpf_strncpy(n.s, src, sizeof(n.s));
	bpf_map_update_elem(&names, &key, &n, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
