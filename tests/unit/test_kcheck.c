// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The kallsyms parser (on fixture text, malformed lines included) and the table that maps
 * kernel symbols back to the helpers they implement. That the table matches the running
 * kernel is proven by tests/bats/04-inspect.bats, which loads real programs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

/* ---- kcheck_host_match(): is a host-named function the host library's code? ---- */

#define FN_MAX		128
#define VALUE_OFF	312	/* offsetof(struct bpf_array, value) on 6.18; any value will do */
#define MAP_ID		27

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JNE_IMM(d, i, o)	INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d)		INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, 0), \
				INSN(0, 0, 0, 0, 0)
#define LD_IMM64(d, lo)		INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), INSN(0, 0, 0, 0, 0)
#define PERCPU_MOV(d)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, d, -1, 0)

/* One function's code, as in the object (orig) or as the kernel holds it (xlated). */
struct fn {
	struct bpf_insn insns[FN_MAX];
	struct kcheck_ref refs[FN_MAX];
	bool seen[FN_MAX];
	uint32_t n;
};

/* What each call and ld_imm64 refers to: helper ids from the imm, maps from ld_imm64s. */
static void fn_refs(struct fn *f)
{
	uint32_t i;

	for (i = 0; i < f->n; i++) {
		struct bpf_insn *in = &f->insns[i];

		memset(&f->refs[i], 0, sizeof(f->refs[i]));
		if (in->code == (BPF_JMP | BPF_CALL) && !in->src_reg) {
			f->refs[i].kind = KREF_HELPER;
			f->refs[i].helper_id = in->imm;
		} else if (in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
			   in->src_reg == BPF_PSEUDO_MAP_FD) {
			f->refs[i].kind = KREF_MAP;
		}
	}
}

/* The object's form of @in: map references are relocations (src_reg 0, imm 0). */
static void fn_orig(struct fn *f, const struct bpf_insn *in, uint32_t n)
{
	uint32_t i;

	assert_true(n <= FN_MAX);
	memcpy(f->insns, in, n * sizeof(*in));
	f->n = n;
	fn_refs(f);
	for (i = 0; i < n; i++)
		if (f->refs[i].kind == KREF_MAP)
			f->insns[i].src_reg = 0;
}

/* The kernel's form of @in: map references carry the map's id. */
static void fn_xlated(struct fn *f, const struct bpf_insn *in, uint32_t n)
{
	uint32_t i;

	assert_true(n <= FN_MAX);
	memcpy(f->insns, in, n * sizeof(*in));
	f->n = n;
	fn_refs(f);
	for (i = 0; i < n; i++)
		if (f->refs[i].kind == KREF_MAP)
			f->insns[i].imm = MAP_ID;
}

/* @o as the kernel loads it, every instruction seen: map references carry the map's id. */
static void fn_loaded(const struct fn *o, struct fn *x)
{
	uint32_t i;

	*x = *o;
	for (i = 0; i < x->n; i++) {
		x->seen[i] = true;
		if (x->refs[i].kind == KREF_MAP) {
			x->insns[i].src_reg = BPF_PSEUDO_MAP_FD;
			x->insns[i].imm = MAP_ID;
		}
	}
}

/* Host library function @name as in the object (@o) and as the kernel loads it (@x). */
static void fn_host(struct fn *o, struct fn *x, const char *name)
{
	struct kcheck_code c;

	assert_int_equal(kcheck_host_code(name, &c), 0);
	assert_true(c.n <= FN_MAX);
	memcpy(o->insns, c.insns, c.n * sizeof(*c.insns));
	memcpy(o->refs, c.refs, c.n * sizeof(*c.refs));
	o->n = c.n;
	fn_loaded(o, x);
}

static int fn_match(const struct fn *o, const struct fn *x, char *why, size_t len)
{
	struct kcheck_code oc = { .insns = o->insns, .refs = o->refs, .n = o->n };
	struct kcheck_code xc = { .insns = x->insns, .refs = x->refs, .n = x->n, .base = 100 };

	return kcheck_host_match(&oc, &xc, VALUE_OFF, why, len);
}

#define assert_match(o, x) do {							\
	char why_[256];								\
	int r_ = fn_match(o, x, why_, sizeof(why_));				\
	if (r_)									\
		fail_msg("not matched (%d): %s", r_, why_);			\
} while (0)

