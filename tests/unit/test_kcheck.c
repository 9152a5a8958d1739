// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The kallsyms parser (on fixture text, malformed lines included) and the table that maps
 * kernel symbols back to the helpers they implement. That the table matches the running
 * kernel is proven by tests/bats/04-inspect.bats, which loads real programs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/bpf.h>

#include "helpers.h"
#include "kcheck.h"
#include "ksyms.h"

static const char fixture[] =
	"ffffffff814cc810 T __bpf_call_base\n"
	"ffffffff8150e310 T bpf_get_current_pid_tgid\n"
	"ffffffff8151d480 t __htab_map_lookup_elem\n"
	"ffffffff83009980 D jiffies\n"				/* data: not kept */
	"ffffffff814be770 T bpf_probe_read_compat\n"
	"ffffffff814be770 t bpf_probe_read_compat_alias\n"	/* alias, after it */
	"ffffffff81000000 T _stext\n"
	"ffffffffc0022160 t bpf_prog_59f4a931744dcdc6_fcb\t[bpf]\n"	/* BPF program */
	"ffffffffc0400000 t nf_thing\t[nf_conntrack]\n"
	"ffffffffc0400100 T bpf_get_current_pid_tgid\t[fake_mod]\n"	/* module, same name */
	"\n"
	"ffffffff81000100 W weak_fn";				/* no final newline */

static void test_parse_fixture(void **state)
{
	const struct ksym *s, *first;
	struct ksyms *ks = NULL;
	int bad = -1, n;

	(void)state;
	assert_int_equal(ksyms__parse(fixture, strlen(fixture), &ks, &bad), 0);
	assert_non_null(ks);
	assert_int_equal(bad, 0);
	/* functions only, no data, no BPF program symbols */
	assert_int_equal(ksyms__count(ks), 9);

	n = ksyms__at(ks, 0xffffffff8150e310ull, &first);
	assert_int_equal(n, 1);
	assert_string_equal(first->name, "bpf_get_current_pid_tgid");
	assert_null(first->module);
	assert_int_equal(first->type, 'T');

	/* aliases come together, in kallsyms order */
	n = ksyms__at(ks, 0xffffffff814be770ull, &first);
	assert_int_equal(n, 2);
	assert_string_equal(first[0].name, "bpf_probe_read_compat");
	assert_string_equal(first[1].name, "bpf_probe_read_compat_alias");

	/* not a symbol start */
	assert_int_equal(ksyms__at(ks, 0xffffffff8150e311ull, &first), 0);
	assert_null(first);
	assert_int_equal(ksyms__at(ks, 0xffffffff83009980ull, &first), 0);
	assert_int_equal(ksyms__at(ks, 0xffffffffc0022160ull, &first), 0);

	s = ksyms__covering(ks, 0xffffffff8150e318ull);
	assert_non_null(s);
	assert_string_equal(s->name, "bpf_get_current_pid_tgid");
	s = ksyms__covering(ks, 0xffffffff814be771ull);
	assert_string_equal(s->name, "bpf_probe_read_compat");
	assert_null(ksyms__covering(ks, 0x1000));

	s = ksyms__by_name(ks, "nf_thing");
	assert_non_null(s);
	assert_string_equal(s->module, "nf_conntrack");
	assert_true(s->addr == 0xffffffffc0400000ull);
	/* vmlinux wins over a module symbol of the same name */
	s = ksyms__by_name(ks, "bpf_get_current_pid_tgid");
	assert_null(s->module);
	s = ksyms__by_name(ks, "weak_fn");
	assert_non_null(s);
	assert_int_equal(s->type, 'W');
	assert_null(ksyms__by_name(ks, "jiffies"));
	assert_null(ksyms__by_name(ks, "bpf_prog_59f4a931744dcdc6_fcb"));
	ksyms__free(ks);
}

static void test_parse_malformed(void **state)
{
	static const char *const bad_lines[] = {
		"ffffffff81000000\n",				/* no type, no name */
		"ffffffff81000000 T\n",				/* no name */
		"ffffffff81000000 T \n",			/* empty name */
		"xyz T name\n",					/* address not hex */
		"ffffffff8100000g T name\n",			/* stops at a non-hex digit */
		"1ffffffff810000000 T name\n",			/* 17 hex digits */
		"ffffffff81000000 7 name\n",			/* type not a letter */
		"ffffffff81000000 TT name\n",			/* type of two letters */
		"ffffffff81000000 T name\t[mod\n",		/* module never closed */
		"ffffffff81000000 T name\t[]\n",		/* empty module */
		"ffffffff81000000 T name\t[mod] junk\n",	/* trailing junk */
		"ffffffff81000000 T name junk\n",		/* junk instead of a module */
		" ffffffff81000000 T name\n",			/* leading blank */
	};
	char buf[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		struct ksyms *ks = NULL;
		int bad = 0;

		/* one good line after the bad one: parsing goes on past it */
		snprintf(buf, sizeof(buf), "%sffffffff81000040 T good\n", bad_lines[i]);
		assert_int_equal(ksyms__parse(buf, strlen(buf), &ks, &bad), 0);
		if (bad != 1)
			fail_msg("line %zu (%s) was not counted as malformed", i, bad_lines[i]);
		assert_int_equal(ksyms__count(ks), 1);
		assert_string_equal(ksyms__by_name(ks, "good")->name, "good");
		ksyms__free(ks);
	}
}

