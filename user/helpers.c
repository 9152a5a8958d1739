// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Helper ids and names come from __BPF_FUNC_MAPPER itself; the properties below are a
 * short list of exceptions (a helper not listed has none of them). When a kernel adds a
 * helper, it appears here by rebuilding against new headers, with no properties, and the
 * unit test of the table names what must be classified.
 */
#include <linux/bpf.h>
#include <stddef.h>
#include <string.h>

#include "helpers.h"

#define P(n)	(1u << (n))

static struct helper_info helpers[__BPF_FUNC_MAX_ID] = {
#define __HELPER_ENTRY(x) [BPF_FUNC_ ## x] = { .id = BPF_FUNC_ ## x, .name = "bpf_" #x }
	__BPF_FUNC_MAPPER(__HELPER_ENTRY)
#undef __HELPER_ENTRY
};

struct helper_props {
	int id;
	unsigned int flags;
	unsigned int writes_params;
	const char *resource;
	bool has_proto;
	unsigned char args[HELPER_MAX_ARGS];
	unsigned char ret;
};

/* Flags only (no proto): helpers no uprobe program can call, kept for the attribute checks. */
#define F(id, flags, writes, res)		{ BPF_FUNC_ ## id, flags, writes, res, false, { 0 }, 0 }
/* Flags, argument shapes and return shape. */
#define H(id, flags, writes, res, ret, ...)	{ BPF_FUNC_ ## id, flags, writes, res, true,	\
						  { __VA_ARGS__ }, ret }

#define ANY		HA_ANYTHING
#define MEM_W		HA_MEM_UNINIT

/*
 * Writing into the extension's own buffers (writes_params alone) is not a host memory
 * write; writing its own maps, ring buffers and perf buffers is not a side effect.
 * Argument shapes follow the kernel's bpf_func_proto of each helper (kernel/bpf/helpers.c,
 * kernel/trace/bpf_trace.c); every helper a kprobe/uprobe program may call has one.
 */