/* Refused, and the reason contains @part. */
#define assert_refused(o, x, part) do {						\
	char why_[256];								\
	int r_ = fn_match(o, x, why_, sizeof(why_));				\
	if (r_ != 1)								\
		fail_msg("%s:%d: matched (%d), expected refused", __FILE__,	\
			 __LINE__, r_);						\
	if (!strstr(why_, part))						\
		fail_msg("reason '%s' does not say '%s'", why_, part);		\
} while (0)

static bool is_cond(const struct bpf_insn *in)
{
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA && op != BPF_CALL &&
	       op != BPF_EXIT;
}

static bool is_branch(const struct bpf_insn *in)
{
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT;
}

/*
 * The kernel's bpf_adj_branches() for instructions [pos, end_old) becoming
 * [pos, end_new) (kernel/bpf/core.c), on the program as it is after the change.
 */
static void adj_branches(struct fn *f, int pos, int end_old, int end_new)
{
	int delta = end_new - end_old, i;

	for (i = 0; i < (int)f->n; i++) {
		struct bpf_insn *in = &f->insns[i];
		int off;

		if (i >= pos && i < end_new && end_new > end_old)
			continue;	/* a patch's own jumps are its own */
		if (!is_branch(in))
			continue;
		off = in->off;
		if (i < pos && i + off + 1 >= end_old)
			off += delta;
		else if (i >= end_new && i + off + 1 < end_new)
			off -= delta;
		in->off = (__s16)off;
	}
}

/* bpf_remove_insns(): drop [pos, pos + cnt) and fix the jumps around them. */
static void fn_remove(struct fn *f, uint32_t pos, uint32_t cnt)
{
	uint32_t rest = f->n - pos - cnt;

	memmove(&f->insns[pos], &f->insns[pos + cnt], rest * sizeof(f->insns[0]));
	memmove(&f->refs[pos], &f->refs[pos + cnt], rest * sizeof(f->refs[0]));
	memmove(&f->seen[pos], &f->seen[pos + cnt], rest * sizeof(f->seen[0]));
	f->n -= cnt;
	adj_branches(f, (int)pos, (int)(pos + cnt), (int)pos);
}

/* bpf_patch_insn_single(): instruction @pos becomes @patch, the jumps around it fixed. */
static void fn_patch(struct fn *f, uint32_t pos, const struct bpf_insn *patch, uint32_t len)
{
	uint32_t rest = f->n - pos - 1, i;

	assert_true(f->n + len - 1 <= FN_MAX);
	memmove(&f->insns[pos + len], &f->insns[pos + 1], rest * sizeof(f->insns[0]));
	memmove(&f->refs[pos + len], &f->refs[pos + 1], rest * sizeof(f->refs[0]));
	memmove(&f->seen[pos + len], &f->seen[pos + 1], rest * sizeof(f->seen[0]));
	memcpy(&f->insns[pos], patch, len * sizeof(*patch));
	for (i = pos; i < pos + len; i++) {
		memset(&f->refs[i], 0, sizeof(f->refs[i]));
		f->seen[i] = true;
	}
	f->n += len - 1;
	adj_branches(f, (int)pos, (int)pos + 1, (int)(pos + len));
}

/*
 * What the verifier leaves of a privileged program whose unseen instructions are those
 * with f->seen false: opt_hard_wire_dead_code_branches(), opt_remove_dead_code(),
 * opt_remove_nops() of kernel/bpf/verifier.c.
 */
static void kernel_prune(struct fn *f)
{
	static const struct bpf_insn nop = JA(0);
	uint32_t i, j;

	for (i = 0; i < f->n; i++) {
		struct bpf_insn *in = &f->insns[i];

		if (!is_cond(in))
			continue;
		if (!f->seen[i + 1])
			*in = JA(in->off);
		else if (!f->seen[i + 1 + in->off])
			*in = JA(0);
	}
	for (i = 0; i < f->n; i++) {
		for (j = 0; i + j < f->n && !f->seen[i + j]; j++)
			;
		if (j)
			fn_remove(f, i, j);
	}
	for (i = 0; i < f->n; i++) {
		if (memcmp(&f->insns[i], &nop, sizeof(nop)))
			continue;
		fn_remove(f, i, 1);
		i--;
	}
}

