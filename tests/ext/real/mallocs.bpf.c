// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Outstanding heap bytes per process: malloc() adds, free() subtracts (a light memleak).
 *
 *   roleprobe attach --role tests/ext/roles/real.yaml --role-name MallocRole \
 *	--binary /lib/x86_64-linux-gnu/libc.so.6 --pid PID build/ext/real/mallocs.bpf.o
 *
 * The size is known at malloc's entry and the address at its return, so the entry
 * remembers the size per thread; the return files the block under its address, so that
 * free() can find how much it gives back. Blocks allocated before the probes were
 * attached are unknown to free() and skipped.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/real.yaml MallocRole */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_THREADS	4096
#define MAX_BLOCKS	65536
#define MAX_PROCS	1024

struct block {
	__u64 size;
	__u32 pid;
	__u32 __pad;
};

/* thread id -> size passed to the malloc() it is inside */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_THREADS);
	__type(key, __u32);
	__type(value, __u64);
} pending SEC(".maps");

/* block address -> its size and owner */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_BLOCKS);
	__type(key, __u64);
	__type(value, struct block);
} blocks SEC(".maps");

/* pid -> bytes allocated and not freed */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_PROCS);
	__type(key, __u32);
	__type(value, __s64);
} outstanding SEC(".maps");

static __always_inline void account(__u32 pid, __s64 delta)
{
	__s64 *bytes = bpf_map_lookup_elem(&outstanding, &pid);

	if (bytes) {
		__sync_fetch_and_add(bytes, delta);
		return;
	}
	bpf_map_update_elem(&outstanding, &pid, &delta, BPF_NOEXIST);
}

SEC("uprobe/malloc")
int BPF_KPROBE(malloc_enter, size_t size)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 sz = size;

	bpf_map_update_elem(&pending, &tid, &sz, BPF_ANY);
	return 0;
}

SEC("uretprobe/malloc")
int BPF_KRETPROBE(malloc_exit, void *ptr)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct block b = { .pid = id >> 32 };
	__u64 addr = (__u64)ptr;
	__u64 *size;

	size = bpf_map_lookup_elem(&pending, &tid);
	if (!size)
		return 0;
	b.size = *size;
	bpf_map_delete_elem(&pending, &tid);
	if (!addr)
		return 0;	/* the allocation failed */
	if (bpf_map_update_elem(&blocks, &addr, &b, BPF_ANY))
		return 0;	/* too many live blocks: do not count what free() cannot find */
	account(b.pid, b.size);
	return 0;
}

SEC("uprobe/free")
int BPF_KPROBE(free_enter, void *ptr)
{
	__u64 addr = (__u64)ptr;
	struct block *b;

	b = bpf_map_lookup_elem(&blocks, &addr);
	if (!b)
		return 0;
	account(b->pid, -(__s64)b->size);
	bpf_map_delete_elem(&blocks, &addr);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
