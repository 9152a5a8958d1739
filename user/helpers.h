/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The kernel helper table: every `enum bpf_func_id` from <linux/bpf.h>'s
 * __BPF_FUNC_MAPPER (so ids always match the headers), with the properties the role
 * attributes are judged by. This is the one place these properties live (SPEC section 4).
 */
#ifndef ROLEPROBE_HELPERS_H
#define ROLEPROBE_HELPERS_H

#include <stdbool.h>

enum helper_flag {
	HF_WRITES_HOST_MEM	= 1u << 0,	/* writes memory outside the extension's stack and maps */
	HF_SIDE_EFFECT		= 1u << 1,	/* its effect escapes the extension's own resources */
	HF_ACQUIRES		= 1u << 2,	/* acquires a resource that must be released */
	HF_RELEASES		= 1u << 3,	/* releases a resource acquired before */
	HF_TAIL_CALL		= 1u << 4,	/* transfers control to another program */
};

struct helper_info {
	int id;			/* enum bpf_func_id */
	const char *name;	/* "bpf_map_lookup_elem" */
	unsigned int flags;	/* enum helper_flag */
	/* bit i set: the helper writes through its parameter i (0-based) */
	unsigned int writes_params;
	/* for HF_ACQUIRES/HF_RELEASES: which resource ("ringbuf", "spin_lock", "socket") */
	const char *resource;
};

/* NULL for ids outside the table (0 = unspec is not a helper either). */
const struct helper_info *helper_by_id(int id);
/* By full name with the "bpf_" prefix; NULL when no helper has that name. */
const struct helper_info *helper_by_name(const char *name);
/* One past the largest helper id known. */
int helper_id_max(void);

#endif /* ROLEPROBE_HELPERS_H */
