// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Fixture for the mirror and enforcer tests: one map of every mirrorable type with BTF
 * types of every kind the value printer knows, .data/.bss/.rodata state, and two uprobe
 * programs for build/targets/enf_target's enf_work(int): enf_nop (does nothing, for the
 * run-time stats measurements), enf_count (updates every map and global) and enf_stack
 * (records the user stack).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

enum enf_kind {
	ENF_KIND_EVEN = 0,
	ENF_KIND_ODD = 1,
};

struct enf_val {
	__u64 count;
	__s32 last;
	enum enf_kind kind;
	char comm[16];
	__u8 raw[3];
	struct {
		__u16 lo;
		__u16 hi;
	} pair;
	__u32 flag : 1;
	__u32 level : 7;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct enf_val);
} enf_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} enf_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} enf_pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	/* LRU maps hand out free entries per CPU: room enough that none is evicted */
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} enf_lru SEC(".maps");

/* Not mirrorable: the mirror must skip it. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} enf_rb SEC(".maps");

/* No batch lookup for stack maps: the mirror reads them key by key. */
#define ENF_STACK_DEPTH 16
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, ENF_STACK_DEPTH * sizeof(__u64));
} enf_stacks SEC(".maps");

__u64 enf_hits;				/* .bss */
__s64 enf_stack_id = -1;		/* .data */
int enf_mode = 7;			/* .data */
const volatile int enf_cfg = 3;		/* .rodata: not mirrored */

SEC("uprobe")
int BPF_KPROBE(enf_nop, int i)
{
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(enf_count, int i)
{
	struct enf_val v = {}, *cur;
	__u32 key = i & 7;
	__u64 k64 = i & 15, *slot;
	__s64 *pc;
	__u32 one = 1;

	cur = bpf_map_lookup_elem(&enf_hash, &key);
	if (cur) {
		__sync_fetch_and_add(&cur->count, 1);
		cur->last = i;
	} else {
		v.count = 1;
		v.last = i;
		v.kind = key & 1 ? ENF_KIND_ODD : ENF_KIND_EVEN;
		bpf_get_current_comm(v.comm, sizeof(v.comm));
		v.raw[0] = 1;
		v.raw[2] = 3;
		v.pair.lo = key;
		v.pair.hi = enf_cfg;
		v.flag = 1;
		v.level = 99;
		bpf_map_update_elem(&enf_hash, &key, &v, BPF_NOEXIST);
	}
	slot = bpf_map_lookup_elem(&enf_array, &key);
	if (slot)
		__sync_fetch_and_add(slot, 1);
	key &= 3;
	pc = bpf_map_lookup_elem(&enf_pcpu, &key);
	if (pc)
		*pc += 1;
	bpf_map_update_elem(&enf_lru, &k64, &one, BPF_ANY);
	__sync_fetch_and_add(&enf_hits, 1);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(enf_stack, int i)
{
	enf_stack_id = bpf_get_stackid(ctx, &enf_stacks, BPF_F_USER_STACK);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
