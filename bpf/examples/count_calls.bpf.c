// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Example: count calls of demo_add() per process, and sum what it returns.
 *
 *   sudo roleprobe attach --role roles/uprobe.yaml --binary build/targets/demo_app \
 *	build/examples/count_calls.bpf.o
 *
 * Two entry points on one symbol: an uprobe at entry and an uretprobe at return. The map
 * contents are printed, decoded by BTF, when attach ends. Uses only what the seed's role
 * grants: bpf_get_info (host library) and the map helpers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

/* calls of demo_add(), per process id */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

struct ret_stats {
	__u64 returns;		/* returns seen by the uretprobe */
	__s64 sum;		/* sum of the values returned */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ret_stats);
} returns SEC(".maps");

SEC("uprobe/demo_add")
int BPF_KPROBE(count_add, int a, int b)
{
	struct roleprobe_info info;
	__u64 zero = 0, *cnt;

	bpf_get_info(&info);
	cnt = bpf_map_lookup_elem(&calls, &info.pid);
	if (!cnt) {
		/* NOEXIST: if another CPU created the entry meanwhile, keep its count */
		bpf_map_update_elem(&calls, &info.pid, &zero, BPF_NOEXIST);
		cnt = bpf_map_lookup_elem(&calls, &info.pid);
		if (!cnt)
			return 0;	/* the map is full */
	}
	__sync_fetch_and_add(cnt, 1);
	return 0;
}

SEC("uretprobe/demo_add")
int BPF_KRETPROBE(sum_add_ret, int ret)
{
	struct ret_stats *st;
	__u32 key = 0;

	st = bpf_map_lookup_elem(&returns, &key);
	if (!st)
		return 0;
	__sync_fetch_and_add(&st->returns, 1);
	__sync_fetch_and_add(&st->sum, ret);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
