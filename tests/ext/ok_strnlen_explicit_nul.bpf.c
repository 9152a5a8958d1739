// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Like bad_strnlen_unterminated, but the extension stores a NUL in the last byte of the
 * buffer after bpf_probe_read: the buffer provably holds a NUL inside its bounds.
 * Kernel: accepts.
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lens SEC(".maps");

/* Keeps the length so that the call cannot be optimised away. */
static __always_inline void record_len(int len)
{
	__u32 zero = 0;
	__u64 v = len;

	bpf_map_update_elem(&lens, &zero, &v, BPF_ANY);
}

SEC("uprobe")
int BPF_KPROBE(user_len, const char *name)
{
	char buf[32];

	if (bpf_probe_read(buf, sizeof(buf), name))
		return 0;
	buf[sizeof(buf) - 1] = '\0';
	record_len(bpf_strnlen(buf, sizeof(buf)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
