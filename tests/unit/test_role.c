// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The role model: every construct of the seed's role, each constraint form, inheritance
 * and its conflicts, host function resolution against the running kernel and the host
 * library, and each error with its exact line:col.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/bpf.h>
#include <bpf/btf.h>

#include "output.h"
#include "role.h"

static char srcdir[4096];

static const char *src_path(const char *rel)
{
	static char buf[8192];

	snprintf(buf, sizeof(buf), "%s/%s", srcdir, rel);
	return buf;
}

static bool kernel_btf_readable(void)
{
	return access("/sys/kernel/btf/vmlinux", R_OK) == 0;
}

static struct role_file *load_str(const char *yaml, struct diag_list *dl)
{
	struct role_file *rf = NULL;
	int err;

	memset(dl, 0, sizeof(*dl));
	err = role_file_load_buf("t.yaml", yaml, strlen(yaml), &rf, dl);
	if (err)
		assert_null(rf);
	else
		assert_non_null(rf);
	return rf;
}

/* The diagnostic of @level at @line:@col whose message contains @text, or NULL. */
static const struct diag *find_diag(const struct diag_list *dl, enum diag_level level,
				    unsigned int line, unsigned int col, const char *text)
{
	int i;

	for (i = 0; i < dl->cnt; i++) {
		const struct diag *d = &dl->items[i];

		if (d->level == level && d->pos.line == line && d->pos.col == col &&
		    strstr(d->msg, text))
			return d;
	}
	return NULL;
}

static void dump_diags(const struct diag_list *dl)
{
	int i;

	for (i = 0; i < dl->cnt; i++)
		print_message("  %s:%u:%u: %s: %s\n", dl->items[i].pos.file ?: "-",
			      dl->items[i].pos.line, dl->items[i].pos.col,
			      dl->items[i].level == DIAG_ERROR ? "error" : "warning",
			      dl->items[i].msg);
}

static void expect_diag(const struct diag_list *dl, enum diag_level level, unsigned int line,
			unsigned int col, const char *text)
{
	if (find_diag(dl, level, line, col, text))
		return;
	dump_diags(dl);
	fail_msg("no %s at %u:%u containing '%s'", level == DIAG_ERROR ? "error" : "warning",
		 line, col, text);
}

static int count_level(const struct diag_list *dl, enum diag_level level)
{
	int i, n = 0;

	for (i = 0; i < dl->cnt; i++)
		n += dl->items[i].level == level;
	return n;
}

/* A role file (or the part a loader completes) refused with an error at line:col. */
struct bad_case {
	const char *text;
	unsigned int line, col;
	const char *msg;
};

static void expect_refused(const struct bad_case *cases, size_t n,
			   struct role_file *(*load)(const char *text, struct diag_list *dl))
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct diag_list dl;

		if (load(cases[i].text, &dl))
			fail_msg("case %zu accepted:\n%s", i, cases[i].text);
		expect_diag(&dl, DIAG_ERROR, cases[i].line, cases[i].col, cases[i].msg);
		assert_string_equal(dl.items[0].pos.file, "t.yaml");
		diag_list_free(&dl);
	}
}

#define EXPECT_REFUSED(cases, load) expect_refused(cases, sizeof(cases) / sizeof(cases[0]), load)

static const struct host_fn *fn_named(const struct role_file *rf, const char *name)
{
	const struct host_fn *fn = role_file_host_fn(rf, name);

	if (!fn)
		fail_msg("no host function %s", name);
	return fn;
}

/* ---- the seed's role ---- */

static void test_seed_structure(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	const struct role_type *t;
	const struct host_fn *fn;
	const struct role_def *role;
	const char *path = src_path("roles/uprobe.yaml");

	(void)state;
	memset(&dl, 0, sizeof(dl));
	assert_int_equal(role_file_load(path, &rf, &dl), 0);
	assert_non_null(rf);
	assert_int_equal(dl.nr_errors, 0);
	assert_string_equal(rf->path, path);

	/* types, with bare predicates and "value ≥ 0" */
	assert_int_equal(rf->nr_types, 2);
	t = &rf->types[0];
	assert_string_equal(t->name, "const_char_ptr");
	assert_string_equal(t->base, "char*");
	assert_int_equal(t->nr_constraints, 2);
	assert_int_equal(t->constraints[0].kind, CONSTR_NON_NULL);
	assert_int_equal(t->constraints[0].operand, CONSTR_VALUE);
	assert_int_equal(t->constraints[1].kind, CONSTR_NULL_TERMINATED);
	assert_int_equal(t->constraints[1].operand, CONSTR_VALUE);
	t = &rf->types[1];
	assert_string_equal(t->name, "int_positive");
	assert_int_equal(t->nr_constraints, 1);
	assert_int_equal(t->constraints[0].kind, CONSTR_CMP);
	assert_int_equal(t->constraints[0].op, CMP_GE);
	assert_int_equal(t->constraints[0].value, 0);
	assert_int_equal(t->constraints[0].operand, CONSTR_VALUE);
	assert_string_equal(t->constraints[0].text, "value \xe2\x89\xa5 0");

	/* eight declared host functions, then bpf_get_info named by a capability only */
	assert_int_equal(rf->nr_host_fns, 9);
	assert_true(rf->host_fns[7].declared);
	assert_string_equal(rf->host_fns[8].name, "bpf_get_info");
	assert_false(rf->host_fns[8].declared);
	assert_int_equal(rf->host_fns[8].nr_params, 0);
	assert_int_equal(rf->host_fns[8].prov, PROV_HOSTLIB);

	fn = fn_named(rf, "bpf_map_lookup_elem");
	assert_int_equal(fn->prov, PROV_HELPER);
	assert_int_equal(fn->prov_id, BPF_FUNC_map_lookup_elem);
	assert_int_equal(fn->nr_params, 2);
	assert_string_equal(fn->params[0].name, "map");
	assert_string_equal(fn->params[0].type, "void_ptr");
	assert_true(fn->params[0].is_ptr);
	assert_false(fn->params[0].is_const);
	assert_true(fn->params[1].is_ptr);
	assert_true(fn->params[1].is_const);
	assert_null(fn->params[1].rtype);
	assert_string_equal(fn->return_type, "void_ptr");
	assert_int_equal(fn->nr_constraints, 2);
	assert_int_equal(fn->constraints[1].kind, CONSTR_NON_NULL);
	assert_int_equal(fn->constraints[1].operand, 1);
	assert_int_equal(fn->pos.line, 17);
	assert_int_equal(fn->pos.col, 11);

	/* a parameter named "value" is a parameter, not the type operand */
	fn = fn_named(rf, "bpf_map_update_elem");
	assert_int_equal(fn->prov_id, BPF_FUNC_map_update_elem);
	assert_int_equal(fn->nr_params, 4);
	assert_int_equal(fn->nr_constraints, 3);
	assert_int_equal(fn->constraints[2].operand, 2);
	assert_false(fn->params[3].is_ptr);

	fn = fn_named(rf, "bpf_map_delete_elem");
	assert_int_equal(fn->prov_id, BPF_FUNC_map_delete_elem);
	assert_int_equal(fn->nr_constraints, 0);

	/* src: const_char_ptr gives src.null_terminated; its src.non_null is already written */
	fn = fn_named(rf, "bpf_strncpy");
	assert_int_equal(fn->prov, PROV_HOSTLIB);
	assert_ptr_equal(fn->params[1].rtype, &rf->types[0]);
	assert_true(fn->params[1].is_ptr);
	assert_true(fn->params[1].is_const);
	assert_int_equal(fn->nr_constraints, 3);
	assert_null(fn->constraints[1].from_type);
	assert_int_equal(fn->constraints[2].kind, CONSTR_NULL_TERMINATED);
	assert_int_equal(fn->constraints[2].operand, 1);
	assert_string_equal(fn->constraints[2].from_type, "const_char_ptr");
	assert_string_equal(fn->constraints[2].text, "src.null_terminated");

	fn = fn_named(rf, "bpf_probe_read");
	assert_int_equal(fn->prov_id, BPF_FUNC_probe_read);
	assert_int_equal(fn->constraints[1].kind, CONSTR_CMP);
	assert_int_equal(fn->constraints[1].op, CMP_GT);
	assert_int_equal(fn->constraints[1].value, 0);
	assert_int_equal(fn->constraints[1].operand, 1);
	assert_int_equal(fn->constraints[1].pos.line, 78);
	assert_int_equal(fn->constraints[1].pos.col, 9);

	fn = fn_named(rf, "bpf_get_current_pid_tgid");
	assert_int_equal(fn->prov_id, BPF_FUNC_get_current_pid_tgid);
	assert_int_equal(fn->nr_params, 0);
	assert_int_equal(fn->constraints[0].operand, CONSTR_RETURN);
	assert_int_equal(fn->constraints[0].op, CMP_GE);

	fn = fn_named(rf, "handle_uprobe_event");
	assert_int_equal(fn->prov, PROV_HOSTLIB);

	/* capabilities keep their prose constraints as descriptions */
	assert_int_equal(rf->nr_caps, 4);
	assert_string_equal(rf->caps[2].name, "ProbeHelpersCap");
	assert_int_equal(rf->caps[2].nr_apis, 2);
	assert_ptr_equal(rf->caps[2].apis[1], &rf->host_fns[8]);
	assert_int_equal(rf->caps[2].nr_descriptions, 2);
	assert_string_equal(rf->caps[2].descriptions[1], "Info retrieval must return non-negative");

	/* the role: granted through capabilities, attributes as written, defaults otherwise */
	assert_int_equal(rf->nr_roles, 1);
	role = role_find(rf, NULL);
	assert_ptr_equal(role, role_find(rf, "UprobeRole"));
	assert_null(role_find(rf, "NoSuchRole"));
	assert_int_equal(role->nr_caps, 4);
	assert_int_equal(role->nr_inherits, 0);
	assert_non_null(role_granted(role, "bpf_get_info"));
	assert_non_null(role_granted(role, "handle_uprobe_event"));
	assert_null(role_granted(role, "bpf_get_current_pid_tgid"));
	assert_non_null(role_file_host_fn(rf, "bpf_get_current_pid_tgid"));
	assert_null(role_file_host_fn(rf, "bpf_strcmp"));
	assert_string_equal(role_granting_cap(role, "bpf_strncpy")->name, "StringHelpersCap");
	assert_int_equal(role->attrs.max_memory, 512);
	assert_int_equal(role->attrs.max_instructions, 100000);
	assert_false(role->attrs.allow_memory_write);
	assert_true(role->attrs.always_const);
	assert_false(role->attrs.may_have_side_effect);
	assert_false(role->attrs.skip_verification);
	assert_int_equal(role->attrs.set, ATTR_MAX_MEMORY | ATTR_MAX_INSTRUCTIONS |
			 ATTR_ALLOW_MEMORY_WRITE | ATTR_ALWAYS_CONST | ATTR_MAY_HAVE_SIDE_EFFECT |
			 ATTR_SKIP_VERIFICATION);
	assert_int_equal(role->attrs.inherited, 0);
	assert_int_equal(role->attrs.max_map_memory, 0);
	assert_int_equal(role->attrs.max_event_ns, 0);
	assert_int_equal(role->attrs.on_violation, ON_VIOLATION_DETACH);
	assert_true(rf->has_extension_exports);

	role_file_free(rf);
	diag_list_free(&dl);
}

