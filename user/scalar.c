// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Scalar values: tnums and ranges with the kernel verifier's semantics (kernel/bpf/tnum.c
 * and the bounds logic of kernel/bpf/verifier.c), re-derived here. Range arithmetic is done
 * in 128 bits so that overflow is detected exactly: a result that may wrap becomes unknown
 * unless every value wraps the same way.
 */
#include <linux/bpf.h>
#include <stdio.h>

#include "scalar.h"

typedef __int128 s128;
typedef unsigned __int128 u128;

#define U32_MAX		0xffffffffULL
#define S32_MIN		(-2147483647LL - 1)
#define S32_MAX		2147483647LL

/* ---- tnum ---- */

struct tnum tnum_const(uint64_t v)
{
	return (struct tnum){ v, 0 };
}

static struct tnum tnum_unknown(void)
{
	return (struct tnum){ 0, ~0ULL };
}

struct tnum tnum_range(uint64_t min, uint64_t max)
{
	uint64_t chi = min ^ max, delta;
	int bits = chi ? 64 - __builtin_clzll(chi) : 0;

	if (bits > 63)
		return tnum_unknown();
	delta = (1ULL << bits) - 1;
	return (struct tnum){ min & ~delta, delta };
}

bool tnum_is_const(struct tnum t)
{
	return !t.mask;
}

bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	b.value &= ~a.mask;
	return a.value == b.value;
}

static struct tnum tnum_cast(struct tnum a, int size)
{
	uint64_t m = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;

	return (struct tnum){ a.value & m, a.mask & m };
}

static struct tnum tnum_add(struct tnum a, struct tnum b)
{
	uint64_t sm = a.mask + b.mask, sv = a.value + b.value, sigma = sm + sv;
	uint64_t chi = sigma ^ sv, mu = chi | a.mask | b.mask;

	return (struct tnum){ sv & ~mu, mu };
}

static struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	uint64_t dv = a.value - b.value, alpha = dv + a.mask, beta = dv - b.mask;
	uint64_t chi = alpha ^ beta, mu = chi | a.mask | b.mask;

	return (struct tnum){ dv & ~mu, mu };
}

static struct tnum tnum_and(struct tnum a, struct tnum b)
{
	uint64_t alpha = a.value | a.mask, beta = b.value | b.mask, v = a.value & b.value;

	return (struct tnum){ v, alpha & beta & ~v };
}

static struct tnum tnum_or(struct tnum a, struct tnum b)
{
	uint64_t v = a.value | b.value, mu = a.mask | b.mask;

	return (struct tnum){ v, mu & ~v };
}

static struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	uint64_t v = a.value ^ b.value, mu = a.mask | b.mask;

	return (struct tnum){ v & ~mu, mu };
}

static struct tnum tnum_lshift(struct tnum a, int s)
{
	return (struct tnum){ a.value << s, a.mask << s };
}

static struct tnum tnum_rshift(struct tnum a, int s)
{
	return (struct tnum){ a.value >> s, a.mask >> s };
}

static struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	uint64_t acc_v = a.value * b.value;
	struct tnum acc_m = { 0, 0 };

	while (a.value || a.mask) {
		if (a.value & 1)
			acc_m = tnum_add(acc_m, (struct tnum){ 0, b.mask });
		else if (a.mask & 1)
			acc_m = tnum_add(acc_m, (struct tnum){ 0, b.value | b.mask });
		a = tnum_rshift(a, 1);
		b = tnum_lshift(b, 1);
	}
	return tnum_add((struct tnum){ acc_v, 0 }, acc_m);
}

/* Known bits of both; *ok = false when they disagree on a bit. */
static struct tnum tnum_intersect(struct tnum a, struct tnum b, bool *ok)
{
	uint64_t v = a.value | b.value, mu = a.mask & b.mask;

	if ((a.value ^ b.value) & ~(a.mask | b.mask))
		*ok = false;
	return (struct tnum){ v & ~mu, mu };
}

static struct tnum tnum_union(struct tnum a, struct tnum b)
{
	uint64_t mu = a.mask | b.mask | (a.value ^ b.value);

