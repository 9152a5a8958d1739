// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * One program per entry of the kernel symbol -> helper table in user/kcheck.c (and per
 * helper the kernel inlines), so that 04-inspect.bats proves the table against the
 * running kernel rather than against what its author believed.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAP(name, kind, k, v, n, flags)				\
	struct {						\
		__uint(type, kind);				\
		__uint(max_entries, n);				\
		__uint(map_flags, flags);			\
		__type(key, k);					\
		__type(value, v);				\
	} name SEC(".maps")

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;
};

MAP(t_hash, BPF_MAP_TYPE_HASH, __u32, __u64, 16, 0);
MAP(t_hash2, BPF_MAP_TYPE_HASH, __u32, __u64, 16, 0);
MAP(t_phash, BPF_MAP_TYPE_PERCPU_HASH, __u32, __u64, 16, 0);
MAP(t_lru, BPF_MAP_TYPE_LRU_HASH, __u32, __u64, 16, 0);
MAP(t_lrup, BPF_MAP_TYPE_LRU_PERCPU_HASH, __u32, __u64, 16, 0);
MAP(t_array, BPF_MAP_TYPE_ARRAY, __u32, __u64, 16, 0);
MAP(t_inner, BPF_MAP_TYPE_ARRAY, __u32, __u64, 16, BPF_F_INNER_MAP);
MAP(t_parray, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, 16, 0);
MAP(t_lpm, BPF_MAP_TYPE_LPM_TRIE, struct lpm_key, __u64, 16, BPF_F_NO_PREALLOC);
MAP(t_tstore, BPF_MAP_TYPE_TASK_STORAGE, int, __u64, 0, BPF_F_NO_PREALLOC);

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, __u64);
} t_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 16);
	__type(value, __u64);
} t_stack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u64);
} t_bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} t_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} t_stacks SEC(".maps");

__u32 key;
__u64 val = 1;

static long each_cb(void *map, __u32 *k, __u64 *v, void *c)
{
	return 0;
}

static long loop_cb(__u32 i, void *c)
{
	return 0;
}

SEC("uprobe") int t_hash_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_elem(&t_hash, &key);

	bpf_map_update_elem(&t_hash, &key, &val, BPF_ANY);
	bpf_map_delete_elem(&t_hash, &key);
	return p ? *p : 0;
}

SEC("uprobe") int t_phash_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_percpu_elem(&t_phash, &key, 0);

	bpf_map_update_elem(&t_phash, &key, &val, BPF_ANY);
	return p ? *p : 0;
}

SEC("uprobe") int t_lru_ops(void *ctx)
{
	bpf_map_update_elem(&t_lru, &key, &val, BPF_ANY);
	bpf_map_delete_elem(&t_lru, &key);
	return 0;
}

SEC("uprobe") int t_lrup_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_elem(&t_lrup, &key);

	bpf_map_update_elem(&t_lrup, &key, &val, BPF_ANY);
	return p ? *p : 0;
}

SEC("uprobe") int t_array_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_elem(&t_array, &key);

	bpf_map_update_elem(&t_array, &key, &val, BPF_ANY);
	bpf_map_delete_elem(&t_array, &key);
	return p ? *p : 0;
}

SEC("uprobe") int t_inner_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_elem(&t_inner, &key);

	return p ? *p : 0;
}

SEC("uprobe") int t_parray_ops(void *ctx)
{
	__u64 *p = bpf_map_lookup_percpu_elem(&t_parray, &key, 0);

	return p ? *p : 0;
}

SEC("uprobe") int t_lpm_ops(void *ctx)
{
	struct lpm_key k = { 32, 1 };
	__u64 *p = bpf_map_lookup_elem(&t_lpm, &k);

	bpf_map_update_elem(&t_lpm, &k, &val, BPF_ANY);
	bpf_map_delete_elem(&t_lpm, &k);
	return p ? *p : 0;
}