/* The seed's role lints with exactly these warnings, each where it belongs. */
static void test_seed_warnings(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	int expected = 3;

	(void)state;
	memset(&dl, 0, sizeof(dl));
	assert_int_equal(role_file_load(src_path("roles/uprobe.yaml"), &rf, &dl), 0);
	expect_diag(&dl, DIAG_WARNING, 48, 11,
		    "bpf_strncpy: the return type is declared char_ptr (a pointer), the host library has int");
	expect_diag(&dl, DIAG_WARNING, 107, 30,
		    "bpf_get_info has no host_functions entry: granted as a host library function, without constraints");
	expect_diag(&dl, DIAG_WARNING, 81, 11,
		    "bpf_get_current_pid_tgid is defined but no capability grants it");
	if (kernel_btf_readable()) {
		const struct host_fn *fn = fn_named(rf, "bpf_strnlen");

		expect_diag(&dl, DIAG_WARNING, 59, 11,
			    "bpf_strnlen: the return type is declared size_t (8 bytes), the kernel's kfunc has int (4 bytes)");
		assert_int_equal(fn->prov, PROV_KFUNC);
		assert_true(fn->prov_id > 0);
		expected++;
	}
	assert_int_equal(count_level(&dl, DIAG_WARNING), expected);
	assert_int_equal(dl.nr_errors, 0);
	role_file_free(rf);
	diag_list_free(&dl);
}

static void test_second_example(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	const struct role_def *child;

	(void)state;
	memset(&dl, 0, sizeof(dl));
	assert_int_equal(role_file_load(src_path("roles/readonly-tracer.yaml"), &rf, &dl), 0);
	if (dl.cnt)
		dump_diags(&dl);
	assert_int_equal(dl.cnt, 0);
	assert_null(role_find(rf, NULL));	/* two roles: a name is needed */
	child = role_find(rf, "ReadonlyTracer");
	assert_non_null(child);
	assert_int_equal(child->nr_caps, 5);
	assert_non_null(role_granted(child, "bpf_map_lookup_elem"));
	assert_non_null(role_granted(child, "bpf_probe_read_user_str"));
	assert_null(role_granted(role_find(rf, "CountingTracer"), "bpf_probe_read_user_str"));
	assert_int_equal(child->attrs.max_memory, 512);
	assert_int_equal(child->attrs.max_map_memory, 1048576);
	assert_true(child->attrs.inherited & ATTR_MAX_MAP_MEMORY);
	assert_false(child->attrs.inherited & ATTR_MAX_MEMORY);
	role_file_free(rf);
	diag_list_free(&dl);
}

/* ---- constraints ---- */

static const char constr_prelude[] =
	"host_functions:\n"
	"  - name: bpf_probe_read\n"
	"    signature:\n"
	"      params:\n"
	"        - {type: void_ptr, name: dst}\n"
	"        - {type: u32, name: size}\n"
	"        - {type: const_void_ptr, name: src}\n"
	"      return_type: long\n"
	"    function_constraints: [\"%s\"]\n"
	"capabilities: [{name: C, apis: [bpf_probe_read]}]\n"
	"roles: [{name: R, capabilities: [C]}]\n";

static struct role_file *load_constraint(const char *constraint, struct diag_list *dl)
{
	char yaml[2048];

	snprintf(yaml, sizeof(yaml), constr_prelude, constraint);
	return load_str(yaml, dl);
}

static void test_constraint_forms(void **state)
{
	static const struct {
		const char *text;
		enum constraint_kind kind;
		int operand;
		enum cmp_op op;
		int64_t value;
	} cases[] = {
		{ "dst.non_null", CONSTR_NON_NULL, 0, 0, 0 },
		{ "src.null_terminated", CONSTR_NULL_TERMINATED, 2, 0, 0 },
		{ "  dst . non_null ", CONSTR_NON_NULL, 0, 0, 0 },
		{ "size > 0", CONSTR_CMP, 1, CMP_GT, 0 },
		{ "size >= 1", CONSTR_CMP, 1, CMP_GE, 1 },
		{ "size \xe2\x89\xa5 2", CONSTR_CMP, 1, CMP_GE, 2 },
		{ "size < 256", CONSTR_CMP, 1, CMP_LT, 256 },
		{ "size <= 255", CONSTR_CMP, 1, CMP_LE, 255 },
		{ "size \xe2\x89\xa4 128", CONSTR_CMP, 1, CMP_LE, 128 },
		{ "size == 8", CONSTR_CMP, 1, CMP_EQ, 8 },
		{ "size != 0", CONSTR_CMP, 1, CMP_NE, 0 },
		{ "size>0", CONSTR_CMP, 1, CMP_GT, 0 },
		{ "size\xe2\x89\xa5" "0x10", CONSTR_CMP, 1, CMP_GE, 16 },
		{ "return >= -22", CONSTR_CMP, CONSTR_RETURN, CMP_GE, -22 },
		{ "return \xe2\x89\xa4 +9223372036854775807", CONSTR_CMP, CONSTR_RETURN, CMP_LE,
		  INT64_MAX },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list dl;
		struct role_file *rf = load_constraint(cases[i].text, &dl);
		const struct constraint *c;

		if (!rf) {
			dump_diags(&dl);
			fail_msg("constraint '%s' refused", cases[i].text);
		}
		c = &rf->host_fns[0].constraints[0];
		assert_int_equal(rf->host_fns[0].nr_constraints, 1);
		assert_int_equal(c->kind, cases[i].kind);
		assert_int_equal(c->operand, cases[i].operand);
		if (c->kind == CONSTR_CMP) {
			assert_int_equal(c->op, cases[i].op);
			assert_int_equal(c->value, cases[i].value);
		}
		assert_string_equal(c->text, cases[i].text);
		assert_null(c->from_type);
		assert_int_equal(c->pos.line, 9);
		assert_int_equal(c->pos.col, 28);
		role_file_free(rf);
		diag_list_free(&dl);
	}
	assert_string_equal(cmp_op_str(CMP_GT), ">");
	assert_string_equal(cmp_op_str(CMP_GE), ">=");
	assert_string_equal(cmp_op_str(CMP_LT), "<");
	assert_string_equal(cmp_op_str(CMP_LE), "<=");
	assert_string_equal(cmp_op_str(CMP_EQ), "==");
	assert_string_equal(cmp_op_str(CMP_NE), "!=");
}

