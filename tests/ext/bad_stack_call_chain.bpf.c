// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Each frame is under max_memory: 256, their chain is not: the entry keeps a 160-byte
 * buffer live across a call to a static subprogram that uses 160 bytes of its own, so the
 * deepest call chain needs 332 bytes (llvm-objdump -d: the entry reaches r10-172, the
 * subprogram r10-160).
 * Kernel: accepts (its own limit is 512 bytes over the chain).
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: reject "max_memory: 256" */
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

static __noinline __u64 inner(const void *src)
{
	char buf[160];

	return sum_bytes(buf, sizeof(buf), src);
}

SEC("uprobe")
int BPF_KPROBE(chain, const void *a, const void *b)
{
	char buf[160];
	__u64 s = sum_bytes(buf, sizeof(buf), a);
	__u32 key = 0;

	s += inner(b);
	s += buf[7];	/* the entry's buffer is live across the call */
	bpf_map_update_elem(&sums, &key, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