/*
 * What the verifier sees of @o when it knows how some branches go: pins[i] 1 taken
 * always, 2 never, 0 either way.
 */
static void seen_with_pins(const struct fn *o, const uint8_t *pins, bool *seen)
{
	uint32_t stack[FN_MAX], top = 0, i;

	memset(seen, 0, FN_MAX * sizeof(*seen));
	seen[0] = true;
	stack[top++] = 0;
	while (top) {
		const struct bpf_insn *in;
		int64_t succ[2];
		int ns = 0, k;

		i = stack[--top];
		in = &o->insns[i];
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			seen[i + 1] = true;
			succ[ns++] = i + 2;
		} else if (in->code == (BPF_JMP | BPF_EXIT)) {
			ns = 0;
		} else if (in->code == (BPF_JMP | BPF_JA)) {
			succ[ns++] = i + 1 + in->off;
		} else if (is_cond(in)) {
			if (pins[i] != 1)
				succ[ns++] = i + 1;
			if (pins[i] != 2)
				succ[ns++] = i + 1 + in->off;
		} else {
			succ[ns++] = i + 1;
		}
		for (k = 0; k < ns; k++) {
			assert_true(succ[k] >= 0 && succ[k] < o->n);
			if (!seen[succ[k]]) {
				seen[succ[k]] = true;
				stack[top++] = (uint32_t)succ[k];
			}
		}
	}
}

/* @o with the branches pinned as @pins, as the kernel holds it. */
static void fn_pinned(const struct fn *o, const uint8_t *pins, struct fn *x)
{
	fn_loaded(o, x);
	seen_with_pins(o, pins, x->seen);
	kernel_prune(x);
}

static const char *const host_fns[] = { "handle_uprobe_event", "bpf_get_info", "bpf_strncpy" };

static void test_host_match_host_library(void **state)
{
	static const struct bpf_insn cpu_id[] = {
		MOV64_IMM(BPF_REG_0, -2085560268), PERCPU_MOV(BPF_REG_0),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_0, 0, 0),
	};
	static const struct bpf_insn array_lookup[] = {
		ADD64_IMM(BPF_REG_1, VALUE_OFF),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_2, 0, 0),
		INSN(BPF_JMP | BPF_JGE | BPF_K, BPF_REG_0, 0, 3, 1),
		INSN(BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_0, 0, 0, 3),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, BPF_REG_1, 0, 0),
		JA(1),
		MOV64_IMM(BPF_REG_0, 0),
	};
	struct fn o, x;
	uint32_t i, k;

	(void)state;
	for (k = 0; k < sizeof(host_fns) / sizeof(host_fns[0]); k++) {
		fn_host(&o, &x, host_fns[k]);
		assert_match(&o, &x);
		/* and with the helpers the kernel inlines inlined, as it does on 6.18 */
		for (i = 0; i < x.n; i++) {
			if (x.insns[i].code != (BPF_JMP | BPF_CALL))
				continue;
			if (x.insns[i].imm == BPF_FUNC_get_smp_processor_id)
				fn_patch(&x, i, cpu_id, 3);
			else if (x.insns[i].imm == BPF_FUNC_map_lookup_elem)
				fn_patch(&x, i, array_lookup, 7);
		}
		assert_match(&o, &x);
	}
}

/* Every way one or two known branches can prune a host function is the kernel's. */
static void test_host_match_pruned(void **state)
{
	uint8_t pins[FN_MAX];
	uint32_t k, a, b, pa, pb, tried = 0, pruned = 0;
	struct fn o, x;

	(void)state;
	for (k = 0; k < sizeof(host_fns) / sizeof(host_fns[0]); k++) {
		fn_host(&o, &x, host_fns[k]);
		for (a = 0; a < o.n; a++) {
			for (b = a; b < o.n; b++) {
				if (!is_cond(&o.insns[a]) || !is_cond(&o.insns[b]))
					continue;
				for (pa = 1; pa <= 2; pa++) {
					for (pb = 1; pb <= 2; pb++) {
						memset(pins, 0, sizeof(pins));
						pins[a] = (uint8_t)pa;
						pins[b] = (uint8_t)pb;
						if (a == b && pa != pb)
							continue;
						fn_pinned(&o, pins, &x);
						if (x.n < o.n)
							pruned++;
						tried++;
						assert_match(&o, &x);
					}
				}
			}
		}
	}
	/* handle_uprobe_event and bpf_strncpy have branches; most pins remove code */
	assert_true(tried > 20);
	assert_true(pruned > 10);
}

