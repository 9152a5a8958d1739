/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Where the string corpus keeps a length it computed, so that the call computing it is
 * not optimised away: a one-slot array map. Include after <bpf/bpf_helpers.h>.
 */
#ifndef ROLEPROBE_TESTS_RECORD_LEN_H
#define ROLEPROBE_TESTS_RECORD_LEN_H

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lens SEC(".maps");

static __always_inline void record_len(int len)
{
	__u32 zero = 0;
	__u64 v = len;

	bpf_map_update_elem(&lens, &zero, &v, BPF_ANY);
}

#endif /* ROLEPROBE_TESTS_RECORD_LEN_H */
