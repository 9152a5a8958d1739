// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Verifier fixture: loops of the kinds extensions write. A bpf_loop() over map slots with
 * its context on the caller's stack; a bounded loop that fills a stack array through a
 * variable index; a loop that scans a string the extension read, stopping at its NUL; the
 * same with two counters that only get stored (every path keeps different counts: the
 * verifier must not explore them one by one). Must be accepted by vf_tracing.yaml's
 * Tracer with bounds in the low thousands.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NR_SLOTS	16

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

struct sum_ctx {
	__u64 sum;
	__u32 nonzero;
};

static int add_slot(__u32 i, struct sum_ctx *c)
{
	__u64 *v = bpf_map_lookup_elem(&slots, &i);

	if (!v)
		return 1;
	c->sum += *v;
	if (*v)
		c->nonzero++;
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(sum_slots)
{
	struct sum_ctx c = {};
	__u32 zero = 0;

	bpf_loop(NR_SLOTS, add_slot, &c, 0);
	if (c.nonzero)
		bpf_map_update_elem(&slots, &zero, &c.sum, BPF_ANY);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(fill_array, int seed)
{
	__u64 vals[NR_SLOTS];
	__u32 i, key = 1;

	for (i = 0; i < NR_SLOTS; i++)
		vals[i] = seed * i;
	for (i = 0; i < NR_SLOTS; i++) {
		if (vals[i] > 1000) {
			bpf_map_update_elem(&slots, &key, &vals[i], BPF_ANY);
			break;
		}
	}
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(count_slashes, const char *path)
{
	char buf[32];
	__u32 key = 2;
	__u64 n = 0;
	int i;

	if (bpf_probe_read_user_str(buf, sizeof(buf), path) <= 0)
		return 0;
	for (i = 0; i < sizeof(buf); i++) {
		if (!buf[i])
			break;
		if (buf[i] == '/')
			n++;
	}
	bpf_map_update_elem(&slots, &key, &n, BPF_ANY);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(count_kinds, const char *path)
{
	char buf[128];
	__u64 slashes = 0, dots = 0;
	__u32 k0 = 3, k1 = 4;
	int i;

	if (bpf_probe_read_user_str(buf, sizeof(buf), path) <= 0)
		return 0;
	for (i = 0; i < sizeof(buf); i++) {
		char c = buf[i];

		if (!c)
			break;
		if (c == '/')
			slashes++;
		else if (c == '.')
			dots++;
	}
	bpf_map_update_elem(&slots, &k0, &slashes, BPF_ANY);
	bpf_map_update_elem(&slots, &k1, &dots, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