/* bpf_strncpy(dst, src, 1): the loop and the branch into it gone, as measured on 6.18. */
static void test_host_match_strncpy_len1(void **state)
{
	uint8_t pins[FN_MAX] = {};
	uint32_t i, cond = 0, loop = 0;
	struct fn o, x, y;

	(void)state;
	fn_host(&o, &x, "bpf_strncpy");
	/* the second `if r3 == 0` (len - 1 == 0) is always taken */
	for (i = 0; i < o.n; i++)
		if (o.insns[i].code == (BPF_JMP | BPF_JEQ | BPF_K) && o.insns[i].dst_reg == 3 &&
		    ++cond == 2)
			loop = i;
	assert_true(loop > 0);
	pins[loop] = 1;
	fn_pinned(&o, pins, &x);
	/* the kernel's: 4 instructions plus the ld_imm64 before the loop, 3 after */
	assert_int_equal(x.n, 9);
	for (i = 0; i < x.n; i++)
		assert_false(is_branch(&x.insns[i]) && x.insns[i].off < 0);
	assert_match(&o, &x);

	/* one instruction of that deleted (as a compiler would, jumps fixed): refused */
	for (i = 0; i < x.n; i++) {
		if (i && x.insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		y = x;
		fn_remove(&y, i, y.insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1);
		if (!fn_match(&o, &y, (char[256]){ 0 }, 256))
			fail_msg("bpf_strncpy without its xlated insn %u matched", i);
	}
	/* one instruction changed: refused */
	for (i = 0; i < x.n; i++) {
		y = x;
		y.insns[i].imm += 1;
		if (!fn_match(&o, &y, (char[256]){ 0 }, 256))
			fail_msg("bpf_strncpy with xlated insn %u's imm changed matched", i);
		y = x;
		y.insns[i].off += 1;
		if (!fn_match(&o, &y, (char[256]){ 0 }, 256))
			fail_msg("bpf_strncpy with xlated insn %u's off changed matched", i);
		y = x;
		y.insns[i].dst_reg ^= 1;
		if (!fn_match(&o, &y, (char[256]){ 0 }, 256))
			fail_msg("bpf_strncpy with xlated insn %u's dst changed matched", i);
	}
}

/*
 * Dead code the verifier cannot have found: each single reachable instruction of each host
 * function taken out, the way the kernel takes out what it did not see.
 */
static void test_host_match_reachable_missing(void **state)
{
	uint32_t k, i;
	struct fn o, x;

	(void)state;
	for (k = 0; k < sizeof(host_fns) / sizeof(host_fns[0]); k++) {
		fn_host(&o, &x, host_fns[k]);
		for (i = 1; i < o.n; i++) {
			if (o.insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
				continue;
			fn_loaded(&o, &x);
			x.seen[i] = false;
			if (o.insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
				x.seen[i + 1] = false;
			kernel_prune(&x);
			if (!fn_match(&o, &x, (char[256]){ 0 }, 256))
				fail_msg("%s without its reachable insn %u matched", host_fns[k], i);
		}
	}
}

static void test_host_match_r0_before_exit(void **state)
{
	static const struct bpf_insn orig[] = {
		CALL(BPF_FUNC_get_current_comm), MOV64_IMM(BPF_REG_0, 0), EXIT(),
	};
	static const struct bpf_insn deleted[] = {
		CALL(BPF_FUNC_get_current_comm), EXIT(),
	};
	/* the same deletion behind a branch that claims to be hard-wired */
	static const struct bpf_insn orig_branch[] = {
		JEQ_IMM(BPF_REG_1, 0, 2), MOV64_IMM(BPF_REG_0, 0), EXIT(),
		MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	static const struct bpf_insn branch_deleted[] = {
		JEQ_IMM(BPF_REG_1, 0, 1), EXIT(), MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	static const struct bpf_insn branch_wired[] = {
		JA(1), EXIT(), MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	static const struct bpf_insn fallthrough_only[] = {
		MOV64_IMM(BPF_REG_0, 0), EXIT(),
	};
	static const struct bpf_insn target_only[] = {
		MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	static const struct bpf_insn exit_only[] = { EXIT() };
	struct fn o, x;

	(void)state;
	fn_orig(&o, orig, 3);
	fn_xlated(&x, orig, 3);
	assert_match(&o, &x);
	fn_xlated(&x, deleted, 2);
	assert_refused(&o, &x, "the host library's insn 1 (code 0xb7) is missing, though it "
		       "is reachable");

	fn_orig(&o, orig_branch, 5);
	fn_xlated(&x, branch_deleted, 4);
	assert_refused(&o, &x, "is missing, though it is reachable");
	fn_xlated(&x, branch_wired, 4);
	assert_refused(&o, &x, "cannot be reached there");
	/* what the kernel makes of it knowing r1: either side alone */
	fn_xlated(&x, fallthrough_only, 2);
	assert_match(&o, &x);
	fn_xlated(&x, target_only, 2);
	assert_match(&o, &x);
	fn_xlated(&x, exit_only, 1);
	assert_refused(&o, &x, "is missing, though it is reachable");
}

static void test_host_match_hardwired_ja(void **state)
{
	/* the fallthrough of insn 0 dead, insn 3 reached by a jump from below: `ja` stays */
	static const struct bpf_insn orig[] = {
		JEQ_IMM(BPF_REG_1, 0, 3), MOV64_IMM(BPF_REG_0, 1), EXIT(),
		MOV64_IMM(BPF_REG_0, 5), JNE_IMM(BPF_REG_2, 0, -2), EXIT(),
	};
	static const struct bpf_insn wired[] = {
		JA(1), MOV64_IMM(BPF_REG_0, 5), JNE_IMM(BPF_REG_2, 0, -2), EXIT(),
	};
	/* lands one too far, on the exit */
	static const struct bpf_insn wired_off[] = {
		JA(2), MOV64_IMM(BPF_REG_0, 5), JNE_IMM(BPF_REG_2, 0, -2), EXIT(),
	};
	/* insn 1 may go either way: insn 2 is reached from insn 0 too */
	static const struct bpf_insn shared[] = {
		JNE_IMM(BPF_REG_2, 0, 1), JEQ_IMM(BPF_REG_1, 0, 1), MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	static const struct bpf_insn shared_wired[] = {
		JNE_IMM(BPF_REG_2, 0, 1), JA(1), MOV64_IMM(BPF_REG_0, 1), EXIT(),
	};
	struct fn o, x;

	(void)state;
	fn_orig(&o, orig, 6);
	fn_xlated(&x, wired, 4);
	assert_match(&o, &x);
	fn_xlated(&x, wired_off, 4);
	assert_refused(&o, &x, "the jump at xlated insn 100 lands on xlated insn 103, not where "
		       "the host library's insn 0 lands");
	fn_orig(&o, shared, 4);
	fn_xlated(&x, shared, 4);
	assert_match(&o, &x);
	fn_xlated(&x, shared_wired, 4);
	assert_refused(&o, &x, "xlated insn 101 always jumps where the host library's insn 1 "
		       "branches, though its other way is reachable");
}

static void test_host_match_forms(void **state)
{
	static const struct bpf_insn lookup[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_2, BPF_REG_10), ADD64_IMM(BPF_REG_2, -4),
		CALL(BPF_FUNC_map_lookup_elem), EXIT(),
	};
	static const struct bpf_insn htab[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_2, BPF_REG_10), ADD64_IMM(BPF_REG_2, -4),
		CALL(BPF_FUNC_map_lookup_elem), JEQ_IMM(BPF_REG_0, 0, 1), ADD64_IMM(BPF_REG_0, 48),
		EXIT(),
	};
	static const struct bpf_insn htab_bad[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_2, BPF_REG_10), ADD64_IMM(BPF_REG_2, -4),
		CALL(BPF_FUNC_map_lookup_elem), JEQ_IMM(BPF_REG_0, 0, 1), ADD64_IMM(BPF_REG_1, 48),
		EXIT(),
	};
	static const struct bpf_insn array[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_2, BPF_REG_10), ADD64_IMM(BPF_REG_2, -4),
		ADD64_IMM(BPF_REG_1, VALUE_OFF),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_2, 0, 0),
		INSN(BPF_JMP | BPF_JGE | BPF_K, BPF_REG_0, 0, 4, 16),
		INSN(BPF_ALU | BPF_AND | BPF_K, BPF_REG_0, 0, 0, 15),
		INSN(BPF_ALU64 | BPF_MUL | BPF_K, BPF_REG_0, 0, 0, 24),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, BPF_REG_1, 0, 0),
		JA(1), MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	/* r1 is no longer the map when the "lookup" starts: a program can write this itself */
	static const struct bpf_insn lookup_r1[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_1, BPF_REG_6), ADD64_IMM(BPF_REG_2, -4),
		CALL(BPF_FUNC_map_lookup_elem), EXIT(),
	};
	static const struct bpf_insn array_r1[] = {
		LD_MAP(BPF_REG_1), MOV64_REG(BPF_REG_1, BPF_REG_6), ADD64_IMM(BPF_REG_2, -4),
		ADD64_IMM(BPF_REG_1, VALUE_OFF),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_2, 0, 0),
		INSN(BPF_JMP | BPF_JGE | BPF_K, BPF_REG_0, 0, 3, 16),
		INSN(BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_0, 0, 0, 3),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, BPF_REG_1, 0, 0),
		JA(1), MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	static const struct bpf_insn cpu[] = { CALL(BPF_FUNC_get_smp_processor_id), EXIT() };
	static const struct bpf_insn pid[] = { CALL(BPF_FUNC_get_current_pid_tgid), EXIT() };
	static const struct bpf_insn cpu_inline[] = {
		MOV64_IMM(BPF_REG_0, 1234), PERCPU_MOV(BPF_REG_0),
		INSN(BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_0, 0, 0), EXIT(),
	};
	static const struct bpf_insn constant[] = { LD_IMM64(BPF_REG_0, -22), EXIT() };
	static const struct bpf_insn constant_other[] = { LD_IMM64(BPF_REG_0, -28), EXIT() };
	static const struct bpf_insn map_r0[] = { LD_MAP(BPF_REG_0), EXIT() };
	static const struct bpf_insn extra[] = {
		CALL(BPF_FUNC_get_current_pid_tgid), MOV64_IMM(BPF_REG_0, 0), EXIT(),
	};
	struct fn o, x;

	(void)state;
	fn_orig(&o, lookup, 6);
	/* a hash map: __htab_map_lookup_elem and what htab_map_gen_lookup() adds */
	fn_xlated(&x, htab, 8);
	x.refs[4].name = "__htab_map_lookup_elem";
	assert_match(&o, &x);
	fn_xlated(&x, htab_bad, 8);
	x.refs[4].name = "__htab_map_lookup_elem";
	assert_refused(&o, &x, "xlated insn 104 (code 0x85) is not the host library's code");
	/* the call without the code the kernel always adds after it */
	fn_xlated(&x, lookup, 6);
	x.refs[4].name = "__htab_map_lookup_elem";
	assert_refused(&o, &x, "xlated insn 104 (code 0x85) is not the host library's code");
	/* an array map (index mask, element size not a power of 2): inlined */
	fn_xlated(&x, array, 13);
	assert_match(&o, &x);
	/* the map, another map: the id is not compared */
	x.insns[0].imm = MAP_ID + 1;
	assert_match(&o, &x);
	fn_orig(&o, lookup_r1, 6);
	fn_xlated(&x, array_r1, 12);
	assert_refused(&o, &x, "xlated insn 104 (code 0x07) is not the host library's code");

	/* bpf_get_smp_processor_id inlined: that helper's form, no other's */
	fn_orig(&o, cpu, 2);
	fn_xlated(&x, cpu_inline, 4);
	assert_match(&o, &x);
	fn_orig(&o, pid, 2);
	assert_refused(&o, &x, "xlated insn 100 (code 0xb7) is not the host library's code");
	/* another helper */
	fn_orig(&o, cpu, 2);
	fn_xlated(&x, pid, 2);
	assert_refused(&o, &x, "xlated insn 100 (code 0x85) is not the host library's code");

	/* a constant is compared in full; a map is not a constant */
	fn_orig(&o, constant, 3);
	fn_xlated(&x, constant, 3);
	assert_match(&o, &x);
	fn_xlated(&x, constant_other, 3);
	assert_refused(&o, &x, "xlated insn 100 (code 0x18) is not the host library's code");
	fn_xlated(&x, map_r0, 3);
	assert_refused(&o, &x, "xlated insn 100 (code 0x18) is not the host library's code");

	/* an instruction more */
	fn_orig(&o, pid, 2);
	fn_xlated(&x, extra, 3);
	assert_refused(&o, &x, "xlated insn 101 (code 0xb7) is not the host library's code");
}

static void test_host_match_calls_by_name(void **state)
{
	static const struct bpf_insn orig[] = {
		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, -1),
		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1), EXIT(),
	};
	static const struct bpf_insn xlated[] = {
		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0x1234),
		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 7, 2), EXIT(),
	};
	struct fn o, x;

	(void)state;
	fn_orig(&o, orig, 3);
	o.refs[0] = (struct kcheck_ref){ .kind = KREF_KFUNC, .name = "bpf_strnlen" };
	o.refs[1] = (struct kcheck_ref){ .kind = KREF_FUNC, .name = "bpf_strncpy" };
	fn_xlated(&x, xlated, 3);
	x.refs[0] = (struct kcheck_ref){ .kind = KREF_KFUNC, .name = "bpf_strnlen" };
	x.refs[1] = (struct kcheck_ref){ .kind = KREF_FUNC, .name = "bpf_strncpy" };
	assert_match(&o, &x);
	x.refs[0].name = "bpf_strcmp";
	assert_refused(&o, &x, "xlated insn 100 (code 0x85) is not the host library's code");
	x.refs[0].name = "bpf_strnlen";
	x.refs[1].name = "bpf_get_info";
	assert_refused(&o, &x, "xlated insn 101 (code 0x85) is not the host library's code");
	/* what cannot be named matches nothing */
	x.refs[1] = (struct kcheck_ref){ .kind = KREF_OTHER };
	o.refs[1] = (struct kcheck_ref){ .kind = KREF_OTHER };
	assert_refused(&o, &x, "xlated insn 101 (code 0x85) is not the host library's code");
}

