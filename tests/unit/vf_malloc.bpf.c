// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Verifier fixture, production shape: malloc/free accounting (memleak-like) with hash
 * maps: the size at entry, the pointer at return, per-process totals updated atomically.
 * Must be accepted by vf_tracing.yaml's Tracer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} allocs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

SEC("uprobe/malloc")
int BPF_KPROBE(malloc_enter, size_t size)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 sz = size;

	bpf_map_update_elem(&sizes, &tid, &sz, BPF_ANY);
	return 0;
}

SEC("uretprobe/malloc")
int BPF_KRETPROBE(malloc_exit, void *ptr)
{
	__u32 tid = bpf_get_current_pid_tgid(), pid;
	__u64 addr = (__u64)ptr, s, *sz, *t;

	sz = bpf_map_lookup_elem(&sizes, &tid);
	if (!sz)
		return 0;
	s = *sz;
	bpf_map_delete_elem(&sizes, &tid);
	if (!ptr)
		return 0;
	bpf_map_update_elem(&allocs, &addr, &s, BPF_ANY);
	pid = bpf_get_current_pid_tgid() >> 32;
	t = bpf_map_lookup_elem(&totals, &pid);
	if (t)
		__sync_fetch_and_add(t, s);
	else
		bpf_map_update_elem(&totals, &pid, &s, BPF_NOEXIST);
	return 0;
}

SEC("uprobe/free")
int BPF_KPROBE(free_enter, void *ptr)
{
	__u64 addr = (__u64)ptr, s, *sz, *t;
	__u32 pid;

	sz = bpf_map_lookup_elem(&allocs, &addr);
	if (!sz)
		return 0;
	s = *sz;
	bpf_map_delete_elem(&allocs, &addr);
	pid = bpf_get_current_pid_tgid() >> 32;
	t = bpf_map_lookup_elem(&totals, &pid);
	if (t)
		__sync_fetch_and_sub(t, s);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
