// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The userspace verifier on instruction arrays built here (ranges, branches, pruning,
 * loops with and without bounds, spills, NULL checks, the role's rules one by one), and on
 * the production-shaped objects tests/unit/vf_*.bpf.c compiled by clang.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extension.h"
#include "role.h"
#include "verifier.h"
#include "vf_elf.h"
#include "vf_role.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))
#define R_CTX	BPF_REG_1

static struct extension *build(struct tb *b)
{
	struct extension *e = NULL;
	uint8_t *obj;
	size_t n = tb_finish(b, &obj);

	assert_int_equal(extension_open_mem("test.o", obj, n, &e), 0);
	free(obj);
	tb_free(b);
	return e;
}

/* One uprobe entry "prog" of these instructions. */
static struct extension *one_prog(const struct bpf_insn *insns, int n)
{
	struct tb b;

	tb_init(&b);
	tb_func(&b, "uprobe", "prog", insns, n, true);
	return build(&b);
}

/*
 * An entry "prog" and a static function @sub_name in .text, which the entry's instruction
 * @at calls (R_BPF_64_32) or takes the address of (R_BPF_64_64, a callback).
 */
static struct extension *with_sub(const struct bpf_insn *entry, int ne, const char *sub_name,
				   const struct bpf_insn *sub, int ns, int at, int rel)
{
	struct tb b;
	int sec, sub_sym;

	tb_init(&b);
	tb_func(&b, ".text", sub_name, sub, ns, false);
	sub_sym = b.nsyms - 1;
	sec = tb_func(&b, "uprobe", "prog", entry, ne, true);
	tb_rel(&b, sec, at, sub_sym, rel);
	return build(&b);
}

/* A role granting handle_uprobe_event, so that entries may attach. */
static void role_init(struct trole *r)
{
	struct host_fn *fn;

	trole_init(r, "TestRole");
	fn = trole_grant(r, "handle_uprobe_event", PROV_HOSTLIB);
	trole_param(fn, "ctx", "const_void_ptr", true, true);
	trole_constr(fn, CONSTR_NON_NULL, 0, CMP_GT, 0, "ctx.non_null");
}

static struct verdict *check(const struct extension *e, const struct trole *r)
{
	struct verdict *v = NULL;

	assert_int_equal(verifier_check(e, &r->role, NULL, &v), 0);
	assert_non_null(v);
	return v;
}

static int nr_kind(const struct verdict *v, enum violation_kind k)
{
	int i, n = 0;

	for (i = 0; i < v->nr_violations; i++)
		n += v->violations[i].kind == k;
	return n;
}

static const struct violation *first_kind(const struct verdict *v, enum violation_kind k)
{
	int i;

	for (i = 0; i < v->nr_violations; i++)
		if (v->violations[i].kind == k)
			return &v->violations[i];
	return NULL;
}

static void dump(const struct verdict *v)
{
	char line[1024];
	int i;

	for (i = 0; i < v->nr_violations; i++) {
		violation_format(v, &v->violations[i], line, sizeof(line));
		print_message("  %s\n", line);
	}
}

static void assert_accepted(const struct verdict *v)
{
	if (!v->accepted)
		dump(v);
	assert_true(v->accepted);
}

/* @e under @r: rejected, with exactly one violation of @kind, whose message holds @what. */
static void expect_violation(const struct extension *e, const struct trole *r,
			     enum violation_kind kind, const char *what)
{
	struct verdict *v = check(e, r);

	assert_false(v->accepted);
	if (nr_kind(v, kind) != 1)
		dump(v);
	assert_int_equal(nr_kind(v, kind), 1);
	if (!strstr(first_kind(v, kind)->msg, what))
		fail_msg("'%s' does not say '%s'", first_kind(v, kind)->msg, what);
	verdict_free(v);
}

static void expect_accepted(const struct extension *e, const struct trole *r)
{
	struct verdict *v = check(e, r);

	assert_accepted(v);
	verdict_free(v);
}

/*
 * The one entry of @p is accepted under @r, with a proven bound of exactly @bound
 * instructions; returns the steps the proof took.
 */
static uint64_t expect_bound(const struct bpf_insn *p, int n, const struct trole *r,
			     uint64_t bound)
{
	struct extension *e = one_prog(p, n);
	struct verdict *v = check(e, r);
	uint64_t steps = v->steps;

	assert_accepted(v);
	assert_int_equal(v->nr_entries, 1);
	assert_true(v->entries[0].bounded);
	assert_int_equal(v->entries[0].max_insns, bound);
	verdict_free(v);
	extension_free(e);
	return steps;
}

/*
 * A limit of the role (*@attr, named @name) one below what @e needs: one violation of
 * @kind citing that limit; at what @e needs: accepted.
 */
static void expect_limit(const struct extension *e, struct trole *r, uint64_t *attr,
			 const char *name, uint64_t need, enum violation_kind kind)
{
	struct verdict *v;
	char clause[64];

	*attr = need - 1;
	v = check(e, r);
	assert_false(v->accepted);
	assert_int_equal(nr_kind(v, kind), 1);
	snprintf(clause, sizeof(clause), "%s: %llu", name, (unsigned long long)need - 1);
	assert_string_equal(first_kind(v, kind)->clause, clause);
	verdict_free(v);
	*attr = need;
	v = check(e, r);
	assert_accepted(v);
	verdict_free(v);
}

