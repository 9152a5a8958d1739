// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The verifier's value domain: soundness checked against concrete arithmetic on random
 * values (every concrete result must lie in the abstract one), and the precision the
 * verifier relies on (masks, loop counters, branch refinement) checked case by case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/bpf.h>

#include "scalar.h"

/* A small seeded generator: the test is the same on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (long)(rng_state >> 33);
}

static uint64_t rnd64(void)
{
	return ((uint64_t)rnd() << 42) ^ ((uint64_t)rnd() << 21) ^ rnd();
}

/* Values near the edges where arithmetic wraps, and some anywhere. */
static uint64_t rval(void)
{
	switch (rnd() % 8) {
	case 0: return rnd() % 8;
	case 1: return (uint64_t)-(int64_t)(rnd() % 8);
	case 2: return rnd() % 300;
	case 3: return 0xffffffffULL - rnd() % 4;
	case 4: return 0x80000000ULL + rnd() % 4 - 2;
	case 5: return 0x8000000000000000ULL + rnd() % 4 - 2;
	case 6: return (uint64_t)(int64_t)(int32_t)rnd();
	default: return rnd64();
	}
}

/* Is @v one of the values @s stands for? */
static bool in(const struct scalar *s, uint64_t v)
{
	return (int64_t)v >= s->smin && (int64_t)v <= s->smax && v >= s->umin &&
	       v <= s->umax && (int32_t)v >= s->s32_min && (int32_t)v <= s->s32_max &&
	       (uint32_t)v >= s->u32_min && (uint32_t)v <= s->u32_max &&
	       (v & ~s->t.mask) == s->t.value;
}

/* An abstract value holding two concrete ones, *@a and *@b. */
static void mk(struct scalar *s, uint64_t *a, uint64_t *b)
{
	struct scalar t;

	*a = rval();
	*b = rnd() % 3 ? rval() : *a;
	if (rnd() % 4 == 0)
		*b = *a + rnd() % 16;
	sc_const(s, *a);
	sc_const(&t, *b);
	sc_join(s, &t);
}

/* The BPF semantics of one ALU operation; *@ok false when the program would be refused. */
static uint64_t conc(int op, uint64_t d, uint64_t s, int alu32, int *ok)
{
	int bits = alu32 ? 32 : 64;
	uint64_t r;

	*ok = 1;
	if (alu32) {
		d = (uint32_t)d;
		s = (uint32_t)s;
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && s >= (uint64_t)bits) {
		*ok = 0;
		return 0;
	}
	switch (op) {
	case BPF_ADD: r = d + s; break;
	case BPF_SUB: r = d - s; break;
	case BPF_MUL: r = d * s; break;
	case BPF_DIV: r = s ? d / s : 0; break;
	case BPF_MOD: r = s ? d % s : d; break;
	case BPF_AND: r = d & s; break;
	case BPF_OR: r = d | s; break;
	case BPF_XOR: r = d ^ s; break;
	case BPF_LSH: r = d << s; break;
	case BPF_RSH: r = d >> s; break;
	case BPF_ARSH:
		r = alu32 ? (uint32_t)((int32_t)d >> s) : (uint64_t)((int64_t)d >> s);
		break;
	case BPF_MOV: r = s; break;
	case BPF_NEG: r = -d; break;
	default:
		*ok = 0;
		return 0;
	}
	return alu32 ? (uint32_t)r : r;
}

/* The BPF semantics of one condition. */
static int ctruth(int op, uint64_t a, uint64_t b, int is32)
{
	int64_t sa, sb;

	if (is32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	sa = is32 ? (int32_t)a : (int64_t)a;
	sb = is32 ? (int32_t)b : (int64_t)b;
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JSLT: return sa < sb;
	case BPF_JSLE: return sa <= sb;
	case BPF_JSET: return (a & b) != 0;
	}
	return 0;
}

