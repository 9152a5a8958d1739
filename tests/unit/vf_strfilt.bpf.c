// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Verifier fixture, production shape: a string filter. The traced function's path
 * argument is copied from user memory to the stack, compared with a constant prefix in a
 * static subprogram, copied again with the host library's bpf_strncpy, counted per path
 * in a hash map keyed by the string. Must be accepted by vf_tracing.yaml's Tracer: the
 * buffer bpf_strncpy reads is NUL-terminated by bpf_probe_read_user_str.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define PATH_LEN	64

const char prefix[] = "/etc/";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, char[PATH_LEN]);
	__type(value, __u64);
} hits SEC(".maps");

static __noinline int has_prefix(const char *s)
{
	int i;

	for (i = 0; i < sizeof(prefix) - 1; i++)
		if (s[i] != prefix[i])
			return 0;
	return 1;
}

SEC("uprobe/open")
int BPF_KPROBE(trace_open, const char *path)
{
	char buf[PATH_LEN] = {};
	char key[PATH_LEN];
	__u64 one = 1, *v;
	long n;

	n = bpf_probe_read_user_str(buf, sizeof(buf), path);
	if (n <= 0)
		return 0;
	if (!has_prefix(buf))
		return 0;
	bpf_strncpy(key, buf, sizeof(key));
	v = bpf_map_lookup_elem(&hits, key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&hits, key, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
