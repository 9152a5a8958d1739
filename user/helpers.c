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
};

/*
 * Writing into the extension's own buffers (writes_params alone) is not a host memory
 * write; writing its own maps, ring buffers and perf buffers is not a side effect.
 */
static const struct helper_props props[] = {
	/* host memory writes */
	{ BPF_FUNC_probe_write_user,	HF_WRITES_HOST_MEM | HF_SIDE_EFFECT, P(0), NULL },
	/* side effects: signals, changed return values, trace pipe output, syscalls, timers */
	{ BPF_FUNC_override_return,	HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_send_signal,		HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_send_signal_thread,	HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_trace_printk,	HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_trace_vprintk,	HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_sys_bpf,		HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_sys_close,		HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_timer_start,		HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_timer_set_callback,	HF_SIDE_EFFECT, 0, NULL },
	{ BPF_FUNC_set_retval,		HF_SIDE_EFFECT, 0, NULL },
	/* control transfer */
	{ BPF_FUNC_tail_call,		HF_TAIL_CALL, 0, NULL },
	/* resources that must be released on every path */
	{ BPF_FUNC_ringbuf_reserve,	HF_ACQUIRES, 0, "ringbuf" },
	{ BPF_FUNC_ringbuf_submit,	HF_RELEASES, 0, "ringbuf" },
	{ BPF_FUNC_ringbuf_discard,	HF_RELEASES, 0, "ringbuf" },
	{ BPF_FUNC_ringbuf_reserve_dynptr, HF_ACQUIRES, P(3), "ringbuf" },
	{ BPF_FUNC_ringbuf_submit_dynptr, HF_RELEASES, 0, "ringbuf" },
	{ BPF_FUNC_ringbuf_discard_dynptr, HF_RELEASES, 0, "ringbuf" },
	{ BPF_FUNC_spin_lock,		HF_ACQUIRES, 0, "spin_lock" },
	{ BPF_FUNC_spin_unlock,		HF_RELEASES, 0, "spin_lock" },
	{ BPF_FUNC_sk_lookup_tcp,	HF_ACQUIRES, 0, "socket" },
	{ BPF_FUNC_sk_lookup_udp,	HF_ACQUIRES, 0, "socket" },
	{ BPF_FUNC_skc_lookup_tcp,	HF_ACQUIRES, 0, "socket" },
	{ BPF_FUNC_sk_release,		HF_RELEASES, 0, "socket" },
	/* writes into buffers the extension passes */
	{ BPF_FUNC_probe_read,		0, P(0), NULL },
	{ BPF_FUNC_probe_read_str,	0, P(0), NULL },
	{ BPF_FUNC_probe_read_user,	0, P(0), NULL },
	{ BPF_FUNC_probe_read_user_str,	0, P(0), NULL },
	{ BPF_FUNC_probe_read_kernel,	0, P(0), NULL },
	{ BPF_FUNC_probe_read_kernel_str, 0, P(0), NULL },
	{ BPF_FUNC_copy_from_user,	0, P(0), NULL },
	{ BPF_FUNC_copy_from_user_task,	0, P(0), NULL },
	{ BPF_FUNC_get_current_comm,	0, P(0), NULL },
	{ BPF_FUNC_get_stack,		0, P(1), NULL },
	{ BPF_FUNC_get_task_stack,	0, P(1), NULL },
	{ BPF_FUNC_snprintf,		0, P(0), NULL },
	{ BPF_FUNC_strtol,		0, P(3), NULL },
	{ BPF_FUNC_strtoul,		0, P(3), NULL },
	{ BPF_FUNC_d_path,		0, P(1), NULL },
	{ BPF_FUNC_read_branch_records,	0, P(1), NULL },
	{ BPF_FUNC_get_branch_snapshot,	0, P(0), NULL },
	{ BPF_FUNC_dynptr_read,		0, P(0), NULL },
	{ BPF_FUNC_dynptr_from_mem,	0, P(3), NULL },
	{ BPF_FUNC_get_func_arg,	0, P(2), NULL },
	{ BPF_FUNC_get_func_ret,	0, P(1), NULL },
};

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