SEC("uprobe") int t_generic_ops(struct pt_regs *ctx)
{
	/* two maps through one call site: the kernel cannot specialise it */
	void *m = PT_REGS_PARM1(ctx) ? (void *)&t_hash : (void *)&t_hash2;
	__u64 *p = bpf_map_lookup_elem(m, &key);

	return p ? *p : 0;
}

SEC("uprobe") int t_queue_ops(void *ctx)
{
	__u64 x;

	bpf_map_push_elem(&t_queue, &val, 0);
	bpf_map_pop_elem(&t_queue, &x);
	bpf_map_peek_elem(&t_queue, &x);
	return 0;
}

SEC("uprobe") int t_stack_ops(void *ctx)
{
	__u64 x;

	bpf_map_pop_elem(&t_stack, &x);
	bpf_map_peek_elem(&t_stack, &x);
	return 0;
}

SEC("uprobe") int t_bloom_ops(void *ctx)
{
	bpf_map_push_elem(&t_bloom, &val, 0);
	return bpf_map_peek_elem(&t_bloom, &val);
}

SEC("uprobe") int t_for_each(void *ctx)
{
	bpf_for_each_map_elem(&t_hash, each_cb, 0, 0);
	bpf_for_each_map_elem(&t_array, each_cb, 0, 0);
	return 0;
}

SEC("uprobe") int t_task_storage(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u64 *p = bpf_task_storage_get(&t_tstore, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	bpf_task_storage_delete(&t_tstore, t);
	return p ? *p : 0;
}

SEC("uprobe") int t_probe_reads(struct pt_regs *ctx)
{
	char buf[8];

	bpf_probe_read(buf, sizeof(buf), (void *)PT_REGS_PARM1(ctx));
	bpf_probe_read_str(buf, sizeof(buf), (void *)PT_REGS_PARM1(ctx));
	return buf[0];
}

SEC("uprobe") int t_kprobe_variants(struct pt_regs *ctx)
{
	return bpf_get_prandom_u32() + bpf_get_attach_cookie(ctx) + bpf_get_func_ip(ctx);
}

SEC("uprobe") int t_inlined(void *ctx)
{
	bpf_loop(4, loop_cb, 0, 0);
	return bpf_jiffies64() + bpf_get_smp_processor_id();
}

SEC("uprobe") int t_printks(void *ctx)
{
	bpf_printk("a");
	bpf_printk("%d %d %d %d", 1, 2, 3, 4);
	return 0;
}

SEC("uprobe") int t_may_goto(void *ctx)
{
	/* may_goto +1 over r0 = 1 (clang 14 has no mnemonic for may_goto) */
	asm volatile(".byte 0xe5, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00\n"
		     "r0 = 1" ::: "r0");
	return 0;
}

SEC("uprobe") int t_branch_snapshot(void *ctx)
{
	char buf[64];

	/* the kernel inlines this around a static call: nothing it can be mapped back to */
	return bpf_get_branch_snapshot(buf, sizeof(buf), 0);
}

SEC("tracepoint/syscalls/sys_enter_getpid") int t_tp(void *ctx)
{
	char buf[64];

	bpf_perf_event_output(ctx, &t_events, BPF_F_CURRENT_CPU, &val, sizeof(val));
	bpf_get_stack(ctx, buf, sizeof(buf), 0);
	return bpf_get_stackid(ctx, &t_stacks, 0);
}

SEC("raw_tp/sys_enter") int t_raw_tp(void *ctx)
{
	char buf[64];

	bpf_perf_event_output(ctx, &t_events, BPF_F_CURRENT_CPU, &val, sizeof(val));
	bpf_get_stack(ctx, buf, sizeof(buf), 0);
	return bpf_get_stackid(ctx, &t_stacks, 0);
}

SEC("perf_event") int t_perf_event(struct bpf_perf_event_data *ctx)
{
	char buf[64];

	bpf_get_stack(ctx, buf, sizeof(buf), 0);
	return bpf_get_stackid(ctx, &t_stacks, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