	return (struct tnum){ a.value & ~mu, mu };
}

static struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

static struct tnum tnum_with_subreg(struct tnum reg, struct tnum sub)
{
	struct tnum hi = { reg.value & ~U32_MAX, reg.mask & ~U32_MAX };

	return tnum_or(hi, tnum_subreg(sub));
}

/* ---- ranges of one width, for the arithmetic ---- */

/* One width's view: for 32 bits, smin..smax hold s32 values and umin..umax u32 values. */
struct rng {
	int64_t smin, smax;
	uint64_t umin, umax;
};

static uint64_t umax_of(int bits)
{
	return bits == 64 ? ~0ULL : U32_MAX;
}

static int64_t smin_of(int bits)
{
	return bits == 64 ? INT64_MIN : S32_MIN;
}

static int64_t smax_of(int bits)
{
	return bits == 64 ? INT64_MAX : S32_MAX;
}

static void rng_unknown_s(struct rng *r, int bits)
{
	r->smin = smin_of(bits);
	r->smax = smax_of(bits);
}

static void rng_unknown_u(struct rng *r, int bits)
{
	r->umin = 0;
	r->umax = umax_of(bits);
}

static struct rng view(const struct scalar *s, int bits)
{
	if (bits == 64)
		return (struct rng){ s->smin, s->smax, s->umin, s->umax };
	return (struct rng){ s->s32_min, s->s32_max, s->u32_min, s->u32_max };
}

static void set_view(struct scalar *s, const struct rng *r, int bits)
{
	if (bits == 64) {
		s->smin = r->smin;
		s->smax = r->smax;
		s->umin = r->umin;
		s->umax = r->umax;
	} else {
		s->s32_min = r->smin;
		s->s32_max = r->smax;
		s->u32_min = r->umin;
		s->u32_max = r->umax;
	}
}

/* Signed result [lo, hi] in 128 bits: kept when it fits the width, else unknown. */
static void rng_set_s(struct rng *r, s128 lo, s128 hi, int bits)
{
	if (lo < smin_of(bits) || hi > smax_of(bits)) {
		rng_unknown_s(r, bits);
		return;
	}
	r->smin = lo;
	r->smax = hi;
}

/* Unsigned result [lo, hi] in 128 bits (may be negative): kept when all wrap alike. */
static void rng_set_u(struct rng *r, s128 lo, s128 hi, int bits)
{
	s128 m = (s128)umax_of(bits) + 1;

	if (lo >= 0 && hi < m) {
		r->umin = lo;
		r->umax = hi;
	} else if (lo >= m && hi < 2 * m) {
		r->umin = lo - m;
		r->umax = hi - m;
	} else if (lo < 0 && hi < 0 && lo >= -m) {
		r->umin = lo + m;
		r->umax = hi + m;
	} else {
		rng_unknown_u(r, bits);
	}
}

static void rng_add(struct rng *d, const struct rng *s, int bits)
{
	rng_set_s(d, (s128)d->smin + s->smin, (s128)d->smax + s->smax, bits);
	rng_set_u(d, (s128)d->umin + s->umin, (s128)d->umax + s->umax, bits);
}

static void rng_sub(struct rng *d, const struct rng *s, int bits)
{
	rng_set_s(d, (s128)d->smin - s->smax, (s128)d->smax - s->smin, bits);
	rng_set_u(d, (s128)d->umin - (s128)s->umax, (s128)d->umax - (s128)s->umin, bits);
}

static void rng_mul(struct rng *d, const struct rng *s, int bits)
{
	s128 p[4] = {
		(s128)d->smin * s->smin, (s128)d->smin * s->smax,
		(s128)d->smax * s->smin, (s128)d->smax * s->smax,
	};
	s128 lo = p[0], hi = p[0];
	u128 ulo = (u128)d->umin * s->umin, uhi = (u128)d->umax * s->umax;
	int i;

	for (i = 1; i < 4; i++) {
		lo = p[i] < lo ? p[i] : lo;
		hi = p[i] > hi ? p[i] : hi;
	}
	rng_set_s(d, lo, hi, bits);
	if (uhi <= umax_of(bits)) {
		d->umin = ulo;
		d->umax = uhi;
	} else {
		rng_unknown_u(d, bits);
	}
}

