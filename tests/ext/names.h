/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The string corpus' map of 16-byte names by id (a hash map: its lookups may return
 * NULL). Include after <bpf/bpf_helpers.h>.
 */
#ifndef ROLEPROBE_TESTS_NAMES_H
#define ROLEPROBE_TESTS_NAMES_H

struct name {
	char s[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct name);
} names SEC(".maps");

#endif /* ROLEPROBE_TESTS_NAMES_H */
