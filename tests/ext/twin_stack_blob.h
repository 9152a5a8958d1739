/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The program of bad_stack_over and ok_stack_under: one stack buffer of BUF_SIZE bytes
 * (defined by the includer) filled from user memory and stored in a map, with the map key
 * taken from the buffer's first word so that no other stack slot is used: the compiled
 * program reaches exactly r10-BUF_SIZE (llvm-objdump -d, clang 14, -O2).
 */
#ifndef BUF_SIZE
#error "define BUF_SIZE before including twin_stack_blob.h"
#endif

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
	b.data[0] = 0;
	b.data[1] = 0;
	b.data[2] = 0;
	b.data[3] = 0;
	bpf_map_update_elem(&blobs, b.data, &b, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