/* Each malformed constraint, with the column of what is wrong (the string opens at 28). */
static void test_constraint_errors(void **state)
{
	static const struct bad_case cases[] = {
		{ "", 9, 28, "a constraint is empty" },
		{ "9 > 0", 9, 29, "expected an operand" },
		{ "dsx.non_null", 9, 29, "bpf_probe_read has no parameter 'dsx'" },
		{ "value.non_null", 9, 29, "bpf_probe_read has no parameter 'value'" },
		{ "dst.non_nul", 9, 33, "unknown predicate" },
		{ "dst.", 9, 33, "unknown predicate" },
		{ "dst.non_null x", 9, 42, "unexpected text after the predicate" },
		{ "size", 9, 33, "expected '.non_null', '.null_terminated' or a comparison" },
		{ "size => 1", 9, 34, "expected '.non_null', '.null_terminated' or a comparison" },
		{ "size >> 1", 9, 35, "expected an integer" },
		{ "size > x", 9, 36, "expected an integer" },
		{ "size > 1 2", 9, 38, "unexpected text after the integer" },
		{ "size \xe2\x89\xa5 1 extra", 9, 38, "unexpected text after the integer" },
		{ "size > 99999999999999999999", 9, 36, "the integer is out of range" },
		{ "size.non_null", 9, 34, "non_null applies to pointers, and 'size' is u32" },
		{ "dst > 0", 9, 29, "'dst' is a pointer" },
		{ "return.null_terminated", 9, 36, "null_terminated applies to pointers" },
	};
	(void)state;
	EXPECT_REFUSED(cases, load_constraint);
}

/* Constraints in types: bare predicates, "value", and what parameters inherit. */
static void test_type_constraints(void **state)
{
	static const char yaml[] =
		"types:\n"
		"  - {name: str, base: \"const char *\", constraints: [non_null, \"value.null_terminated\"]}\n"
		"  - {name: small, base: u32, constraints: [\"value < 64\", \"value \xe2\x89\xa5 1\"]}\n"
		"host_functions:\n"
		"  - name: bpf_probe_read_user_str\n"
		"    signature:\n"
		"      params: [{type: char_ptr, name: dst}, {type: small, name: size}, {type: str, name: src}]\n"
		"      return_type: long\n"
		"    function_constraints: [\"size < 64\"]\n"
		"capabilities: [{name: C, apis: [bpf_probe_read_user_str]}]\n"
		"roles: [{name: R, capabilities: [C]}]\n";
	struct diag_list dl;
	struct role_file *rf = load_str(yaml, &dl);
	const struct host_fn *fn;

	(void)state;
	assert_non_null(rf);
	assert_int_equal(rf->types[0].nr_constraints, 2);
	assert_int_equal(rf->types[0].constraints[1].kind, CONSTR_NULL_TERMINATED);
	assert_int_equal(rf->types[0].constraints[1].operand, CONSTR_VALUE);
	assert_int_equal(rf->types[1].constraints[0].op, CMP_LT);
	fn = &rf->host_fns[0];
	assert_true(fn->params[2].is_ptr);
	assert_true(fn->params[2].is_const);
	assert_false(fn->params[1].is_ptr);
	/* own "size < 64", then size >= 1 (from small; size < 64 is not repeated), then src's two */
	assert_int_equal(fn->nr_constraints, 4);
	assert_null(fn->constraints[0].from_type);
	assert_int_equal(fn->constraints[1].operand, 1);
	assert_int_equal(fn->constraints[1].op, CMP_GE);
	assert_int_equal(fn->constraints[1].value, 1);
	assert_string_equal(fn->constraints[1].from_type, "small");
	assert_string_equal(fn->constraints[1].text, "size >= 1");
	assert_int_equal(fn->constraints[2].kind, CONSTR_NON_NULL);
	assert_int_equal(fn->constraints[2].operand, 2);
	assert_string_equal(fn->constraints[2].from_type, "str");
	assert_int_equal(fn->constraints[3].kind, CONSTR_NULL_TERMINATED);
	/* the position is where the type wrote it */
	assert_int_equal(fn->constraints[3].pos.line, 2);
	role_file_free(rf);
	diag_list_free(&dl);
}

static void test_type_constraint_errors(void **state)
{
	static const struct bad_case cases[] = {
		{ "types: [{name: t, base: int, constraints: [non_null]}]\nroles: [{name: R}]\n",
		  1, 44, "non_null applies to pointers, and 'value' is int" },
		{ "types: [{name: t, base: int, constraints: [\"x > 0\"]}]\nroles: [{name: R}]\n",
		  1, 45, "the operand of a type's constraint is 'value'" },
		{ "types: [{name: t, base: int, constraints: [\"return > 0\"]}]\nroles: [{name: R}]\n",
		  1, 45, "the operand of a type's constraint is 'value'" },
		{ "types: [{name: t, base: \"char*\", constraints: [\"non_null x\"]}]\nroles: [{name: R}]\n",
		  1, 58, "unexpected text after the predicate" },
		{ "types: [{name: t, base: chr, constraints: []}]\nroles: [{name: R}]\n",
		  1, 25, "unknown base type 'chr'" },
	};
	(void)state;
	EXPECT_REFUSED(cases, load_str);
}

/* ---- inheritance ---- */

static const char inherit_caps[] =
	"capabilities:\n"
	"  - {name: MapCap, apis: [bpf_map_lookup_elem]}\n"
	"  - {name: TimeCap, apis: [bpf_ktime_get_ns]}\n"
	"  - {name: PidCap, apis: [bpf_get_current_pid_tgid]}\n";

static struct role_file *load_roles(const char *roles, struct diag_list *dl)
{
	char yaml[4096];

	snprintf(yaml, sizeof(yaml), "%sroles:\n%s", inherit_caps, roles);
	return load_str(yaml, dl);
}

static void test_inherits(void **state)
{
	static const char roles[] =
		"  - name: Base\n"					/* 6 */
		"    capabilities: [MapCap]\n"
		"    attributes: {max_memory: 256, max_event_ns: 100, on_violation: warn}\n"
		"  - name: Other\n"					/* 9 */
		"    capabilities: [TimeCap, MapCap]\n"
		"    attributes: {max_memory: 256, always_const: false}\n"
		"  - name: Child\n"					/* 12 */
		"    inherits: [Base, Other]\n"
		"    capabilities: [PidCap]\n"
		"    attributes: {on_violation: detach}\n"
		"  - name: Grandchild\n"				/* 16 */
		"    inherits: [Child]\n";
	struct diag_list dl;
	struct role_file *rf = load_roles(roles, &dl);
	const struct role_def *child, *gc;

	(void)state;
	if (!rf)
		dump_diags(&dl);
	assert_non_null(rf);
	child = role_find(rf, "Child");
	/* own capabilities first, then the parents', each once */
	assert_int_equal(child->nr_caps, 3);
	assert_string_equal(child->caps[0]->name, "PidCap");
	assert_string_equal(child->caps[1]->name, "MapCap");
	assert_string_equal(child->caps[2]->name, "TimeCap");
	assert_int_equal(child->nr_inherits, 2);
	assert_string_equal(child->inherits[1], "Other");
	/* parents agree on max_memory; each sets something the other does not */
	assert_int_equal(child->attrs.max_memory, 256);
	assert_int_equal(child->attrs.max_event_ns, 100);
	assert_false(child->attrs.always_const);
	/* the child's own attribute wins over Base's */
	assert_int_equal(child->attrs.on_violation, ON_VIOLATION_DETACH);
	assert_true(child->attrs.set & ATTR_ON_VIOLATION);
	assert_false(child->attrs.inherited & ATTR_ON_VIOLATION);
	assert_true(child->attrs.inherited & ATTR_MAX_MEMORY);
	/* never set: the default, not marked set */
	assert_false(child->attrs.set & ATTR_MAX_INSTRUCTIONS);
	assert_int_equal(child->attrs.max_instructions, 1000000);
	assert_int_equal(role_attr_value(&child->attrs, ATTR_MAX_INSTRUCTIONS), 1000000);

	gc = role_find(rf, "Grandchild");
	assert_int_equal(gc->nr_caps, 3);
	assert_non_null(role_granted(gc, "bpf_ktime_get_ns"));
	assert_int_equal(gc->attrs.max_memory, 256);
	assert_int_equal(gc->attrs.on_violation, ON_VIOLATION_DETACH);
	assert_true(gc->attrs.inherited & ATTR_ON_VIOLATION);
	assert_null(role_granted(role_find(rf, "Base"), "bpf_ktime_get_ns"));
	role_file_free(rf);
	diag_list_free(&dl);
}

