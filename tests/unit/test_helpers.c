// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The helper property table (SPEC section 4): names and ids from <linux/bpf.h>, the
 * attributes' properties of the helpers that have them, and argument shapes that agree
 * with those properties (a helper that writes a parameter takes writable memory there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <linux/bpf.h>

#include "helpers.h"

static void test_names_and_ids(void **state)
{
	int id, n = 0;

	(void)state;
	assert_null(helper_by_id(0));
	assert_null(helper_by_id(-1));
	assert_null(helper_by_id(helper_id_max()));
	assert_null(helper_by_name("map_lookup_elem"));	/* the prefix is part of the name */
	assert_null(helper_by_name("bpf_no_such_helper"));
	assert_null(helper_by_name(NULL));
	for (id = 1; id < helper_id_max(); id++) {
		const struct helper_info *h = helper_by_id(id);

		assert_non_null(h);
		assert_int_equal(h->id, id);
		assert_true(!strncmp(h->name, "bpf_", 4));
		assert_ptr_equal(helper_by_name(h->name), h);
		n++;
	}
	assert_true(n > 200);
	assert_int_equal(helper_by_name("bpf_map_lookup_elem")->id, BPF_FUNC_map_lookup_elem);
	assert_int_equal(helper_by_name("bpf_loop")->id, BPF_FUNC_loop);
}

/* What the role's attributes are judged by. */
static void test_attribute_properties(void **state)
{
	const struct helper_info *h;

	(void)state;
	h = helper_by_id(BPF_FUNC_probe_write_user);
	assert_true(h->flags & HF_WRITES_HOST_MEM);
	assert_true(h->flags & HF_SIDE_EFFECT);
	assert_true(h->writes_params & 1);
	assert_true(helper_by_id(BPF_FUNC_send_signal)->flags & HF_SIDE_EFFECT);
	assert_true(helper_by_id(BPF_FUNC_send_signal_thread)->flags & HF_SIDE_EFFECT);
	assert_true(helper_by_id(BPF_FUNC_override_return)->flags & HF_SIDE_EFFECT);
	assert_true(helper_by_id(BPF_FUNC_trace_printk)->flags & HF_SIDE_EFFECT);
	assert_true(helper_by_id(BPF_FUNC_trace_vprintk)->flags & HF_SIDE_EFFECT);
	assert_true(helper_by_id(BPF_FUNC_tail_call)->flags & HF_TAIL_CALL);
	/* writing the extension's own maps and channels is not a side effect */
	assert_int_equal(helper_by_id(BPF_FUNC_map_update_elem)->flags, 0);
	assert_int_equal(helper_by_id(BPF_FUNC_ringbuf_output)->flags, 0);
	assert_int_equal(helper_by_id(BPF_FUNC_perf_event_output)->flags, 0);
	/* reading into the extension's buffers writes a parameter, not host memory */
	h = helper_by_id(BPF_FUNC_probe_read_user_str);
	assert_false(h->flags & (HF_WRITES_HOST_MEM | HF_SIDE_EFFECT));
	assert_int_equal(h->writes_params, 1);
	assert_true(h->flags & HF_NUL_TERMINATES);
	assert_true(helper_by_id(BPF_FUNC_get_current_comm)->flags & HF_NUL_TERMINATES);
	assert_false(helper_by_id(BPF_FUNC_probe_read_user)->flags & HF_NUL_TERMINATES);
	/* resources */
	h = helper_by_id(BPF_FUNC_ringbuf_reserve);
	assert_true(h->flags & HF_ACQUIRES);
	assert_string_equal(h->resource, "ringbuf");
	assert_int_equal(h->ret, HR_RINGBUF_MEM_OR_NULL);
	assert_true(helper_by_id(BPF_FUNC_ringbuf_submit)->flags & HF_RELEASES);
	assert_true(helper_by_id(BPF_FUNC_ringbuf_discard)->flags & HF_RELEASES);
	assert_int_equal(helper_by_id(BPF_FUNC_ringbuf_submit)->args[0], HA_RINGBUF_MEM);
	assert_true(helper_by_id(BPF_FUNC_spin_lock)->flags & HF_ACQUIRES);
	assert_true(helper_by_id(BPF_FUNC_spin_unlock)->flags & HF_RELEASES);
}

/* The shapes the verifier follows values with. */
static void test_shapes(void **state)
{
	const struct helper_info *h;

	(void)state;
	h = helper_by_id(BPF_FUNC_map_lookup_elem);
	assert_true(h->has_proto);
	assert_int_equal(helper_nr_args(h), 2);
	assert_int_equal(h->args[0], HA_MAP);
	assert_int_equal(h->args[1], HA_MAP_KEY);
	assert_int_equal(h->ret, HR_MAP_VALUE_OR_NULL);
	h = helper_by_id(BPF_FUNC_probe_read);
	assert_int_equal(helper_nr_args(h), 3);
	assert_int_equal(h->args[0], HA_MEM_UNINIT);
	assert_int_equal(h->args[1], HA_SIZE_OR_ZERO);
	h = helper_by_id(BPF_FUNC_loop);
	assert_int_equal(h->args[1], HA_FUNC);
	assert_int_equal(h->args[2], HA_STACK_OR_NULL);
	assert_int_equal(helper_nr_args(helper_by_id(BPF_FUNC_ktime_get_ns)), 0);
	assert_int_equal(helper_by_id(BPF_FUNC_get_current_task_btf)->ret, HR_KERNEL_PTR);
	assert_string_equal(helper_arg_str(HA_MAP_KEY), "map key");
	assert_string_equal(helper_arg_str(99), "?");
}

/* Every helper a kprobe/uprobe program may call has a shape the verifier can follow. */
static void test_tracing_helpers_described(void **state)
{
	static const int ids[] = {
		BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem, BPF_FUNC_map_delete_elem,
		BPF_FUNC_map_push_elem, BPF_FUNC_map_pop_elem, BPF_FUNC_map_peek_elem,
		BPF_FUNC_map_lookup_percpu_elem, BPF_FUNC_probe_read, BPF_FUNC_probe_read_str,
		BPF_FUNC_probe_read_user, BPF_FUNC_probe_read_user_str, BPF_FUNC_probe_read_kernel,
		BPF_FUNC_probe_read_kernel_str, BPF_FUNC_ktime_get_ns, BPF_FUNC_ktime_get_boot_ns,
		BPF_FUNC_ktime_get_coarse_ns, BPF_FUNC_ktime_get_tai_ns, BPF_FUNC_jiffies64,
		BPF_FUNC_trace_printk, BPF_FUNC_trace_vprintk, BPF_FUNC_get_prandom_u32,
		BPF_FUNC_get_smp_processor_id, BPF_FUNC_get_numa_node_id, BPF_FUNC_tail_call,
		BPF_FUNC_get_current_pid_tgid, BPF_FUNC_get_current_uid_gid,
		BPF_FUNC_get_current_comm, BPF_FUNC_get_current_task, BPF_FUNC_get_current_task_btf,
		BPF_FUNC_task_pt_regs, BPF_FUNC_get_current_cgroup_id,
		BPF_FUNC_get_current_ancestor_cgroup_id, BPF_FUNC_perf_event_read,
		BPF_FUNC_perf_event_output, BPF_FUNC_perf_event_read_value, BPF_FUNC_get_stackid,
		BPF_FUNC_get_stack, BPF_FUNC_get_task_stack, BPF_FUNC_probe_write_user,
		BPF_FUNC_current_task_under_cgroup, BPF_FUNC_send_signal, BPF_FUNC_send_signal_thread,
		BPF_FUNC_override_return, BPF_FUNC_get_ns_current_pid_tgid, BPF_FUNC_ringbuf_output,
		BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit, BPF_FUNC_ringbuf_discard,
		BPF_FUNC_ringbuf_query, BPF_FUNC_copy_from_user, BPF_FUNC_copy_from_user_task,
		BPF_FUNC_snprintf, BPF_FUNC_snprintf_btf, BPF_FUNC_per_cpu_ptr, BPF_FUNC_this_cpu_ptr,
		BPF_FUNC_task_storage_get, BPF_FUNC_task_storage_delete, BPF_FUNC_for_each_map_elem,
		BPF_FUNC_get_func_ip, BPF_FUNC_get_attach_cookie, BPF_FUNC_get_branch_snapshot,
		BPF_FUNC_find_vma, BPF_FUNC_loop, BPF_FUNC_strncmp, BPF_FUNC_spin_lock,
		BPF_FUNC_spin_unlock, BPF_FUNC_user_ringbuf_drain, BPF_FUNC_dynptr_from_mem,
		BPF_FUNC_dynptr_read, BPF_FUNC_dynptr_write, BPF_FUNC_dynptr_data,
		BPF_FUNC_ringbuf_reserve_dynptr, BPF_FUNC_ringbuf_submit_dynptr,
		BPF_FUNC_ringbuf_discard_dynptr,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct helper_info *h = helper_by_id(ids[i]);

		if (!h->has_proto)
			fail_msg("%s has no argument shapes", h->name);
	}
}

static bool writes_arg(unsigned char a)
{
	return a == HA_MEM_UNINIT || a == HA_MAP_VALUE_UNINIT || a == HA_LONG_PTR;
}

/* Consistency of the whole table, so that a new entry cannot contradict itself. */
static void test_table_consistent(void **state)
{
	int id, i;

	(void)state;
	for (id = 1; id < helper_id_max(); id++) {
		const struct helper_info *h = helper_by_id(id);
		int n;

		/* a resource is named exactly when one is acquired or released */
		if ((h->flags & (HF_ACQUIRES | HF_RELEASES)) != 0 && !h->resource)
			fail_msg("%s acquires or releases, but names no resource", h->name);
		if (!(h->flags & (HF_ACQUIRES | HF_RELEASES)) && h->resource)
			fail_msg("%s names a resource it neither acquires nor releases", h->name);
		/* host memory writes are always side effects too */
		if ((h->flags & HF_WRITES_HOST_MEM) && !(h->flags & HF_SIDE_EFFECT))
			fail_msg("%s writes host memory without a side effect", h->name);
		if (!h->has_proto) {
			for (i = 0; i < HELPER_MAX_ARGS; i++)
				assert_int_equal(h->args[i], HA_NONE);
			continue;
		}
		n = helper_nr_args(h);
		for (i = 0; i < n; i++) {
			unsigned char a = h->args[i];

			if (a == HA_NONE)
				fail_msg("%s: argument %d has no shape before later ones", h->name, i);
			/* memory is followed by its size, a size follows memory */
			if ((a == HA_MEM || a == HA_MEM_OR_NULL || a == HA_MEM_UNINIT) &&
			    (i + 1 >= n || (h->args[i + 1] != HA_SIZE &&
					    h->args[i + 1] != HA_SIZE_OR_ZERO)))
				fail_msg("%s: memory argument %d without its size", h->name, i);
			if ((a == HA_SIZE || a == HA_SIZE_OR_ZERO) &&
			    (i == 0 || (h->args[i - 1] != HA_MEM && h->args[i - 1] != HA_MEM_OR_NULL &&
					h->args[i - 1] != HA_MEM_UNINIT)))
				fail_msg("%s: size argument %d without memory", h->name, i);
			if ((a == HA_MAP_KEY || a == HA_MAP_VALUE || a == HA_MAP_VALUE_UNINIT ||
			     a == HA_MAP_VALUE_OR_NULL) &&
			    h->args[0] != HA_MAP)
				fail_msg("%s: key or value without a map first", h->name);
			/* a written argument is in writes_params, and the other way round */
			if (writes_arg(a) && !(h->writes_params & (1u << i)))
				fail_msg("%s writes argument %d but writes_params says not", h->name, i);
			if (!writes_arg(a) && (h->writes_params & (1u << i)) && a != HA_DYNPTR &&
			    !(h->flags & HF_WRITES_HOST_MEM))
				fail_msg("%s: writes_params names argument %d, which is not writable "
					 "memory", h->name, i);
		}
		if ((h->flags & HF_NUL_TERMINATES) && h->args[0] != HA_MEM_UNINIT)
			fail_msg("%s terminates a string but writes no buffer first", h->name);
		if (h->ret == HR_MAP_VALUE_OR_NULL && h->args[0] != HA_MAP)
			fail_msg("%s returns a map value without a map", h->name);
		if (h->ret == HR_RINGBUF_MEM_OR_NULL && !(h->flags & HF_ACQUIRES))
			fail_msg("%s hands out ring buffer memory without acquiring it", h->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_ids),
		cmocka_unit_test(test_attribute_properties),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_tracing_helpers_described),
		cmocka_unit_test(test_table_consistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