/* A role granting handle_uprobe_event and bpf_get_prandom_u32, the tests' source of unknowns. */
static void rand_role(struct trole *r)
{
	role_init(r);
	trole_grant(r, "bpf_get_prandom_u32", PROV_HELPER);
}

/* ---- bounds of straight-line code and loops ---- */

static void test_straight_line(void **state)
{
	const struct bpf_insn p[] = { MOV64_IMM(0, 0), EXIT() };
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	expect_bound(p, N(p), &r, 2);
	v = check(e, &r);
	assert_int_equal(v->entries[0].stack_bytes, 0);
	assert_string_equal(v->entries[0].name, "prog");
	assert_int_equal(v->entries[0].type, EXT_PROG_UPROBE);
	verdict_free(v);
	extension_free(e);
}

/* Programs whose worst path is known exactly, and that bound. */
static void test_exact_bounds(void **state)
{
	/* r1 counts to 100: one path of 1 + 100 * 2 + 2 instructions */
	static const struct bpf_insn loop64[] = {
		MOV64_IMM(1, 0),
		ALU64_IMM(BPF_ADD, 1, 1),
		JMP_IMM(BPF_JLT, 1, 100, -2),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	/* a 32-bit counter, as clang emits for `for (int i = 0; i < 64; i++)` */
	static const struct bpf_insn loop32[] = {
		MOV32_IMM(1, 0),
		ALU32_IMM(BPF_ADD, 1, 1),
		JMP32_IMM(BPF_JSLT, 1, 64, -2),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	/* the trip count comes from a range: n = rand & 63, capped at 50 by a check */
	static const struct bpf_insn ranged[] = {
		CALL(BPF_FUNC_get_prandom_u32),
		ALU64_IMM(BPF_AND, 0, 63),
		JMP_IMM(BPF_JGT, 0, 50, 4),		/* to the exit */
		MOV64_IMM(1, 0),
		ALU64_IMM(BPF_ADD, 1, 1),
		JMP_REG(BPF_JLT, 1, 0, -2),
		JA(0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static const struct {
		const struct bpf_insn *p;
		int n;
		uint64_t bound;
	} cases[] = {
		{ loop64, N(loop64), 1 + 100 * 2 + 2 },
		{ loop32, N(loop32), 1 + 64 * 2 + 2 },
		/* 4 before the loop, at most 50 iterations of 2, the ja, 2 to the exit */
		{ ranged, N(ranged), 4 + 50 * 2 + 1 + 2 },
	};
	struct trole r;
	size_t i;

	(void)state;
	rand_role(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_bound(cases[i].p, cases[i].n, &r, cases[i].bound);
}

/* Loop until a random number is 0: no bound. */
static void test_loop_unbounded(void **state)
{
	const struct bpf_insn p[] = {
		CALL(BPF_FUNC_get_prandom_u32),
		JMP_IMM(BPF_JNE, 0, 0, -2),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	rand_role(&r);
	expect_violation(e, &r, VIOL_UNBOUNDED, "loop without a provable bound");
	v = check(e, &r);
	assert_false(v->entries[0].bounded);
	verdict_free(v);
	extension_free(e);
}

/* A counter that starts unknown and is compared with nothing constant: no bound. */
static void test_loop_counter_unknown_start(void **state)
{
	const struct bpf_insn p[] = {
		CALL(BPF_FUNC_get_prandom_u32),
		MOV64_REG(1, 0),
		ALU64_IMM(BPF_ADD, 1, 1),
		JMP_IMM(BPF_JNE, 1, 0, -2),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	rand_role(&r);
	v = check(e, &r);
	assert_false(v->accepted);
	assert_false(v->entries[0].bounded);
	assert_true(nr_kind(v, VIOL_UNBOUNDED) + nr_kind(v, VIOL_INSNS) >= 1);
	verdict_free(v);
	extension_free(e);
}

/* Bounded, but over the role's budget. */
static void test_loop_over_budget(void **state)
{
	const struct bpf_insn p[] = {
		MOV64_IMM(1, 0),
		ALU64_IMM(BPF_ADD, 1, 1),
		JMP_IMM(BPF_JLT, 1, 100, -2),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	expect_limit(e, &r, &r.role.attrs.max_instructions, "max_instructions", 203, VIOL_INSNS);
	r.role.attrs.max_instructions = 150;
	v = check(e, &r);
	assert_true(v->entries[0].over_budget);
	assert_false(v->entries[0].bounded);
	verdict_free(v);
	extension_free(e);
}

/* ---- pruning ---- */

/*
 * Twenty branches on fresh unknown values, each side writing a register that is dead
 * after the branches meet: 2^20 paths without pruning, a few hundred steps with it.
 */
static void test_pruning_diamonds(void **state)
{
	struct bpf_insn p[20 * 5 + 2];
	struct trole r;
	int i, n = 0;

	(void)state;
	for (i = 0; i < 20; i++) {
		p[n++] = CALL(BPF_FUNC_get_prandom_u32);
		p[n++] = JMP_IMM(BPF_JSET, 0, 1, 2);
		p[n++] = MOV64_IMM(3, i);		/* dead: overwritten below */
		p[n++] = JA(1);
		p[n++] = MOV64_IMM(3, -i);
	}
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = EXIT();
	rand_role(&r);
	/* the longest side is the one with the ja: 20 * 4 + 2 */
	assert_true(expect_bound(p, n, &r, 20 * 4 + 2) < 1000);
}

/*
 * Twenty branches on bits of one live value: each side knows one more bit, so no state
 * repeats; joining states at a crowded instruction keeps the work polynomial (2^20 paths
 * of 60 instructions would be 60 million steps) and the bound exact.
 */
static void test_pruning_joins_refined_values(void **state)
{
	struct bpf_insn p[2 + 20 * 4 + 2];
	struct trole r;
	int i, n = 0;

	(void)state;
	p[n++] = CALL(BPF_FUNC_get_prandom_u32);
	p[n++] = MOV64_REG(6, 0);
	for (i = 0; i < 20; i++) {
		p[n++] = JMP_IMM(BPF_JSET, 6, 1 << i, 2);
		p[n++] = MOV64_IMM(3, i);
		p[n++] = JA(1);
		p[n++] = MOV64_IMM(3, -i);
	}
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = EXIT();
	rand_role(&r);
	assert_true(expect_bound(p, n, &r, 2 + 20 * 3 + 2) < 100000);
}

/* A live register that differs keeps the paths apart: both sides are explored. */
static void test_pruning_keeps_live_difference(void **state)
{
	const struct bpf_insn p[] = {
		CALL(BPF_FUNC_get_prandom_u32),
		JMP_IMM(BPF_JSET, 0, 1, 2),
		MOV64_IMM(1, 1),
		JA(1),
		MOV64_IMM(1, 0),			/* size 0 on this side only */
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -8),
		MOV64_REG(3, 1),
		MOV64_REG(1, 2),
		MOV64_REG(2, 3),
		MOV64_IMM(3, 0),
		CALL(BPF_FUNC_probe_read_user),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct host_fn *fn;
	struct trole r;

	(void)state;
	rand_role(&r);
	fn = trole_grant(&r, "bpf_probe_read_user", PROV_HELPER);
	trole_param(fn, "dst", "void_ptr", true, false);
	trole_param(fn, "size", "u32", false, false);
	trole_param(fn, "unsafe_ptr", "const_void_ptr", true, true);
	trole_constr(fn, CONSTR_CMP, 1, CMP_GT, 0, "size > 0");
	expect_violation(e, &r, VIOL_CONSTRAINT, "size is 0");
	extension_free(e);
}

/* ---- ranges and constraints ---- */

static struct extension *size_prog(bool guard)
{
	const struct bpf_insn p[] = {
		CALL(BPF_FUNC_get_prandom_u32),
		ALU64_IMM(BPF_AND, 0, 15),
		JMP_IMM(guard ? BPF_JEQ : BPF_JGT, 0, guard ? 0 : 100, 7),
		MOV64_REG(1, 10),
		ALU64_IMM(BPF_ADD, 1, -16),
		MOV64_REG(2, 0),
		LDX(BPF_DW, 3, R_CTX, 112),
		CALL(BPF_FUNC_probe_read_user),
		MOV64_IMM(0, 0),
		EXIT(),
		MOV64_IMM(0, 1),
		EXIT(),
	};

	return one_prog(p, N(p));
}

static void size_role(struct trole *r)
{
	struct host_fn *fn;

	role_init(r);
	trole_grant(r, "bpf_get_prandom_u32", PROV_HELPER);
	fn = trole_grant(r, "bpf_probe_read_user", PROV_HELPER);
	trole_param(fn, "dst", "void_ptr", true, false);
	trole_param(fn, "size", "u32", false, false);
	trole_param(fn, "unsafe_ptr", "const_void_ptr", true, true);
	trole_constr(fn, CONSTR_NON_NULL, 0, CMP_GT, 0, "dst.non_null");
	trole_constr(fn, CONSTR_CMP, 1, CMP_GT, 0, "size > 0");
	trole_constr(fn, CONSTR_CMP, 1, CMP_LE, 16, "size <= 16");
}

static void test_range_constraint(void **state)
{
	struct extension *e;
	struct trole r;
	struct verdict *v;

	(void)state;
	size_role(&r);
	/* rand & 15 is 0..15: size > 0 is not proven */
	e = size_prog(false);
	v = check(e, &r);
	assert_false(v->accepted);
	assert_int_equal(nr_kind(v, VIOL_CONSTRAINT), 1);
	assert_string_equal(first_kind(v, VIOL_CONSTRAINT)->clause, "bpf_probe_read_user: size > 0");
	assert_non_null(strstr(first_kind(v, VIOL_CONSTRAINT)->msg, "size is 0..15"));
	assert_string_equal(first_kind(v, VIOL_CONSTRAINT)->host_fn, "bpf_probe_read_user");
	assert_int_equal(first_kind(v, VIOL_CONSTRAINT)->insn, 7);
	assert_string_equal(first_kind(v, VIOL_CONSTRAINT)->func, "prog");
	verdict_free(v);
	extension_free(e);
	/* the zero case returns early: 1..15 on the call's path */
	e = size_prog(true);
	expect_accepted(e, &r);
	extension_free(e);
}

/* ---- NULL checks ---- */

static struct extension *lookup_prog(bool checked)
{
	struct bpf_insn p[] = {
		ST(BPF_W, 10, -4, 0),
		LD64_LO(1, 0), LD64_HI(0),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -4),
		CALL(BPF_FUNC_map_lookup_elem),
		checked ? JMP_IMM(BPF_JEQ, 0, 0, 7) : MOV64_REG(0, 0),
		MOV64_REG(3, 0),
		LD64_LO(1, 0), LD64_HI(0),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -4),
		MOV64_IMM(4, 0),
		CALL(BPF_FUNC_map_update_elem),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct tb b;
	int sec, map;

	tb_init(&b);
	map = tb_map(&b, "counts", BPF_MAP_TYPE_HASH, 4, 8, 16);
	sec = tb_func(&b, "uprobe", "prog", p, N(p), true);
	tb_rel(&b, sec, 1, map, R_BPF_64_64);
	tb_rel(&b, sec, 8, map, R_BPF_64_64);
	return build(&b);
}

static void map_role(struct trole *r)
{
	struct host_fn *fn;

	role_init(r);
	fn = trole_grant(r, "bpf_map_lookup_elem", PROV_HELPER);
	trole_param(fn, "map", "void_ptr", true, false);
	trole_param(fn, "key", "const_void_ptr", true, true);
	trole_constr(fn, CONSTR_NON_NULL, 0, CMP_GT, 0, "map.non_null");
	trole_constr(fn, CONSTR_NON_NULL, 1, CMP_GT, 0, "key.non_null");
	fn = trole_grant(r, "bpf_map_update_elem", PROV_HELPER);
	trole_param(fn, "map", "void_ptr", true, false);
	trole_param(fn, "key", "const_void_ptr", true, true);
	trole_param(fn, "value", "const_void_ptr", true, true);
	trole_param(fn, "flags", "u64", false, false);
	trole_constr(fn, CONSTR_NON_NULL, 2, CMP_GT, 0, "value.non_null");
}

static void test_null_check(void **state)
{
	struct extension *e;
	struct trole r;
	struct verdict *v;

	(void)state;
	map_role(&r);
	e = lookup_prog(false);
	expect_violation(e, &r, VIOL_CONSTRAINT, "value may be NULL");
	extension_free(e);

	e = lookup_prog(true);
	v = check(e, &r);
	assert_accepted(v);
	assert_int_equal(v->entries[0].nr_calls, 2);
	assert_string_equal(v->entries[0].calls[0].name, "bpf_map_lookup_elem");
	assert_string_equal(v->entries[0].calls[0].kind, "helper");
	verdict_free(v);
	extension_free(e);
}

/* A map value pointer spilled to the stack and filled back keeps its NULL check. */
static void test_spill_fill_pointer(void **state)
{
	const struct bpf_insn p[] = {
		ST(BPF_W, 10, -4, 0),
		LD64_LO(1, 0), LD64_HI(0),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -4),
		CALL(BPF_FUNC_map_lookup_elem),
		STX(BPF_DW, 10, 0, -16),		/* spill before the check */
		JMP_IMM(BPF_JEQ, 0, 0, 8),
		LDX(BPF_DW, 3, 10, -16),		/* fill after it */
		LD64_LO(1, 0), LD64_HI(0),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -4),
		MOV64_IMM(4, 0),
		CALL(BPF_FUNC_map_update_elem),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct trole r;
	struct verdict *v;
	struct tb b;
	int sec, map;
	struct extension *e;

	(void)state;
	tb_init(&b);
	map = tb_map(&b, "counts", BPF_MAP_TYPE_HASH, 4, 8, 16);
	sec = tb_func(&b, "uprobe", "prog", p, N(p), true);
	tb_rel(&b, sec, 1, map, R_BPF_64_64);
	tb_rel(&b, sec, 9, map, R_BPF_64_64);
	e = build(&b);
	map_role(&r);
	v = check(e, &r);
	assert_accepted(v);
	assert_int_equal(v->entries[0].stack_bytes, 16);
	verdict_free(v);
	extension_free(e);
}

/* Constants spilled at 8 and 4 bytes come back as the same constants. */
static void test_spill_fill_constant(void **state)
{
	const struct bpf_insn p[] = {
		MOV64_IMM(1, 8),
		STX(BPF_DW, 10, 1, -16),
		STX(BPF_W, 10, 1, -4),
		MOV64_IMM(1, 0),
		LDX(BPF_DW, 6, 10, -16),
		LDX(BPF_W, 7, 10, -4),
		ALU64_REG(BPF_ADD, 6, 7),		/* 16 */
		MOV64_REG(1, 10),
		ALU64_IMM(BPF_ADD, 1, -32),
		MOV64_REG(2, 6),
		LDX(BPF_DW, 3, R_CTX, 112),
		CALL(BPF_FUNC_probe_read_user),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;

	(void)state;
	size_role(&r);
	expect_accepted(e, &r);
	/* 17 would break size <= 16: the constant is exact */
	extension_free(e);
}

/* ---- the context: read-only ---- */

static void test_ctx_store(void **state)
{
	const struct bpf_insn p[] = {
		ST(BPF_DW, R_CTX, 80, 0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	expect_violation(e, &r, VIOL_MEMORY_WRITE, "ctx");
	/* allowed to write memory, but arguments stay const */
	r.role.attrs.allow_memory_write = true;
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_CONST), 1);
	verdict_free(v);
	r.role.attrs.always_const = false;
	expect_accepted(e, &r);
	extension_free(e);
}

/* ctx, or a pointer read from it, as the buffer a helper writes */
static void test_ctx_writable_arg(void **state)
{
	const struct bpf_insn p[] = {
		MOV64_REG(6, R_CTX),
		LDX(BPF_DW, 3, R_CTX, 112),
		MOV64_REG(1, 6),			/* dst = ctx */
		MOV64_IMM(2, 8),
		CALL(BPF_FUNC_probe_read_user),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;

	(void)state;
	size_role(&r);
	expect_violation(e, &r, VIOL_CONST, "writes through its dst, which is the context (ctx)");
	extension_free(e);
}

/* ---- stack ---- */

static void test_stack_bound(void **state)
{
	const struct bpf_insn p[] = {
		ST(BPF_DW, 10, -300, 0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	/* 300 bytes used, counted in 8-byte slots */
	expect_limit(e, &r, &r.role.attrs.max_memory, "max_memory", 304, VIOL_STACK);
	v = check(e, &r);
	assert_int_equal(v->entries[0].stack_bytes, 304);
	verdict_free(v);
	extension_free(e);
}

/* The entry's frame and a subprogram's frame add up along the call chain. */
static void test_stack_call_chain(void **state)
{
	const struct bpf_insn entry[] = {
		ST(BPF_DW, 10, -100, 0),
		CALL_REL(-1),				/* relocated to sub */
		MOV64_IMM(0, 0),
		EXIT(),
	};
	const struct bpf_insn sub[] = {
		ST(BPF_DW, 10, -200, 0),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = with_sub(entry, N(entry), "sub", sub, N(sub), 1, R_BPF_64_32);
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	r.role.attrs.max_memory = 256;
	v = check(e, &r);
	assert_int_equal(v->entries[0].stack_bytes, 104 + 200);
	assert_int_equal(nr_kind(v, VIOL_STACK), 1);
	assert_int_equal(v->entries[0].max_insns, 2 + 3 + 2);
	verdict_free(v);
	extension_free(e);
}

/* ---- calls and grants ---- */

static void test_not_granted(void **state)
{
	const struct bpf_insn p[] = {
		CALL(BPF_FUNC_ktime_get_ns),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct extension *e = one_prog(p, N(p));
	struct trole r;
	struct verdict *v;
	char line[512];

	(void)state;
	role_init(&r);
	v = check(e, &r);
	assert_false(v->accepted);
	assert_int_equal(nr_kind(v, VIOL_NOT_GRANTED), 1);
	violation_format(v, first_kind(v, VIOL_NOT_GRANTED), line, sizeof(line));
	assert_string_equal(line, "test.o: prog+0: call to bpf_ktime_get_ns is not granted "
			    "(role TestRole: no capability lists bpf_ktime_get_ns)");
	assert_string_equal(first_kind(v, VIOL_NOT_GRANTED)->entry, "prog");
	verdict_free(v);
	trole_grant(&r, "bpf_ktime_get_ns", PROV_HELPER);
	expect_accepted(e, &r);
	extension_free(e);
}

/* The call hides in a subprogram: found all the same, reported inside it. */
static void test_not_granted_in_subprog(void **state)
{
	char line[512];
	const struct bpf_insn entry[] = { CALL_REL(-1), EXIT() };
	const struct bpf_insn sub[] = { CALL(BPF_FUNC_get_smp_processor_id), EXIT() };
	struct extension *e = with_sub(entry, N(entry), "helper_user", sub, N(sub), 0,
				       R_BPF_64_32);
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_NOT_GRANTED), 1);
	assert_string_equal(first_kind(v, VIOL_NOT_GRANTED)->func, "helper_user");
	assert_string_equal(first_kind(v, VIOL_NOT_GRANTED)->entry, "prog");
	violation_format(v, first_kind(v, VIOL_NOT_GRANTED), line, sizeof(line));
	assert_string_equal(line, "test.o: helper_user+0 (in entry prog): call to "
			    "bpf_get_smp_processor_id is not granted (role TestRole: no capability "
			    "lists bpf_get_smp_processor_id)");
	verdict_free(v);
	extension_free(e);
}

/* bpf_loop: the callback's calls are checked, its cost multiplied by nr_loops. */
static struct extension *loop_prog(int nr, bool unknown_nr)
{
	const struct bpf_insn entry[] = {
		unknown_nr ? CALL(BPF_FUNC_get_prandom_u32) : MOV64_IMM(0, nr),
		MOV64_REG(1, 0),
		LD64_LO(2, 0), LD64_HI(0),		/* the callback's address */
		MOV64_IMM(3, 0),
		MOV64_IMM(4, 0),
		CALL(BPF_FUNC_loop),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	const struct bpf_insn cb[] = {
		CALL(BPF_FUNC_ktime_get_ns),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	return with_sub(entry, N(entry), "cb", cb, N(cb), 2, R_BPF_64_64);
}

static void test_bpf_loop(void **state)
{
	struct extension *e;
	struct host_fn *fn;
	struct trole r;
	struct verdict *v;

	(void)state;
	rand_role(&r);
	fn = trole_grant(&r, "bpf_loop", PROV_HELPER);
	(void)fn;
	e = loop_prog(10, false);
	v = check(e, &r);
	/* ktime in the callback is not granted */
	assert_int_equal(nr_kind(v, VIOL_NOT_GRANTED), 1);
	assert_string_equal(first_kind(v, VIOL_NOT_GRANTED)->func, "cb");
	verdict_free(v);
	trole_grant(&r, "bpf_ktime_get_ns", PROV_HELPER);
	v = check(e, &r);
	assert_accepted(v);
	/* 8 instructions in the entry, 10 iterations of 3 */
	assert_int_equal(v->entries[0].max_insns, 8 + 10 * 3);
	verdict_free(v);
	extension_free(e);

	/* nr_loops unknown: up to 8M iterations */
	e = loop_prog(0, true);
	expect_violation(e, &r, VIOL_INSNS, "8388608 times");
	extension_free(e);
}

/* ---- resources and side effects ---- */

static struct extension *ringbuf_prog(bool submit_all)
{
	const struct bpf_insn p[] = {
		LD64_LO(1, 0), LD64_HI(0),
		MOV64_IMM(2, 16),
		MOV64_IMM(3, 0),
		CALL(BPF_FUNC_ringbuf_reserve),
		JMP_IMM(BPF_JEQ, 0, 0, 6),
		MOV64_REG(6, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		JMP_IMM(BPF_JSET, 0, 1, submit_all ? 0 : 3),
		MOV64_REG(1, 6),
		MOV64_IMM(2, 0),
		CALL(BPF_FUNC_ringbuf_submit),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct tb b;
	int sec, map;

	tb_init(&b);
	map = tb_map(&b, "events", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096);
	sec = tb_func(&b, "uprobe", "prog", p, N(p), true);
	tb_rel(&b, sec, 0, map, R_BPF_64_64);
	return build(&b);
}

static void test_ringbuf_release(void **state)
{
	struct extension *e;
	struct trole r;
	struct verdict *v;

	(void)state;
	rand_role(&r);
	trole_grant(&r, "bpf_ringbuf_reserve", PROV_HELPER);
	trole_grant(&r, "bpf_ringbuf_submit", PROV_HELPER);
	e = ringbuf_prog(false);
	v = check(e, &r);
	assert_false(v->accepted);
	assert_int_equal(nr_kind(v, VIOL_RESOURCE), 1);
	/* reported where the reservation was made */
	assert_int_equal(first_kind(v, VIOL_RESOURCE)->insn, 4);
	verdict_free(v);
	extension_free(e);
	e = ringbuf_prog(true);
	expect_accepted(e, &r);
	extension_free(e);
}

static void test_side_effect_and_tail_call(void **state)
{
	const struct bpf_insn p[] = {
		MOV64_IMM(1, 9),
		CALL(BPF_FUNC_send_signal),
		MOV64_IMM(2, 0),
		LD64_LO(2, 0), LD64_HI(0),
		MOV64_IMM(3, 0),
		CALL(BPF_FUNC_tail_call),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct tb b;
	struct extension *e;
	struct trole r;
	struct verdict *v;
	int sec, map;

	(void)state;
	tb_init(&b);
	map = tb_map(&b, "progs", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
	sec = tb_func(&b, "uprobe", "prog", p, N(p), true);
	tb_rel(&b, sec, 3, map, R_BPF_64_64);
	e = build(&b);
	role_init(&r);
	trole_grant(&r, "bpf_send_signal", PROV_HELPER);
	trole_grant(&r, "bpf_tail_call", PROV_HELPER);
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_SIDE_EFFECT), 1);
	assert_int_equal(nr_kind(v, VIOL_TAIL_CALL), 1);
	verdict_free(v);
	/* side effects allowed: the tail call is still refused */
	r.role.attrs.may_have_side_effect = true;
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_SIDE_EFFECT), 0);
	assert_int_equal(nr_kind(v, VIOL_TAIL_CALL), 1);
	verdict_free(v);
	extension_free(e);
}

/* ---- NUL-terminated strings ---- */

static struct extension *strnlen_prog(bool terminate)
{
	const struct bpf_insn p[] = {
		LDX(BPF_DW, 1, R_CTX, 112),		/* unknown bytes */
		STX(BPF_DW, 10, 1, -16),
		terminate ? ST(BPF_B, 10, -9, 0) : MOV64_IMM(0, 0),
		MOV64_REG(1, 10),
		ALU64_IMM(BPF_ADD, 1, -16),
		MOV64_IMM(2, 8),
		CALL_REL(-1),				/* bpf_strnlen, a kfunc */
		MOV64_IMM(0, 0),
		EXIT(),
	};
	struct tb b;
	int sec, sym;

	tb_init(&b);
	sec = tb_func(&b, "uprobe", "prog", p, N(p), true);
	sym = tb_extern(&b, "bpf_strnlen", true);
	tb_rel(&b, sec, 6, sym, R_BPF_64_32);
	return build(&b);
}

static void test_null_terminated(void **state)
{
	struct extension *e;
	struct host_fn *fn;
	struct trole r;
	struct verdict *v;

	(void)state;
	role_init(&r);
	fn = trole_grant(&r, "bpf_strnlen", PROV_KFUNC);
	trole_param(fn, "str", "const_char_ptr", true, true);
	trole_param(fn, "maxlen", "size_t", false, false);
	trole_constr(fn, CONSTR_NON_NULL, 0, CMP_GT, 0, "str.non_null");
	trole_constr(fn, CONSTR_NULL_TERMINATED, 0, CMP_GT, 0, "str.null_terminated");
	e = strnlen_prog(false);
	assert_int_equal(e->nr_externs, 1);
	assert_int_equal(e->externs[0].kind, EXT_EXTERN_KFUNC);
	expect_violation(e, &r, VIOL_CONSTRAINT, "null_terminated");
	extension_free(e);
	e = strnlen_prog(true);
	v = check(e, &r);
	assert_accepted(v);
	assert_string_equal(v->entries[0].calls[0].kind, "kfunc");
	verdict_free(v);
	extension_free(e);
}

/* ---- entries ---- */

static void test_entry_rules(void **state)
{
	const struct bpf_insn p[] = { MOV64_IMM(0, 0), EXIT() };
	struct tb b;
	struct extension *e;
	struct trole r;
	struct verdict *v;

	(void)state;
	tb_init(&b);
	tb_func(&b, "kprobe/do_sys_open", "kp", p, N(p), true);
	tb_func(&b, "uprobe/demo+16", "handle_uprobe_event", p, N(p), true);
	e = build(&b);
	assert_string_equal(e->funcs[1].attach_sym, "demo");
	assert_int_equal(e->funcs[1].attach_off, 16);
	role_init(&r);
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_ENTRY_TYPE), 1);
	assert_non_null(strstr(first_kind(v, VIOL_ENTRY_TYPE)->msg, "kprobe"));
	assert_int_equal(nr_kind(v, VIOL_IMPERSONATION), 1);
	assert_false(v->entries[0].explored);
	verdict_free(v);
	/* a role that names the event handler in a capability only: its signature is the real one */
	{
		const struct bpf_insn ok[] = { MOV64_IMM(0, 0), EXIT() };
		struct extension *one = one_prog(ok, N(ok));
		struct trole named;

		trole_init(&named, "Named");
		trole_grant(&named, "handle_uprobe_event", PROV_HOSTLIB)->declared = false;
		expect_accepted(one, &named);
		extension_free(one);
	}
	/* without the event handler's capability, no entry may attach */
	{
		struct tb b2;
		struct extension *none;

		tb_init(&b2);
		tb_func(&b2, ".text", "lonely", p, N(p), false);
		none = build(&b2);
		expect_violation(none, &r, VIOL_ENTRY_TYPE, "no entry point");
		extension_free(none);
	}
	trole_init(&r, "NoEvents");
	v = check(e, &r);
	assert_int_equal(nr_kind(v, VIOL_NO_EVENTS), 1);
	verdict_free(v);
	extension_free(e);
}

/* ---- production-shaped objects compiled by clang ---- */

static struct role_file *load_roles(void)
{
	const char *src = getenv("ROLEPROBE_SRCDIR");
	struct diag_list dl = { 0 };
	struct role_file *rf = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/tests/unit/roles/vf_tracing.yaml", src ? src : ".");
	assert_int_equal(role_file_load(path, &rf, &dl), 0);
	diag_list_free(&dl);
	return rf;
}

static struct extension *open_fixture(const char *name)
{
	const char *build_dir = getenv("ROLEPROBE_BUILD");
	struct extension *e = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/unit/%s.bpf.o", build_dir ? build_dir : "build", name);
	assert_int_equal(extension_open(path, &e), 0);
	return e;
}

static const struct entry_verdict *entry(const struct verdict *v, const char *name)
{
	int i;

	for (i = 0; i < v->nr_entries; i++)
		if (!strcmp(v->entries[i].name, name))
			return &v->entries[i];
	fail_msg("no entry %s", name);
	return NULL;
}

static void test_fixtures_accepted(void **state)
{
	static const struct {
		const char *obj, *entry;
		uint64_t min_insns, max_insns;	/* what the worst path must take */
	} cases[] = {
		{ "vf_malloc", "malloc_exit", 30, 60 },
		{ "vf_malloc", "free_enter", 15, 40 },
		{ "vf_hist", "lat_exit", 64 * 5, 500 },		/* the log2 loop */
		{ "vf_strfilt", "trace_open", 63 * 7, 1200 },	/* bpf_strncpy of 64 bytes */
		{ "vf_loops", "sum_slots", 16 * 10, 600 },	/* bpf_loop, 16 iterations */
		{ "vf_loops", "fill_array", 100, 400 },
		{ "vf_loops", "count_slashes", 32 * 6, 800 },
		{ "vf_loops", "count_kinds", 128 * 8, 2500 },
	};
	struct role_file *rf = load_roles();
	const struct role_def *tracer = role_find(rf, "Tracer");
	size_t i;

	(void)state;
	assert_non_null(tracer);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct extension *e = open_fixture(cases[i].obj);
		const struct entry_verdict *ev;
		struct verdict *v = NULL;

		assert_int_equal(verifier_check(e, tracer, NULL, &v), 0);
		print_message("%s: %s\n", cases[i].obj, v->accepted ? "accepted" : "rejected");
		assert_accepted(v);
		ev = entry(v, cases[i].entry);
		assert_true(ev->bounded);
		/* two counters over 128 bytes: paths joined, not counted one by one */
		assert_true(v->steps < 500000);
		if (ev->max_insns < cases[i].min_insns || ev->max_insns > cases[i].max_insns)
			fail_msg("%s %s: bound %llu outside [%llu, %llu]", cases[i].obj,
				 cases[i].entry, (unsigned long long)ev->max_insns,
				 (unsigned long long)cases[i].min_insns,
				 (unsigned long long)cases[i].max_insns);
		verdict_free(v);
		extension_free(e);
	}
	role_file_free(rf);
}

static void test_fixtures_tight(void **state)
{
	struct role_file *rf = load_roles();
	const struct role_def *tight = role_find(rf, "Tight");
	struct extension *e;
	struct verdict *v = NULL;

	(void)state;
	assert_non_null(tight);
	/* the histogram's loop: over 200 instructions */
	e = open_fixture("vf_hist");
	assert_int_equal(verifier_check(e, tight, NULL, &v), 0);
	assert_int_equal(nr_kind(v, VIOL_INSNS), 1);
	assert_string_equal(first_kind(v, VIOL_INSNS)->entry, "lat_exit");
	verdict_free(v);
	extension_free(e);
	/* the string filter's two 64-byte buffers: over 64 bytes of stack */
	e = open_fixture("vf_strfilt");
	assert_int_equal(verifier_check(e, tight, NULL, &v), 0);
	assert_int_equal(nr_kind(v, VIOL_STACK), 1);
	assert_non_null(first_kind(v, VIOL_STACK)->file);
	assert_true(first_kind(v, VIOL_STACK)->line > 0);
	verdict_free(v);
	extension_free(e);
	role_file_free(rf);
}

/*
 * The production extensions of the corpus (tests/ext/real: readline, malloc accounting,
 * latency, string filter), each under the role its source names: accepted, every entry
 * with a bound inside the role.
 */
static void test_corpus_real(void **state)
{
	const char *src = getenv("ROLEPROBE_SRCDIR"), *build_dir = getenv("ROLEPROBE_BUILD");
	char dir[2048], path[4096], line[512];
	struct dirent *d;
	DIR *dp;
	int checked = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/ext/real", src ? src : ".");
	dp = opendir(dir);
	assert_non_null(dp);
	while ((d = readdir(dp))) {
		char role_file[1024] = "", role_name[256] = "", name[256];
		struct diag_list dl = { 0 };
		struct role_file *rf = NULL;
		const struct role_def *role;
		struct extension *e = NULL;
		struct verdict *v = NULL;
		size_t len = strlen(d->d_name);
		FILE *f;
		int i;

		if (len < 7 || strcmp(d->d_name + len - 6, ".bpf.c"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 6), d->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "/* ROLE: %1023s %255s */", role_file, role_name) == 2)
				break;
		fclose(f);
		if (!role_file[0] || !strcmp(role_name, "*/"))
			fail_msg("%s: no ROLE line with a role name", path);
		snprintf(path, sizeof(path), "%s/%s", src ? src : ".", role_file);
		assert_int_equal(role_file_load(path, &rf, &dl), 0);
		role = role_find(rf, role_name);
		assert_non_null(role);
		snprintf(path, sizeof(path), "%s/ext/real/%s.bpf.o", build_dir ? build_dir : "build",
			 name);
		assert_int_equal(extension_open(path, &e), 0);
		assert_int_equal(verifier_check(e, role, NULL, &v), 0);
		print_message("%s under %s: %s\n", name, role_name,
			      v->accepted ? "accepted" : "rejected");
		assert_accepted(v);
		for (i = 0; i < v->nr_entries; i++) {
			const struct entry_verdict *ev = &v->entries[i];

			assert_true(ev->explored && ev->bounded);
			assert_true(ev->max_insns <= role->attrs.max_instructions);
			assert_true(ev->stack_bytes <= role->attrs.max_memory);
		}
		checked++;
		verdict_free(v);
		extension_free(e);
		role_file_free(rf);
		diag_list_free(&dl);
	}
	closedir(dp);
	assert_true(checked >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_straight_line),
		cmocka_unit_test(test_exact_bounds),
		cmocka_unit_test(test_loop_unbounded),
		cmocka_unit_test(test_loop_counter_unknown_start),
		cmocka_unit_test(test_loop_over_budget),
		cmocka_unit_test(test_pruning_diamonds),
		cmocka_unit_test(test_pruning_joins_refined_values),
		cmocka_unit_test(test_pruning_keeps_live_difference),
		cmocka_unit_test(test_range_constraint),
		cmocka_unit_test(test_null_check),
		cmocka_unit_test(test_spill_fill_pointer),
		cmocka_unit_test(test_spill_fill_constant),
		cmocka_unit_test(test_ctx_store),
		cmocka_unit_test(test_ctx_writable_arg),
		cmocka_unit_test(test_stack_bound),
		cmocka_unit_test(test_stack_call_chain),
		cmocka_unit_test(test_not_granted),
		cmocka_unit_test(test_not_granted_in_subprog),
		cmocka_unit_test(test_bpf_loop),
		cmocka_unit_test(test_ringbuf_release),
		cmocka_unit_test(test_side_effect_and_tail_call),
		cmocka_unit_test(test_null_terminated),
		cmocka_unit_test(test_entry_rules),
		cmocka_unit_test(test_fixtures_accepted),
		cmocka_unit_test(test_fixtures_tight),
		cmocka_unit_test(test_corpus_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