/* A diamond: both paths bring the same value, which is no conflict. */
static void test_inherits_diamond(void **state)
{
	static const char roles[] =
		"  - {name: Top, capabilities: [MapCap], attributes: {max_instructions: 500}}\n"
		"  - {name: Left, inherits: [Top]}\n"
		"  - {name: Right, inherits: [Top], capabilities: [TimeCap]}\n"
		"  - {name: Bottom, inherits: [Left, Right]}\n";
	struct diag_list dl;
	struct role_file *rf = load_roles(roles, &dl);
	const struct role_def *b;

	(void)state;
	assert_non_null(rf);
	b = role_find(rf, "Bottom");
	assert_int_equal(b->attrs.max_instructions, 500);
	assert_int_equal(b->nr_caps, 2);
	role_file_free(rf);
	diag_list_free(&dl);
}

static void test_inherit_errors(void **state)
{
	static const struct bad_case cases[] = {
		/* two parents disagree on an attribute the child does not set */
		{ "  - {name: A, attributes: {max_memory: 128}}\n"
		  "  - {name: B, attributes: {max_memory: 256}}\n"
		  "  - {name: C, inherits: [A, B]}\n",
		  8, 12, "role C inherits max_memory = 128 from A but 256 from B: set it in C" },
		{ "  - {name: A, attributes: {allow_memory_write: true}}\n"
		  "  - {name: B, attributes: {allow_memory_write: false}}\n"
		  "  - {name: C, inherits: [A, B]}\n",
		  8, 12, "allow_memory_write = true from A but false from B" },
		{ "  - {name: A, attributes: {on_violation: warn}}\n"
		  "  - {name: B, attributes: {on_violation: detach}}\n"
		  "  - {name: C, inherits: [A, B]}\n",
		  8, 12, "on_violation = warn from A but detach from B" },
		/* cycles: self, two, three */
		{ "  - {name: A, inherits: [A]}\n", 6, 26, "inherits cycle: A -> A" },
		{ "  - {name: A, inherits: [B]}\n  - {name: B, inherits: [A]}\n",
		  7, 26, "inherits cycle: A -> B -> A" },
		{ "  - {name: A, inherits: [B]}\n  - {name: B, inherits: [C]}\n"
		  "  - {name: C, inherits: [A]}\n", 8, 26, "inherits cycle: A -> B -> C -> A" },
		{ "  - {name: A, inherits: [Bse]}\n  - {name: Base}\n",
		  6, 26, "unknown parent role 'Bse' (did you mean 'Base'?)" },
		{ "  - {name: A, inherits: [B, B]}\n  - {name: B}\n",
		  6, 29, "parent role 'B' is listed twice" },
		{ "  - {name: A, inherits: B}\n", 6, 25, "inherits must be a sequence, not a scalar" },
	};
	(void)state;
	EXPECT_REFUSED(cases, load_roles);
}

/* ---- errors, each at its line:col ---- */

