// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strncpy's src is a const_char_ptr (non_null, null_terminated): here it is a buffer
 * filled by bpf_probe_read, which copies raw bytes and does not terminate them.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "src.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
#include "names.h"

SEC("uprobe")
int BPF_KPROBE(copy_name, const char *user_name, int id)
{
	char raw[16];
	struct name n;
	__u32 key = id;

	if (bpf_probe_read(raw, sizeof(raw), user_name))
		return 0;
	bpf_strncpy(n.s, raw, sizeof(n.s));	/* VIOLATION */
	bpf_map_update_elem(&names, &key, &n, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