static void test_host_match_bad_arguments(void **state)
{
	static const struct bpf_insn code[] = { EXIT() };
	struct kcheck_code c;
	struct fn o, x;
	char why[64];

	(void)state;
	fn_orig(&o, code, 1);
	fn_xlated(&x, code, 1);
	assert_match(&o, &x);
	{
		struct kcheck_code oc = { .insns = o.insns, .refs = o.refs, .n = 1 };
		struct kcheck_code xc = { .insns = x.insns, .refs = x.refs, .n = 0 };

		assert_int_equal(kcheck_host_match(NULL, &xc, VALUE_OFF, why, sizeof(why)),
				 -EINVAL);
		assert_int_equal(kcheck_host_match(&oc, &xc, VALUE_OFF, NULL, 0), -EINVAL);
		/* an empty function is nobody's code */
		assert_int_equal(kcheck_host_match(&oc, &xc, VALUE_OFF, why, sizeof(why)), 1);
		/* nor is one far longer than anything the kernel makes of the original */
		xc.n = 64;
		assert_int_equal(kcheck_host_match(&oc, &xc, VALUE_OFF, why, sizeof(why)), 1);
		assert_non_null(strstr(why, "far more"));
	}
	assert_int_equal(kcheck_host_code("no_such_function", &c), -ENOENT);
	assert_int_equal(kcheck_host_code(NULL, &c), -EINVAL);
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
		cmocka_unit_test(test_host_match_host_library),
		cmocka_unit_test(test_host_match_pruned),
		cmocka_unit_test(test_host_match_strncpy_len1),
		cmocka_unit_test(test_host_match_reachable_missing),
		cmocka_unit_test(test_host_match_r0_before_exit),
		cmocka_unit_test(test_host_match_hardwired_ja),
		cmocka_unit_test(test_host_match_forms),
		cmocka_unit_test(test_host_match_calls_by_name),
		cmocka_unit_test(test_host_match_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
