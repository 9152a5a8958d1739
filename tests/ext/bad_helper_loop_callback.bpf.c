// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The ungranted bpf_get_current_pid_tgid called from a bpf_loop callback: the callback is
 * reached through a function pointer argument (a ld_imm64 of a subprogram), not a call
 * instruction. bpf_loop itself is granted (LoopCap).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "call to bpf_get_current_pid_tgid is not granted" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct loop_ctx {
	__u64 sum;
};

static int add_pid(__u32 i, struct loop_ctx *lc)
{
	lc->sum += bpf_get_current_pid_tgid() & 0xff;	/* VIOLATION */
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sums SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(sum_pids)
{
	struct loop_ctx lc = {};
	__u32 zero = 0;

	bpf_loop(4, add_pid, &lc, 0);
	bpf_map_update_elem(&sums, &zero, &lc.sum, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
