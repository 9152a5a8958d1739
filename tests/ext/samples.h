/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The length corpus' one-slot map of 16-byte samples of user memory. Include after
 * <bpf/bpf_helpers.h>.
 */
#ifndef ROLEPROBE_TESTS_SAMPLES_H
#define ROLEPROBE_TESTS_SAMPLES_H

struct buf_sample {
	char data[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buf_sample);
} samples SEC(".maps");

#endif /* ROLEPROBE_TESTS_SAMPLES_H */
