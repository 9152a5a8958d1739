// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The user string in the first argument read onto the stack with bpf_probe_read_user_str,
 * which always NUL-terminates its destination (even on a fault it zeroes it), then
 * measured with bpf_strnlen: the const_char_ptr constraints hold.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
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

	bpf_probe_read_user_str(buf, sizeof(buf), name);
	record_len(bpf_strnlen(buf, sizeof(buf)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
