// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Stack is counted over the deepest call chain, not summed over all functions: the entry
 * (100 bytes, r10-100 in llvm-objdump -d) calls two static subprograms of 128 bytes each,
 * one after the other. The deepest chain is 100 + 128 = 228 <= 256 (256 with each frame
 * rounded up to 32 bytes as the kernel does); the sum of all frames, 356, would be over.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} sums SEC(".maps");

/* Read @n bytes of user memory at @src into @buf and sum them: the buffer stays live. */
static __always_inline __u64 sum_bytes(char *buf, __u32 n, const void *src)
{
	__u64 s = 0;
	__u32 i;

	if (bpf_probe_read(buf, n, src))
		return 0;
	for (i = 0; i < n; i += 8)
		s += *(__u64 *)(buf + i);
	return s;
}

static __noinline __u64 left(const void *src)
{
	char buf[128];

	return sum_bytes(buf, sizeof(buf), src);
}

static __noinline __u64 right(const void *src)
{
	char buf[128];

	return sum_bytes(buf, sizeof(buf), src) ^ 0x5a;
}

SEC("uprobe")
int BPF_KPROBE(siblings, const void *a, const void *b)
{
	char buf[88];
	__u64 s = sum_bytes(buf, sizeof(buf), a);
	__u32 key = 0;

	s += left(a);
	s += right(b);
	s += buf[7];
	bpf_map_update_elem(&sums, &key, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
