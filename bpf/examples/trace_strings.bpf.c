// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Example: count calls of demo_greet(name, i) per name, with the name's length.
 *
 *   sudo roleprobe attach --role roles/uprobe.yaml --binary build/targets/demo_app \
 *	build/examples/trace_strings.bpf.o
 *
 * The name is a user-space pointer. The string functions work on the extension's own
 * memory only (bpf_strnlen, a kfunc, refuses user pointers), so the name is read onto the
 * stack first with bpf_probe_read, the memory reader the seed's role grants, terminated
 * (the role requires bpf_strncpy's source to be NUL-terminated), then copied into the map
 * key with the host library's bpf_strncpy.
 * bpf_probe_read copies a fixed size: a string ending right before an unmapped page fails
 * to read and is skipped (a role granting bpf_probe_read_user_str would avoid that).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define NAME_LEN 32

struct name_key {
	char name[NAME_LEN];
};

struct name_stat {
	__u64 calls;
	__u32 len;		/* bpf_strnlen() of the name */
	__u32 last_i;		/* the second argument at the last call */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct name_key);
	__type(value, struct name_stat);
} names SEC(".maps");

SEC("uprobe/demo_greet")
int BPF_KPROBE(trace_greet, const char *name, int i)
{
	struct name_stat init = {}, *st;
	struct name_key key = {};
	char raw[NAME_LEN];

	if (bpf_probe_read(raw, sizeof(raw), name))
		return 0;
	/* the role wants bpf_strncpy's src NUL-terminated: a fixed-size read may not be */
	raw[sizeof(raw) - 1] = '\0';
	bpf_strncpy(key.name, raw, sizeof(key.name));

	st = bpf_map_lookup_elem(&names, &key);
	if (!st) {
		init.len = bpf_strnlen(key.name, sizeof(key.name));
		/* NOEXIST: if another CPU created the entry meanwhile, keep its count */
		bpf_map_update_elem(&names, &key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&names, &key);
		if (!st)
			return 0;	/* the map is full */
	}
	__sync_fetch_and_add(&st->calls, 1);
	st->last_i = i;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