static void rng_udiv(struct rng *d, const struct rng *s, int bits)
{
	rng_unknown_s(d, bits);
	if (s->umax == 0) {		/* division by zero gives 0 */
		d->umin = d->umax = 0;
	} else if (s->umin == 0) {	/* 0 or d / s <= d */
		d->umin = 0;
	} else {
		d->umin = d->umin / s->umax;
		d->umax = d->umax / s->umin;
	}
}

static void rng_umod(struct rng *d, const struct rng *s, int bits)
{
	rng_unknown_s(d, bits);
	if (s->umax == 0)		/* modulo zero leaves the dividend */
		return;
	if (s->umin > d->umax)		/* every divisor exceeds every dividend */
		return;
	if (s->umin == 0) {		/* d % 0 == d, else d % s < s; both <= d */
		d->umin = 0;
		return;
	}
	d->umin = 0;
	if (s->umax - 1 < d->umax)
		d->umax = s->umax - 1;
}

/* ---- scalars ---- */

static void sc_all_from_tnum(struct scalar *s)
{
	s->smin = INT64_MIN;
	s->smax = INT64_MAX;
	s->umin = 0;
	s->umax = ~0ULL;
	s->s32_min = S32_MIN;
	s->s32_max = S32_MAX;
	s->u32_min = 0;
	s->u32_max = U32_MAX;
}

void sc_unknown(struct scalar *s)
{
	s->t = tnum_unknown();
	sc_all_from_tnum(s);
}

void sc_const(struct scalar *s, uint64_t v)
{
	s->t = tnum_const(v);
	s->smin = s->smax = (int64_t)v;
	s->umin = s->umax = v;
	s->s32_min = s->s32_max = (int32_t)v;
	s->u32_min = s->u32_max = (uint32_t)v;
}

void sc_unknown_bits(struct scalar *s, int bits)
{
	if (bits >= 64) {
		sc_unknown(s);
		return;
	}
	sc_urange(s, 0, (1ULL << bits) - 1);
}

void sc_urange(struct scalar *s, uint64_t min, uint64_t max)
{
	sc_unknown(s);
	s->umin = min;
	s->umax = max;
	sc_sync(s);
}

void sc_srange(struct scalar *s, int64_t min, int64_t max)
{
	sc_unknown(s);
	s->smin = min;
	s->smax = max;
	sc_sync(s);
}

bool sc_is_const(const struct scalar *s)
{
	return tnum_is_const(s->t);
}

uint64_t sc_value(const struct scalar *s)
{
	return s->t.value;
}

