// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The embedded host library: its bytes are an ELF BPF object and its BTF names its functions. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <bpf/btf.h>

#include "hostlib.h"

static void test_elf_bytes(void **state)
{
	const unsigned char *b;
	size_t sz = 0;

	(void)state;
	b = hostlib_elf_bytes(&sz);
	assert_non_null(b);
	assert_true(sz > 64);
	assert_memory_equal(b, "\177ELF", 4);
}

static void test_functions_resolve(void **state)
{
	static const char *const names[] = { "bpf_strncpy", "bpf_get_info", "handle_uprobe_event" };
	const struct btf *btf = hostlib_btf();
	size_t i;

	(void)state;
	assert_non_null(btf);
	/* parsed once: the same object every time */
	assert_ptr_equal(btf, hostlib_btf());
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int id = hostlib_func_id(names[i]);
		const struct btf_type *t;

		assert_true(id > 0);
		t = btf__type_by_id(btf, id);
		assert_non_null(t);
		assert_true(btf_is_func(t));
		assert_string_equal(btf__name_by_offset(btf, t->name_off), names[i]);
		assert_true(hostlib_has_func(names[i]));
	}
}

static void test_unknown_names(void **state)
{
	(void)state;
	/* a kernel helper, a map and nonsense are not host library functions */
	assert_int_equal(hostlib_func_id("bpf_get_current_pid_tgid"), -ENOENT);
	assert_int_equal(hostlib_func_id("rp_events"), -ENOENT);
	assert_int_equal(hostlib_func_id(""), -ENOENT);
	assert_false(hostlib_has_func("bpf_strnlen"));
}

static void test_signatures(void **state)
{
	const struct btf *btf = hostlib_btf();
	const struct btf_type *fn, *proto;
	const struct btf_param *p;

	(void)state;
	/* bpf_strncpy returns int (the kernel refuses a pointer return), three parameters */
	fn = btf__type_by_id(btf, hostlib_func_id("bpf_strncpy"));
	proto = btf__type_by_id(btf, fn->type);
	assert_true(btf_is_func_proto(proto));
	assert_int_equal(btf_vlen(proto), 3);
	assert_true(btf_is_int(btf__type_by_id(btf, proto->type)));
	p = btf_params(proto);
	assert_string_equal(btf__name_by_offset(btf, p[0].name_off), "dest");
	assert_string_equal(btf__name_by_offset(btf, p[1].name_off), "src");
	assert_string_equal(btf__name_by_offset(btf, p[2].name_off), "len");

	/* handle_uprobe_event takes a fully defined const struct pt_regs (SPEC section 6) */
	fn = btf__type_by_id(btf, hostlib_func_id("handle_uprobe_event"));
	proto = btf__type_by_id(btf, fn->type);
	assert_int_equal(btf_vlen(proto), 1);
	p = btf_params(proto);
	{
		const struct btf_type *ptr = btf__type_by_id(btf, p[0].type);
		const struct btf_type *st;

		assert_true(btf_is_ptr(ptr));
		st = btf__type_by_id(btf, ptr->type);
		/* const: the host library promises not to write through ctx (always_const) */
		assert_true(btf_is_const(st));
		st = btf__type_by_id(btf, st->type);
		assert_true(btf_is_struct(st));
		assert_string_equal(btf__name_by_offset(btf, st->name_off), "pt_regs");
		assert_true(st->size > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_bytes),
		cmocka_unit_test(test_functions_resolve),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_signatures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
