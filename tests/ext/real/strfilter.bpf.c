// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Counts the calls of demo_greet(name, i) whose name is exactly "alice", and the others,
 * per process: a string argument filter.
 *
 *   roleprobe attach --role tests/ext/roles/real.yaml --role-name FilterRole \
 *	--binary build/targets/demo_app build/ext/real/strfilter.bpf.o
 *
 * The name is a user-space pointer: it is copied to the stack with
 * bpf_probe_read_user_str (NUL-terminated even when cut or faulting), then compared with
 * the constant by bpf_strncmp, whose second string must be a read-only constant.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/real.yaml FilterRole */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NAME_LEN	32

struct verdicts {
	__u64 matched;
	__u64 other;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct verdicts);
} by_pid SEC(".maps");

static const char wanted[] = "alice";

SEC("uprobe/demo_greet")
int BPF_KPROBE(filter_greet, const char *name)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct verdicts init = {}, *v;
	char buf[NAME_LEN];
	bool match;

	if (bpf_probe_read_user_str(buf, sizeof(buf), name) < 0)
		return 0;
	/* sizeof(wanted) includes the NUL: "alicex" does not match */
	match = bpf_strncmp(buf, sizeof(wanted), wanted) == 0;

	v = bpf_map_lookup_elem(&by_pid, &pid);
	if (!v) {
		bpf_map_update_elem(&by_pid, &pid, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&by_pid, &pid);
		if (!v)
			return 0;	/* the map is full */
	}
	if (match)
		__sync_fetch_and_add(&v->matched, 1);
	else
		__sync_fetch_and_add(&v->other, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
