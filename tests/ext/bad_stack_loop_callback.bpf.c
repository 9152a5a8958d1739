// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A bpf_loop callback's frame sits on top of its caller's: the entry (124 bytes, live
 * across the loop) plus the callback (160 bytes) make 284 > max_memory: 256, though each
 * alone is under it (llvm-objdump -d). The callback is reached through bpf_loop, not a
 * call instruction.
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

struct loop_ctx {
	const void *src;
	__u64 sum;
};

static int read_chunk(__u32 i, struct loop_ctx *lc)
{
	char buf[160];

	lc->sum += sum_bytes(buf, sizeof(buf), lc->src + i * sizeof(buf));
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(chunks, const void *a)
{
	char buf[104];
	struct loop_ctx lc = { .src = a };
	__u32 key = 0;

	lc.sum = sum_bytes(buf, sizeof(buf), a);
	bpf_loop(2, read_chunk, &lc, 0);
	lc.sum += buf[7];
	bpf_map_update_elem(&sums, &key, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