static void test_parse_name_length(void **state)
{
	size_t len = KSYM_NAME_MAX + 64;
	char *buf = malloc(len + 64);
	struct ksyms *ks = NULL;
	int bad = 0;

	(void)state;
	assert_non_null(buf);
	/* a name of KSYM_NAME_MAX characters is one too many */
	strcpy(buf, "ffffffff81000000 T ");
	memset(buf + strlen(buf), 'a', KSYM_NAME_MAX);
	buf[19 + KSYM_NAME_MAX] = '\0';
	strcat(buf, "\nffffffff81000040 T good\n");
	assert_int_equal(ksyms__parse(buf, strlen(buf), &ks, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(ksyms__count(ks), 1);
	ksyms__free(ks);

	/* one shorter is fine */
	strcpy(buf, "ffffffff81000000 T ");
	memset(buf + strlen(buf), 'a', KSYM_NAME_MAX - 1);
	buf[19 + KSYM_NAME_MAX - 1] = '\0';
	assert_int_equal(ksyms__parse(buf, strlen(buf), &ks, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(ksyms__count(ks), 1);
	ksyms__free(ks);
	free(buf);
}

static void test_parse_not_nul_terminated(void **state)
{
	static const char text[] = "ffffffff81000000 T first\nffffffff81000040 T secondXXXX";
	struct ksyms *ks = NULL;

	(void)state;
	/* the length given stops inside the buffer: nothing past it is read */
	assert_int_equal(ksyms__parse(text, strlen(text) - 4, &ks, NULL), 0);
	assert_non_null(ksyms__by_name(ks, "second"));
	assert_null(ksyms__by_name(ks, "secondXXXX"));
	ksyms__free(ks);
}

static void test_parse_hidden_and_empty(void **state)
{
	static const char hidden[] =
		"0000000000000000 T __bpf_call_base\n"
		"0000000000000000 T bpf_get_current_pid_tgid\n";
	static const char data_only[] = "ffffffff83009980 D jiffies\n";
	static const char garbage[] = "not kallsyms at all\n\x01\x02\x03";
	struct ksyms *ks = (struct ksyms *)1;
	int bad = 0;

	(void)state;
	/* kptr_restrict shows every address as 0 */
	assert_int_equal(ksyms__parse(hidden, strlen(hidden), &ks, NULL), -EPERM);
	assert_null(ks);
	assert_int_equal(ksyms__parse(data_only, strlen(data_only), &ks, NULL), -ENOENT);
	assert_int_equal(ksyms__parse("", 0, &ks, NULL), -ENOENT);
	assert_int_equal(ksyms__parse(garbage, sizeof(garbage) - 1, &ks, &bad), -ENOENT);
	assert_int_equal(bad, 2);
}

static void test_load_file(void **state)
{
	char path[] = "/tmp/test_kcheck_XXXXXX";
	struct ksyms *ks = NULL;
	int fd, bad = -1;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, fixture, strlen(fixture)), (ssize_t)strlen(fixture));
	close(fd);
	assert_int_equal(ksyms__load(path, &ks, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(ksyms__count(ks), 9);
	assert_non_null(ksyms__by_name(ks, "__bpf_call_base"));
	ksyms__free(ks);
	unlink(path);
	assert_int_equal(ksyms__load(path, &ks, NULL), -ENOENT);
	assert_null(ks);
}

struct sym_case {
	const char *sym;
	int helper_id;
	enum kcheck_form form;
};

/* What Linux 6.18 calls from xlated code, as measured (see user/kcheck.c). */
static const struct sym_case measured[] = {
	{ "__htab_map_lookup_elem",		BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "htab_lru_percpu_map_lookup_elem",	BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "array_map_lookup_elem",		BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "trie_lookup_elem",			BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "htab_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_percpu_map_update_elem",	BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_lru_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_lru_percpu_map_update_elem",	BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "array_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "htab_lru_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "array_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "queue_stack_map_push_elem",		BPF_FUNC_map_push_elem, KFORM_SPECIALISED },
	{ "stack_map_pop_elem",			BPF_FUNC_map_pop_elem, KFORM_SPECIALISED },
	{ "bloom_map_peek_elem",		BPF_FUNC_map_peek_elem, KFORM_SPECIALISED },
	{ "percpu_array_map_lookup_percpu_elem",
		BPF_FUNC_map_lookup_percpu_elem, KFORM_SPECIALISED },
	{ "bpf_for_each_hash_elem",		BPF_FUNC_for_each_map_elem, KFORM_SPECIALISED },
	{ "bpf_probe_read_compat",		BPF_FUNC_probe_read, KFORM_CALL },
	{ "bpf_probe_read_compat_str",		BPF_FUNC_probe_read_str, KFORM_CALL },
	{ "bpf_user_rnd_u32",			BPF_FUNC_get_prandom_u32, KFORM_CALL },
	{ "bpf_get_attach_cookie_trace",	BPF_FUNC_get_attach_cookie, KFORM_CALL },
	{ "bpf_get_func_ip_kprobe",		BPF_FUNC_get_func_ip, KFORM_CALL },
	{ "bpf_perf_event_output_tp",		BPF_FUNC_perf_event_output, KFORM_CALL },
	{ "bpf_get_stackid_pe",			BPF_FUNC_get_stackid, KFORM_CALL },
	{ "bpf_task_storage_get_recur",		BPF_FUNC_task_storage_get, KFORM_CALL },
	/* helpers implemented by the function of their own name (BPF_CALL_x) */
	{ "bpf_get_current_pid_tgid",		BPF_FUNC_get_current_pid_tgid, KFORM_CALL },
	{ "bpf_map_lookup_elem",		BPF_FUNC_map_lookup_elem, KFORM_CALL },
	{ "bpf_trace_printk",			BPF_FUNC_trace_printk, KFORM_CALL },
	{ "bpf_trace_vprintk",			BPF_FUNC_trace_vprintk, KFORM_CALL },
	{ "bpf_ringbuf_reserve",		BPF_FUNC_ringbuf_reserve, KFORM_CALL },
	{ "bpf_probe_read_user",		BPF_FUNC_probe_read_user, KFORM_CALL },
	{ "bpf_send_signal",			BPF_FUNC_send_signal, KFORM_CALL },
};

static void test_symbol_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(measured) / sizeof(measured[0]); i++) {
		enum kcheck_form form = KFORM_INLINED;
		int id = kcheck_ksym_helper(measured[i].sym, &form);

		if (id != measured[i].helper_id || form != measured[i].form)
			fail_msg("%s maps to helper %d (%s), expected %d (%s)", measured[i].sym, id,
				 kcheck_form_str(form), measured[i].helper_id,
				 kcheck_form_str(measured[i].form));
		assert_non_null(helper_by_id(id));
		assert_false(kcheck_ksym_runtime(measured[i].sym));
	}
	/* form is optional */
	assert_int_equal(kcheck_ksym_helper("bpf_probe_read_compat", NULL), BPF_FUNC_probe_read);
}

static void test_symbol_table_fails_closed(void **state)
{
	static const char *const unknown[] = {
		"__static_call_return0",	/* bpf_get_branch_snapshot's inline, ambiguous */
		"__bpf_call_base",
		"htab_map_gen_lookup",		/* emits code, is never called */
		"do_sys_open",
		"bpf_",
		"bpf_get_current_pid_tgid_x",
		"BPF_GET_CURRENT_PID_TGID",
		"",
		"arch_bpf_timed_may_goto",	/* a runtime call, not a helper */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		if (kcheck_ksym_helper(unknown[i], NULL) != -ENOENT)
			fail_msg("'%s' maps to a helper", unknown[i]);
	}
	assert_int_equal(kcheck_ksym_helper(NULL, NULL), -ENOENT);
	assert_true(kcheck_ksym_runtime("arch_bpf_timed_may_goto"));
	assert_false(kcheck_ksym_runtime("bpf_get_current_pid_tgid"));
	assert_false(kcheck_ksym_runtime(NULL));
}

static void test_strings(void **state)
{
	(void)state;
	assert_string_equal(kcheck_call_kind_str(KCALL_HELPER), "helper");
	assert_string_equal(kcheck_call_kind_str(KCALL_KFUNC), "kfunc");
	assert_string_equal(kcheck_call_kind_str(KCALL_HOSTLIB), "hostlib");
	assert_string_equal(kcheck_call_kind_str(KCALL_SUBPROG), "subprog");
	assert_string_equal(kcheck_call_kind_str(KCALL_RUNTIME), "runtime");
	assert_string_equal(kcheck_call_kind_str(KCALL_UNKNOWN), "unknown");
	assert_string_equal(kcheck_form_str(KFORM_CALL), "call");
	assert_string_equal(kcheck_form_str(KFORM_SPECIALISED), "specialised");
	assert_string_equal(kcheck_form_str(KFORM_INLINED), "inlined");
}

static void test_bad_arguments(void **state)
{
	struct kcheck_report *r = NULL;

	(void)state;
	/* no role, no program: refused with a report that says so, never a pass */
	assert_int_equal(kcheck_prog(-1, NULL, &r), -EINVAL);
	assert_non_null(r);
	assert_false(kcheck_passed(r));
	assert_non_null(r->errmsg);
	kcheck_report_free(r);
	assert_false(kcheck_passed(NULL));
	kcheck_report_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_name_length),
		cmocka_unit_test(test_parse_not_nul_terminated),
		cmocka_unit_test(test_parse_hidden_and_empty),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_symbol_table),
		cmocka_unit_test(test_symbol_table_fails_closed),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
