// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The twin of bad_stack_over with a 248-byte buffer: just under max_memory: 256 (the
 * compiled program uses exactly 248 bytes of stack).
 * Kernel: accepts (its own limit is 512 bytes).
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define BUF_SIZE 248

struct blob {
	char data[BUF_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct blob);
} blobs SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(copy_blob, const void *src)
{
	struct blob b;

	if (bpf_probe_read(b.data, sizeof(b.data), src))
		return 0;
	/* the key is the blob's first word: no other stack slot than the blob */
	b.data[0] = 0;
	b.data[1] = 0;
	b.data[2] = 0;
	b.data[3] = 0;
	bpf_map_update_elem(&blobs, b.data, &b, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