static const struct helper_props props[] = {
	/* maps */
	H(map_lookup_elem,	0, 0, NULL, HR_MAP_VALUE_OR_NULL, HA_MAP, HA_MAP_KEY),
	H(map_update_elem,	0, 0, NULL, HR_INT, HA_MAP, HA_MAP_KEY, HA_MAP_VALUE, ANY),
	H(map_delete_elem,	0, 0, NULL, HR_INT, HA_MAP, HA_MAP_KEY),
	H(map_push_elem,	0, 0, NULL, HR_INT, HA_MAP, HA_MAP_VALUE, ANY),
	H(map_pop_elem,		0, P(1), NULL, HR_INT, HA_MAP, HA_MAP_VALUE_UNINIT),
	H(map_peek_elem,	0, P(1), NULL, HR_INT, HA_MAP, HA_MAP_VALUE_UNINIT),
	H(map_lookup_percpu_elem, 0, 0, NULL, HR_MAP_VALUE_OR_NULL, HA_MAP, HA_MAP_KEY, ANY),
	H(for_each_map_elem,	0, 0, NULL, HR_INT, HA_MAP, HA_FUNC, HA_STACK_OR_NULL, ANY),
	H(task_storage_get,	0, 0, NULL, HR_MAP_VALUE_OR_NULL, HA_MAP, HA_KERNEL_PTR,
	  HA_MAP_VALUE_OR_NULL, ANY),
	H(task_storage_delete,	0, 0, NULL, HR_INT, HA_MAP, HA_KERNEL_PTR),
	/* host memory writes */
	H(probe_write_user,	HF_WRITES_HOST_MEM | HF_SIDE_EFFECT, P(0), NULL, HR_INT,
	  ANY, HA_MEM, HA_SIZE),
	/* side effects: signals, changed return values, trace pipe output, syscalls, timers */
	H(override_return,	HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_CTX, ANY),
	H(send_signal,		HF_SIDE_EFFECT, 0, NULL, HR_INT, ANY),
	H(send_signal_thread,	HF_SIDE_EFFECT, 0, NULL, HR_INT, ANY),
	H(trace_printk,		HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_MEM, HA_SIZE, ANY, ANY, ANY),
	H(trace_vprintk,	HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_MEM, HA_SIZE, HA_MEM_OR_NULL,
	  HA_SIZE_OR_ZERO),
	F(sys_bpf,		HF_SIDE_EFFECT, 0, NULL),
	F(sys_close,		HF_SIDE_EFFECT, 0, NULL),
	H(timer_init,		HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_TIMER, HA_MAP, ANY),
	H(timer_start,		HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_TIMER, ANY, ANY),
	H(timer_set_callback,	HF_SIDE_EFFECT, 0, NULL, HR_INT, HA_TIMER, HA_FUNC),
	H(timer_cancel,		0, 0, NULL, HR_INT, HA_TIMER),
	F(set_retval,		HF_SIDE_EFFECT, 0, NULL),
	/* control transfer */
	H(tail_call,		HF_TAIL_CALL, 0, NULL, HR_INT, HA_CTX, HA_MAP, ANY),
	/* resources that must be released on every path */
	H(ringbuf_reserve,	HF_ACQUIRES, 0, "ringbuf", HR_RINGBUF_MEM_OR_NULL, HA_MAP, ANY, ANY),
	H(ringbuf_submit,	HF_RELEASES, 0, "ringbuf", HR_VOID, HA_RINGBUF_MEM, ANY),
	H(ringbuf_discard,	HF_RELEASES, 0, "ringbuf", HR_VOID, HA_RINGBUF_MEM, ANY),
	H(ringbuf_reserve_dynptr, HF_ACQUIRES, P(3), "ringbuf", HR_INT, HA_MAP, ANY, ANY,
	  HA_DYNPTR),
	H(ringbuf_submit_dynptr, HF_RELEASES, 0, "ringbuf", HR_VOID, HA_DYNPTR, ANY),
	H(ringbuf_discard_dynptr, HF_RELEASES, 0, "ringbuf", HR_VOID, HA_DYNPTR, ANY),
	H(spin_lock,		HF_ACQUIRES, 0, "spin_lock", HR_VOID, HA_SPIN_LOCK),
	H(spin_unlock,		HF_RELEASES, 0, "spin_lock", HR_VOID, HA_SPIN_LOCK),
	F(sk_lookup_tcp,	HF_ACQUIRES, 0, "socket"),
	F(sk_lookup_udp,	HF_ACQUIRES, 0, "socket"),
	F(skc_lookup_tcp,	HF_ACQUIRES, 0, "socket"),
	F(sk_release,		HF_RELEASES, 0, "socket"),
	/* event output to the extension's own channels */
	H(ringbuf_output,	0, 0, NULL, HR_INT, HA_MAP, HA_MEM, HA_SIZE_OR_ZERO, ANY),
	H(ringbuf_query,	0, 0, NULL, HR_INT, HA_MAP, ANY),
	H(perf_event_output,	0, 0, NULL, HR_INT, HA_CTX, HA_MAP, ANY, HA_MEM, HA_SIZE_OR_ZERO),
	H(perf_event_read,	0, 0, NULL, HR_INT, HA_MAP, ANY),
	H(perf_event_read_value, 0, P(2), NULL, HR_INT, HA_MAP, ANY, MEM_W, HA_SIZE),
	H(get_stackid,		0, 0, NULL, HR_INT, HA_CTX, HA_MAP, ANY),
	H(user_ringbuf_drain,	0, 0, NULL, HR_INT, HA_MAP, HA_FUNC, HA_STACK_OR_NULL, ANY),
	/* writes into buffers the extension passes */
	H(probe_read,		0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(probe_read_str,	HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(probe_read_user,	0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(probe_read_user_str,	HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(probe_read_kernel,	0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(probe_read_kernel_str, HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO,
	  ANY),
	H(copy_from_user,	0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(copy_from_user_task,	0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY,
	  HA_KERNEL_PTR, ANY),
	H(get_current_comm,	HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE),
	H(get_stack,		0, P(1), NULL, HR_INT, HA_CTX, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(get_task_stack,	0, P(1), NULL, HR_INT, HA_KERNEL_PTR, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(snprintf,		HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO,
	  HA_CONST_STR, HA_MEM_OR_NULL, HA_SIZE_OR_ZERO),
	H(snprintf_btf,		HF_NUL_TERMINATES, P(0), NULL, HR_INT, MEM_W, HA_SIZE, HA_MEM,
	  HA_SIZE, ANY),
	H(get_ns_current_pid_tgid, 0, P(2), NULL, HR_INT, ANY, ANY, MEM_W, HA_SIZE),
	H(strtol,		0, P(3), NULL, HR_INT, HA_MEM, HA_SIZE, ANY, HA_LONG_PTR),
	H(strtoul,		0, P(3), NULL, HR_INT, HA_MEM, HA_SIZE, ANY, HA_LONG_PTR),
	F(d_path,		0, P(1), NULL),
	F(read_branch_records,	0, P(1), NULL),
	H(get_branch_snapshot,	0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, ANY),
	H(dynptr_read,		0, P(0), NULL, HR_INT, MEM_W, HA_SIZE_OR_ZERO, HA_DYNPTR, ANY, ANY),
	H(dynptr_write,		0, 0, NULL, HR_INT, HA_DYNPTR, ANY, HA_MEM, HA_SIZE_OR_ZERO, ANY),
	H(dynptr_from_mem,	0, P(3), NULL, HR_INT, HA_MEM, HA_SIZE_OR_ZERO, ANY, HA_DYNPTR),
	H(dynptr_data,		0, 0, NULL, HR_MEM_OR_NULL, HA_DYNPTR, ANY, ANY),
	F(get_func_arg,		0, P(2), NULL),
	F(get_func_ret,		0, P(1), NULL),
	/* information, with nothing to write */
	H(ktime_get_ns,		0, 0, NULL, HR_INT),
	H(ktime_get_boot_ns,	0, 0, NULL, HR_INT),
	H(ktime_get_coarse_ns,	0, 0, NULL, HR_INT),
	H(ktime_get_tai_ns,	0, 0, NULL, HR_INT),
	H(jiffies64,		0, 0, NULL, HR_INT),
	H(get_prandom_u32,	0, 0, NULL, HR_INT),
	H(get_smp_processor_id,	0, 0, NULL, HR_INT),
	H(get_numa_node_id,	0, 0, NULL, HR_INT),
	H(get_current_pid_tgid,	0, 0, NULL, HR_INT),
	H(get_current_uid_gid,	0, 0, NULL, HR_INT),
	H(get_current_task,	0, 0, NULL, HR_INT),
	H(get_current_task_btf,	0, 0, NULL, HR_KERNEL_PTR),
	H(task_pt_regs,		0, 0, NULL, HR_KERNEL_PTR, HA_KERNEL_PTR),
	H(get_current_cgroup_id, 0, 0, NULL, HR_INT),
	H(get_current_ancestor_cgroup_id, 0, 0, NULL, HR_INT, ANY),
	H(current_task_under_cgroup, 0, 0, NULL, HR_INT, HA_MAP, ANY),
	H(get_func_ip,		0, 0, NULL, HR_INT, HA_CTX),
	H(get_attach_cookie,	0, 0, NULL, HR_INT, HA_CTX),
	H(per_cpu_ptr,		0, 0, NULL, HR_KERNEL_PTR_OR_NULL, HA_KERNEL_PTR, ANY),
	H(this_cpu_ptr,		0, 0, NULL, HR_KERNEL_PTR, HA_KERNEL_PTR),
	H(find_vma,		0, 0, NULL, HR_INT, HA_KERNEL_PTR, ANY, HA_FUNC, HA_STACK_OR_NULL,
	  ANY),
	/* control flow */
	H(loop,			0, 0, NULL, HR_INT, ANY, HA_FUNC, HA_STACK_OR_NULL, ANY),
	H(strncmp,		0, 0, NULL, HR_INT, HA_MEM, HA_SIZE, HA_CONST_STR),
};

#undef ANY
#undef MEM_W
#undef F
#undef H

static void helpers_init(void)
{
	static bool done;
	size_t i;

	if (done)
		return;
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		struct helper_info *h = &helpers[props[i].id];

		h->flags = props[i].flags;
		h->writes_params = props[i].writes_params;
		h->resource = props[i].resource;
		h->has_proto = props[i].has_proto;
		memcpy(h->args, props[i].args, sizeof(h->args));
		h->ret = props[i].ret;
	}
	done = true;
}

const struct helper_info *helper_by_id(int id)
{
	if (id <= BPF_FUNC_unspec || id >= __BPF_FUNC_MAX_ID)
		return NULL;
	helpers_init();
	return &helpers[id];
}

const struct helper_info *helper_by_name(const char *name)
{
	int id;

	if (!name || strncmp(name, "bpf_", 4))
		return NULL;
	helpers_init();
	for (id = BPF_FUNC_unspec + 1; id < __BPF_FUNC_MAX_ID; id++) {
		if (!strcmp(helpers[id].name, name))
			return &helpers[id];
	}
	return NULL;
}

int helper_id_max(void)
{
	return __BPF_FUNC_MAX_ID;
}

int helper_nr_args(const struct helper_info *h)
{
	int n = HELPER_MAX_ARGS;

	while (n > 0 && h->args[n - 1] == HA_NONE)
		n--;
	return n;
}

const char *helper_arg_str(enum helper_arg arg)
{
	static const char *const names[] = {
		[HA_NONE] = "none",
		[HA_ANYTHING] = "anything",
		[HA_MAP] = "map",
		[HA_MAP_KEY] = "map key",
		[HA_MAP_VALUE] = "map value",
		[HA_MAP_VALUE_UNINIT] = "map value (written)",
		[HA_MAP_VALUE_OR_NULL] = "map value or NULL",
		[HA_MEM] = "memory",
		[HA_MEM_OR_NULL] = "memory or NULL",
		[HA_MEM_UNINIT] = "memory (written)",
		[HA_SIZE] = "size > 0",
		[HA_SIZE_OR_ZERO] = "size",
		[HA_CTX] = "context",
		[HA_FUNC] = "callback",
		[HA_STACK_OR_NULL] = "stack or NULL",
		[HA_RINGBUF_MEM] = "ring buffer memory",
		[HA_CONST_STR] = "constant string",
		[HA_SPIN_LOCK] = "spin lock",
		[HA_TIMER] = "timer",
		[HA_DYNPTR] = "dynptr",
		[HA_LONG_PTR] = "long (written)",
		[HA_KERNEL_PTR] = "kernel object",
	};

	if ((unsigned int)arg >= sizeof(names) / sizeof(names[0]) || !names[arg])
		return "?";
	return names[arg];
}