static int64_t max_s(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min_s(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t min_u(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Bounds implied by the known bits. */
static void update_from_tnum(struct scalar *s)
{
	struct tnum t32 = tnum_subreg(s->t);

	s->smin = max_s(s->smin, (int64_t)(s->t.value | (s->t.mask & (1ULL << 63))));
	s->smax = min_s(s->smax, (int64_t)(s->t.value | (s->t.mask & ~(1ULL << 63))));
	s->umin = max_u(s->umin, s->t.value);
	s->umax = min_u(s->umax, s->t.value | s->t.mask);
	s->s32_min = max_s(s->s32_min, (int32_t)(t32.value | (t32.mask & 0x80000000ULL)));
	s->s32_max = min_s(s->s32_max, (int32_t)(t32.value | (t32.mask & 0x7fffffffULL)));
	s->u32_min = max_u(s->u32_min, (uint32_t)t32.value);
	s->u32_max = min_u(s->u32_max, (uint32_t)(t32.value | t32.mask));
}

/* Signed and unsigned ranges of one width tell each other what they can (kernel logic). */
static void deduce_sign(struct rng *r, int bits)
{
	uint64_t sign = bits == 64 ? 1ULL << 63 : 1ULL << 31;
	/* unsigned view of a signed bound, and back */
#define U(x)	((uint64_t)(x) & umax_of(bits))
#define S(x)	(bits == 64 ? (int64_t)(x) : (int64_t)(int32_t)(uint32_t)(x))

	if (r->smin >= 0 || r->smax < 0) {
		/* the signed range does not cross the sign: both ranges describe one interval */
		uint64_t lo = max_u(U(r->smin), r->umin), hi = min_u(U(r->smax), r->umax);

		r->umin = lo;
		r->umax = hi;
		r->smin = S(lo);
		r->smax = S(hi);
		if (lo > hi) {	/* contradiction: leave it for the validity check */
			r->smin = 1;
			r->smax = 0;
		}
	} else if (!(r->umax & sign)) {
		/* every value is non-negative */
		r->smin = r->umin;
		r->smax = min_s(r->smax, (int64_t)r->umax);
		r->umax = r->smax < 0 ? 0 : U(r->smax);
	} else if (r->umin & sign) {
		/* every value is negative */
		r->smin = max_s(r->smin, S(r->umin));
		r->umin = U(r->smin);
		r->smax = S(r->umax);
	}
#undef U
#undef S
}

static void deduce_mixed(struct scalar *s)
{
	uint64_t nu;
	int64_t ns;

	/* the low 32 bits bound the whole value within its upper part */
	nu = (s->umin & ~U32_MAX) | s->u32_min;
	s->umin = max_u(s->umin, nu);
	nu = (s->umax & ~U32_MAX) | s->u32_max;
	s->umax = min_u(s->umax, nu);
	ns = (int64_t)(((uint64_t)s->smin & ~U32_MAX) | s->u32_min);
	s->smin = max_s(s->smin, ns);
	ns = (int64_t)(((uint64_t)s->smax & ~U32_MAX) | s->u32_max);
	s->smax = min_s(s->smax, ns);

	/* a whole value whose upper 32 bits are fixed bounds its low 32 bits */
	if ((s->umin >> 32) == (s->umax >> 32)) {
		s->u32_min = max_u(s->u32_min, (uint32_t)s->umin);
		s->u32_max = min_u(s->u32_max, (uint32_t)s->umax);
		if ((int32_t)s->umin <= (int32_t)s->umax) {
			s->s32_min = max_s(s->s32_min, (int32_t)s->umin);
			s->s32_max = min_s(s->s32_max, (int32_t)s->umax);
		}
	}
	if (((uint64_t)s->smin >> 32) == ((uint64_t)s->smax >> 32)) {
		s->u32_min = max_u(s->u32_min, (uint32_t)s->smin);
		s->u32_max = min_u(s->u32_max, (uint32_t)s->smax);
		if ((int32_t)s->smin <= (int32_t)s->smax) {
			s->s32_min = max_s(s->s32_min, (int32_t)s->smin);
			s->s32_max = min_s(s->s32_max, (int32_t)s->smax);
		}
	}
}

static bool sc_valid(const struct scalar *s)
{
	return s->smin <= s->smax && s->umin <= s->umax && s->s32_min <= s->s32_max &&
	       s->u32_min <= s->u32_max && !(s->t.value & s->t.mask);
}

bool sc_sync(struct scalar *s)
{
	int round;

	for (round = 0; round < 2; round++) {
		struct rng r64, r32;
		struct tnum t64, t32;
		bool ok = true;

		update_from_tnum(s);
		if (!sc_valid(s))
			return false;
		r32 = view(s, 32);
		deduce_sign(&r32, 32);
		set_view(s, &r32, 32);
		r64 = view(s, 64);
		deduce_sign(&r64, 64);
		set_view(s, &r64, 64);
		if (!sc_valid(s))
			return false;
		deduce_mixed(s);
		if (!sc_valid(s))
			return false;
		/* known bits from the ranges */
		t64 = tnum_intersect(s->t, tnum_range(s->umin, s->umax), &ok);
		t32 = tnum_intersect(tnum_subreg(s->t), tnum_range(s->u32_min, s->u32_max), &ok);
		if (!ok)
			return false;
		/* the low bits as the 64-bit range knows them must agree with the 32-bit ones */
		t32 = tnum_intersect(tnum_subreg(t64), t32, &ok);
		if (!ok)
			return false;
		s->t = tnum_with_subreg(t64, t32);
		update_from_tnum(s);
		if (!sc_valid(s))
			return false;
	}
	return true;
}

static void sc_from_32(struct scalar *s)
{
	/* a 32-bit result: the whole value is its zero extension */
	s->t = tnum_subreg(s->t);
	s->umin = s->u32_min;
	s->umax = s->u32_max;
	s->smin = s->u32_min;
	s->smax = s->u32_max;
}

void sc_zext32(struct scalar *s)
{
	sc_from_32(s);
	sc_sync(s);
}

/* The low @bits of dst OP src, as a range and a tnum. */
static void alu_width(struct rng *r, struct tnum *t, const struct scalar *dst,
		      const struct scalar *src, int op, int bits, int off)
{
	struct rng s = view(src, bits);
	struct tnum td = bits == 64 ? dst->t : tnum_subreg(dst->t);
	struct tnum ts = bits == 64 ? src->t : tnum_subreg(src->t);
	int k;

	*r = view(dst, bits);
	switch (op) {
	case BPF_ADD:
		rng_add(r, &s, bits);
		*t = tnum_add(td, ts);
		break;
	case BPF_SUB:
		rng_sub(r, &s, bits);
		*t = tnum_sub(td, ts);
		break;
	case BPF_MUL:
		rng_mul(r, &s, bits);
		*t = tnum_mul(td, ts);
		break;
	case BPF_DIV:
	case BPF_MOD:
		*t = tnum_unknown();
		if (off == 1) {	/* signed division: nothing kept */
			rng_unknown_s(r, bits);
			rng_unknown_u(r, bits);
		} else if (op == BPF_DIV) {
			rng_udiv(r, &s, bits);
		} else {
			rng_umod(r, &s, bits);
		}
		if (tnum_is_const(td) && tnum_is_const(ts) && off != 1) {
			uint64_t a = td.value, b = ts.value;

			if (op == BPF_DIV)
				*t = tnum_const(b ? a / b : 0);
			else
				*t = tnum_const(b ? a % b : a);
		}
		break;
	case BPF_AND:
		*t = tnum_and(td, ts);
		r->umin = 0;
		r->umax = min_u(r->umax, s.umax);
		rng_unknown_s(r, bits);
		break;
	case BPF_OR:
		*t = tnum_or(td, ts);
		r->umin = max_u(r->umin, s.umin);
		r->umax = umax_of(bits);
		rng_unknown_s(r, bits);
		break;
	case BPF_XOR:
		*t = tnum_xor(td, ts);
		rng_unknown_u(r, bits);
		rng_unknown_s(r, bits);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (!tnum_is_const(ts) || ts.value >= (uint64_t)bits) {
			*t = tnum_unknown();
			rng_unknown_u(r, bits);
			rng_unknown_s(r, bits);
			break;
		}
		k = ts.value;
		if (op == BPF_LSH) {
			*t = tnum_lshift(td, k);
			if (r->umax > (umax_of(bits) >> k))
				rng_unknown_u(r, bits);
			else {
				r->umin <<= k;
				r->umax <<= k;
			}
			rng_unknown_s(r, bits);
		} else if (op == BPF_RSH) {
			*t = tnum_rshift(td, k);
			r->umin >>= k;
			r->umax >>= k;
			rng_unknown_s(r, bits);
		} else {
			if (bits == 64) {
				*t = (struct tnum){ (uint64_t)((int64_t)td.value >> k),
						    (uint64_t)((int64_t)td.mask >> k) };
			} else {
				*t = (struct tnum){ (uint32_t)((int32_t)td.value >> k),
						    (uint32_t)((int32_t)td.mask >> k) };
			}
			r->smin >>= k;
			r->smax >>= k;
			rng_unknown_u(r, bits);
		}
		break;
	case BPF_MOV:
		*r = s;
		*t = ts;
		break;
	default:
		*t = tnum_unknown();
		rng_unknown_u(r, bits);
		rng_unknown_s(r, bits);
		break;
	}
	if (bits == 32)
		*t = tnum_subreg(*t);
}

static uint64_t bswap_bits(uint64_t v, int bits)
{
	if (bits == 16)
		return __builtin_bswap16(v);
	if (bits == 32)
		return __builtin_bswap32(v);
	return __builtin_bswap64(v);
}

void sc_alu(struct scalar *dst, const struct scalar *src, int op, bool alu32, int off,
	    bool to_be)
{
	struct scalar zero;
	struct rng r64, r32;
	struct tnum t64, t32;

	if (op == BPF_NEG) {
		sc_const(&zero, 0);
		sc_alu(&zero, dst, BPF_SUB, alu32, 0, false);
		*dst = zero;
		return;
	}
	if (op == BPF_END) {
		int bits = (int)sc_value(src);

		if (bits != 16 && bits != 32 && bits != 64)
			bits = 64;
		if (to_be) {
			if (sc_is_const(dst))
				sc_const(dst, bswap_bits(sc_value(dst), bits));
			else
				sc_unknown_bits(dst, bits);
		} else {
			sc_trunc(dst, bits / 8);
		}
		return;
	}
	if (alu32) {
		alu_width(&r32, &t32, dst, src, op, 32, off);
		set_view(dst, &r32, 32);
		dst->t = t32;
		sc_from_32(dst);
		if (!sc_sync(dst))
			sc_unknown_bits(dst, 32);
		return;
	}
	alu_width(&r64, &t64, dst, src, op, 64, off);
	/* the low 32 bits of these follow the same operation on the low 32 bits */
	if (op == BPF_ADD || op == BPF_SUB || op == BPF_MUL || op == BPF_AND || op == BPF_OR ||
	    op == BPF_XOR || op == BPF_MOV ||
	    (op == BPF_LSH && sc_is_const(src) && sc_value(src) < 32))
		alu_width(&r32, &t32, dst, src, op, 32, off);
	else
		r32 = (struct rng){ S32_MIN, S32_MAX, 0, U32_MAX };
	set_view(dst, &r64, 64);
	set_view(dst, &r32, 32);
	dst->t = t64;
	if (!sc_sync(dst))
		sc_unknown(dst);
}

void sc_trunc(struct scalar *s, int size)
{
	uint64_t m, lo, hi;
	struct tnum t;

	if (size >= 8)
		return;
	m = (1ULL << (size * 8)) - 1;
	t = tnum_cast(s->t, size);
	if (size == 4) {
		lo = s->u32_min;
		hi = s->u32_max;
	} else if ((s->umin & ~m) == (s->umax & ~m)) {
		lo = s->umin & m;
		hi = s->umax & m;
	} else if ((s->u32_min & ~m) == (s->u32_max & ~m)) {
		lo = s->u32_min & m;
		hi = s->u32_max & m;
	} else {
		lo = 0;
		hi = m;
	}
	sc_unknown(s);
	s->t = t;
	s->umin = lo;
	s->umax = hi;
	if (!sc_sync(s)) {
		s->t = t;
		sc_all_from_tnum(s);
		sc_sync(s);
	}
}

void sc_sext(struct scalar *s, int size)
{
	int bits = size * 8;
	uint64_t m = (1ULL << bits) - 1, sign = 1ULL << (bits - 1), lo, hi;
	struct tnum t = tnum_cast(s->t, size);
	bool same_hi = (s->umin & ~m) == (s->umax & ~m);
	int64_t smin, smax;

	if (size >= 8)
		return;
	lo = s->umin & m;
	hi = s->umax & m;
	if (same_hi && !(hi & sign)) {
		smin = lo;
		smax = hi;
	} else if (same_hi && (lo & sign)) {
		smin = (int64_t)(lo | ~m);
		smax = (int64_t)(hi | ~m);
	} else {
		smin = -(int64_t)sign;
		smax = (int64_t)sign - 1;
	}
	if (t.mask & sign)
		t.mask |= ~m;
	else if (t.value & sign)
		t.value |= ~m;
	sc_unknown(s);
	s->smin = smin;
	s->smax = smax;
	s->t = t;
	if (!sc_sync(s)) {
		sc_unknown(s);
		s->smin = -(int64_t)sign;
		s->smax = (int64_t)sign - 1;
		sc_sync(s);
	}
}

/* ---- conditions ---- */

static int negate(int op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	default: return -1;
	}
}

static struct tnum tview(const struct scalar *s, int bits)
{
	return bits == 64 ? s->t : tnum_subreg(s->t);
}

static void set_tview(struct scalar *s, struct tnum t, int bits)
{
	s->t = bits == 64 ? t : tnum_with_subreg(s->t, t);
}

/* a > b (unsigned), or a >= b with @eq */
static bool cond_ugt(struct rng *a, struct rng *b, bool eq)
{
	uint64_t d = eq ? 0 : 1;

	if (!eq && (b->umin == ~0ULL || a->umax == 0))
		return false;
	a->umin = max_u(a->umin, b->umin + d);
	b->umax = min_u(b->umax, a->umax - d);
	return a->umin <= a->umax && b->umin <= b->umax;
}

static bool cond_sgt(struct rng *a, struct rng *b, bool eq)
{
	int64_t d = eq ? 0 : 1;

	if (!eq && (b->smin == INT64_MAX || a->smax == INT64_MIN))
		return false;
	a->smin = max_s(a->smin, b->smin + d);
	b->smax = min_s(b->smax, a->smax - d);
	return a->smin <= a->smax && b->smin <= b->smax;
}

/* a != b where b is the constant c: exclude c at the ends of a's ranges */
static void cond_ne_const(struct rng *a, uint64_t c, int bits)
{
	int64_t cs = bits == 64 ? (int64_t)c : (int64_t)(int32_t)(uint32_t)c;

	if (a->umin == c && a->umin < a->umax)
		a->umin++;
	else if (a->umax == c && a->umin < a->umax)
		a->umax--;
	if (a->smin == cs && a->smin < a->smax)
		a->smin++;
	else if (a->smax == cs && a->smin < a->smax)
		a->smax--;
}

bool sc_cond(struct scalar *a, struct scalar *b, int op, bool is32, bool taken)
{
	int bits = is32 ? 32 : 64;
	struct rng ra = view(a, bits), rb = view(b, bits);
	struct tnum ta = tview(a, bits), tb = tview(b, bits);
	bool ok = true;

	if (!taken) {
		if (op == BPF_JSET) {
			/* (a & b) == 0 */
			if (tnum_is_const(tb)) {
				if (ta.value & tb.value)
					return false;
				ta.mask &= ~tb.value;
				set_tview(a, ta, bits);
			} else if (tnum_is_const(ta)) {
				if (ta.value & tb.value)
					return false;
				tb.mask &= ~ta.value;
				set_tview(b, tb, bits);
			}
			return sc_sync(a) && sc_sync(b);
		}
		op = negate(op);
		if (op < 0)
			return true;
	}
	switch (op) {
	case BPF_JEQ: {
		struct tnum t = tnum_intersect(ta, tb, &ok);

		if (!ok)
			return false;
		ra.umin = rb.umin = max_u(ra.umin, rb.umin);
		ra.umax = rb.umax = min_u(ra.umax, rb.umax);
		ra.smin = rb.smin = max_s(ra.smin, rb.smin);
		ra.smax = rb.smax = min_s(ra.smax, rb.smax);
		set_tview(a, t, bits);
		set_tview(b, t, bits);
		break;
	}
	case BPF_JNE:
		if (tnum_is_const(ta) && tnum_is_const(tb)) {
			if (ta.value == tb.value)
				return false;
		} else if (tnum_is_const(tb)) {
			cond_ne_const(&ra, tb.value, bits);
		} else if (tnum_is_const(ta)) {
			cond_ne_const(&rb, ta.value, bits);
		}
		break;
	case BPF_JGT:
		ok = cond_ugt(&ra, &rb, false);
		break;
	case BPF_JGE:
		ok = cond_ugt(&ra, &rb, true);
		break;
	case BPF_JLT:
		ok = cond_ugt(&rb, &ra, false);
		break;
	case BPF_JLE:
		ok = cond_ugt(&rb, &ra, true);
		break;
	case BPF_JSGT:
		ok = cond_sgt(&ra, &rb, false);
		break;
	case BPF_JSGE:
		ok = cond_sgt(&ra, &rb, true);
		break;
	case BPF_JSLT:
		ok = cond_sgt(&rb, &ra, false);
		break;
	case BPF_JSLE:
		ok = cond_sgt(&rb, &ra, true);
		break;
	case BPF_JSET:
		/* (a & b) != 0 */
		if (tnum_is_const(ta) && tnum_is_const(tb) && !(ta.value & tb.value))
			return false;
		if (tnum_is_const(tb) && !((ta.value | ta.mask) & tb.value))
			return false;
		if (tnum_is_const(ta) && !((tb.value | tb.mask) & ta.value))
			return false;
		if (tnum_is_const(tb) && tb.value && !(tb.value & (tb.value - 1))) {
			ta.value |= tb.value;	/* a single bit: it must be set */
			ta.mask &= ~tb.value;
			set_tview(a, ta, bits);
		}
		break;
	default:
		return true;
	}
	if (!ok)
		return false;
	set_view(a, &ra, bits);
	set_view(b, &rb, bits);
	return sc_sync(a) && sc_sync(b);
}

int sc_branch(const struct scalar *a, const struct scalar *b, int op, bool is32)
{
	struct scalar a1 = *a, b1 = *b, a2 = *a, b2 = *b;
	bool t = sc_cond(&a1, &b1, op, is32, true);
	bool f = sc_cond(&a2, &b2, op, is32, false);

	if (t && f)
		return -1;
	return t ? 1 : 0;
}

/* ---- lattice ---- */

bool sc_within(const struct scalar *o, const struct scalar *i)
{
	return o->smin <= i->smin && i->smax <= o->smax && o->umin <= i->umin &&
	       i->umax <= o->umax && o->s32_min <= i->s32_min && i->s32_max <= o->s32_max &&
	       o->u32_min <= i->u32_min && i->u32_max <= o->u32_max && tnum_in(o->t, i->t);
}

void sc_join(struct scalar *a, const struct scalar *b)
{
	a->t = tnum_union(a->t, b->t);
	a->smin = min_s(a->smin, b->smin);
	a->smax = max_s(a->smax, b->smax);
	a->umin = min_u(a->umin, b->umin);
	a->umax = max_u(a->umax, b->umax);
	a->s32_min = min_s(a->s32_min, b->s32_min);
	a->s32_max = max_s(a->s32_max, b->s32_max);
	a->u32_min = min_u(a->u32_min, b->u32_min);
	a->u32_max = max_u(a->u32_max, b->u32_max);
	if (!sc_sync(a))
		sc_unknown(a);
}

void sc_widen(struct scalar *a, const struct scalar *b)
{
	struct scalar w = *a;

	sc_join(&w, b);
	if (w.smin < a->smin)
		w.smin = INT64_MIN;
	if (w.smax > a->smax)
		w.smax = INT64_MAX;
	if (w.umin < a->umin)
		w.umin = 0;
	if (w.umax > a->umax)
		w.umax = ~0ULL;
	if (w.s32_min < a->s32_min)
		w.s32_min = S32_MIN;
	if (w.s32_max > a->s32_max)
		w.s32_max = S32_MAX;
	if (w.u32_min < a->u32_min)
		w.u32_min = 0;
	if (w.u32_max > a->u32_max)
		w.u32_max = U32_MAX;
	/* known bits only get lost one at a time: drop them all at once */
	if (w.t.mask != a->t.mask)
		w.t = tnum_unknown();
	*a = w;
	/* the ranges only widened: sc_sync() cannot fail, it only re-derives */
	if (!sc_sync(a))
		sc_unknown(a);
}

void sc_format(const struct scalar *s, char *buf, int len)
{
	if (sc_is_const(s)) {
		snprintf(buf, len, "%lld", (long long)s->t.value);
		return;
	}
	if (s->smin >= 0 || s->umax <= (uint64_t)INT64_MAX)
		snprintf(buf, len, "%llu..%llu", (unsigned long long)s->umin,
			 (unsigned long long)s->umax);
	else if (s->smin != INT64_MIN || s->smax != INT64_MAX)
		snprintf(buf, len, "%lld..%lld", (long long)s->smin, (long long)s->smax);
	else
		snprintf(buf, len, "unknown");
}
