/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The value domain of the userspace verifier, as the kernel verifier has it: a 64-bit
 * value known as a tnum (which bits are known, and their values) together with signed and
 * unsigned ranges of the whole value and of its low 32 bits. Every operation is sound:
 * the result contains every value the operation can produce from values in its inputs.
 */
#ifndef ROLEPROBE_SCALAR_H
#define ROLEPROBE_SCALAR_H

#include <stdbool.h>
#include <stdint.h>

/* Known bits: a bit set in mask is unknown; the others have the value in value. */
struct tnum {
	uint64_t value;
	uint64_t mask;
};

struct scalar {
	struct tnum t;
	int64_t smin, smax;
	uint64_t umin, umax;
	int32_t s32_min, s32_max;
	uint32_t u32_min, u32_max;
};

struct tnum tnum_const(uint64_t v);
struct tnum tnum_range(uint64_t min, uint64_t max);
bool tnum_is_const(struct tnum t);
/* Every value of @b is a value of @a. */
bool tnum_in(struct tnum a, struct tnum b);

void sc_const(struct scalar *s, uint64_t v);
void sc_unknown(struct scalar *s);
/* An unsigned value of @bits bits (8, 16, 32, 64), nothing else known. */
void sc_unknown_bits(struct scalar *s, int bits);
/* Unsigned range [min, max] (64-bit). */
void sc_urange(struct scalar *s, uint64_t min, uint64_t max);
/* Signed range [min, max] (64-bit). */
void sc_srange(struct scalar *s, int64_t min, int64_t max);

bool sc_is_const(const struct scalar *s);
/* Known to be this value: sc_is_const() and then s->t.value. */
uint64_t sc_value(const struct scalar *s);

/*
 * Derive every bound from the others, as the kernel's reg_bounds_sync(). Returns false
 * when they contradict each other: no value satisfies them (the path is infeasible).
 */
bool sc_sync(struct scalar *s);

/*
 * dst = dst OP src for a BPF ALU operation (BPF_ADD ... BPF_END: the BPF_OP() bits), on
 * 64 bits or, with @alu32, on the low 32 bits zero-extended. @off is the instruction's
 * offset field (1: signed division and modulo). BPF_NEG ignores @src. For BPF_END, @src
 * must be the constant width (16, 32, 64) and @to_be says whether bytes are swapped.
 */
void sc_alu(struct scalar *dst, const struct scalar *src, int op, bool alu32, int off,
	    bool to_be);

/* Keep the low @size bytes (1, 2, 4, 8), zero-extended: a load of that size. */
void sc_trunc(struct scalar *s, int size);
/* Sign-extend the low @size bytes (1, 2, 4) to 64 bits: movsx, ldsx. */
void sc_sext(struct scalar *s, int size);
/* Zero-extend the low 32 bits: the result of every 32-bit operation. */
void sc_zext32(struct scalar *s);

/*
 * Conditions of conditional jumps (BPF_JEQ ... BPF_JSLE: the BPF_OP() bits), on 64 bits
 * or on the low 32 bits (@is32).
 *
 * sc_cond() narrows @a and @b to the values for which "a OP b" is @taken (true) or not.
 * Returns false when no values remain: that outcome cannot happen.
 */
bool sc_cond(struct scalar *a, struct scalar *b, int op, bool is32, bool taken);

/* 1: a OP b always holds; 0: never; -1: it depends. */
int sc_branch(const struct scalar *a, const struct scalar *b, int op, bool is32);

/* Every value of @inner is a value of @outer. */
bool sc_within(const struct scalar *outer, const struct scalar *inner);
/* @a becomes the smallest value set of this domain holding the values of @a and of @b. */
void sc_join(struct scalar *a, const struct scalar *b);
/*
 * Widening for fixpoints: bounds of @a that @b exceeds are dropped, so that a sequence of
 * joins ends.
 */
void sc_widen(struct scalar *a, const struct scalar *b);

/* The value, printed like the kernel verifier's log: "42", "(umin=1,umax=64)". */
void sc_format(const struct scalar *s, char *buf, int len);

#endif /* ROLEPROBE_SCALAR_H */
