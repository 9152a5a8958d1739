/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * A one-slot call counter for corpus extensions whose point lies elsewhere (program type,
 * entry signature, capabilities of the role): a map lookup, a NULL check and an atomic
 * add, which every role of the corpus allows. Include after <bpf/bpf_helpers.h>.
 */
#ifndef ROLEPROBE_TESTS_HITS_H
#define ROLEPROBE_TESTS_HITS_H

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void count_hit(void)
{
	__u32 zero = 0;
	__u64 *cnt = bpf_map_lookup_elem(&hits, &zero);

	if (cnt)
		__sync_fetch_and_add(cnt, 1);
}

#endif /* ROLEPROBE_TESTS_HITS_H */
