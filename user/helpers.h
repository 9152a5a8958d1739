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
	/* leaves a NUL-terminated string in its HA_MEM_UNINIT buffer (when its size is > 0) */
	HF_NUL_TERMINATES	= 1u << 5,
};

/*
 * What a helper takes in each argument register, after the kernel's bpf_func_proto
 * (ARG_*): the shapes the userspace verifier needs to follow values through a call.
 */
enum helper_arg {
	HA_NONE = 0,		/* no such argument */
	HA_ANYTHING,		/* any value; the helper does not dereference it (ARG_ANYTHING) */
	HA_MAP,			/* a map (ARG_CONST_MAP_PTR) */
	HA_MAP_KEY,		/* key_size initialized bytes of the map in an earlier argument */
	HA_MAP_VALUE,		/* value_size initialized bytes, read */
	HA_MAP_VALUE_UNINIT,	/* value_size bytes the helper writes (pop/peek) */
	HA_MAP_VALUE_OR_NULL,	/* value_size initialized bytes, or NULL (local storage init) */
	HA_MEM,			/* memory the helper reads; its size is the next argument */
	HA_MEM_OR_NULL,		/* the same, or NULL */
	HA_MEM_UNINIT,		/* memory the helper writes; its size is the next argument */
	HA_SIZE,		/* size of the memory in the previous argument, > 0 (ARG_CONST_SIZE) */
	HA_SIZE_OR_ZERO,	/* the same, may be 0 */
	HA_CTX,			/* the program's context */
	HA_FUNC,		/* a callback: the address of a subprogram */
	HA_STACK_OR_NULL,	/* the callback's context: a pointer to the stack, or NULL */
	HA_RINGBUF_MEM,		/* memory reserved from a ring buffer; the helper releases it */
	HA_CONST_STR,		/* read-only global data holding a NUL-terminated string */
	HA_SPIN_LOCK,		/* a struct bpf_spin_lock in a map value */
	HA_TIMER,		/* a struct bpf_timer in a map value */
	HA_DYNPTR,		/* a struct bpf_dynptr on the stack */
	HA_LONG_PTR,		/* 8 bytes the helper writes (strtol's result) */
	HA_KERNEL_PTR,		/* a kernel object (task_struct, ...): opaque to the extension */
};

/* What a helper returns in r0. */
enum helper_ret {
	HR_INT = 0,		/* a number */
	HR_VOID,		/* nothing: r0 is undefined after the call */
	HR_MAP_VALUE_OR_NULL,	/* a value of the map in argument 0, or NULL */
	HR_RINGBUF_MEM_OR_NULL,	/* memory reserved from the ring buffer in argument 0, or NULL */
	HR_MEM_OR_NULL,		/* memory of the size in argument 2, or NULL (dynptr_data) */
	HR_KERNEL_PTR,		/* a kernel object, never NULL */
	HR_KERNEL_PTR_OR_NULL,	/* a kernel object, or NULL */
};

#define HELPER_MAX_ARGS	5

struct helper_info {
	int id;			/* enum bpf_func_id */
	const char *name;	/* "bpf_map_lookup_elem" */
	unsigned int flags;	/* enum helper_flag */
	/* bit i set: the helper writes through its parameter i (0-based) */
	unsigned int writes_params;
	/* for HF_ACQUIRES/HF_RELEASES: which resource ("ringbuf", "spin_lock", "socket") */
	const char *resource;
	/* the argument and return shapes; valid when has_proto (helpers tracing programs use) */
	bool has_proto;
	unsigned char args[HELPER_MAX_ARGS];	/* enum helper_arg */
	unsigned char ret;			/* enum helper_ret */
};

/* NULL for ids outside the table (0 = unspec is not a helper either). */
const struct helper_info *helper_by_id(int id);
/* By full name with the "bpf_" prefix; NULL when no helper has that name. */
const struct helper_info *helper_by_name(const char *name);
/* One past the largest helper id known. */
int helper_id_max(void);
/* The number of arguments of a helper with a proto (the last non-HA_NONE one + 1). */
int helper_nr_args(const struct helper_info *h);
const char *helper_arg_str(enum helper_arg arg);

#endif /* ROLEPROBE_HELPERS_H */