static void test_soundness(void **state)
{
	static const int ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND, BPF_OR,
				   BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH, BPF_MOV, BPF_NEG };
	static const int cops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
				    BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET };
	long i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		struct scalar d, s, r, w;
		uint64_t d1, d2, s1, s2, pairs[4][2];
		int ok, k, op, a32, cop, c32, sz;

		mk(&d, &d1, &d2);
		mk(&s, &s1, &s2);
		assert_true(in(&d, d1) && in(&d, d2));
		op = ops[rnd() % 13];
		a32 = rnd() % 2;
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && rnd() % 2) {
			s1 = s2 = rnd() % (a32 ? 32 : 64);
			sc_const(&s, s1);
		}
		r = d;
		sc_alu(&r, &s, op, a32, 0, 0);
		pairs[0][0] = d1; pairs[0][1] = s1;
		pairs[1][0] = d1; pairs[1][1] = s2;
		pairs[2][0] = d2; pairs[2][1] = s1;
		pairs[3][0] = d2; pairs[3][1] = s2;
		for (k = 0; k < 4; k++) {
			uint64_t v = conc(op, pairs[k][0], pairs[k][1], a32, &ok);

			if (ok && !in(&r, v))
				fail_msg("alu op 0x%x alu32 %d: %llx op %llx = %llx, not in the result",
					 op, a32, (unsigned long long)pairs[k][0],
					 (unsigned long long)pairs[k][1], (unsigned long long)v);
		}
		cop = cops[rnd() % 11];
		c32 = rnd() % 2;
		for (k = 0; k < 4; k++) {
			uint64_t x = pairs[k][0], y = pairs[k][1];
			int truth = ctruth(cop, x, y, c32), br = sc_branch(&d, &s, cop, c32);
			struct scalar a2 = d, b2 = s;

			if (!sc_cond(&a2, &b2, cop, c32, truth) || !in(&a2, x) || !in(&b2, y))
				fail_msg("cond op 0x%x jmp32 %d outcome %d loses %llx, %llx", cop, c32,
					 truth, (unsigned long long)x, (unsigned long long)y);
			if (br != -1 && br != truth)
				fail_msg("cond op 0x%x decided %d, but %llx, %llx gives %d", cop, br,
					 (unsigned long long)x, (unsigned long long)y, truth);
		}
		sz = 1 << (rnd() % 4);
		r = d;
		sc_trunc(&r, sz);
		{
			uint64_t m = sz == 8 ? ~0ULL : (1ULL << (sz * 8)) - 1;

			assert_true(in(&r, d1 & m) && in(&r, d2 & m));
		}
		if (sz < 8) {
			int sh = 64 - sz * 8;

			r = d;
			sc_sext(&r, sz);
			assert_true(in(&r, (uint64_t)(((int64_t)(d1 << sh)) >> sh)));
			assert_true(in(&r, (uint64_t)(((int64_t)(d2 << sh)) >> sh)));
		}
		w = d;
		sc_widen(&w, &s);
		assert_true(in(&w, d1) && in(&w, s1) && in(&w, s2));
		assert_true(sc_within(&w, &d));
	}
}

static void test_precision(void **state)
{
	struct scalar a, b, c;

	(void)state;
	/* x & 15: 0..15 */
	sc_unknown(&a);
	sc_const(&b, 15);
	sc_alu(&a, &b, BPF_AND, false, 0, false);
	assert_int_equal(a.umin, 0);
	assert_int_equal(a.umax, 15);
	assert_int_equal(a.smin, 0);
	/* (x & 7) + 1: 1..8 */
	sc_const(&b, 7);
	sc_unknown(&a);
	sc_alu(&a, &b, BPF_AND, false, 0, false);
	sc_const(&b, 1);
	sc_alu(&a, &b, BPF_ADD, false, 0, false);
	assert_int_equal(a.umin, 1);
	assert_int_equal(a.umax, 8);
	/* a 32-bit add zero-extends */
	sc_const(&a, 0xffffffffULL);
	sc_const(&b, 1);
	sc_alu(&a, &b, BPF_ADD, true, 0, false);
	assert_true(sc_is_const(&a));
	assert_int_equal(sc_value(&a), 0);
	/* a loop counter: k + 1 < 100 decides once k reaches 99 */
	sc_const(&a, 99);
	sc_const(&b, 100);
	assert_int_equal(sc_branch(&a, &b, BPF_JLT, false), 1);
	sc_const(&a, 100);
	assert_int_equal(sc_branch(&a, &b, BPF_JLT, false), 0);
	/* refinement: unknown u32 after "if x > 50 goto" falls through as 0..50 */
	sc_unknown_bits(&a, 32);
	sc_const(&b, 50);
	assert_int_equal(sc_branch(&a, &b, BPF_JGT, false), -1);
	c = a;
	assert_true(sc_cond(&c, &b, BPF_JGT, false, false));
	assert_int_equal(c.umax, 50);
	c = a;
	assert_true(sc_cond(&c, &b, BPF_JGT, false, true));
	assert_int_equal(c.umin, 51);
	/* a signed check on 32 bits: if (int)x s< 0 goto: the rest is 0..0x7fffffff */
	sc_unknown_bits(&a, 32);
	sc_const(&b, 0);
	assert_true(sc_cond(&a, &b, BPF_JSLT, true, false));
	assert_int_equal(a.u32_max, 0x7fffffff);
	/* x != 0 on 0..15 leaves 1..15 */
	sc_urange(&a, 0, 15);
	assert_true(sc_cond(&a, &b, BPF_JNE, false, true));
	assert_int_equal(a.umin, 1);
	/* the impossible side of a decided branch is infeasible */
	sc_urange(&a, 0, 15);
	sc_const(&b, 20);
	c = a;
	assert_false(sc_cond(&c, &b, BPF_JGE, false, true));
	/* shifts of constants, sign extension, truncation */
	sc_const(&a, 1);
	sc_const(&b, 12);
	sc_alu(&a, &b, BPF_LSH, false, 0, false);
	assert_int_equal(sc_value(&a), 4096);
	sc_const(&a, 0x80);
	sc_sext(&a, 1);
	assert_int_equal((int64_t)sc_value(&a), -128);
	sc_const(&a, 0x12345678abcdULL);
	sc_trunc(&a, 2);
	assert_int_equal(sc_value(&a), 0xabcd);
	/* joins cover both sides, widening ends growth */
	sc_const(&a, 3);
	sc_const(&b, 9);
	sc_join(&a, &b);
	assert_int_equal(a.umin, 3);
	assert_int_equal(a.umax, 9);
	sc_urange(&b, 0, 10);
	sc_widen(&a, &b);
	assert_int_equal(a.umin, 0);
	assert_true(a.umax > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soundness),
		cmocka_unit_test(test_precision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