static void test_errors(void **state)
{
	static const struct bad_case cases[] = {
		/* unknown keys at every level */
		{ "roles: [{name: R}]\nextension_export: []\n", 2, 1,
		  "unknown key 'extension_export' in the top level of a role file (did you mean 'extension_exports'?)" },
		{ "types: [{name: t, base: int, constrains: []}]\nroles: [{name: R}]\n", 1, 30,
		  "unknown key 'constrains' in a types entry (did you mean 'constraints'?)" },
		{ "host_functions: [{name: f, signature: {params: [], return_type: int}, constraint: []}]\nroles: [{name: R}]\n",
		  1, 71, "unknown key 'constraint' in a host_functions entry" },
		{ "host_functions: [{name: f, signature: {params: [], return: int}}]\nroles: [{name: R}]\n",
		  1, 52, "unknown key 'return' in the signature (did you mean 'return_type'?)" },
		{ "host_functions: [{name: f, signature: {params: [{type: int, nme: x}], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 61, "unknown key 'nme' in a parameter (did you mean 'name'?)" },
		{ "capabilities: [{name: C, api: []}]\nroles: [{name: R}]\n", 1, 26,
		  "unknown key 'api' in a capabilities entry" },
		{ "roles: [{name: R, capability: []}]\n", 1, 19,
		  "unknown key 'capability' in a roles entry (did you mean 'capabilities'?)" },
		{ "roles:\n  - name: R\n    attributes:\n      max_memroy: 128\n", 4, 7,
		  "unknown key 'max_memroy' in role attributes (did you mean 'max_memory'?)" },
		/* wrong scalar types */
		{ "roles: [{name: R, attributes: {max_memory: lots}}]\n", 1, 44,
		  "max_memory must be a non-negative integer, got 'lots'" },
		{ "roles: [{name: R, attributes: {max_memory: \"512\"}}]\n", 1, 44,
		  "max_memory must be a non-negative integer, not a quoted string" },
		{ "roles: [{name: R, attributes: {max_memory: -1}}]\n", 1, 44,
		  "max_memory must not be negative" },
		{ "roles: [{name: R, attributes: {max_memory: 99999999999999999999999}}]\n", 1, 44,
		  "max_memory is out of range" },
		{ "roles: [{name: R, attributes: {max_memory: [1]}}]\n", 1, 44,
		  "max_memory must be a non-negative integer, not a sequence" },
		{ "roles: [{name: R, attributes: {max_instructions: 0}}]\n", 1, 50,
		  "max_instructions must be at least 1" },
		{ "roles: [{name: R, attributes: {allow_memory_write: 3}}]\n", 1, 52,
		  "allow_memory_write must be true or false, got '3'" },
		{ "roles: [{name: R, attributes: {always_const: yes}}]\n", 1, 46,
		  "always_const must be true or false, got 'yes'" },
		{ "roles: [{name: R, attributes: {skip_verification: \"false\"}}]\n", 1, 51,
		  "skip_verification must be true or false, got the string 'false'" },
		{ "roles: [{name: R, attributes: {on_violation: kill}}]\n", 1, 46,
		  "on_violation must be warn or detach" },
		{ "roles: [{name: R, attributes: [max_memory]}]\n", 1, 31,
		  "role attributes must be a mapping, not a sequence" },
		{ "roles: [{name: [R]}]\n", 1, 16, "role name must be a string, not a sequence" },
		{ "roles: [{name: \"a b\"}]\n", 1, 16, "role name 'a b' is not a valid name" },
		{ "roles: {name: R}\n", 1, 8, "roles must be a sequence, not a mapping" },
		{ "roles: []\n", 1, 8, "no roles" },
		{ "types: []\n", 1, 1, "no roles" },
		{ "- roles\n", 1, 1, "the top level of a role file must be a mapping, not a sequence" },
		{ "---\n", 2, 1, "the top level of a role file must be a mapping, not empty" },
		{ "roles: [{}]\n", 1, 9, "this roles entry has no 'name'" },
		{ "host_functions: [{name: f}]\nroles: [{name: R}]\n", 1, 18,
		  "this host_functions entry has no 'signature'" },
		{ "host_functions: [{name: f, signature: {params: []}}]\nroles: [{name: R}]\n", 1, 39,
		  "the signature of this host function has no 'return_type'" },
		/* duplicate names and keys */
		{ "types: [{name: t, base: int}, {name: t, base: long}]\nroles: [{name: R}]\n", 1, 38,
		  "duplicate type 't' (first at 1:16)" },
		{ "host_functions:\n  - {name: f, signature: {params: [], return_type: int}}\n"
		  "  - {name: f, signature: {params: [], return_type: int}}\nroles: [{name: R}]\n",
		  3, 12, "duplicate host function 'f' (first at 2:12)" },
		{ "capabilities: [{name: C, apis: []}, {name: C, apis: []}]\nroles: [{name: R}]\n", 1, 44,
		  "duplicate capability 'C' (first at 1:23)" },
		{ "roles: [{name: R}, {name: R}]\n", 1, 27, "duplicate role 'R' (first at 1:16)" },
		{ "roles:\n  - name: R\n    name: S\n", 3, 5, "duplicate key 'name' (first at 2:5)" },
		{ "roles: [{name: R}]\nroles: [{name: S}]\n", 2, 1, "duplicate key 'roles' (first at 1:1)" },
		{ "host_functions: [{name: f, signature: {params: [{type: int, name: a}, {type: int, name: a}], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 89, "duplicate parameter 'a' of f" },
		{ "capabilities: [{name: C, apis: [bpf_ktime_get_ns, bpf_ktime_get_ns]}]\nroles: [{name: R, capabilities: [C]}]\n",
		  1, 51, "api 'bpf_ktime_get_ns' is listed twice in capability C" },
		{ "capabilities: [{name: C, apis: []}]\nroles: [{name: R, capabilities: [C, C]}]\n", 2, 37,
		  "capability 'C' is listed twice (first at 2:34)" },
		/* unknown references */
		{ "capabilities: [{name: MapCap, apis: []}]\nroles: [{name: R, capabilities: [MapCp]}]\n",
		  2, 34, "unknown capability 'MapCp' (did you mean 'MapCap'?)" },
		{ "host_functions: [{name: f, signature: {params: [{type: const_chr_ptr, name: s}], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 56, "unknown type 'const_chr_ptr' of parameter s" },
		{ "types: [{name: cstr, base: \"char*\"}]\nhost_functions: [{name: f, signature: {params: [{type: cstrr, name: s}], return_type: int}}]\nroles: [{name: R}]\n",
		  2, 56, "unknown type 'cstrr' of parameter s (did you mean 'cstr'?)" },
		{ "host_functions: [{name: f, signature: {params: [], return_type: strng}}]\nroles: [{name: R}]\n",
		  1, 65, "unknown return type 'strng' of f" },
		{ "host_functions: [{name: f, signature: {params: [{type: void, name: v}], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 56, "parameter v cannot have type void" },
		{ "host_functions: [{name: f, signature: {params: [{type: int, name: return}], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 67, "'return' cannot name a parameter" },
		{ "host_functions: [{name: \"bpf-x\", signature: {params: [], return_type: int}}]\nroles: [{name: R}]\n",
		  1, 25, "host function name 'bpf-x' is not a valid name" },
		/* the semantic error of SPEC section 4 */
		{ "capabilities: [{name: W, apis: [bpf_probe_write_user]}]\nroles: [{name: R, capabilities: [W]}]\n",
		  2, 34, "role R: allow_memory_write is false but capability W grants bpf_probe_write_user, which writes host memory" },
		{ "capabilities: [{name: W, apis: [bpf_probe_write_user]}]\nroles: [{name: P, capabilities: [W], attributes: {allow_memory_write: true}}, {name: R, inherits: [P], attributes: {allow_memory_write: false}}]\n",
		  2, 86, "role R: allow_memory_write is false but capability W grants bpf_probe_write_user" },
		/* extension_exports holds nothing */
		{ "roles: [{name: R}]\nextension_exports: [main]\n", 2, 20, "extension_exports must be empty" },
		/* YAML the reader refuses */
		{ "a: &x [1]\nb: *x\n", 2, 4, "YAML aliases are not allowed in role files (*x)" },
		{ "roles: [{name: R}]\n---\nroles: [{name: S}]\n", 2, 1, "one YAML document" },
		{ "roles: [{name: \"R\\0\"}]\n", 1, 16, "a scalar contains a NUL character" },
		{ "roles: [{name: R}\n", 2, 1, "did not find expected ',' or ']'" },
		{ "roles:\n  - name: \"Uprobe", 2, 18, "found unexpected end of stream" },
		/* a tab where indentation is: libyaml says it three ways, roleprobe one */
		{ "roles:\n\t- name: R\n", 2, 1,
		  "tabs are not allowed in YAML indentation; use spaces" },
		{ "roles:\n  - name: R\n   \tcapabilities: []\n", 3, 4,
		  "tabs are not allowed in YAML indentation; use spaces" },
		{ "roles:\n  - name: >\n\t  R\n", 3, 1,
		  "tabs are not allowed in YAML indentation; use spaces" },
		{ "\xef\xbb\xbfroles:\n  - name: \xc3\xa9\n\t- name: R\n", 3, 1,
		  "tabs are not allowed in YAML indentation; use spaces" },
		{ "roles: [{name: R\x01}]\n", 1, 17, "not YAML text: control characters are not allowed (byte 0x01)" },
		{ "roles: [{name: \xc3\x28}]\n", 1, 17, "not YAML text: invalid trailing UTF-8 octet" },
		{ "{? [a]: b}\n", 1, 4, "a mapping key must be a scalar, not a sequence" },
	};
	(void)state;
	EXPECT_REFUSED(cases, load_str);
}

/* Errors without a position still name the file and say why. */
static void test_empty_inputs(void **state)
{
	static const char *const inputs[] = { "", "\n\n", "# only a comment\n", "  \n# x\n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct diag_list dl;

		assert_null(load_str(inputs[i], &dl));
		assert_int_equal(dl.nr_errors, 1);
		assert_int_equal(dl.items[0].pos.line, 0);
		assert_string_equal(dl.items[0].pos.file, "t.yaml");
		assert_string_equal(dl.items[0].msg, "empty role file: no YAML document");
		diag_list_free(&dl);
	}
}

/* Hostile shapes: bounded nesting, alias bombs, oversized buffers. */
static void test_hostile_shapes(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	char *big;
	size_t n, i;

	(void)state;
	/* the root mapping and 31 flow sequences make 32 levels: the 32nd '[' is refused */
	big = malloc(4096);
	assert_non_null(big);
	n = sprintf(big, "roles: ");
	for (i = 0; i < 40; i++)
		big[n++] = '[';
	for (i = 0; i < 40; i++)
		big[n++] = ']';
	big[n] = '\0';
	assert_null(load_str(big, &dl));
	expect_diag(&dl, DIAG_ERROR, 1, 8 + 31, "nesting deeper than 32 levels");
	diag_list_free(&dl);

	/* deep block nesting */
	n = 0;
	for (i = 0; i < 50; i++)
		n += sprintf(big + n, "%*sk%zu:\n", (int)(2 * i), "", i);
	assert_null(load_str(big, &dl));
	/* the mapping opened on line N is level N: the one on line 33, at its first key */
	expect_diag(&dl, DIAG_ERROR, 33, 65, "nesting deeper than 32 levels");
	diag_list_free(&dl);

	/* the billion laughs: refused at the first alias, nothing expands */
	assert_null(load_str("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
			     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", &dl));
	assert_int_equal(dl.nr_errors, 1);
	expect_diag(&dl, DIAG_ERROR, 2, 8, "YAML aliases are not allowed");
	diag_list_free(&dl);
	free(big);

	/* a buffer over the limit is refused before parsing */
	n = ROLE_FILE_MAX_SIZE + 1;
	big = malloc(n);
	assert_non_null(big);
	memset(big, '#', n);
	memset(&dl, 0, sizeof(dl));
	assert_int_equal(role_file_load_buf("t.yaml", big, n, &rf, &dl), -EFBIG);
	assert_null(rf);
	assert_non_null(strstr(dl.items[0].msg, "more than the 1048576"));
	diag_list_free(&dl);
	free(big);
}

/* Mutations of the seed's role: each loads or fails with a positioned error; none crashes. */
static void test_mutations(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	unsigned int seed = 12345;
	char *orig, *buf;
	size_t len, i;
	FILE *f;
	int iter;

	(void)state;
	f = fopen(src_path("roles/uprobe.yaml"), "r");
	assert_non_null(f);
	orig = calloc(1, 65536);
	assert_non_null(orig);
	len = fread(orig, 1, 65535, f);
	fclose(f);
	buf = malloc(len + 1);
	assert_non_null(buf);
	for (iter = 0; iter < 3000; iter++) {
		memcpy(buf, orig, len);
		for (i = 0; i < 1 + (size_t)(rand_r(&seed) % 4); i++) {
			size_t at = rand_r(&seed) % len;

			switch (rand_r(&seed) % 4) {
			case 0: buf[at] = (char)rand_r(&seed); break;
			case 1: buf[at] = " :-[]{},\"'#&*!|>\n\t"[rand_r(&seed) % 19]; break;
			case 2: memmove(buf + at, buf + at + 1, len - at - 1); buf[len - 1] = ' '; break;
			default: len = at ? at : 1; break;	/* truncated */
			}
		}
		memset(&dl, 0, sizeof(dl));
		if (role_file_load_buf("m.yaml", buf, len, &rf, &dl) == 0) {
			assert_int_equal(dl.nr_errors, 0);
			role_file_free(rf);
		} else {
			assert_null(rf);
			assert_true(dl.nr_errors > 0);
		}
		diag_list_free(&dl);
		len = strlen(orig);
	}
	free(buf);
	free(orig);
}

/* ---- files ---- */

static void test_files(void **state)
{
	struct diag_list dl;
	struct role_file *rf = NULL;
	char tmpl[] = "/tmp/rp-role-XXXXXX", fifo[64];

	(void)state;
	memset(&dl, 0, sizeof(dl));
	assert_int_equal(role_file_load(src_path("tests/unit/roles"), &rf, &dl), -EISDIR);
	assert_null(rf);
	assert_int_equal(dl.items[0].pos.line, 0);
	assert_string_equal(dl.items[0].msg, "not a regular file (a directory): a role file is a YAML file");
	diag_list_free(&dl);

	assert_int_equal(role_file_load("/nonexistent/r.yaml", &rf, &dl), -ENOENT);
	assert_string_equal(dl.items[0].msg, "cannot open role file: No such file or directory");
	assert_string_equal(dl.items[0].pos.file, "/nonexistent/r.yaml");
	diag_list_free(&dl);

	/* a FIFO is refused without blocking on it */
	assert_non_null(mkdtemp(tmpl));
	snprintf(fifo, sizeof(fifo), "%s/fifo.yaml", tmpl);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(role_file_load(fifo, &rf, &dl), -EINVAL);
	assert_non_null(strstr(dl.items[0].msg, "a FIFO"));
	diag_list_free(&dl);
	unlink(fifo);
	rmdir(tmpl);

	/* fixtures: a minimal role, and one with every attribute */
	assert_int_equal(role_file_load(src_path("tests/unit/roles/minimal.yaml"), &rf, &dl), 0);
	assert_int_equal(rf->nr_roles, 1);
	assert_int_equal(rf->nr_host_fns, 1);
	assert_false(rf->has_extension_exports);
	assert_int_equal(rf->roles[0].attrs.set, 0);
	assert_int_equal(rf->roles[0].attrs.max_memory, 512);
	role_file_free(rf);
	diag_list_free(&dl);

	assert_int_equal(role_file_load(src_path("tests/unit/roles/all-attributes.yaml"), &rf, &dl), 0);
	assert_int_equal(rf->roles[0].attrs.set, 0x1ff);
	assert_int_equal(rf->roles[0].attrs.max_memory, 1024);
	assert_int_equal(rf->roles[0].attrs.max_instructions, 0x10000);
	assert_true(rf->roles[0].attrs.allow_memory_write);
	assert_false(rf->roles[0].attrs.always_const);
	assert_true(rf->roles[0].attrs.may_have_side_effect);
	assert_true(rf->roles[0].attrs.skip_verification);
	assert_int_equal(rf->roles[0].attrs.max_map_memory, 4096);
	assert_int_equal(rf->roles[0].attrs.max_event_ns, 50000);
	assert_int_equal(rf->roles[0].attrs.on_violation, ON_VIOLATION_WARN);
	/* max_memory over the kernel's stack, skip_verification: warnings, not errors */
	expect_diag(&dl, DIAG_WARNING, 7, 19, "max_memory 1024 is above the kernel's 512-byte BPF stack");
	expect_diag(&dl, DIAG_WARNING, 12, 26, "skip_verification is true");
	expect_diag(&dl, DIAG_WARNING, 2, 35, "bpf_send_signal has no host_functions entry");
	/* side effects are allowed here, so bpf_send_signal draws no other warning */
	assert_int_equal(count_level(&dl, DIAG_WARNING), 3);
	role_file_free(rf);
	diag_list_free(&dl);
}

/* ---- lint warnings of resolution ---- */

static void test_resolution_warnings(void **state)
{
	static const char yaml[] =
		"host_functions:\n"
		"  - {name: bpf_no_such_fn, signature: {params: [], return_type: int}}\n"
		"  - {name: bpf_get_info, signature: {params: [{type: void_ptr, name: i}, {type: int, name: j}], return_type: void}}\n"
		"  - {name: handle_uprobe_event, signature: {params: [{type: int, name: ctx}], return_type: long}}\n"
		"capabilities:\n"
		"  - {name: C, apis: [bpf_no_such_fn, bpf_get_info, handle_uprobe_event, bpf_ghost, bpf_send_signal]}\n"
		"  - {name: Unused, apis: [bpf_ktime_get_ns]}\n"
		"  - {name: Empty, apis: []}\n"
		"roles: [{name: R, capabilities: [C, Empty]}]\n";
	struct diag_list dl;
	struct role_file *rf = load_str(yaml, &dl);
	const struct role_def *r;

	(void)state;
	if (!rf)
		dump_diags(&dl);
	assert_non_null(rf);
	expect_diag(&dl, DIAG_WARNING, 2, 12, "bpf_no_such_fn: no kernel helper, kfunc of this kernel or host library function has this name: it can never be granted");
	expect_diag(&dl, DIAG_WARNING, 3, 12, "bpf_get_info: declared with 2 parameters, the host library has 1");
	expect_diag(&dl, DIAG_WARNING, 3, 12, "bpf_get_info: the return type is declared void (void), the host library has int (an integer)");
	expect_diag(&dl, DIAG_WARNING, 4, 12, "handle_uprobe_event: parameter ctx is declared int (an integer), the host library has a pointer");
	expect_diag(&dl, DIAG_WARNING, 4, 12, "the return type is declared long (8 bytes), the host library has int (4 bytes)");
	expect_diag(&dl, DIAG_WARNING, 6, 73, "bpf_ghost has no host_functions entry and no kernel helper, kfunc or host library function has this name: capability C grants nothing by it");
	expect_diag(&dl, DIAG_WARNING, 6, 84, "bpf_send_signal has no host_functions entry: granted as a kernel helper");
	expect_diag(&dl, DIAG_WARNING, 9, 34, "role R: may_have_side_effect is false but capability C grants bpf_send_signal");
	expect_diag(&dl, DIAG_WARNING, 7, 12, "capability Unused is granted to no role");
	expect_diag(&dl, DIAG_WARNING, 8, 12, "capability Empty lists no apis: it grants nothing");
	r = role_find(rf, "R");
	/* names that resolve to nothing are never granted */
	assert_null(role_granted(r, "bpf_ghost"));
	assert_null(role_granted(r, "bpf_no_such_fn"));
	assert_non_null(role_granted(r, "bpf_send_signal"));
	assert_int_equal(fn_named(rf, "bpf_ghost")->prov, PROV_NONE);
	assert_int_equal(fn_named(rf, "bpf_send_signal")->prov_id, BPF_FUNC_send_signal);
	role_file_free(rf);
	diag_list_free(&dl);

	/* declared const where the host library writes: a warning; the reverse is fine */
	rf = load_str("host_functions:\n"
		      "  - name: bpf_strncpy\n"
		      "    signature:\n"
		      "      params: [{type: const_char_ptr, name: d}, {type: char_ptr, name: s}, {type: size_t, name: n}]\n"
		      "      return_type: int\n"
		      "capabilities: [{name: C, apis: [bpf_strncpy]}]\n"
		      "roles: [{name: R, capabilities: [C]}]\n", &dl);
	assert_non_null(rf);
	expect_diag(&dl, DIAG_WARNING, 2, 11, "bpf_strncpy: parameter d is declared const_char_ptr (pointer to const), the host library does not promise const: it may write through it");
	assert_int_equal(count_level(&dl, DIAG_WARNING), 1);
	role_file_free(rf);
	diag_list_free(&dl);
}

/* Write a BTF with one FUNC bpf_strnlen and no decl tags, as an older kernel would have. */
static void write_untagged_btf(const char *path)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	__u32 size;
	int int_id, char_id, const_id, ptr_id, proto, fd;

	assert_non_null(btf);
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	char_id = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	const_id = btf__add_const(btf, char_id);
	ptr_id = btf__add_ptr(btf, const_id);
	proto = btf__add_func_proto(btf, int_id);
	assert_int_equal(btf__add_func_param(btf, "s", ptr_id), 0);
	assert_int_equal(btf__add_func_param(btf, "count", int_id), 0);
	assert_true(btf__add_func(btf, "bpf_strnlen", BTF_FUNC_GLOBAL, proto) > 0);
	raw = btf__raw_data(btf, &size);
	assert_non_null(raw);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, raw, size), (ssize_t)size);
	close(fd);
	btf__free(btf);
}

static void test_kernel_btf(void **state)
{
	static const char yaml[] =
		"host_functions:\n"
		"  - {name: bpf_strnlen, signature: {params: [{type: \"const char*\", name: s}, {type: int, name: n}], return_type: int}}\n"
		"capabilities: [{name: C, apis: [bpf_strnlen]}]\n"
		"roles: [{name: R, capabilities: [C]}]\n";
	char path[] = "/tmp/rp-btf-XXXXXX";
	struct diag_list dl;
	struct role_file *rf;
	int fd;

	(void)state;
	/* unreadable kernel BTF: one warning, and kfuncs resolve to nothing */
	role_set_kernel_btf("/nonexistent/vmlinux");
	rf = load_str(yaml, &dl);
	assert_non_null(rf);
	expect_diag(&dl, DIAG_WARNING, 0, 0, "cannot read kernel BTF /nonexistent/vmlinux");
	expect_diag(&dl, DIAG_WARNING, 2, 12, "bpf_strnlen: no kernel helper");
	assert_int_equal(rf->host_fns[0].prov, PROV_NONE);
	assert_null(role_granted(&rf->roles[0], "bpf_strnlen"));
	role_file_free(rf);
	diag_list_free(&dl);

	/* a BTF without bpf_kfunc tags: any FUNC is taken, with one warning */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_untagged_btf(path);
	role_set_kernel_btf(path);
	rf = load_str(yaml, &dl);
	assert_non_null(rf);
	expect_diag(&dl, DIAG_WARNING, 0, 0, "has no bpf_kfunc tags: any kernel function it lists is taken for a kfunc");
	assert_int_equal(count_level(&dl, DIAG_WARNING), 1);	/* the signature matches */
	assert_int_equal(rf->host_fns[0].prov, PROV_KFUNC);
	assert_true(rf->host_fns[0].prov_id > 0);
	role_file_free(rf);
	diag_list_free(&dl);
	unlink(path);

	/* the running kernel: tagged kfuncs only; a plain kernel function is no kfunc */
	role_set_kernel_btf(NULL);
	if (!kernel_btf_readable())
		skip();
	rf = load_str("capabilities: [{name: C, apis: [bpf_strnlen, vfs_read]}]\n"
		      "roles: [{name: R, capabilities: [C]}]\n", &dl);
	assert_non_null(rf);
	assert_int_equal(fn_named(rf, "bpf_strnlen")->prov, PROV_KFUNC);
	assert_int_equal(fn_named(rf, "vfs_read")->prov, PROV_NONE);
	role_file_free(rf);
	diag_list_free(&dl);

	/* the kfunc's real signature, from vmlinux BTF: bpf_strnlen(const char *, size_t) */
	rf = load_str("host_functions:\n"
		      "  - {name: bpf_strnlen, signature: {params: [{type: void_ptr, name: s}], return_type: int}}\n"
		      "capabilities: [{name: C, apis: [bpf_strnlen]}]\n"
		      "roles: [{name: R, capabilities: [C]}]\n", &dl);
	assert_non_null(rf);
	expect_diag(&dl, DIAG_WARNING, 2, 12, "bpf_strnlen: declared with 1 parameter, the kernel's kfunc has 2");
	assert_int_equal(count_level(&dl, DIAG_WARNING), 1);
	role_file_free(rf);
	diag_list_free(&dl);
}

/*
 * A top-level key misspelled is one error: the section is read as meant, so that neither
 * the names it defines nor the names no longer used are reported as well.
 */
#define KTIME_FN "  - {name: bpf_ktime_get_ns, signature: {params: [], return_type: num}}\n"

static void test_misspelled_section(void **state)
{
	static const char *const typos[] = {
		"types:\n  - {name: num, base: u64}\n"
		"host_functions:\n" KTIME_FN
		"capabilites:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
		"roles:\n  - {name: R, capabilities: [Clock]}\n",
		"typs:\n  - {name: num, base: u64}\n"
		"host_functions:\n" KTIME_FN
		"capabilities:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
		"roles:\n  - {name: R, capabilities: [Clock]}\n",
		"types:\n  - {name: num, base: u64}\n"
		"host_function:\n" KTIME_FN
		"capabilities:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
		"roles:\n  - {name: R, capabilities: [Clock]}\n",
		"types:\n  - {name: num, base: u64}\n"
		"host_functions:\n" KTIME_FN
		"capabilities:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
		"role:\n  - {name: R, capabilities: [Clock]}\n",
	};
	static const char *const meant[] = { "capabilities", "types", "host_functions", "roles" };
	static const char *const typo_keys[] = { "capabilites", "typs", "host_function", "role" };
	static const unsigned int lines[] = { 5, 1, 3, 7 };
	struct diag_list dl;
	char want[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(typos) / sizeof(typos[0]); i++) {
		assert_null(load_str(typos[i], &dl));
		snprintf(want, sizeof(want),
			 "unknown key '%s' in the top level of a role file (did you mean '%s'?)",
			 typo_keys[i], meant[i]);
		if (dl.cnt != 1 || dl.nr_errors != 1)
			dump_diags(&dl);
		assert_int_equal(dl.nr_errors, 1);
		assert_int_equal(dl.cnt, 1);
		assert_int_equal(dl.items[0].pos.line, lines[i]);
		assert_string_equal(dl.items[0].msg, want);
		diag_list_free(&dl);
	}

	/* errors in the misspelled section itself are still reported */
	assert_null(load_str("capabilites:\n  - {name: Clock, apis: [bpf_ktime_get_ns], api: []}\n"
			     "roles:\n  - {name: R, capabilities: [Clock]}\n", &dl));
	assert_int_equal(dl.nr_errors, 2);
	expect_diag(&dl, DIAG_ERROR, 1, 1, "unknown key 'capabilites'");
	expect_diag(&dl, DIAG_ERROR, 2, 45, "unknown key 'api' in a capabilities entry");
	diag_list_free(&dl);

	/* the key spelled right as well, before or after the typo: the right one counts */
	assert_null(load_str("capabilites:\n  - {name: Other, apis: []}\n"
			     "capabilities:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
			     "roles:\n  - {name: R, capabilities: [Clock]}\n", &dl));
	if (dl.nr_errors != 1)
		dump_diags(&dl);
	assert_int_equal(dl.nr_errors, 1);
	expect_diag(&dl, DIAG_ERROR, 1, 1, "unknown key 'capabilites'");
	diag_list_free(&dl);
	assert_null(load_str("capabilities:\n  - {name: Clock, apis: [bpf_ktime_get_ns]}\n"
			     "capabilites:\n  - {name: Other, apis: []}\n"
			     "roles:\n  - {name: R, capabilities: [Clock]}\n", &dl));
	assert_int_equal(dl.nr_errors, 1);
	diag_list_free(&dl);

	/* nested keys are not read as meant: their absence is reported */
	assert_null(load_str("capabilities:\n  - {name: Clock, apsi: [bpf_ktime_get_ns]}\n"
			     "roles:\n  - {name: R, capabilities: [Clock]}\n", &dl));
	expect_diag(&dl, DIAG_ERROR, 2, 5, "this capabilities entry has no 'apis'");
	diag_list_free(&dl);
}

/*
 * A host function name that resolves to nothing: "did you mean" from the helper table,
 * kfuncs of the kernel BTF and the host library, in both places such a name is warned of.
 */
static void test_host_fn_did_you_mean(void **state)
{
	static const char yaml[] =
		"host_functions:\n"
		"  - {name: bpf_get_current_pid_tgdi, signature: {params: [], return_type: u64}}\n"
		"capabilities:\n"
		"  - name: C\n"
		"    apis: [bpf_get_current_pid_tgdi, bpf_get_inf, bpf_strnlenn, zzqx_unrelated]\n"
		"roles: [{name: R, capabilities: [C]}]\n";
	char path[] = "/tmp/rp-btf-XXXXXX";
	struct diag_list dl;
	struct role_file *rf;
	const struct diag *d;
	int fd;

	(void)state;
	/* a kernel BTF of one kfunc, bpf_strnlen, known to this test */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_untagged_btf(path);
	role_set_kernel_btf(path);
	rf = load_str(yaml, &dl);
	assert_non_null(rf);
	/* a helper */
	expect_diag(&dl, DIAG_WARNING, 2, 12, "bpf_get_current_pid_tgdi: no kernel helper, kfunc "
		    "of this kernel or host library function has this name: "
		    "it can never be granted (did you mean 'bpf_get_current_pid_tgid'?)");
	/* a host library function */
	expect_diag(&dl, DIAG_WARNING, 5, 38, "bpf_get_inf has no host_functions entry and no "
		    "kernel helper, kfunc or host library function has this name: "
		    "capability C grants nothing by it (did you mean 'bpf_get_info'?)");
	/* a kfunc */
	expect_diag(&dl, DIAG_WARNING, 5, 51, "(did you mean 'bpf_strnlen'?)");
	/* nothing close: no guess */
	d = find_diag(&dl, DIAG_WARNING, 5, 65, "zzqx_unrelated has no host_functions entry");
	assert_non_null(d);
	assert_null(strstr(d->msg, "did you mean"));
	role_file_free(rf);
	diag_list_free(&dl);
	unlink(path);
	role_set_kernel_btf(NULL);
}

/* A hostile file of unknown names: each is warned of, only the first 64 get a guess. */
static void test_host_fn_hints_bounded(void **state)
{
	char yaml[8192];
	struct diag_list dl;
	struct role_file *rf;
	int i, n, unknown = 0, guessed = 0;

	(void)state;
	n = snprintf(yaml, sizeof(yaml), "capabilities:\n  - name: C\n    apis: [");
	for (i = 0; i < 100; i++)
		n += snprintf(yaml + n, sizeof(yaml) - n, "%sbpf_map_lookup_elem%c%c",
			      i ? ", " : "", 'a' + i / 26, 'a' + i % 26);
	snprintf(yaml + n, sizeof(yaml) - n, "]\nroles: [{name: R, capabilities: [C]}]\n");
	rf = load_str(yaml, &dl);
	assert_non_null(rf);
	for (i = 0; i < dl.cnt; i++) {
		unknown += strstr(dl.items[i].msg, "grants nothing by it") != NULL;
		guessed += strstr(dl.items[i].msg, "(did you mean 'bpf_map_lookup_elem'?)") != NULL;
	}
	assert_int_equal(unknown, 100);
	assert_int_equal(guessed, 64);
	role_file_free(rf);
	diag_list_free(&dl);
}

/* ---- printing ---- */

static char *capture_stderr_diags(const struct diag_list *dl)
{
	char *out = calloc(1, 4096);
	FILE *tmp = tmpfile();
	int saved = dup(2);

	assert_non_null(out);
	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	diag_list_print(dl);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	assert_true(fread(out, 1, 4095, tmp) > 0);
	fclose(tmp);
	return out;
}

static void test_diag_print(void **state)
{
	struct diag_list dl = { 0 };
	struct src_pos pos = { "r.yaml", 3, 7 }, nopos = { "r.yaml", 0, 0 };
	char *out = NULL;
	size_t size = 0;
	FILE *mem;

	(void)state;
	diag_add(&dl, DIAG_ERROR, &pos, "unknown key '%s'", "x");
	diag_add(&dl, DIAG_WARNING, &nopos, "no position");
	diag_add(&dl, DIAG_WARNING, NULL, "no file");
	assert_int_equal(dl.nr_errors, 1);

	out = capture_stderr_diags(&dl);
	assert_string_equal(out, "r.yaml:3:7: error: unknown key 'x'\n"
			    "r.yaml: warning: no position\n"
			    "warning: no file\n");
	free(out);

	mem = open_memstream(&out, &size);
	assert_non_null(mem);
	json_wtr = jsonw_new(mem);
	json_output = true;
	jsonw_start_object(json_wtr);
	diag_list_print(&dl);
	jsonw_end_object(json_wtr);
	jsonw_destroy(&json_wtr);
	json_output = false;
	fclose(mem);
	assert_string_equal(out,
		"{\"diagnostics\":[{\"level\":\"error\",\"file\":\"r.yaml\",\"line\":3,\"col\":7,"
		"\"message\":\"unknown key 'x'\"},{\"level\":\"warning\",\"file\":\"r.yaml\","
		"\"line\":null,\"col\":null,\"message\":\"no position\"},{\"level\":\"warning\","
		"\"file\":null,\"line\":null,\"col\":null,\"message\":\"no file\"}]}\n");
	free(out);
	diag_list_free(&dl);
}

/* Diagnostics own their file name: they outlive the role file they are about. */
static void test_diag_owns_file(void **state)
{
	struct diag_list dl = { 0 };
	struct role_file *rf = NULL;
	char *name = strdup("gone.yaml");

	(void)state;
	assert_non_null(name);
	assert_int_equal(role_file_load_buf(name, "roles: [", 8, &rf, &dl), -EINVAL);
	free(name);
	assert_string_equal(dl.items[0].pos.file, "gone.yaml");
	diag_list_free(&dl);
}

static void test_attr_table(void **state)
{
	static const char *const names[] = {
		"max_memory", "max_instructions", "allow_memory_write", "always_const",
		"may_have_side_effect", "skip_verification", "max_map_memory", "max_event_ns",
		"on_violation",
	};
	struct role_attrs a = { .max_memory = 77, .on_violation = ON_VIOLATION_WARN,
				.always_const = true };
	char buf[32];
	int i;

	(void)state;
	for (i = 0; role_attr_info(i); i++)
		assert_string_equal(role_attr_info(i)->name, names[i]);
	assert_int_equal(i, 9);
	role_attr_format(&a, ATTR_MAX_MEMORY, buf, sizeof(buf));
	assert_string_equal(buf, "77");
	role_attr_format(&a, ATTR_ON_VIOLATION, buf, sizeof(buf));
	assert_string_equal(buf, "warn");
	role_attr_format(&a, ATTR_ALWAYS_CONST, buf, sizeof(buf));
	assert_string_equal(buf, "true");
	assert_string_equal(provider_kind_str(PROV_KFUNC), "kfunc");
	assert_string_equal(constraint_kind_str(CONSTR_NULL_TERMINATED), "null_terminated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_structure),
		cmocka_unit_test(test_seed_warnings),
		cmocka_unit_test(test_second_example),
		cmocka_unit_test(test_constraint_forms),
		cmocka_unit_test(test_constraint_errors),
		cmocka_unit_test(test_type_constraints),
		cmocka_unit_test(test_type_constraint_errors),
		cmocka_unit_test(test_inherits),
		cmocka_unit_test(test_inherits_diamond),
		cmocka_unit_test(test_inherit_errors),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_hostile_shapes),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_resolution_warnings),
		cmocka_unit_test(test_misspelled_section),
		cmocka_unit_test(test_host_fn_did_you_mean),
		cmocka_unit_test(test_host_fn_hints_bounded),
		cmocka_unit_test(test_kernel_btf),
		cmocka_unit_test(test_diag_print),
		cmocka_unit_test(test_diag_owns_file),
		cmocka_unit_test(test_attr_table),
	};
	const char *dir = getenv("ROLEPROBE_SRCDIR");

	snprintf(srcdir, sizeof(srcdir), "%s", dir ? dir : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
