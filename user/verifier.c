// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The userspace verifier. The shape follows the kernel verifier (kernel/bpf/verifier.c):
 * each entry is explored path by path from its first instruction, the other side of every
 * undecided branch pushed on a stack; at jump targets the state is compared with the
 * states already seen there and a path whose state another one subsumes is not explored
 * again. What differs is what is proven: the role's rules instead of memory safety (the
 * kernel still does that), and an upper bound on the instructions of any path, which the
 * exploration carries along: every state seen at a prune point remembers the longest way
 * from it to an exit, so a pruned path knows how long it would have run.
 *
 * Loops are unrolled by the exploration itself (the state differs each iteration while a
 * counter moves towards its bound); a loop whose state comes back unchanged to where it
 * started can run forever, and is refused. bpf_loop() and other callbacks are explored as
 * functions iterated to a fixpoint of the state they can change, and counted as the number
 * of iterations times the callback's bound. The host library is explored in its caller's
 * context like a static subprogram (which is what the loader makes it), summarised into one
 * state so that its many exits do not multiply the caller's paths.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <linux/bpf.h>

#include "extension.h"
#include "helpers.h"
#include "hostlib.h"
#include "output.h"
#include "role.h"
#include "scalar.h"
#include "vec.h"
#include "verifier.h"

#define MAX_FRAMES		8	/* the kernel's MAX_CALL_FRAMES */
#define STACK_MAX		512	/* the kernel's MAX_BPF_STACK */
#define NR_REGS			11
#define MAX_REFS		16
#define MAX_FACTS		16
#define DEFAULT_MAX_STEPS	4000000ULL
/* Memory for states kept for pruning, per entry; beyond it, new states are not kept. */
#define MAX_SNAPSHOT_BYTES	(256UL << 20)
/* Memory for paths waiting to be explored; beyond it, the exploration gives up. */
#define MAX_PENDING_BYTES	(512UL << 20)
#define MAX_NODE_SCAN		256	/* states compared at one prune point before giving up */
#define JOIN_THRESHOLD		32	/* states at one prune point before they are joined */
#define EVICT_MISSES		64	/* comparisons a kept state may fail before it is dropped */
#define BPF_MAX_LOOPS		(8 * 1024 * 1024)	/* bpf_loop()'s nr_loops limit */
#define USER_RINGBUF_MAX	(128 * 1024)		/* samples one user_ringbuf_drain() takes */
#define CALLBACK_ROUNDS		8
#define BPF_LOOP_INLINE_STACK	24	/* the kernel's inline_bpf_loop(): 3 * BPF_REG_SIZE */
#define MAX_VIOLATIONS		1000

#ifndef BPF_MEMSX
#define BPF_MEMSX		0x80	/* sign-extending load (cpu v4): newer than these headers */
#endif

/* ---- abstract values ---- */

enum vtype {
	T_NOT_INIT,
	T_SCALAR,
	T_CTX,		/* the entry's context: struct pt_regs */
	T_STACK,	/* frame + offset from its frame pointer */
	T_MAP,		/* a map itself (ld_imm64 of a map) */
	T_MAP_VALUE,	/* a value of a map: map + offset */
	T_MEM,		/* memory a helper handed out (ring buffer reservation): size + offset */
	T_FUNC,		/* the address of a function (a callback) */
	T_KPTR,		/* a kernel object (task_struct, ...): read-only to the extension */
};

#define F_MAYBE_NULL	0x01	/* may still be NULL: not checked yet */
#define F_TAINT		0x02	/* derived from the context: the traced function's arguments */

struct vreg {
	uint8_t type;		/* enum vtype */
	uint8_t flags;
	uint8_t frame;		/* T_STACK */
	int32_t map;		/* T_MAP, T_MAP_VALUE: image map; T_FUNC: image function */
	uint32_t id;		/* shared by copies: NULL checks and ranges apply to all of them */
	uint32_t obj;		/* T_MAP_VALUE, T_MEM: which object (0: the map's one value) */
	uint32_t ref;		/* an acquired resource this pointer holds */
	uint32_t size;		/* T_MEM: bytes */
	struct scalar v;	/* T_SCALAR: the value; pointers: the offset */
};

/* Stack bytes: what was stored there. */
enum { SB_INVALID, SB_MISC, SB_ZERO, SB_SPILL };
#define SB_TYPE(b)	((b) & 3)
#define SB_TAINT	0x4

/* 8 bytes of stack: fp - 8 * (j + 1) .. fp - 8 * j - 1 for slot j; sb[0] the lowest. */
struct vslot {
	uint8_t sb[8];
	int8_t spill_pos;	/* first byte of the register spilled here, -1: none */
	uint8_t spill_size;
	struct vreg spill;
};

struct vframe {
	struct vreg regs[NR_REGS];
	int func;		/* image function */
	int callsite;		/* image instruction that called it; -1 for an exploration's root */
	int nslots;
	struct vslot *slots;
};

/* An acquired resource: a ring buffer reservation, a held spin lock. */
struct vref {
	uint32_t id;
	int insn;		/* where it was acquired */
	const char *what;
};

enum fact_kind {
	FACT_STACK,		/* key: frame index */
	FACT_OBJ,		/* key: object id (map value from a lookup, ring buffer memory) */
	FACT_MAP,		/* key: map (global data: the map's one value) */
};

/* "The C string that starts at lo ends (has its NUL) before hi", in one memory object. */
struct vfact {
	uint8_t kind;
	int32_t key;
	int32_t map;		/* FACT_OBJ: the map the object belongs to (-1: none) */
	int32_t lo, hi;		/* FACT_STACK: offsets from the frame pointer */
};

struct vnode;

struct vstate {
	struct vframe *fr[MAX_FRAMES];
	int nframes;
	int insn;
	uint64_t count;		/* instructions executed on this path */
	struct vnode *node;	/* the last prune point this path passed */
	struct vref refs[MAX_REFS];
	int nrefs;
	struct vfact facts[MAX_FACTS];
	int nfacts;
};

/* ---- the program image: the extension and the host library side by side ---- */

struct vobj {
	const struct extension *ext;
	int ibase, fbase, mbase;
	bool host;
};

struct vfunc {
	const struct ext_func *f;
	int obj;
	int start, end;		/* image instructions [start, end) */
	uint16_t *live;		/* per instruction: registers live before it */
	/*
	 * Per instruction: registers and 8-byte stack slots whose value may still decide
	 * something (a branch, an address, a call's argument) rather than only be stored.
	 */
	uint16_t *rel_regs;
	uint64_t *rel_slots;
	int depth;		/* deepest stack byte used, during one entry's exploration */
	int extra;		/* stack the kernel adds to it (inlined bpf_loop state) */
};

struct vmap {
	const struct ext_map *m;
	int obj;
};

enum aux_kind {
	AUX_NONE,
	AUX_MAP,		/* idx: image map */
	AUX_MAP_VALUE,		/* idx: image map, off */
	AUX_FUNC_ADDR,		/* idx: image function */
	AUX_CALL,		/* idx: image function in the same object */
	AUX_HOSTLIB_CALL,	/* idx: image function of the host library */
	AUX_KFUNC,		/* name, btf_id in the calling object's BTF */
	AUX_UNRESOLVED,		/* name: an extern function nothing provides */
	AUX_EXTERN_VAR,		/* name */
};

struct vaux {
	uint8_t kind;
	int idx;
	int64_t off;
	const char *name;
	int btf_id;
};

struct edge {
	int from, to;
};

struct call_site {
	const char *name;
	const char *kind;
	int insn;
};

/* One verification: the image, the role, the verdict being written. */
struct vctx {
	const struct role_def *role;
	const struct extension *ext;
	struct vobj objs[2];
	int nobjs;
	struct bpf_insn *insns;
	struct vaux *aux;
	uint8_t *prune;		/* per instruction: a prune point */
	int ninsns;
	struct vfunc *funcs;
	int nfuncs;
	struct vmap *maps;
	int nmaps;
	struct verdict *vd;
	bool oom;
	int err;		/* an error that stops the verification (not a violation) */
	uint32_t next_id;
	/* per entry */
	const char *entry;
	uint64_t steps, max_steps;
	bool out_of_steps;
	struct edge *edges;
	int nedges;
	struct call_site *sites;
	int nsites;
	size_t snap_bytes;	/* memory held by the states kept for pruning */
	size_t pending_bytes;	/* memory held by the paths waiting to be explored */
};

/* ---- small things ---- */

static void *vzalloc(struct vctx *vc, size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		vc->oom = true;
	return p;
}

static char *vstrdup(struct vctx *vc, const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		vc->oom = true;
	return p;
}


static bool is_ld64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int func_of(const struct vctx *vc, int insn)
{
	int lo = 0, hi = vc->nfuncs - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (insn < vc->funcs[mid].start)
			hi = mid - 1;
		else if (insn >= vc->funcs[mid].end)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

static bool func_is_host(const struct vctx *vc, int func)
{
	return func >= 0 && vc->objs[vc->funcs[func].obj].host;
}

static const char *func_name(const struct vctx *vc, int func)
{
	return func >= 0 ? vc->funcs[func].f->name : "?";
}

/* ---- violations ---- */

const char *violation_kind_str(enum violation_kind kind)
{
	static const char *const names[] = {
		[VIOL_NOT_GRANTED] = "not_granted",
		[VIOL_UNKNOWN_CALL] = "unknown_call",
		[VIOL_CONSTRAINT] = "constraint",
		[VIOL_STACK] = "max_memory",
		[VIOL_INSNS] = "max_instructions",
		[VIOL_UNBOUNDED] = "unbounded",
		[VIOL_MEMORY_WRITE] = "allow_memory_write",
		[VIOL_CONST] = "always_const",
		[VIOL_SIDE_EFFECT] = "may_have_side_effect",
		[VIOL_RESOURCE] = "resource_leak",
		[VIOL_TAIL_CALL] = "tail_call",
		[VIOL_ENTRY_TYPE] = "entry_type",
		[VIOL_ENTRY_SIGNATURE] = "entry_signature",
		[VIOL_NO_EVENTS] = "no_event_capability",
		[VIOL_IMPERSONATION] = "impersonation",
		[VIOL_MAP_MEMORY] = "max_map_memory",
		[VIOL_UNSUPPORTED] = "unsupported",
	};

	if ((unsigned int)kind >= sizeof(names) / sizeof(names[0]) || !names[kind])
		return "?";
	return names[kind];
}

/*
 * Record a violation at image instruction @insn (-1: none). @clause is the role's rule,
 * @hint what to do (either may be NULL). The same kind, place and message is kept once.
 */
static void violate(struct vctx *vc, enum violation_kind kind, int insn, const char *host_fn,
		    const char *clause, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void violate(struct vctx *vc, enum violation_kind kind, int insn, const char *host_fn,
		    const char *clause, const char *hint, const char *fmt, ...)
{
	struct verdict *vd = vc->vd;
	struct violation *vi;
	char msg[512];
	va_list ap;
	int i, fn = insn >= 0 ? func_of(vc, insn) : -1;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; i < vd->nr_violations; i++) {
		vi = &vd->violations[i];
		if (vi->kind == kind && !strcmp(vi->msg, msg) &&
		    (fn < 0 ? vi->insn < 0 : (vi->func && !strcmp(vi->func, func_name(vc, fn)) &&
					      vi->insn == insn - vc->funcs[fn].start)))
			return;
	}
	if (vd->nr_violations >= MAX_VIOLATIONS)
		return;
	if (vec_grow((void **)&vd->violations, vd->nr_violations, sizeof(*vd->violations))) {
		vc->oom = true;
		return;
	}
	vi = &vd->violations[vd->nr_violations++];
	memset(vi, 0, sizeof(*vi));
	vi->kind = kind;
	vi->insn = -1;
	if (fn >= 0) {
		const struct vobj *o = &vc->objs[vc->funcs[fn].obj];
		const struct ext_line *l = extension_line_at(o->ext, insn - o->ibase);

		vi->func = vstrdup(vc, func_name(vc, fn));
		vi->insn = insn - vc->funcs[fn].start;
		if (l) {
			vi->file = vstrdup(vc, l->file);
			vi->line = l->line;
			vi->col = l->col;
			vi->src = vstrdup(vc, l->text);
		}
	}
	vi->entry = vstrdup(vc, vc->entry);
	vi->host_fn = vstrdup(vc, host_fn);
	vi->msg = vstrdup(vc, msg);
	vi->clause = vstrdup(vc, clause);
	vi->hint = vstrdup(vc, hint);
}

/* "max_memory: 512" and the like, for clauses */
static const char *attr_clause(char *buf, size_t len, const char *name, uint64_t value,
			       bool is_bool)
{
	if (is_bool)
		snprintf(buf, len, "%s: %s", name, value ? "true" : "false");
	else
		snprintf(buf, len, "%s: %llu", name, (unsigned long long)value);
	return buf;
}

/* ---- the image ---- */

static int find_host_func(const struct vctx *vc, const char *name)
{
	int o, i;

	for (o = 0; o < vc->nobjs; o++) {
		const struct vobj *ob = &vc->objs[o];

		if (!ob->host)
			continue;
		for (i = 0; i < ob->ext->nr_funcs; i++) {
			const struct ext_func *f = &ob->ext->funcs[i];

			if (f->global && !strcmp(f->sec_name, ".text") && !strcmp(f->name, name))
				return ob->fbase + i;
		}
	}
	return -1;
}

static int build_image(struct vctx *vc, const struct extension *ext, const struct extension *host)
{
	int o, i, n = 0, nf = 0, nm = 0;

	vc->objs[0] = (struct vobj){ ext, 0, 0, 0, false };
	vc->nobjs = 1;
	if (host) {
		vc->objs[1] = (struct vobj){ host, ext->nr_insns, ext->nr_funcs, ext->nr_maps, true };
		vc->nobjs = 2;
	}
	for (o = 0; o < vc->nobjs; o++) {
		n += vc->objs[o].ext->nr_insns;
		nf += vc->objs[o].ext->nr_funcs;
		nm += vc->objs[o].ext->nr_maps;
	}
	vc->insns = calloc(n, sizeof(*vc->insns));
	vc->aux = calloc(n, sizeof(*vc->aux));
	vc->prune = calloc(n, 1);
	vc->funcs = calloc(nf ? nf : 1, sizeof(*vc->funcs));
	vc->maps = calloc(nm ? nm : 1, sizeof(*vc->maps));
	if (!vc->insns || !vc->aux || !vc->prune || !vc->funcs || !vc->maps)
		return -ENOMEM;
	vc->ninsns = n;
	vc->nfuncs = nf;
	vc->nmaps = nm;
	for (o = 0; o < vc->nobjs; o++) {
		const struct vobj *ob = &vc->objs[o];
		const struct extension *e = ob->ext;

		memcpy(vc->insns + ob->ibase, e->insns, e->nr_insns * sizeof(*e->insns));
		for (i = 0; i < e->nr_funcs; i++) {
			struct vfunc *vf = &vc->funcs[ob->fbase + i];

			vf->f = &e->funcs[i];
			vf->obj = o;
			vf->start = ob->ibase + e->funcs[i].start;
			vf->end = vf->start + e->funcs[i].cnt;
		}
		for (i = 0; i < e->nr_maps; i++)
			vc->maps[ob->mbase + i] = (struct vmap){ &e->maps[i], o };
	}
	for (o = 0; o < vc->nobjs; o++) {
		const struct vobj *ob = &vc->objs[o];
		const struct extension *e = ob->ext;

		for (i = 0; i < e->nr_insns; i++) {
			const struct ext_ref *r = &e->refs[i];
			struct vaux *a = &vc->aux[ob->ibase + i];
			const struct ext_extern *x;

			switch (r->kind) {
			case EXT_REF_NONE:
				break;
			case EXT_REF_MAP:
				a->kind = AUX_MAP;
				a->idx = ob->mbase + r->idx;
				break;
			case EXT_REF_MAP_VALUE:
				a->kind = AUX_MAP_VALUE;
				a->idx = ob->mbase + r->idx;
				a->off = r->off;
				break;
			case EXT_REF_FUNC:
				a->kind = AUX_FUNC_ADDR;
				a->idx = ob->fbase + r->idx;
				break;
			case EXT_REF_CALL:
				a->kind = AUX_CALL;
				a->idx = ob->fbase + r->idx;
				break;
			case EXT_REF_EXTERN_CALL:
			case EXT_REF_EXTERN_VAR:
				x = &e->externs[r->idx];
				a->name = x->name;
				a->btf_id = x->btf_id;
				if (x->kind == EXT_EXTERN_VAR) {
					a->kind = AUX_EXTERN_VAR;
				} else if (x->kind == EXT_EXTERN_KFUNC) {
					a->kind = AUX_KFUNC;
				} else {
					a->idx = find_host_func(vc, x->name);
					a->kind = a->idx >= 0 ? AUX_HOSTLIB_CALL : AUX_UNRESOLVED;
				}
				break;
			}
		}
	}
	return 0;
}

/* ---- liveness: which registers a function may still read (backward data flow) ---- */

static void insn_use_def(const struct vctx *vc, int i, uint16_t *use, uint16_t *def)
{
	const struct bpf_insn *in = &vc->insns[i];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	uint16_t d = 1u << in->dst_reg, s = 1u << in->src_reg;
	const struct helper_info *h;
	int k, n;

	*use = *def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = d;
		if (op != BPF_MOV)
			*use |= d;
		if (BPF_SRC(in->code) == BPF_X && op != BPF_NEG && op != BPF_END)
			*use |= s;
		break;
	case BPF_LDX:
		*use = s;
		*def = d;
		break;
	case BPF_ST:
		*use = d;
		break;
	case BPF_STX:
		*use = d | s;
		if (BPF_MODE(in->code) == BPF_ATOMIC) {
			if (in->imm == BPF_CMPXCHG) {
				*use |= 1;
				*def = 1;
			} else if (in->imm & BPF_FETCH) {
				*def = s;
			}
		}
		break;
	case BPF_LD:
		if (is_ld64(in))
			*def = d;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			*use = 1;
		} else if (op == BPF_CALL && cls == BPF_JMP) {
			n = 5;
			if (in->src_reg == 0 && (h = helper_by_id(in->imm)) && h->has_proto)
				n = helper_nr_args(h);
			for (k = 1; k <= n; k++)
				*use |= 1u << k;
			*def = 0x3f;	/* r0 set, r1-r5 clobbered */
		} else if (op != BPF_JA) {
			*use = d;
			if (BPF_SRC(in->code) == BPF_X)
				*use |= s;
		}
		break;
	}
}

/* Successors of instruction @i within its function; returns their number (0..2). */
static int insn_succ(const struct vctx *vc, int i, int succ[2])
{
	const struct bpf_insn *in = &vc->insns[i];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code), n = 0;

	if (is_ld64(in)) {
		succ[0] = i + 2;
		return 1;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[0] = i + 1;
		return 1;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL && cls == BPF_JMP) {
		succ[0] = i + 1;
		return 1;
	}
	if (op == BPF_JA) {
		succ[0] = i + 1 + (cls == BPF_JMP32 ? in->imm : in->off);
		return 1;
	}
	succ[n++] = i + 1;
	succ[n++] = i + 1 + in->off;
	return n;
}

static int compute_liveness(struct vctx *vc, struct vfunc *vf)
{
	int n = vf->end - vf->start, i, k;
	uint16_t *use, *def;
	bool changed = true;

	vf->live = calloc(n, sizeof(*vf->live));
	use = calloc(n, sizeof(*use));
	def = calloc(n, sizeof(*def));
	if (!vf->live || !use || !def) {
		free(use);
		free(def);
		return -ENOMEM;
	}
	for (i = vf->start; i < vf->end; i++)
		insn_use_def(vc, i, &use[i - vf->start], &def[i - vf->start]);
	/* iterate to the fixpoint; a function is small and this converges in a few rounds */
	while (changed) {
		changed = false;
		for (i = vf->end - 1; i >= vf->start; i--) {
			int succ[2], ns = insn_succ(vc, i, succ);
			uint16_t out = 0, in;

			if (i > vf->start && is_ld64(&vc->insns[i - 1]))
				continue;	/* the second half of a ld_imm64 */
			for (k = 0; k < ns; k++)
				if (succ[k] >= vf->start && succ[k] < vf->end)
					out |= vf->live[succ[k] - vf->start];
			in = use[i - vf->start] | (out & ~def[i - vf->start]);
			if (in != vf->live[i - vf->start]) {
				vf->live[i - vf->start] = in;
				changed = true;
			}
		}
	}
	free(use);
	free(def);
	return 0;
}

/* The 8-byte stack slot of fp + @off as a bit, 0 outside the stack. */
static uint64_t slot_bit(int off)
{
	return off < 0 && off >= -STACK_MAX ? 1ULL << ((-off - 1) / 8) : 0;
}

/* Relevance before instruction @i, from relevance after it (see struct vfunc). */
static void relevance_step(const struct vctx *vc, int i, uint16_t *regs, uint64_t *slots)
{
	const struct bpf_insn *in = &vc->insns[i];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	uint16_t d = 1u << in->dst_reg, s = 1u << in->src_reg, r = *regs;
	uint64_t sl = *slots, bit = slot_bit(in->off);

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV)
			r &= ~d;
		if ((*regs & d) && BPF_SRC(in->code) == BPF_X && op != BPF_NEG && op != BPF_END)
			r |= s;
		break;
	case BPF_LDX:
		r &= ~d;
		r |= s;				/* an address */
		if (in->src_reg == BPF_REG_10 && (*regs & d))
			sl |= bit;
		break;
	case BPF_ST:
		r |= d;
		if (in->dst_reg == BPF_REG_10 && BPF_SIZE(in->code) == BPF_DW)
			sl &= ~bit;
		break;
	case BPF_STX:
		r |= d;
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			r |= s;
		else if (in->dst_reg == BPF_REG_10 && (*slots & bit))
			r |= s;
		if (in->dst_reg == BPF_REG_10 && BPF_SIZE(in->code) == BPF_DW &&
		    BPF_MODE(in->code) != BPF_ATOMIC)
			sl &= ~bit;
		break;
	case BPF_LD:
		r &= ~d;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT)
			r |= 1;
		else if (op == BPF_CALL && cls == BPF_JMP)
			r = (r & ~0x3f) | 0x3e;		/* r0-r5 set; r1-r5 read */
		else if (op != BPF_JA)
			r |= d | (BPF_SRC(in->code) == BPF_X ? s : 0);
		break;
	}
	*regs = r;
	*slots = sl;
}

static int compute_relevance(struct vctx *vc, struct vfunc *vf)
{
	int n = vf->end - vf->start, i, k;
	bool changed = true;

	vf->rel_regs = calloc(n, sizeof(*vf->rel_regs));
	vf->rel_slots = calloc(n, sizeof(*vf->rel_slots));
	if (!vf->rel_regs || !vf->rel_slots)
		return -ENOMEM;
	while (changed) {
		changed = false;
		for (i = vf->end - 1; i >= vf->start; i--) {
			int succ[2], ns = insn_succ(vc, i, succ);
			uint16_t regs = 0;
			uint64_t slots = 0;

			if (i > vf->start && is_ld64(&vc->insns[i - 1]))
				continue;
			for (k = 0; k < ns; k++) {
				if (succ[k] >= vf->start && succ[k] < vf->end) {
					regs |= vf->rel_regs[succ[k] - vf->start];
					slots |= vf->rel_slots[succ[k] - vf->start];
				}
			}
			relevance_step(vc, i, &regs, &slots);
			if (regs != vf->rel_regs[i - vf->start] ||
			    slots != vf->rel_slots[i - vf->start]) {
				vf->rel_regs[i - vf->start] = regs;
				vf->rel_slots[i - vf->start] = slots;
				changed = true;
			}
		}
	}
	return 0;
}

static int prepare(struct vctx *vc)
{
	int fi, i, k;

	for (fi = 0; fi < vc->nfuncs; fi++) {
		struct vfunc *vf = &vc->funcs[fi];

		if (compute_liveness(vc, vf) || compute_relevance(vc, vf))
			return -ENOMEM;
		for (i = vf->start; i < vf->end; i++) {
			const struct bpf_insn *in = &vc->insns[i];
			int succ[2], ns, cls = BPF_CLASS(in->code);

			if (is_ld64(in)) {
				i++;
				continue;
			}
			if (cls != BPF_JMP && cls != BPF_JMP32)
				continue;
			if (BPF_OP(in->code) == BPF_CALL && cls == BPF_JMP) {
				if (i + 1 < vf->end)
					vc->prune[i + 1] = 1;
				continue;
			}
			ns = insn_succ(vc, i, succ);
			for (k = 0; k < ns; k++)
				if (succ[k] >= vf->start && succ[k] < vf->end &&
				    (ns == 2 ? k == 1 : BPF_OP(in->code) == BPF_JA))
					vc->prune[succ[k]] = 1;
		}
	}
	return 0;
}

/* ---- registers and states ---- */

static void reg_not_init(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
	sc_unknown(&r->v);
}

static void reg_scalar(struct vreg *r, const struct scalar *v, uint8_t flags)
{
	memset(r, 0, sizeof(*r));
	r->type = T_SCALAR;
	r->flags = flags & F_TAINT;
	r->v = *v;
}

static void reg_unknown(struct vreg *r, int bits, uint8_t flags)
{
	struct scalar v;

	sc_unknown_bits(&v, bits);
	reg_scalar(r, &v, flags);
}

static void reg_const(struct vreg *r, uint64_t c)
{
	struct scalar v;

	sc_const(&v, c);
	reg_scalar(r, &v, 0);
}

static void reg_ptr(struct vreg *r, enum vtype type, int32_t map)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->map = map;
	sc_const(&r->v, 0);
}

static bool reg_is_ptr(const struct vreg *r)
{
	return r->type != T_NOT_INIT && r->type != T_SCALAR;
}

static bool reg_is_const(const struct vreg *r, uint64_t c)
{
	return r->type == T_SCALAR && sc_is_const(&r->v) && sc_value(&r->v) == c;
}

static struct vframe *frame_new(struct vctx *vc, int func, int callsite)
{
	struct vframe *f = vzalloc(vc, sizeof(*f));
	int i;

	if (!f)
		return NULL;
	for (i = 0; i < NR_REGS; i++)
		reg_not_init(&f->regs[i]);
	f->func = func;
	f->callsite = callsite;
	return f;
}

static void frame_free(struct vframe *f)
{
	if (f) {
		free(f->slots);
		free(f);
	}
}

static struct vframe *frame_copy(struct vctx *vc, const struct vframe *src)
{
	struct vframe *f = malloc(sizeof(*f));

	if (!f) {
		vc->oom = true;
		return NULL;
	}
	*f = *src;
	f->slots = NULL;
	if (src->nslots) {
		f->slots = malloc(src->nslots * sizeof(*f->slots));
		if (!f->slots) {
			free(f);
			vc->oom = true;
			return NULL;
		}
		memcpy(f->slots, src->slots, src->nslots * sizeof(*f->slots));
	}
	return f;
}

static void state_free(struct vstate *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < st->nframes; i++)
		frame_free(st->fr[i]);
	free(st);
}

static struct vstate *state_copy(struct vctx *vc, const struct vstate *src)
{
	struct vstate *st = malloc(sizeof(*st));
	int i;

	if (!st) {
		vc->oom = true;
		return NULL;
	}
	*st = *src;
	for (i = 0; i < src->nframes; i++) {
		st->fr[i] = frame_copy(vc, src->fr[i]);
		if (!st->fr[i]) {
			st->nframes = i;
			state_free(st);
			return NULL;
		}
	}
	return st;
}

static size_t state_bytes(const struct vstate *st)
{
	size_t n = sizeof(*st);
	int i;

	for (i = 0; i < st->nframes; i++)
		n += sizeof(*st->fr[i]) + st->fr[i]->nslots * sizeof(struct vslot);
	return n;
}

static struct vframe *top(struct vstate *st)
{
	return st->fr[st->nframes - 1];
}

static uint32_t new_id(struct vctx *vc)
{
	return ++vc->next_id;
}

/* Run the statements after @r for every register and spilled register of @st. */
#define for_each_reg(st, r, ...) do {						\
	int __f, __i;								\
	for (__f = 0; __f < (st)->nframes; __f++) {				\
		struct vframe *__fr = (st)->fr[__f];				\
		for (__i = 0; __i < NR_REGS; __i++) {				\
			struct vreg *r = &__fr->regs[__i];			\
			__VA_ARGS__;						\
		}								\
		for (__i = 0; __i < __fr->nslots; __i++) {			\
			struct vreg *r = &__fr->slots[__i].spill;		\
			if (__fr->slots[__i].spill_pos < 0)			\
				continue;					\
			__VA_ARGS__;						\
		}								\
	}									\
} while (0)

/* ---- the stack ---- */

/* Track the frame's stack down to fp + @off (negative). */
static bool stack_grow(struct vctx *vc, struct vframe *f, int off)
{
	int need = (-off + 7) / 8, i;
	struct vslot *s;

	if (need <= f->nslots)
		return true;
	s = realloc(f->slots, need * sizeof(*s));
	if (!s) {
		vc->oom = true;
		return false;
	}
	for (i = f->nslots; i < need; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].spill_pos = -1;
	}
	f->slots = s;
	f->nslots = need;
	return true;
}

static struct vslot *slot_of(struct vframe *f, int off, int *k)
{
	int j = (-off - 1) / 8;

	*k = 0;
	if (j < 0 || j >= f->nslots)
		return NULL;
	*k = off + 8 * (j + 1);
	return &f->slots[j];
}

static uint8_t byte_type(struct vframe *f, int off)
{
	int k;
	struct vslot *s = slot_of(f, off, &k);

	return s ? s->sb[k] : SB_INVALID;
}

/* Is the byte at fp + @off known? Its value in *@val. */
static bool byte_known(struct vframe *f, int off, uint8_t *val)
{
	int k;
	struct vslot *s = slot_of(f, off, &k);
	uint64_t shift;

	if (!s)
		return false;
	if (SB_TYPE(s->sb[k]) == SB_ZERO) {
		*val = 0;
		return true;
	}
	if (SB_TYPE(s->sb[k]) != SB_SPILL || s->spill.type != T_SCALAR)
		return false;
	shift = 8 * (k - s->spill_pos);
	if ((s->spill.v.t.mask >> shift) & 0xff)
		return false;
	*val = (s->spill.v.t.value >> shift) & 0xff;
	return true;
}

/* Turn the spill of slot @s into plain bytes (it is being partly overwritten). */
static void spill_drop(struct vslot *s)
{
	int k;
	uint8_t taint = s->spill.flags & F_TAINT ? SB_TAINT : 0;
	bool ptr = reg_is_ptr(&s->spill);

	if (s->spill_pos < 0)
		return;
	for (k = s->spill_pos; k < s->spill_pos + s->spill_size; k++) {
		uint8_t v;

		if (SB_TYPE(s->sb[k]) != SB_SPILL)
			continue;
		if (!ptr && s->spill.type == T_SCALAR && !((s->spill.v.t.mask >> (8 * (k - s->spill_pos))) & 0xff)) {
			v = (s->spill.v.t.value >> (8 * (k - s->spill_pos))) & 0xff;
			s->sb[k] = (v ? SB_MISC : SB_ZERO) | taint;
		} else {
			s->sb[k] = SB_MISC | taint | (s->spill.type == T_CTX ? SB_TAINT : 0);
		}
	}
	s->spill_pos = -1;
	s->spill_size = 0;
}

/* Offsets within an object, clamped: facts are kept for offsets of this size only. */
#define FACT_OFF_MAX	(1 << 28)

static int64_t sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

static int32_t clamp_off(int64_t v)
{
	return v < -FACT_OFF_MAX ? -FACT_OFF_MAX : v > FACT_OFF_MAX ? FACT_OFF_MAX : (int32_t)v;
}

static void facts_drop_range(struct vstate *st, int kind, int key, int64_t lo64, int64_t hi64)
{
	int32_t lo = clamp_off(lo64), hi = clamp_off(hi64);
	int i, n = 0;

	for (i = 0; i < st->nfacts; i++) {
		struct vfact *f = &st->facts[i];

		if (f->kind == kind && f->key == key && f->lo < hi && lo < f->hi)
			continue;
		st->facts[n++] = *f;
	}
	st->nfacts = n;
}

static void fact_add(struct vstate *st, int kind, int key, int map, int64_t lo, int64_t hi)
{
	int i;

	if (lo <= -FACT_OFF_MAX || hi >= FACT_OFF_MAX || lo >= hi)
		return;	/* no object is that large: the access is refused by the kernel anyway */

	for (i = 0; i < st->nfacts; i++) {
		struct vfact *f = &st->facts[i];

		if (f->kind == kind && f->key == key && f->lo == lo) {
			if (hi < f->hi)
				f->hi = hi;
			return;
		}
	}
	if (st->nfacts == MAX_FACTS) {
		memmove(st->facts, st->facts + 1, (MAX_FACTS - 1) * sizeof(st->facts[0]));
		st->nfacts--;
	}
	st->facts[st->nfacts++] = (struct vfact){ kind, key, map, lo, hi };
}

static void depth_note(struct vctx *vc, struct vframe *f, int off)
{
	struct vfunc *vf = &vc->funcs[f->func];

	if (-off > vf->depth)
		vf->depth = -off;
}

/*
 * Store @size bytes at fp + [@lo, @hi] (a range when the offset is variable) of frame
 * @fi: the value in @val (NULL: unknown bytes, tainted with @taint).
 */
static void stack_store(struct vctx *vc, struct vstate *st, int fi, int64_t lo, int64_t hi,
			int size, const struct vreg *val, bool taint)
{
	struct vframe *f = st->fr[fi];
	int64_t end, off;
	uint8_t t = taint || (val && (val->flags & F_TAINT || val->type == T_CTX)) ? SB_TAINT : 0;
	bool zero = val && reg_is_const(val, 0);

	if (hi > 0)
		hi = 0;		/* past the frame: nothing of it is written */
	end = hi + size;
	if (lo < -STACK_MAX)
		lo = -STACK_MAX;
	if (end > 0)
		end = 0;
	if (lo >= end)
		return;
	if (!stack_grow(vc, f, lo))
		return;
	depth_note(vc, f, lo);
	facts_drop_range(st, FACT_STACK, fi, lo, end);
	for (off = lo; off < end; off++) {
		int k;
		struct vslot *s = slot_of(f, off, &k);

		if (SB_TYPE(s->sb[k]) == SB_SPILL)
			spill_drop(s);
	}
	if (lo == hi && val && size == 8 && !(lo % 8) && val->type != T_NOT_INIT) {
		/* a register spill: kept whole, pointers included */
		int k;
		struct vslot *s = slot_of(f, lo, &k);

		s->spill = *val;
		s->spill_pos = 0;
		s->spill_size = 8;
		memset(s->sb, SB_SPILL | t, 8);
		return;
	}
	if (lo == hi && val && val->type == T_SCALAR && !zero && !(lo % size) &&
	    (lo & ~7) == ((lo + size - 1) & ~7)) {
		/* a narrower scalar: kept as a spill of its low bytes */
		int k;
		struct vslot *s = slot_of(f, lo, &k);

		spill_drop(s);	/* one spill per slot: a neighbour's becomes plain bytes */
		s->spill = *val;
		sc_trunc(&s->spill.v, size);
		s->spill.id = 0;
		s->spill_pos = k;
		s->spill_size = size;
		memset(s->sb + k, SB_SPILL | t, size);
		return;
	}
	for (off = lo; off < end; off++) {
		int k;
		struct vslot *s = slot_of(f, off, &k);

		if (zero && (lo == hi || SB_TYPE(s->sb[k]) == SB_ZERO))
			s->sb[k] = SB_ZERO;
		else
			s->sb[k] = SB_MISC | t;
	}
	if (zero && lo != hi && size == 1)
		/* a NUL stored somewhere in [lo, hi]: every byte there is written now */
		fact_add(st, FACT_STACK, fi, -1, lo, hi + 1);
}

/* Load @size bytes from fp + [@lo, @hi] of frame @fi into @out. */
static void stack_load(struct vctx *vc, struct vstate *st, int fi, int64_t lo, int64_t hi,
		       int size, struct vreg *out)
{
	struct vframe *f = st->fr[fi];
	int64_t off, end;
	bool all_zero = true, taint = false, known = true;
	uint64_t value = 0;

	if (lo < -STACK_MAX || hi > -size || lo > hi) {
		reg_unknown(out, size * 8, 0);
		return;
	}
	end = hi + size;
	depth_note(vc, f, lo);
	if (lo == hi) {
		int k;
		struct vslot *s = slot_of(f, lo, &k);

		if (s && s->spill_pos == k && SB_TYPE(s->sb[k]) == SB_SPILL) {
			if (s->spill_size == size) {
				*out = s->spill;
				return;
			}
			if (s->spill.type == T_SCALAR && size < s->spill_size) {
				/* the low bytes of a spilled scalar */
				*out = s->spill;
				out->id = 0;
				sc_trunc(&out->v, size);
				return;
			}
		}
	}
	for (off = lo; off < end; off++) {
		uint8_t b = byte_type(f, off), v;

		if (b & SB_TAINT)
			taint = true;
		if (SB_TYPE(b) == SB_SPILL) {
			int k;
			struct vslot *s = slot_of(f, off, &k);

			if (s->spill.type == T_CTX || (s->spill.flags & F_TAINT))
				taint = true;
		}
		if (SB_TYPE(b) != SB_ZERO)
			all_zero = false;
		if (lo == hi && byte_known(f, off, &v))
			value |= (uint64_t)v << (8 * (off - lo));
		else
			known = false;
	}
	if (all_zero)
		reg_const(out, 0);
	else if (known)
		reg_const(out, value);
	else
		reg_unknown(out, size * 8, taint ? F_TAINT : 0);
	if (taint)
		out->flags |= F_TAINT;
}

/* Forget what the stack of frame @fi holds from fp + @lo (the whole rest of the frame). */
static void stack_havoc(struct vctx *vc, struct vstate *st, int fi, int64_t lo, bool taint)
{
	struct vframe *f = st->fr[fi];
	int64_t off;

	if (lo < -STACK_MAX)
		lo = -STACK_MAX;
	if (lo < 0)
		depth_note(vc, f, lo);	/* memory from there up is the callee's to use */
	if (lo >= 0 || -lo > f->nslots * 8) {
		if (lo < 0)
			lo = -(int64_t)f->nslots * 8;
		else
			return;
	}
	facts_drop_range(st, FACT_STACK, fi, lo, 0);
	for (off = lo; off < 0; off++) {
		int k;
		struct vslot *s = slot_of(f, off, &k);

		if (!s)
			continue;
		if (SB_TYPE(s->sb[k]) == SB_SPILL)
			spill_drop(s);
		if (SB_TYPE(s->sb[k]) != SB_INVALID)
			s->sb[k] = SB_MISC | (taint ? SB_TAINT : 0);
	}
}

/* ---- memory the extension owns, as facts about NULs ---- */

static bool mem_base(const struct vreg *r, int *kind, int *key)
{
	switch (r->type) {
	case T_STACK:
		*kind = FACT_STACK;
		*key = r->frame;
		return true;
	case T_MAP_VALUE:
	case T_MEM:
		if (r->obj) {
			*kind = FACT_OBJ;
			*key = r->obj;
		} else if (r->type == T_MAP_VALUE) {
			*kind = FACT_MAP;
			*key = r->map;
		} else {
			return false;
		}
		return true;
	default:
		return false;
	}
}

static uint64_t mem_size(const struct vctx *vc, const struct vreg *r)
{
	if (r->type == T_MAP_VALUE)
		return vc->maps[r->map].m->value_size;
	if (r->type == T_MEM)
		return r->size;
	return 0;
}

/*
 * Is there, for every value of @r, a NUL at or after it inside the memory it points into,
 * with every byte before that NUL initialized? When not, *@why says what is missing.
 */
static bool nul_proven(struct vctx *vc, struct vstate *st, const struct vreg *r, char *why,
		       size_t len)
{
	int64_t omin = r->v.smin, omax = r->v.smax, off;
	int kind, key, i;

	if (r->type == T_NOT_INIT) {
		snprintf(why, len, "it is not initialized");
		return false;
	}
	if (r->type == T_SCALAR) {
		snprintf(why, len, "it is a number%s, not memory the extension owns",
			 r->flags & F_TAINT ? " read from the context (a pointer of the traced "
			 "process)" : "");
		return false;
	}
	if (r->flags & F_MAYBE_NULL) {
		snprintf(why, len, "it may be NULL");
		return false;
	}
	if (r->type == T_STACK) {
		struct vframe *f = st->fr[r->frame];

		if (omin < -STACK_MAX || omax >= 0) {
			snprintf(why, len, "it points outside the stack");
			return false;
		}
		for (off = omin; off < omax; off++) {
			if (SB_TYPE(byte_type(f, off)) == SB_INVALID) {
				snprintf(why, len, "the stack at fp%lld is not initialized",
					 (long long)off);
				return false;
			}
		}
		for (off = omax; off < 0; off++) {
			uint8_t v;

			for (i = 0; i < st->nfacts; i++) {
				const struct vfact *fa = &st->facts[i];

				if (fa->kind == FACT_STACK && fa->key == r->frame && fa->lo == off &&
				    fa->hi <= 0)
					return true;
			}
			if (byte_known(f, off, &v) && v == 0)
				return true;
			if (SB_TYPE(byte_type(f, off)) == SB_INVALID) {
				snprintf(why, len, "no NUL is known from fp%lld up to fp%lld, where the "
					 "stack is not initialized", (long long)omax, (long long)off);
				return false;
			}
		}
		snprintf(why, len, "no NUL is known from fp%lld to the end of the stack frame",
			 (long long)omax);
		return false;
	}
	if (r->type == T_MAP_VALUE && vc->maps[r->map].m->readonly) {
		const struct ext_map *m = vc->maps[r->map].m;

		if (omin < 0 || omax >= m->value_size) {
			snprintf(why, len, "it points outside %s", m->name);
			return false;
		}
		if (!m->init)
			return true;	/* all zeros */
		for (off = omax; off < m->value_size; off++)
			if (!m->init[off])
				return true;
		snprintf(why, len, "the constant data in %s at offset %lld has no NUL after it",
			 m->name, (long long)omax);
		return false;
	}
	if (mem_base(r, &kind, &key)) {
		uint64_t size = mem_size(vc, r);

		for (i = 0; i < st->nfacts; i++) {
			const struct vfact *fa = &st->facts[i];

			if (fa->kind == kind && fa->key == key && fa->lo >= omax && omin >= 0 &&
			    (uint64_t)fa->hi <= size)
				return true;
		}
		snprintf(why, len, "nothing stored a NUL-terminated string there");
		return false;
	}
	snprintf(why, len, "it points to %s, not to memory the extension owns",
		 r->type == T_CTX ? "the context" : r->type == T_KPTR ? "a kernel object" :
		 r->type == T_MAP ? "a map" : "code");
	return false;
}

/* A write of [lo, hi) bytes at what @r points to, by a helper or a store. */
static void mem_written(struct vctx *vc, struct vstate *st, const struct vreg *r, int64_t size_max,
			bool taint)
{
	int kind, key;

	if (size_max < 0)
		return;
	if (r->type == T_STACK) {
		if (r->v.smin == r->v.smax && size_max <= STACK_MAX && r->v.smin >= -STACK_MAX &&
		    r->v.smin < 0)
			stack_store(vc, st, r->frame, r->v.smin, r->v.smin + size_max - 1, 1, NULL,
				    taint);
		else
			stack_havoc(vc, st, r->frame, r->v.smin, taint);
		return;
	}
	if (mem_base(r, &kind, &key))
		facts_drop_range(st, kind, key, r->v.smin, sat_add(r->v.smax, size_max));
}

/* ---- resources ---- */

static void ref_add(struct vstate *st, uint32_t id, int insn, const char *what)
{
	if (st->nrefs < MAX_REFS)
		st->refs[st->nrefs++] = (struct vref){ id, insn, what };
}

/* Release @id: every pointer that held it is gone. */
static bool ref_release(struct vstate *st, uint32_t id)
{
	int i, n = 0;
	bool found = false;

	for (i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id == id) {
			found = true;
			continue;
		}
		st->refs[n++] = st->refs[i];
	}
	st->nrefs = n;
	for_each_reg(st, r, if (r->ref == id) reg_unknown(r, 64, 0));
	return found;
}

/* ---- the explorer ---- */

struct vnode {
	struct vnode *parent;
	struct vnode *next;		/* at the same instruction */
	struct vnode *all;		/* every node of the explorer, to free them */
	struct vstate *snap;		/* NULL: not kept */
	uint64_t count_at;
	uint64_t max_rem;		/* longest way to an exit over finished continuations */
	int pending;			/* continuations not finished yet */
	int insn;
	uint32_t hits, misses;		/* how useful its state has been for pruning */
};

struct explorer {
	struct vctx *vc;
	int base;			/* frame index of the exploration's root */
	bool nested;
	uint64_t count_base;		/* instructions already executed before this exploration */
	struct vstate **stack;
	int nstack;
	struct vnode **at;		/* per image instruction */
	struct vnode *nodes;
	uint64_t max_total;
	bool unbounded;			/* a loop with no provable bound was found */
	bool exceeded;			/* a path went past max_instructions */
	bool any_exit;
	struct vstate *exit_join;	/* nested: the join of every exit state */
};

static int explore(struct explorer *ex, struct vstate *init);
static bool state_join(struct vctx *vc, struct vstate *a, const struct vstate *b, bool widen,
		       bool regs);

/* The nearest instruction of extension code on the path: where to report. */
static int ext_insn(struct vctx *vc, struct vstate *st)
{
	int k, insn = st->insn;

	for (k = st->nframes - 1; k >= 0; k--) {
		if (!func_is_host(vc, st->fr[k]->func))
			return insn;
		insn = st->fr[k]->callsite;
		if (insn < 0)
			break;
	}
	return insn;
}

static bool in_host(struct vctx *vc, struct vstate *st)
{
	return func_is_host(vc, top(st)->func);
}

static void node_done(struct vnode *n, uint64_t rem)
{
	while (n) {
		struct vnode *p = n->parent;

		if (rem > n->max_rem)
			n->max_rem = rem;
		if (--n->pending > 0)
			return;
		if (!p)
			return;
		rem = n->max_rem + (n->count_at - p->count_at);
		n = p;
	}
}

static void path_done(struct explorer *ex, struct vstate *st, uint64_t total)
{
	if (total > ex->max_total)
		ex->max_total = total;
	if (st->node)
		node_done(st->node, total - st->node->count_at);
}

static struct vnode *node_new(struct explorer *ex, struct vstate *st, bool keep)
{
	struct vnode *n = vzalloc(ex->vc, sizeof(*n));

	if (!n)
		return NULL;
	n->parent = st->node;
	n->count_at = st->count;
	n->pending = 1;
	n->insn = st->insn;
	n->all = ex->nodes;
	ex->nodes = n;
	if (keep && ex->vc->snap_bytes < MAX_SNAPSHOT_BYTES) {
		n->snap = state_copy(ex->vc, st);
		if (n->snap)
			ex->vc->snap_bytes += state_bytes(n->snap);
	}
	return n;
}

static int push(struct explorer *ex, struct vstate *st)
{
	if (vec_grow((void **)&ex->stack, ex->nstack, sizeof(*ex->stack))) {
		ex->vc->oom = true;
		state_free(st);
		return -ENOMEM;
	}
	if (st->node)
		st->node->pending++;
	ex->stack[ex->nstack++] = st;
	ex->vc->pending_bytes += state_bytes(st);
	if (ex->vc->pending_bytes > MAX_PENDING_BYTES)
		ex->vc->out_of_steps = true;	/* too many paths waiting: give up like on steps */
	return 0;
}

/* ---- state comparison, for pruning ---- */

struct idmap {
	uint32_t old[64], cur[64];
	int n;
};

static bool id_match(struct idmap *m, uint32_t o, uint32_t c)
{
	int i;

	if (!o && !c)
		return true;
	if (!o || !c)
		return false;
	for (i = 0; i < m->n; i++) {
		if (m->old[i] == o)
			return m->cur[i] == c;
		if (m->cur[i] == c)
			return false;
	}
	if (m->n == 64)
		return false;
	m->old[m->n] = o;
	m->cur[m->n++] = c;
	return true;
}

/*
 * Does the old register's value cover the current one's, for every later use? With
 * @loose, only whether they can be joined without losing what a pointer is: scalars
 * always can, pointers when they point to the same thing.
 */
static bool reg_covers(const struct vreg *o, const struct vreg *c, struct idmap *m, bool loose,
		       bool relevant)
{
	if (o->type == T_NOT_INIT)
		return true;
	if (loose && o->type == T_SCALAR && c->type == T_SCALAR)
		/* constants that still decide something (a loop's counter) are kept apart */
		return !relevant || !sc_is_const(&o->v) || !sc_is_const(&c->v) ||
		       sc_value(&o->v) == sc_value(&c->v);
	if (loose && (o->type == T_SCALAR || o->type == T_NOT_INIT) &&
	    (c->type == T_SCALAR || c->type == T_NOT_INIT))
		return true;
	if (o->type != c->type)
		return false;
	if (loose)
		return o->flags == c->flags && o->frame == c->frame && o->map == c->map &&
		       o->size == c->size && o->ref == c->ref &&
		       (!(o->flags & F_MAYBE_NULL) || o->id == c->id) &&
		       (!sc_is_const(&o->v) || !sc_is_const(&c->v) ||
			sc_value(&o->v) == sc_value(&c->v));
	if (o->type == T_SCALAR) {
		if ((c->flags & F_TAINT) && !(o->flags & F_TAINT))
			return false;
		if (!sc_within(&o->v, &c->v))
			return false;
		return !o->id || id_match(m, o->id, c->id);
	}
	if (o->flags != c->flags || o->frame != c->frame || o->map != c->map ||
	    o->size != c->size || !sc_within(&o->v, &c->v))
		return false;
	if ((o->flags & F_MAYBE_NULL) && !id_match(m, o->id, c->id))
		return false;
	if ((o->obj || c->obj) && !id_match(m, o->obj | 0x80000000u, c->obj | 0x80000000u))
		return false;
	if ((o->ref || c->ref) && !id_match(m, o->ref | 0x40000000u, c->ref | 0x40000000u))
		return false;
	return true;
}

static bool slot_covers(const struct vslot *o, const struct vslot *c, struct idmap *m,
			bool loose, bool relevant)
{
	int k;

	if (loose) {
		/* a constant spilled where it still decides something is kept apart */
		if (relevant && o->spill_pos >= 0 && c->spill_pos >= 0 &&
		    o->spill.type == T_SCALAR && c->spill.type == T_SCALAR &&
		    !reg_covers(&o->spill, &c->spill, m, true, true))
			return false;
		/* pointers spilled here must stay pointers to the same thing */
		bool op = o->spill_pos >= 0 && reg_is_ptr(&o->spill);
		bool cp = c->spill_pos >= 0 && reg_is_ptr(&c->spill);

		if (!op && !cp)
			return true;
		return op && cp && c->spill_pos == o->spill_pos &&
		       c->spill_size == o->spill_size && reg_covers(&o->spill, &c->spill, m, true, relevant);
	}
	if (o->spill_pos >= 0) {
		if (c->spill_pos != o->spill_pos || c->spill_size != o->spill_size ||
		    !reg_covers(&o->spill, &c->spill, m, false, true))
			return false;
	}
	for (k = 0; k < 8; k++) {
		uint8_t ob = o->sb[k], cb = c ? c->sb[k] : SB_INVALID;

		if ((cb & SB_TAINT) && !(ob & SB_TAINT) && SB_TYPE(ob) != SB_INVALID)
			return false;
		switch (SB_TYPE(ob)) {
		case SB_INVALID:
			if (SB_TYPE(cb) == SB_SPILL && reg_is_ptr(&c->spill))
				return false;
			break;
		case SB_MISC:
			if (SB_TYPE(cb) == SB_SPILL && reg_is_ptr(&c->spill))
				return false;
			break;
		case SB_ZERO:
			if (SB_TYPE(cb) != SB_ZERO)
				return false;
			break;
		case SB_SPILL:
			if (SB_TYPE(cb) != SB_SPILL)
				return false;
			break;
		}
	}
	return true;
}

static bool frame_covers(const struct vframe *o, const struct vframe *c, uint16_t live,
			 uint16_t rel, uint64_t rel_slots, struct idmap *m, bool loose)
{
	static const struct vslot empty = { .spill_pos = -1 };
	int i;

	if (o->func != c->func || o->callsite != c->callsite)
		return false;
	for (i = 0; i < NR_REGS - 1; i++)
		if ((live & (1u << i)) &&
		    !reg_covers(&o->regs[i], &c->regs[i], m, loose, rel & (1u << i)))
			return false;
	for (i = 0; i < o->nslots; i++)
		if (!slot_covers(&o->slots[i], i < c->nslots ? &c->slots[i] : &empty, m, loose,
				 i < 64 && (rel_slots & (1ULL << i))))
			return false;
	for (i = o->nslots; i < c->nslots; i++)
		if (!slot_covers(&empty, &c->slots[i], m, loose, true))
			return false;
	return true;
}

static uint16_t live_at(const struct vctx *vc, int func, int insn)
{
	const struct vfunc *vf = &vc->funcs[func];

	if (insn < vf->start || insn >= vf->end)
		return 0x7ff;
	return vf->live[insn - vf->start];
}

static void relevant_at(const struct vctx *vc, int func, int insn, uint16_t *regs,
			uint64_t *slots)
{
	const struct vfunc *vf = &vc->funcs[func];

	if (insn < vf->start || insn >= vf->end)
		return;
	*regs = vf->rel_regs[insn - vf->start];
	*slots = vf->rel_slots[insn - vf->start];
}

/* Is every future of @c among the futures of @o? (Both at the same instruction.) */
static bool state_covers(struct vctx *vc, const struct vstate *o, const struct vstate *c, int base,
			 bool regs, bool loose)
{
	struct idmap m = { .n = 0 };
	int k, i, j;

	if (o->nframes != c->nframes || o->nrefs != c->nrefs)
		return false;
	for (k = 0; k < c->nframes; k++) {
		int at = k == c->nframes - 1 ? c->insn : c->fr[k + 1]->callsite + 1;
		uint16_t live, rel = 0x7ff;
		uint64_t rel_slots = ~0ULL;

		if (!regs)
			live = 0;
		else if (k == c->nframes - 1)
			live = live_at(vc, c->fr[k]->func, at);
		else if (k >= base)
			live = live_at(vc, c->fr[k]->func, at) & 0x3c0;
		else
			live = 0;	/* a caller outside this exploration: its registers cannot change */
		if (loose)
			relevant_at(vc, c->fr[k]->func, at, &rel, &rel_slots);
		if (!frame_covers(o->fr[k], c->fr[k], live, rel, rel_slots, &m, loose))
			return false;
	}
	for (i = 0; i < o->nrefs; i++) {
		if (loose ? o->refs[i].id != c->refs[i].id :
		    !id_match(&m, o->refs[i].id | 0x40000000u, c->refs[i].id | 0x40000000u))
			return false;
	}
	if (loose)
		return true;
	for (i = 0; i < o->nfacts; i++) {
		const struct vfact *of = &o->facts[i];
		bool found = false;

		for (j = 0; j < c->nfacts && !found; j++) {
			const struct vfact *cf = &c->facts[j];

			found = cf->kind == of->kind && cf->lo == of->lo && cf->hi <= of->hi &&
				(of->kind == FACT_OBJ ? id_match(&m, of->key | 0x80000000u,
								 cf->key | 0x80000000u) :
				 cf->key == of->key);
		}
		if (!found)
			return false;
	}
	return true;
}

/* Ids held by a single register say nothing: dropping them lets more states match. */
static void normalize_ids(struct vstate *st)
{
	uint32_t ids[128];
	int cnt[128], n = 0, i;

	for_each_reg(st, r, {
		if (r->type == T_SCALAR && r->id) {
			for (i = 0; i < n && ids[i] != r->id; i++)
				;
			if (i == n && n < 128) {
				ids[n] = r->id;
				cnt[n++] = 0;
			}
			if (i < n)
				cnt[i]++;
		}
	});
	for_each_reg(st, r, {
		if (r->type == T_SCALAR && r->id) {
			for (i = 0; i < n && ids[i] != r->id; i++)
				;
			if (i < n && cnt[i] == 1)
				r->id = 0;
		}
	});
}

enum { PATH_GOES_ON, PATH_ENDS };

/*
 * In a join, scalars that no longer decide anything (counters that are only stored) are
 * forgotten rather than hulled: the join then covers every later arrival, instead of
 * growing by one value each time.
 */
static void forget_irrelevant(struct vctx *vc, struct vstate *st, int base)
{
	int k, i;

	for (k = base; k < st->nframes; k++) {
		struct vframe *f = st->fr[k];
		int at = k == st->nframes - 1 ? st->insn : st->fr[k + 1]->callsite + 1;
		uint16_t rel = 0x7ff;
		uint64_t rel_slots = ~0ULL;

		relevant_at(vc, f->func, at, &rel, &rel_slots);
		for (i = 0; i < NR_REGS - 1; i++) {
			struct vreg *r = &f->regs[i];

			if (r->type == T_SCALAR && !(rel & (1u << i))) {
				sc_unknown(&r->v);
				r->id = 0;
			}
		}
		for (i = 0; i < f->nslots && i < 64; i++) {
			struct vslot *sl = &f->slots[i];

			if (sl->spill_pos >= 0 && sl->spill.type == T_SCALAR &&
			    !(rel_slots & (1ULL << i))) {
				sc_unknown_bits(&sl->spill.v, sl->spill_size * 8);
				sl->spill.id = 0;
			}
		}
	}
}

/*
 * Many different states at one instruction: the paths are multiplying (each branch on a
 * value refines it, so states rarely repeat exactly). Join the current state with a
 * finished one of the same shape and go on with the join, which covers both: the paths
 * that follow are explored once for both, a little less precisely. Only finished states
 * are joined, never one on the current path, so a loop's counter stays exact.
 */
static void join_with_sibling(struct explorer *ex, struct vstate *st)
{
	struct vctx *vc = ex->vc;
	struct vnode *n;
	int scanned = 0, k;

	for (n = ex->at[st->insn]; n && scanned < MAX_NODE_SCAN; n = n->next) {
		struct vstate *j;

		if (!n->snap || n->pending)
			continue;
		scanned++;
		if (!(scanned & 7))
			vc->steps++;
		if (!state_covers(vc, n->snap, st, ex->base, true, true))
			continue;
		j = state_copy(vc, n->snap);
		if (!j)
			return;
		if (!state_join(vc, j, st, false, true)) {
			state_free(j);
			continue;
		}
		forget_irrelevant(vc, j, ex->base);
		for (k = 0; k < st->nframes; k++) {
			frame_free(st->fr[k]);
			st->fr[k] = j->fr[k];
		}
		memcpy(st->refs, j->refs, sizeof(st->refs));
		st->nrefs = j->nrefs;
		memcpy(st->facts, j->facts, sizeof(st->facts));
		st->nfacts = j->nfacts;
		free(j);
		return;
	}
}

/* At a prune point: end the path when a state seen here covers it. */
static int prune_check(struct explorer *ex, struct vstate *st)
{
	struct vctx *vc = ex->vc;
	struct vnode *n, *nn, **pn;
	int scanned = 0;

	normalize_ids(st);
	for (pn = &ex->at[st->insn]; (n = *pn) && scanned < MAX_NODE_SCAN; ) {
		if (!n->snap) {
			*pn = n->next;	/* evicted: off the list (it stays in ex->nodes) */
			continue;
		}
		scanned++;
		/* eight comparisons cost about one instruction's interpretation */
		if (!(scanned & 7))
			vc->steps++;
		if (!state_covers(vc, n->snap, st, ex->base, true, false)) {
			/* a state that never prunes anything is not worth comparing with */
			if (++n->misses > 3 * n->hits + EVICT_MISSES) {
				vc->snap_bytes -= state_bytes(n->snap);
				state_free(n->snap);
				n->snap = NULL;
				*pn = n->next;
				continue;
			}
			pn = &n->next;
			continue;
		}
		n->hits++;
		if (n->pending == 0) {
			path_done(ex, st, st->count + n->max_rem);
			return PATH_ENDS;
		}
		/* the same state again, on its own path: nothing bounds this loop */
		violate(vc, VIOL_UNBOUNDED, ext_insn(vc, st), NULL, "max_instructions",
				"bound the loop with a counter compared to a constant, or use "
				"bpf_loop() with a constant number of iterations",
				"loop without a provable bound: the state at %s+%d repeats",
				func_name(vc, top(st)->func),
				st->insn - vc->funcs[top(st)->func].start);
		ex->unbounded = true;
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	if (scanned >= JOIN_THRESHOLD)
		join_with_sibling(ex, st);
	nn = node_new(ex, st, true);
	if (!nn)
		return PATH_ENDS;
	nn->next = ex->at[st->insn];
	ex->at[st->insn] = nn;
	st->node = nn;
	return PATH_GOES_ON;
}

/* ---- calls: the role's rules at a call site ---- */

static bool type_unsigned(const char *t)
{
	static const char *const u[] = { "size_t", "u8", "u16", "u32", "u64", "__u8", "__u16",
					 "__u32", "__u64", "uint8_t", "uint16_t", "uint32_t",
					 "uint64_t", "unsigned", "uintptr_t", "bool" };
	size_t i;

	for (i = 0; t && i < sizeof(u) / sizeof(u[0]); i++)
		if (!strncmp(t, u[i], strlen(u[i])))
			return true;
	return false;
}

static bool type_is_32(const char *t)
{
	static const char *const w[] = { "int", "u32", "__u32", "s32", "__s32", "uint32_t",
					 "int32_t", "unsigned int", "unsigned", "u16", "u8",
					 "__u16", "__u8", "short", "char", "bool" };
	size_t i;

	for (i = 0; t && i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(t, w[i]))
			return true;
	return false;
}

/* The base type name of a parameter: through the role's types. */
static const char *param_type(const struct host_param *p)
{
	return p->rtype && p->rtype->base ? p->rtype->base : p->type;
}

/* The proven range of @r as the type @t reads it: [*lo, *hi]; false when @r is no number. */
static void scalar_bounds(const struct scalar *v, const char *t, int64_t *slo, int64_t *shi,
			  uint64_t *ulo, uint64_t *uhi)
{
	if (type_is_32(t)) {
		*slo = v->s32_min;
		*shi = v->s32_max;
		*ulo = v->u32_min;
		*uhi = v->u32_max;
	} else {
		*slo = v->smin;
		*shi = v->smax;
		*ulo = v->umin;
		*uhi = v->umax;
	}
}

static bool cmp_holds(const struct scalar *v, const char *t, enum cmp_op op, int64_t k)
{
	int64_t slo, shi;
	uint64_t ulo, uhi;

	scalar_bounds(v, t, &slo, &shi, &ulo, &uhi);
	if (type_unsigned(t) && k >= 0) {
		uint64_t uk = k;

		switch (op) {
		case CMP_GT: return ulo > uk;
		case CMP_GE: return ulo >= uk;
		case CMP_LT: return uhi < uk;
		case CMP_LE: return uhi <= uk;
		case CMP_EQ: return ulo == uk && uhi == uk;
		case CMP_NE: return uk < ulo || uk > uhi;
		}
		return false;
	}
	switch (op) {
	case CMP_GT: return slo > k;
	case CMP_GE: return slo >= k;
	case CMP_LT: return shi < k;
	case CMP_LE: return shi <= k;
	case CMP_EQ: return slo == k && shi == k;
	case CMP_NE: return k < slo || k > shi;
	}
	return false;
}

static void describe_reg(const struct vctx *vc, const struct vreg *r, char *buf, size_t len)
{
	char v[64];

	sc_format(&r->v, v, sizeof(v));
	switch (r->type) {
	case T_NOT_INIT:
		snprintf(buf, len, "not initialized");
		break;
	case T_SCALAR:
		snprintf(buf, len, "%s%s", v, r->flags & F_TAINT ? " (from the context)" : "");
		break;
	case T_CTX:
		snprintf(buf, len, "the context");
		break;
	case T_STACK:
		snprintf(buf, len, "the stack at fp%s%s", r->v.smin >= 0 ? "+" : "", v);
		break;
	case T_MAP:
		snprintf(buf, len, "map %s", vc->maps[r->map].m->name);
		break;
	case T_MAP_VALUE:
		snprintf(buf, len, "a value of %s%s", vc->maps[r->map].m->name,
			 r->flags & F_MAYBE_NULL ? " or NULL" : "");
		break;
	case T_MEM:
		snprintf(buf, len, "reserved memory%s", r->flags & F_MAYBE_NULL ? " or NULL" : "");
		break;
	case T_FUNC:
		snprintf(buf, len, "function %s", func_name(vc, r->map));
		break;
	case T_KPTR:
		snprintf(buf, len, "a kernel object%s", r->flags & F_MAYBE_NULL ? " or NULL" : "");
		break;
	}
}

static const char *param_name(const struct host_fn *fn, int i, char *buf, size_t len)
{
	if (i >= 0 && i < fn->nr_params && fn->params[i].name)
		return fn->params[i].name;
	snprintf(buf, len, "argument %d", i + 1);
	return buf;
}

/* Every constraint of @fn on its arguments, at the call site @insn. */
static void check_constraints(struct vctx *vc, struct vstate *st, const struct host_fn *fn)
{
	struct vframe *f = top(st);
	int i;

	for (i = 0; i < fn->nr_constraints; i++) {
		const struct constraint *c = &fn->constraints[i];
		char clause[256], what[160], pbuf[32], why[200];
		const char *pname;
		const struct vreg *r;
		bool ok = true;

		if (c->operand < 0 || c->operand >= 5)
			continue;	/* "return": a postcondition, applied after the call */
		r = &f->regs[c->operand + 1];
		pname = param_name(fn, c->operand, pbuf, sizeof(pbuf));
		snprintf(clause, sizeof(clause), "%s: %s", fn->name, c->text);
		if (c->from_type) {
			size_t l = strlen(clause);

			snprintf(clause + l, sizeof(clause) - l, ", from type %s", c->from_type);
		}
		switch (c->kind) {
		case CONSTR_NON_NULL:
			if (reg_is_ptr(r))
				ok = !(r->flags & F_MAYBE_NULL);
			else
				ok = r->type == T_SCALAR && r->v.umin >= 1;
			if (!ok) {
				describe_reg(vc, r, what, sizeof(what));
				violate(vc, VIOL_CONSTRAINT, st->insn, fn->name, clause,
					r->flags & F_MAYBE_NULL ? "check the pointer against NULL "
					"before the call" : NULL,
					"%s: %s may be NULL (it is %s): %s.non_null is not proven",
					fn->name, pname, what, pname);
			}
			break;
		case CONSTR_NULL_TERMINATED:
			if (!nul_proven(vc, st, r, why, sizeof(why)))
				violate(vc, VIOL_CONSTRAINT, st->insn, fn->name, clause,
					"pass a buffer filled by bpf_probe_read_user_str() or "
					"bpf_get_current_comm(), a string constant, or store a NUL "
					"in the buffer's last byte",
					"%s: %s.null_terminated is not proven: %s", fn->name, pname,
					why);
			break;
		case CONSTR_CMP: {
			const char *t = c->operand < fn->nr_params ? param_type(&fn->params[c->operand]) :
					NULL;

			if (r->type != T_SCALAR) {
				describe_reg(vc, r, what, sizeof(what));
				violate(vc, VIOL_CONSTRAINT, st->insn, fn->name, clause, NULL,
					"%s: %s is %s, not a number: %s %s %lld is not proven",
					fn->name, pname, what, pname, cmp_op_str(c->op),
					(long long)c->value);
			} else if (!cmp_holds(&r->v, t, c->op, c->value)) {
				describe_reg(vc, r, what, sizeof(what));
				violate(vc, VIOL_CONSTRAINT, st->insn, fn->name, clause,
					"check the value before the call so that every path "
					"satisfies the constraint",
					"%s: %s is %s, the role requires %s %s %lld", fn->name, pname,
					what, pname, cmp_op_str(c->op), (long long)c->value);
			}
			break;
		}
		}
	}
}

/* `return relop K` constraints: what the verifier may assume about r0 after the call. */
static void apply_postconditions(struct vstate *st, const struct host_fn *fn)
{
	struct vreg *r0 = &top(st)->regs[0];
	int i;

	for (i = 0; fn && i < fn->nr_constraints; i++) {
		const struct constraint *c = &fn->constraints[i];
		struct scalar k, v;
		bool is32 = type_is_32(fn->return_type), uns = type_unsigned(fn->return_type);
		int op;

		if (c->operand != CONSTR_RETURN || c->kind != CONSTR_CMP || r0->type != T_SCALAR)
			continue;
		switch (c->op) {
		case CMP_GT: op = uns ? BPF_JGT : BPF_JSGT; break;
		case CMP_GE: op = uns ? BPF_JGE : BPF_JSGE; break;
		case CMP_LT: op = uns ? BPF_JLT : BPF_JSLT; break;
		case CMP_LE: op = uns ? BPF_JLE : BPF_JSLE; break;
		case CMP_EQ: op = BPF_JEQ; break;
		default: op = BPF_JNE; break;
		}
		sc_const(&k, c->value);
		v = r0->v;
		if (sc_cond(&v, &k, op, is32, true))
			r0->v = v;
	}
}

/* Is @r context-derived: the context itself, or a value read from it? */
static bool reg_from_ctx(const struct vreg *r)
{
	return r->type == T_CTX || (r->flags & F_TAINT);
}

static void note_call(struct vctx *vc, const char *name, const char *kind, int insn)
{
	int i;

	for (i = 0; i < vc->nsites; i++)
		if (vc->sites[i].insn == insn && !strcmp(vc->sites[i].name, name))
			return;
	if (vec_grow((void **)&vc->sites, vc->nsites, sizeof(*vc->sites))) {
		vc->oom = true;
		return;
	}
	vc->sites[vc->nsites++] = (struct call_site){ name, kind, insn };
}

static void note_edge(struct vctx *vc, int from, int to)
{
	int i;

	for (i = 0; i < vc->nedges; i++)
		if (vc->edges[i].from == from && vc->edges[i].to == to)
			return;
	if (vec_grow((void **)&vc->edges, vc->nedges, sizeof(*vc->edges))) {
		vc->oom = true;
		return;
	}
	vc->edges[vc->nedges++] = (struct edge){ from, to };
}

/*
 * The role's rules for a call of host function @name from extension code: granted, of the
 * kind the role resolved it to, its constraints. Returns the granted host function or NULL.
 */
static const struct host_fn *check_granted(struct vctx *vc, struct vstate *st, const char *name,
					   enum provider_kind kind)
{
	const struct host_fn *fn;
	char clause[200];

	note_call(vc, name, provider_kind_str(kind), st->insn);
	fn = role_granted(vc->role, name);
	if (!fn) {
		snprintf(clause, sizeof(clause), "no capability lists %s", name);
		violate(vc, VIOL_NOT_GRANTED, st->insn, name, clause,
			"grant it through a capability of the role, or do without it",
			"call to %s is not granted", name);
		return NULL;
	}
	if (fn->prov != kind) {
		snprintf(clause, sizeof(clause), "%s resolves to a %s", name,
			 provider_kind_str(fn->prov));
		violate(vc, VIOL_NOT_GRANTED, st->insn, name, clause, NULL,
			"call to %s as a %s, but the role grants the %s of that name", name,
			provider_kind_str(kind), provider_kind_str(fn->prov));
		return NULL;
	}
	check_constraints(vc, st, fn);
	return fn;
}

/* always_const: no context-derived value as a parameter the callee writes through. */
static void check_writable_arg(struct vctx *vc, struct vstate *st, const char *name, int arg,
			       const char *pname)
{
	const struct vreg *r = &top(st)->regs[arg + 1];
	char clause[64];

	if (!vc->role->attrs.always_const || !reg_from_ctx(r))
		return;
	violate(vc, VIOL_CONST, st->insn, name,
		attr_clause(clause, sizeof(clause), "always_const", 1, true),
		"copy what you need from the context into your own stack or map first",
		"%s writes through its %s, which is %s: the traced function's arguments are "
		"read-only", name, pname,
		r->type == T_CTX ? "the context (ctx)" : "a pointer read from the context (ctx)");
}

/* ---- instruction semantics ---- */

static void end_frame_pointers(struct vstate *st, int fi)
{
	for_each_reg(st, r, {
		if (r->type == T_STACK && r->frame >= fi)
			reg_unknown(r, 64, 0);
	});
	{
		int i, n = 0;

		for (i = 0; i < st->nfacts; i++)
			if (!(st->facts[i].kind == FACT_STACK && st->facts[i].key >= fi))
				st->facts[n++] = st->facts[i];
		st->nfacts = n;
	}
}

/* Return from the top frame: r0 to the caller, r1-r5 clobbered. */
static void frame_pop(struct vstate *st)
{
	struct vframe *callee = top(st), *caller;
	struct vreg r0 = callee->regs[0];
	int i;

	st->nframes--;
	caller = top(st);
	st->insn = callee->callsite + 1;
	frame_free(callee);
	caller->regs[0] = r0;
	for (i = 1; i <= 5; i++)
		reg_not_init(&caller->regs[i]);
	end_frame_pointers(st, st->nframes);
}

static bool frame_push(struct vctx *vc, struct vstate *st, int func)
{
	struct vframe *caller = top(st), *f;
	int i;

	if (st->nframes == MAX_FRAMES) {
		violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "max_memory",
			"remove the recursion or flatten the call chain",
			"call chain deeper than %d frames (recursion?)", MAX_FRAMES);
		return false;
	}
	f = frame_new(vc, func, st->insn);
	if (!f)
		return false;
	for (i = 1; i <= 5; i++)
		f->regs[i] = caller->regs[i];
	reg_ptr(&f->regs[BPF_REG_10], T_STACK, 0);
	f->regs[BPF_REG_10].frame = st->nframes;
	st->fr[st->nframes++] = f;
	note_edge(vc, caller->func, func);
	st->insn = vc->funcs[func].start;
	return true;
}

static void do_alu(struct vctx *vc, struct vstate *st, const struct bpf_insn *in)
{
	bool alu64 = BPF_CLASS(in->code) == BPF_ALU64;
	int op = BPF_OP(in->code);
	struct vframe *f = top(st);
	struct vreg *dst = &f->regs[in->dst_reg], kreg, *src;
	uint8_t taint;

	if (BPF_SRC(in->code) == BPF_X && op != BPF_END && op != BPF_NEG) {
		src = &f->regs[in->src_reg];
	} else {
		reg_const(&kreg, alu64 ? (uint64_t)(int64_t)in->imm : (uint32_t)in->imm);
		src = &kreg;
	}
	if (op == BPF_END) {
		struct scalar w;

		sc_const(&w, in->imm);
		if (dst->type != T_SCALAR)
			reg_unknown(dst, 64, reg_from_ctx(dst) ? F_TAINT : 0);
		sc_alu(&dst->v, &w, BPF_END, false, 0, alu64 || BPF_SRC(in->code) == BPF_TO_BE);
		dst->id = 0;
		return;
	}
	if (op == BPF_MOV) {
		if (BPF_SRC(in->code) == BPF_X && (in->off == 8 || in->off == 16 || in->off == 32)) {
			taint = reg_from_ctx(src) ? F_TAINT : 0;
			if (src->type == T_SCALAR)
				reg_scalar(dst, &src->v, taint);
			else
				reg_unknown(dst, 64, taint);
			sc_sext(&dst->v, in->off / 8);
			if (!alu64)
				sc_zext32(&dst->v);
			return;
		}
		if (alu64) {
			if (src->type == T_SCALAR && src != &kreg) {
				if (!src->id)
					src->id = new_id(vc);
			}
			*dst = *src;
			return;
		}
		taint = reg_from_ctx(src) ? F_TAINT : 0;
		if (src->type == T_SCALAR) {
			struct vreg tmp = *src;

			reg_scalar(dst, &tmp.v, tmp.flags);
			sc_zext32(&dst->v);
		} else {
			reg_unknown(dst, 32, taint);
		}
		return;
	}
	if (reg_is_ptr(dst)) {
		if (alu64 && (op == BPF_ADD || op == BPF_SUB) && src->type == T_SCALAR &&
		    dst->type != T_MAP && dst->type != T_FUNC) {
			sc_alu(&dst->v, &src->v, op, false, 0, false);
			return;
		}
		if (alu64 && op == BPF_SUB && src->type == dst->type && src->frame == dst->frame &&
		    src->map == dst->map && src->obj == dst->obj) {
			struct scalar d = dst->v;

			sc_alu(&d, &src->v, BPF_SUB, false, 0, false);
			reg_scalar(dst, &d, 0);
			return;
		}
		taint = reg_from_ctx(dst) || reg_from_ctx(src) ? F_TAINT : 0;
		reg_unknown(dst, alu64 ? 64 : 32, taint);
		return;
	}
	if (reg_is_ptr(src)) {
		if (alu64 && op == BPF_ADD && dst->type == T_SCALAR && src->type != T_MAP &&
		    src->type != T_FUNC) {
			struct vreg p = *src;

			sc_alu(&p.v, &dst->v, BPF_ADD, false, 0, false);
			*dst = p;
			return;
		}
		taint = reg_from_ctx(dst) || reg_from_ctx(src) ? F_TAINT : 0;
		reg_unknown(dst, alu64 ? 64 : 32, taint);
		return;
	}
	taint = (dst->flags | src->flags) & F_TAINT;
	if (dst->type != T_SCALAR)
		reg_unknown(dst, 64, taint);
	sc_alu(&dst->v, &src->v, op, !alu64, in->off, false);
	dst->type = T_SCALAR;
	dst->flags = taint;
	dst->id = 0;
}

static int insn_size(const struct bpf_insn *in)
{
	switch (BPF_SIZE(in->code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static void do_load(struct vctx *vc, struct vstate *st, const struct bpf_insn *in)
{
	struct vframe *f = top(st);
	struct vreg p = f->regs[in->src_reg], out;
	int size = insn_size(in);
	struct scalar off = p.v, k;

	sc_const(&k, (uint64_t)(int64_t)in->off);
	sc_alu(&off, &k, BPF_ADD, false, 0, false);
	switch (p.type) {
	case T_CTX:
		reg_unknown(&out, size * 8, F_TAINT);
		break;
	case T_STACK:
		stack_load(vc, st, p.frame, off.smin, off.smax, size, &out);
		break;
	case T_MAP_VALUE: {
		const struct ext_map *m = vc->maps[p.map].m;

		reg_unknown(&out, size * 8, 0);
		if (m->readonly && sc_is_const(&off) && off.smin >= 0 &&
		    (uint64_t)off.smin + size <= m->value_size && !(p.flags & F_MAYBE_NULL)) {
			uint64_t v = 0;

			if (m->init)
				memcpy(&v, m->init + off.smin, size);
			reg_const(&out, v);
		}
		break;
	}
	default:
		reg_unknown(&out, size * 8, reg_from_ctx(&p) ? F_TAINT : 0);
		break;
	}
	if (BPF_MODE(in->code) == BPF_MEMSX && size < 8) {
		sc_sext(&out.v, size);
		out.id = 0;
	}
	f->regs[in->dst_reg] = out;
}

static void store_to_ctx(struct vctx *vc, struct vstate *st)
{
	char clause[64];

	if (in_host(vc, st))
		return;
	if (!vc->role->attrs.allow_memory_write)
		violate(vc, VIOL_MEMORY_WRITE, st->insn, NULL,
			attr_clause(clause, sizeof(clause), "allow_memory_write", 0, true),
			"the context is read-only: copy what you need to the stack first",
			"store through the context (ctx): it is the traced process's registers");
	else if (vc->role->attrs.always_const)
		violate(vc, VIOL_CONST, st->insn, NULL,
			attr_clause(clause, sizeof(clause), "always_const", 1, true),
			"the context is read-only: copy what you need to the stack first",
			"store through the context (ctx): the traced function's arguments are "
			"read-only");
}

static void do_store(struct vctx *vc, struct vstate *st, const struct bpf_insn *in)
{
	struct vframe *f = top(st);
	struct vreg p = f->regs[in->dst_reg], val;
	int size = insn_size(in);
	struct scalar off = p.v, k;
	bool atomic = BPF_CLASS(in->code) == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC;
	int kind, key;

	if (BPF_CLASS(in->code) == BPF_ST)
		reg_const(&val, (uint64_t)(int64_t)in->imm);
	else
		val = f->regs[in->src_reg];
	sc_const(&k, (uint64_t)(int64_t)in->off);
	sc_alu(&off, &k, BPF_ADD, false, 0, false);
	if (atomic) {
		/* the old value comes back in src (fetch, xchg) or r0 (cmpxchg) */
		if (in->imm == BPF_CMPXCHG)
			reg_unknown(&f->regs[0], size * 8, 0);
		else if (in->imm & BPF_FETCH)
			reg_unknown(&f->regs[in->src_reg], size * 8, 0);
	}
	switch (p.type) {
	case T_CTX:
		store_to_ctx(vc, st);
		break;
	case T_STACK:
		if (atomic)
			stack_store(vc, st, p.frame, off.smin, off.smax, size, NULL,
				    reg_from_ctx(&val));
		else
			stack_store(vc, st, p.frame, off.smin, off.smax, size, &val, false);
		break;
	case T_KPTR:
		if (!in_host(vc, st) && !vc->role->attrs.allow_memory_write) {
			char clause[64];

			violate(vc, VIOL_MEMORY_WRITE, st->insn, NULL,
				attr_clause(clause, sizeof(clause), "allow_memory_write", 0,
					    true), NULL,
				"store into a kernel object: host memory");
		}
		break;
	case T_MAP_VALUE:
	case T_MEM:
		if (mem_base(&p, &kind, &key)) {
			facts_drop_range(st, kind, key, off.smin, sat_add(off.smax, size));
			if (!atomic && size == 1 && reg_is_const(&val, 0))
				fact_add(st, kind, key, p.map, off.smin, sat_add(off.smax, 1));
		}
		break;
	default:
		break;
	}
}

/* ---- calls ---- */

/* Explore @func called from @st (its frame already pushed), as a nested exploration. */
struct summary {
	bool ok;		/* it was explored to the end */
	bool exceeded;		/* a path went past max_instructions (reported) */
	bool any_exit;
	uint64_t max_insns;
	struct vstate *out;	/* the join of every exit, in the caller's view */
};

static void summarize(struct vctx *vc, struct vstate *callee_st, uint64_t count_base,
		      struct summary *sum)
{
	struct explorer ex = {
		.vc = vc, .base = callee_st->nframes - 1, .nested = true,
		.count_base = count_base,
	};

	memset(sum, 0, sizeof(*sum));
	ex.at = calloc(vc->ninsns, sizeof(*ex.at));
	if (!ex.at) {
		vc->oom = true;
		state_free(callee_st);
		return;
	}
	explore(&ex, callee_st);
	sum->ok = !ex.unbounded && !ex.exceeded && !vc->out_of_steps && !vc->oom && !vc->err;
	sum->exceeded = ex.exceeded;
	sum->any_exit = ex.any_exit;
	sum->max_insns = ex.max_total;
	sum->out = ex.exit_join;
	if (ex.exceeded)
		sum->max_insns = vc->role->attrs.max_instructions + 1;
	while (ex.nodes) {
		struct vnode *n = ex.nodes;

		ex.nodes = n->all;
		if (n->snap)
			vc->snap_bytes -= state_bytes(n->snap);
		state_free(n->snap);
		free(n);
	}
	free(ex.at);
	free(ex.stack);
}

/* Continue @st after a call whose callee was summarised in @sum. */
static int after_summary(struct explorer *ex, struct vstate *st, struct summary *sum,
			 uint64_t extra, int ret_insn)
{
	struct vstate *out = sum->out;
	uint64_t count = st->count + extra;
	struct vnode *node = st->node;

	if (!out) {
		/* no exit was reached: nothing continues after the call */
		path_done(ex, st, count);
		return PATH_ENDS;
	}
	/* the state after the call is the summary; only the path bookkeeping is kept */
	{
		int i;

		for (i = 0; i < st->nframes; i++)
			frame_free(st->fr[i]);
		*st = *out;
		free(out);
		sum->out = NULL;
	}
	st->count = count;
	st->node = node;
	st->insn = ret_insn;
	return PATH_GOES_ON;
}

static void check_count(struct explorer *ex, struct vstate *st, uint64_t count)
{
	struct vctx *vc = ex->vc;
	char clause[64];

	if (ex->count_base + count <= vc->role->attrs.max_instructions)
		return;
	if (!ex->exceeded)
		violate(vc, VIOL_INSNS, ext_insn(vc, st), NULL,
			attr_clause(clause, sizeof(clause), "max_instructions",
				    vc->role->attrs.max_instructions, false),
			"bound loops with smaller constants, or do less per event",
			"a path runs more than %llu instructions for one event",
			(unsigned long long)vc->role->attrs.max_instructions);
	ex->exceeded = true;
}

/*
 * A callback called @iters times by a helper, with @args in r1..r5. Explored like a
 * function until the state it can change (the caller's stack, through its context pointer)
 * stops growing; @st becomes that fixpoint. Returns the instructions per iteration, or
 * (uint64_t)-1 when no bound was found.
 */
static uint64_t run_callback(struct vctx *vc, struct explorer *ex, struct vstate *st, int func,
			     const struct vreg args[5], uint64_t iters)
{
	uint64_t worst = 0;
	int round, i;

	for (round = 0; round < CALLBACK_ROUNDS; round++) {
		struct vstate *cs = state_copy(vc, st);
		struct summary sum;

		if (!cs)
			return (uint64_t)-1;
		cs->node = NULL;
		cs->count = 0;
		if (!frame_push(vc, cs, func)) {
			state_free(cs);
			return (uint64_t)-1;
		}
		for (i = 0; i < 5; i++)
			top(cs)->regs[i + 1] = args[i];
		summarize(vc, cs, ex->count_base + st->count, &sum);
		if (!sum.ok) {
			state_free(sum.out);
			if (sum.exceeded)
				ex->exceeded = true;
			return (uint64_t)-1;
		}
		if (sum.max_insns > worst)
			worst = sum.max_insns;
		if (!sum.out)
			return worst;	/* the callback never returns: nothing to iterate */
		/* the callback's changes must be covered by the state it started from */
		sum.out->insn = st->insn;
		if (state_covers(vc, st, sum.out, 0, false, false)) {
			state_free(sum.out);
			return worst;
		}
		if (!state_join(vc, st, sum.out, round >= 2, false)) {
			state_free(sum.out);
			return (uint64_t)-1;
		}
		state_free(sum.out);
	}
	violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "max_instructions",
		"keep the callback's context simple (counters and flags)",
		"the callback's effect on its context does not settle after %d iterations of "
		"the analysis", CALLBACK_ROUNDS);
	return (uint64_t)-1;
}

/* Callback helpers: bpf_loop(), bpf_for_each_map_elem(), bpf_find_vma(), ... */
static int helper_callback(struct vctx *vc, struct explorer *ex, struct vstate *st,
			   const struct helper_info *h, int arg_func, uint64_t *extra)
{
	struct vframe *f = top(st);
	const struct vreg *fr = &f->regs[arg_func + 1], *ctx = &f->regs[arg_func + 2];
	struct vreg args[5];
	uint64_t iters = 1, per;
	char clause[64];
	int i;

	*extra = 0;
	if (fr->type != T_FUNC) {
		violate(vc, VIOL_UNSUPPORTED, st->insn, h->name, "max_instructions", NULL,
			"%s: the callback is not a known function", h->name);
		return -1;
	}
	for (i = 0; i < 5; i++)
		reg_not_init(&args[i]);
	switch (h->id) {
	case BPF_FUNC_loop: {
		const struct vreg *n = &f->regs[1];

		/* the kernel inlines bpf_loop() with three 8-byte slots of its own state */
		vc->funcs[f->func].extra = BPF_LOOP_INLINE_STACK;
		iters = n->type == T_SCALAR ? n->v.u32_max : BPF_MAX_LOOPS;
		if (iters > BPF_MAX_LOOPS)
			iters = BPF_MAX_LOOPS;
		if (iters == 0)
			return 0;
		sc_urange(&args[0].v, 0, iters - 1);
		args[0].type = T_SCALAR;
		args[1] = *ctx;
		break;
	}
	case BPF_FUNC_for_each_map_elem: {
		const struct vreg *m = &f->regs[1];

		if (m->type != T_MAP)
			return -1;
		iters = vc->maps[m->map].m->max_entries;
		args[0] = *m;
		reg_ptr(&args[1], T_MEM, -1);
		args[1].size = vc->maps[m->map].m->key_size;
		reg_ptr(&args[2], T_MAP_VALUE, m->map);
		args[2].obj = new_id(vc);
		args[3] = *ctx;
		break;
	}
	case BPF_FUNC_find_vma:
		reg_ptr(&args[0], T_KPTR, -1);
		reg_ptr(&args[1], T_KPTR, -1);
		args[2] = *ctx;
		break;
	case BPF_FUNC_user_ringbuf_drain:
		iters = USER_RINGBUF_MAX;
		reg_ptr(&args[0], T_KPTR, -1);
		args[1] = *ctx;
		break;
	default:
		violate(vc, VIOL_UNSUPPORTED, st->insn, h->name, "max_instructions", NULL,
			"%s: callbacks of this helper are not followed", h->name);
		return -1;
	}
	per = run_callback(vc, ex, st, fr->map, args, iters);
	if (per == (uint64_t)-1)
		return -1;
	*extra = per * iters;
	if (ex->count_base + st->count + *extra > vc->role->attrs.max_instructions && !in_host(vc, st)) {
		ex->exceeded = true;	/* reported here, with the numbers */
		violate(vc, VIOL_INSNS, st->insn, h->name,
			attr_clause(clause, sizeof(clause), "max_instructions",
				    vc->role->attrs.max_instructions, false),
			"call it with fewer iterations, or do less in the callback",
			"%s runs its callback up to %llu times, %llu instructions each: more than "
			"%llu instructions for one event", h->name, (unsigned long long)iters,
			(unsigned long long)per,
			(unsigned long long)vc->role->attrs.max_instructions);
	}
	return 0;
}

static void clobber_args(struct vstate *st)
{
	int i;

	for (i = 1; i <= 5; i++)
		reg_not_init(&top(st)->regs[i]);
}

static int do_helper(struct vctx *vc, struct explorer *ex, struct vstate *st, int id)
{
	const struct helper_info *h = helper_by_id(id);
	struct vframe *f = top(st);
	bool ext = !in_host(vc, st);
	const struct host_fn *fn = NULL;
	char clause[128];
	int i, map = -1, nargs, func_arg = -1;
	bool src_taint = false;
	uint64_t extra = 0;

	if (!h) {
		if (ext)
			violate(vc, VIOL_UNKNOWN_CALL, st->insn, NULL, "helpers of <linux/bpf.h>",
				NULL, "call to unknown helper %d", id);
		clobber_args(st);
		reg_unknown(&f->regs[0], 64, 0);
		return PATH_GOES_ON;
	}
	if (ext) {
		fn = check_granted(vc, st, h->name, PROV_HELPER);
		if ((h->flags & HF_TAIL_CALL))
			violate(vc, VIOL_TAIL_CALL, st->insn, h->name, "uprobe roles: no tail calls",
				"call the code directly (a subprogram) so that it is verified too",
				"tail call: control would pass to a program nobody verified");
		if ((h->flags & HF_WRITES_HOST_MEM) && !vc->role->attrs.allow_memory_write)
			violate(vc, VIOL_MEMORY_WRITE, st->insn, h->name,
				attr_clause(clause, sizeof(clause), "allow_memory_write", 0,
					    true), NULL,
				"%s writes memory of the host", h->name);
		if ((h->flags & HF_SIDE_EFFECT) && !vc->role->attrs.may_have_side_effect)
			violate(vc, VIOL_SIDE_EFFECT, st->insn, h->name,
				attr_clause(clause, sizeof(clause), "may_have_side_effect", 0,
					    true),
				"report through a map or ring buffer of the extension instead",
				"%s has an effect outside the extension", h->name);
		for (i = 0; i < HELPER_MAX_ARGS; i++) {
			char pn[32];

			if (!(h->writes_params & (1u << i)))
				continue;
			snprintf(pn, sizeof(pn), "argument %d", i + 1);
			check_writable_arg(vc, st, h->name, i,
					   fn ? param_name(fn, i, pn, sizeof(pn)) : pn);
		}
	}
	if (!h->has_proto) {
		/* no shape known: whatever it was given, it may have written */
		for (i = 1; i <= 5; i++)
			if (f->regs[i].type == T_STACK)
				stack_havoc(vc, st, f->regs[i].frame, f->regs[i].v.smin, false);
		clobber_args(st);
		reg_unknown(&f->regs[0], 64, 0);
		return PATH_GOES_ON;
	}
	nargs = helper_nr_args(h);
	for (i = 0; i < nargs; i++) {
		const struct vreg *r = &f->regs[i + 1];

		/* the stack a helper reads or writes counts toward the frame's depth */
		if (r->type == T_STACK && r->v.smin >= -STACK_MAX && r->v.smin < 0)
			depth_note(vc, st->fr[r->frame], r->v.smin);
		if (h->args[i] == HA_MAP && r->type == T_MAP)
			map = r->map;
		if (h->args[i] == HA_ANYTHING && reg_from_ctx(r))
			src_taint = true;
		if (h->args[i] == HA_FUNC)
			func_arg = i;
	}
	if (func_arg >= 0 && helper_callback(vc, ex, st, h, func_arg, &extra) < 0) {
		if (!ex->exceeded)
			ex->unbounded = true;
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	f = top(st);	/* the callback's fixpoint may have replaced the frames' contents */
	for (i = 0; i < nargs; i++) {
		const struct vreg *r = &f->regs[i + 1];
		const struct vreg *sz = i + 1 < nargs ? &f->regs[i + 2] : NULL;
		int64_t smin = 0, smax = 0;

		switch (h->args[i]) {
		case HA_MEM_UNINIT:
			/* sizes past any object's size are clamped: no fact is kept for them */
			if (sz && sz->type == T_SCALAR) {
				smin = sz->v.umin > FACT_OFF_MAX ? FACT_OFF_MAX : (int64_t)sz->v.umin;
				smax = sz->v.umax > FACT_OFF_MAX ? FACT_OFF_MAX : (int64_t)sz->v.umax;
			} else {
				smin = 0;
				smax = FACT_OFF_MAX;
			}
			mem_written(vc, st, r, smax, src_taint);
			if ((h->flags & HF_NUL_TERMINATES) && smin >= 1) {
				int kind, key;

				if (mem_base(r, &kind, &key) && r->v.smin == r->v.smax)
					fact_add(st, kind, key, r->map, r->v.smin, r->v.smin + smax);
			}
			break;
		case HA_MAP_VALUE_UNINIT:
			if (map >= 0)
				mem_written(vc, st, r, vc->maps[map].m->value_size, false);
			break;
		case HA_LONG_PTR:
			mem_written(vc, st, r, 8, false);
			break;
		case HA_DYNPTR:
			if (h->writes_params & (1u << i))
				mem_written(vc, st, r, 16, false);
			break;
		case HA_RINGBUF_MEM:
			if (r->ref)
				ref_release(st, r->ref);
			break;
		case HA_SPIN_LOCK:
			if (h->flags & HF_RELEASES) {
				int k;

				for (k = st->nrefs - 1; k >= 0; k--)
					if (!strcmp(st->refs[k].what, h->resource)) {
						ref_release(st, st->refs[k].id);
						break;
					}
			} else {
				ref_add(st, new_id(vc), st->insn, h->resource);
			}
			break;
		default:
			break;
		}
	}
	if (h->id == BPF_FUNC_ringbuf_submit_dynptr || h->id == BPF_FUNC_ringbuf_discard_dynptr) {
		int k;

		for (k = st->nrefs - 1; k >= 0; k--)
			if (!strcmp(st->refs[k].what, h->resource)) {
				ref_release(st, st->refs[k].id);
				break;
			}
	}
	if (h->id == BPF_FUNC_map_update_elem || h->id == BPF_FUNC_map_delete_elem) {
		/* values of that map may have changed under the extension's pointers */
		int k, n = 0;

		for (k = 0; k < st->nfacts; k++)
			if (!(st->facts[k].kind == FACT_OBJ && st->facts[k].map == map))
				st->facts[n++] = st->facts[k];
		st->nfacts = n;
	}
	{
		struct vreg r0;
		const struct vreg *a2 = &f->regs[2], *a3 = &f->regs[3];

		switch (h->ret) {
		case HR_VOID:
			reg_not_init(&r0);
			break;
		case HR_MAP_VALUE_OR_NULL:
			if (map < 0) {
				reg_unknown(&r0, 64, 0);
				break;
			}
			reg_ptr(&r0, T_MAP_VALUE, map);
			r0.flags = F_MAYBE_NULL;
			r0.id = new_id(vc);
			r0.obj = new_id(vc);
			break;
		case HR_RINGBUF_MEM_OR_NULL:
			reg_ptr(&r0, T_MEM, -1);
			r0.flags = F_MAYBE_NULL;
			r0.id = new_id(vc);
			r0.obj = new_id(vc);
			r0.size = a2->type == T_SCALAR && a2->v.umax < (1u << 30) ? a2->v.umax : 0;
			r0.ref = new_id(vc);
			ref_add(st, r0.ref, st->insn, h->resource);
			break;
		case HR_MEM_OR_NULL:
			reg_ptr(&r0, T_MEM, -1);
			r0.flags = F_MAYBE_NULL;
			r0.id = new_id(vc);
			r0.obj = new_id(vc);
			r0.size = a3->type == T_SCALAR && a3->v.umax < (1u << 30) ? a3->v.umax : 0;
			break;
		case HR_KERNEL_PTR:
			reg_ptr(&r0, T_KPTR, -1);
			break;
		case HR_KERNEL_PTR_OR_NULL:
			reg_ptr(&r0, T_KPTR, -1);
			r0.flags = F_MAYBE_NULL;
			r0.id = new_id(vc);
			break;
		default:
			reg_unknown(&r0, 64, 0);
			if (h->id == BPF_FUNC_loop && f->regs[1].type == T_SCALAR)
				sc_urange(&r0.v, 0, f->regs[1].v.u32_max);
			break;
		}
		if (h->id == BPF_FUNC_ringbuf_reserve_dynptr)
			ref_add(st, new_id(vc), st->insn, h->resource);
		clobber_args(st);
		f->regs[0] = r0;
	}
	apply_postconditions(st, fn);
	st->count += extra;
	check_count(ex, st, st->count);
	return PATH_GOES_ON;
}

/* The BTF function prototype of a kfunc or host function, or NULL. */
static const struct btf_type *func_proto(const struct btf *btf, int id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	if (!t || !btf_is_func(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id, bool *is_const)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)) && depth++ < 32) {
		if (is_const && btf_is_const(t))
			*is_const = true;
		t = btf__type_by_id(btf, t->type);
	}
	return t;
}

static void do_kfunc(struct vctx *vc, struct vstate *st, const struct vaux *a,
		     const struct btf *btf)
{
	const struct btf_type *proto = func_proto(btf, a->btf_id), *rt;
	struct vframe *f = top(st);
	const struct host_fn *fn = NULL;
	int i, n;

	if (!in_host(vc, st))
		fn = check_granted(vc, st, a->name, PROV_KFUNC);
	n = proto ? btf_vlen(proto) : 5;
	for (i = 0; i < n && i < 5; i++) {
		const struct vreg *r = &f->regs[i + 1];
		bool cnst = false;
		const struct btf_type *pt = proto ? skip_mods(btf, btf_params(proto)[i].type, NULL) :
						    NULL, *pointee;

		if (pt && !btf_is_ptr(pt))
			continue;
		pointee = pt ? skip_mods(btf, pt->type, &cnst) : NULL;
		if (cnst)
			continue;
		/* a non-const pointer: the kfunc may write through it */
		if (!in_host(vc, st)) {
			const char *pn = proto ? btf__name_by_offset(btf, btf_params(proto)[i].name_off) :
					 NULL;
			char buf[32];

			snprintf(buf, sizeof(buf), "argument %d", i + 1);
			check_writable_arg(vc, st, a->name, i, pn && *pn ? pn : buf);
		}
		if (r->type == T_STACK) {
			__s64 sz = pointee ? btf__resolve_size(btf, pt->type) : -1;

			if (sz > 0 && sz <= STACK_MAX && r->v.smin == r->v.smax)
				mem_written(vc, st, r, sz, false);
			else
				stack_havoc(vc, st, r->frame, r->v.smin, false);
		} else {
			mem_written(vc, st, r, STACK_MAX, false);
		}
	}
	rt = proto ? skip_mods(btf, proto->type, NULL) : NULL;
	clobber_args(st);
	if (proto && !proto->type)
		reg_not_init(&f->regs[0]);
	else if (rt && btf_is_ptr(rt)) {
		reg_ptr(&f->regs[0], T_KPTR, -1);
		f->regs[0].flags = F_MAYBE_NULL;
		f->regs[0].id = new_id(vc);
	} else {
		reg_unknown(&f->regs[0], 64, 0);
		if (rt && btf_is_int(rt) && rt->size == 4)
			sc_alu(&f->regs[0].v, &f->regs[0].v, BPF_MOV, true, 0, false);
	}
	apply_postconditions(st, fn);
}

/* A call of a host library function: the role's rules, then its code as a summary. */
static int do_hostlib_call(struct vctx *vc, struct explorer *ex, struct vstate *st, int func)
{
	const char *name = func_name(vc, func);
	const struct host_fn *fn = NULL;
	struct summary sum;
	struct vstate *cs;
	int ret_insn = st->insn + 1, i, r;

	if (!in_host(vc, st)) {
		fn = check_granted(vc, st, name, PROV_HOSTLIB);
		/* writable: non-const in the role's declaration and in the real signature */
		for (i = 0; fn && i < fn->nr_params && i < 5; i++) {
			const struct btf *hb = vc->objs[vc->funcs[func].obj].ext->btf;
			const struct btf_type *proto = func_proto(hb, vc->funcs[func].f->btf_id);
			bool real_const = false;

			if (!fn->params[i].is_ptr || fn->params[i].is_const)
				continue;
			if (proto && i < btf_vlen(proto)) {
				const struct btf_type *pt = skip_mods(hb, btf_params(proto)[i].type, NULL);

				if (pt && btf_is_ptr(pt))
					skip_mods(hb, pt->type, &real_const);
			}
			if (!real_const)
				check_writable_arg(vc, st, name, i, fn->params[i].name);
		}
	}
	cs = state_copy(vc, st);
	if (!cs)
		return PATH_ENDS;
	cs->node = NULL;
	cs->count = 0;
	if (!frame_push(vc, cs, func)) {
		state_free(cs);
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	summarize(vc, cs, ex->count_base + st->count, &sum);
	if (sum.exceeded) {
		state_free(sum.out);
		ex->exceeded = true;
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	if (!sum.ok) {
		state_free(sum.out);
		if (!in_host(vc, st))
			violate(vc, VIOL_UNBOUNDED, st->insn, name, "max_instructions", NULL,
				"no instruction bound for %s called here", name);
		ex->unbounded = true;
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	r = after_summary(ex, st, &sum, sum.max_insns, ret_insn);
	if (r == PATH_GOES_ON) {
		apply_postconditions(st, fn);
		check_count(ex, st, st->count);
	}
	return r;
}

static int do_call(struct vctx *vc, struct explorer *ex, struct vstate *st,
		   const struct bpf_insn *in)
{
	const struct vaux *a = &vc->aux[st->insn];
	const struct vobj *ob = &vc->objs[vc->funcs[top(st)->func].obj];

	if (in->src_reg == 0) {
		int r = do_helper(vc, ex, st, in->imm);

		if (r == PATH_GOES_ON)
			st->insn++;
		return r;
	}
	switch (a->kind) {
	case AUX_CALL:
		if (!frame_push(vc, st, a->idx)) {
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		return PATH_GOES_ON;
	case AUX_HOSTLIB_CALL:
		return do_hostlib_call(vc, ex, st, a->idx);
	case AUX_KFUNC:
		do_kfunc(vc, st, a, ob->ext->btf);
		st->insn++;
		return PATH_GOES_ON;
	default:
		if (!in_host(vc, st)) {
			note_call(vc, a->name ? a->name : "?", "extern", st->insn);
			violate(vc, VIOL_UNKNOWN_CALL, st->insn, a->name, "host functions",
				"declare kfuncs with __ksym; host library functions come from "
				"roleprobe.bpf.h",
				"call to %s, which is neither a kfunc nor a host library function",
				a->name ? a->name : "an unknown function");
		}
		clobber_args(st);
		reg_unknown(&top(st)->regs[0], 64, 0);
		st->insn++;
		return PATH_GOES_ON;
	}
}

/* ---- jumps ---- */

/* After a condition refined @r, give every copy of it (same id) the same value. */
static void share_scalar(struct vstate *st, const struct vreg *r)
{
	if (r->type != T_SCALAR || !r->id)
		return;
	for_each_reg(st, x, {
		if (x->type == T_SCALAR && x->id == r->id)
			x->v = r->v;
	});
}

/* A NULL check of the pointers with id @id: NULL on one side, not NULL on the other. */
static void mark_null(struct vstate *st, uint32_t id, bool is_null)
{
	for_each_reg(st, x, {
		if (reg_is_ptr(x) && (x->flags & F_MAYBE_NULL) && x->id == id) {
			if (is_null) {
				if (x->ref) {
					uint32_t ref = x->ref;
					int i, n = 0;

					/* a NULL reservation holds nothing */
					for (i = 0; i < st->nrefs; i++)
						if (st->refs[i].id != ref)
							st->refs[n++] = st->refs[i];
					st->nrefs = n;
				}
				reg_const(x, 0);
			} else {
				x->flags &= ~F_MAYBE_NULL;
			}
		}
	});
}

/* Both sides of a branch; returns the state for the jump (NULL: not possible) and keeps
 * in @st the fall-through (*@fall false: not possible).
 */
static int do_cond(struct vctx *vc, struct explorer *ex, struct vstate *st,
		   const struct bpf_insn *in)
{
	struct vframe *f = top(st);
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	int op = BPF_OP(in->code), target = st->insn + 1 + in->off;
	struct vreg kreg, *a = &f->regs[in->dst_reg], *b;
	int taken = -1;

	if (BPF_SRC(in->code) == BPF_X) {
		b = &f->regs[in->src_reg];
	} else {
		reg_const(&kreg, (uint64_t)(int64_t)in->imm);
		b = &kreg;
	}
	if (a->type == T_SCALAR && b->type == T_SCALAR) {
		taken = sc_branch(&a->v, &b->v, op, is32);
	} else if (!is32 && (op == BPF_JEQ || op == BPF_JNE) &&
		   ((reg_is_ptr(a) && reg_is_const(b, 0)) || (reg_is_ptr(b) && reg_is_const(a, 0)))) {
		struct vreg *p = reg_is_ptr(a) ? a : b;

		if (!(p->flags & F_MAYBE_NULL)) {
			taken = op == BPF_JNE;
		} else {
			/* a NULL check: split, each side knowing */
			struct vstate *js = state_copy(vc, st);
			uint32_t id = p->id;

			if (!js)
				return PATH_ENDS;
			mark_null(js, id, op == BPF_JEQ);
			mark_null(st, id, op != BPF_JEQ);
			js->insn = target;
			st->insn++;
			push(ex, js);
			return PATH_GOES_ON;
		}
	} else if (reg_is_ptr(a) && a->type == b->type && a->frame == b->frame &&
		   a->map == b->map && a->obj == b->obj && !(a->flags & F_MAYBE_NULL) &&
		   !(b->flags & F_MAYBE_NULL)) {
		/* pointers into the same object compare like their offsets */
		taken = sc_branch(&a->v, &b->v, op, is32);
		if (taken < 0) {
			struct vstate *js = state_copy(vc, st);

			if (!js)
				return PATH_ENDS;
			{
				struct vframe *jf = top(js);
				struct vreg *ja = &jf->regs[in->dst_reg], *jb = &jf->regs[in->src_reg];

				sc_cond(&ja->v, &jb->v, op, is32, true);
			}
			sc_cond(&a->v, &b->v, op, is32, false);
			js->insn = target;
			st->insn++;
			push(ex, js);
			return PATH_GOES_ON;
		}
	}
	if (taken == 1) {
		st->insn = target;
		return PATH_GOES_ON;
	}
	if (taken == 0) {
		st->insn++;
		return PATH_GOES_ON;
	}
	if (a->type == T_SCALAR && b->type == T_SCALAR) {
		struct vstate *js = state_copy(vc, st);
		struct vframe *jf;
		struct vreg *ja, *jb, jk;

		if (!js)
			return PATH_ENDS;
		jf = top(js);
		ja = &jf->regs[in->dst_reg];
		if (BPF_SRC(in->code) == BPF_X) {
			jb = &jf->regs[in->src_reg];
		} else {
			jk = kreg;
			jb = &jk;
		}
		if (sc_cond(&ja->v, &jb->v, op, is32, true)) {
			share_scalar(js, ja);
			if (jb != &jk)
				share_scalar(js, jb);
			js->insn = target;
			push(ex, js);
		} else {
			state_free(js);
		}
		if (!sc_cond(&a->v, &b->v, op, is32, false)) {
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		share_scalar(st, a);
		if (b != &kreg)
			share_scalar(st, b);
		st->insn++;
		return PATH_GOES_ON;
	}
	/* nothing to learn: both sides as they are */
	{
		struct vstate *js = state_copy(vc, st);

		if (!js)
			return PATH_ENDS;
		js->insn = target;
		push(ex, js);
		st->insn++;
	}
	return PATH_GOES_ON;
}

static int do_exit(struct vctx *vc, struct explorer *ex, struct vstate *st)
{
	if (st->nframes - 1 > ex->base) {
		frame_pop(st);
		return PATH_GOES_ON;
	}
	ex->any_exit = true;
	if (ex->nested) {
		struct vstate *out = state_copy(vc, st);

		if (out) {
			frame_pop(out);
			out->node = NULL;
			out->count = 0;
			if (!ex->exit_join)
				ex->exit_join = out;
			else {
				if (!state_join(vc, ex->exit_join, out, false, true))
					ex->unbounded = true;
				state_free(out);
			}
		}
	} else {
		int i;
		char clause[64];

		for (i = 0; i < st->nrefs; i++) {
			if (vc->role->attrs.may_have_side_effect)
				break;
			violate(vc, VIOL_RESOURCE, st->refs[i].insn, NULL,
				attr_clause(clause, sizeof(clause), "may_have_side_effect", 0,
					    true),
				"submit or discard the reservation (release the lock) on every "
				"path, error paths included",
				"%s acquired here is not released on every path",
				!strcmp(st->refs[i].what, "ringbuf") ? "ring buffer reservation" :
				!strcmp(st->refs[i].what, "spin_lock") ? "spin lock" :
				st->refs[i].what);
		}
	}
	path_done(ex, st, st->count);
	return PATH_ENDS;
}

static int exec_insn(struct vctx *vc, struct explorer *ex, struct vstate *st)
{
	const struct bpf_insn *in = &vc->insns[st->insn];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	struct vframe *f = top(st);

	st->count++;
	if (ex->count_base + st->count > vc->role->attrs.max_instructions) {
		check_count(ex, st, st->count);
		path_done(ex, st, st->count);
		return PATH_ENDS;
	}
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (in->dst_reg == BPF_REG_10) {
			violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "bytecode", NULL,
				"write to the frame pointer r10");
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		do_alu(vc, st, in);
		st->insn++;
		return PATH_GOES_ON;
	case BPF_LDX:
		if (in->dst_reg == BPF_REG_10) {
			violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "bytecode", NULL,
				"load into the frame pointer r10");
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		do_load(vc, st, in);
		st->insn++;
		return PATH_GOES_ON;
	case BPF_ST:
	case BPF_STX:
		do_store(vc, st, in);
		st->insn++;
		return PATH_GOES_ON;
	case BPF_LD: {
		const struct vaux *a = &vc->aux[st->insn];
		struct vreg *d = &f->regs[in->dst_reg];

		if (!is_ld64(in) || in->dst_reg == BPF_REG_10) {
			violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "bytecode", NULL,
				"unsupported load instruction 0x%02x", in->code);
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		switch (a->kind) {
		case AUX_MAP:
			reg_ptr(d, T_MAP, a->idx);
			break;
		case AUX_MAP_VALUE:
			reg_ptr(d, T_MAP_VALUE, a->idx);
			sc_const(&d->v, a->off);
			break;
		case AUX_FUNC_ADDR:
			reg_ptr(d, T_FUNC, a->idx);
			break;
		case AUX_EXTERN_VAR:
			reg_ptr(d, T_KPTR, -1);
			break;
		default:
			reg_const(d, (uint64_t)(uint32_t)in->imm |
				     ((uint64_t)(uint32_t)vc->insns[st->insn + 1].imm << 32));
			break;
		}
		st->insn += 2;
		return PATH_GOES_ON;
	}
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT && cls == BPF_JMP)
			return do_exit(vc, ex, st);
		if (op == BPF_CALL && cls == BPF_JMP)
			return do_call(vc, ex, st, in);
		if (op == BPF_JA) {
			st->insn += 1 + (cls == BPF_JMP32 ? in->imm : in->off);
			return PATH_GOES_ON;
		}
		if (op > BPF_JSLE) {
			violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "bytecode", NULL,
				"unknown jump instruction 0x%02x", in->code);
			path_done(ex, st, st->count);
			return PATH_ENDS;
		}
		return do_cond(vc, ex, st, in);
	}
	violate(vc, VIOL_UNSUPPORTED, st->insn, NULL, "bytecode", NULL,
		"unknown instruction 0x%02x", in->code);
	path_done(ex, st, st->count);
	return PATH_ENDS;
}

static void run_path(struct vctx *vc, struct explorer *ex, struct vstate *st)
{
	for (;;) {
		if (vc->oom || vc->err) {
			path_done(ex, st, st->count);
			return;
		}
		if (++vc->steps > vc->max_steps) {
			vc->out_of_steps = true;
			path_done(ex, st, st->count);
			return;
		}
		if (st->insn < 0 || st->insn >= vc->ninsns) {
			vc->err = -EINVAL;
			p_err("verifier: instruction %d out of range", st->insn);
			return;
		}
		if (vc->prune[st->insn] && prune_check(ex, st) == PATH_ENDS)
			return;
		if (exec_insn(vc, ex, st) == PATH_ENDS)
			return;
	}
}

static int explore(struct explorer *ex, struct vstate *init)
{
	struct vctx *vc = ex->vc;
	struct vnode *root;

	init->node = NULL;
	root = node_new(ex, init, false);
	if (!root) {
		state_free(init);
		return -ENOMEM;
	}
	init->node = root;
	root->pending = 0;	/* the first path counts through push() */
	if (push(ex, init))
		return -ENOMEM;
	while (ex->nstack) {
		struct vstate *st = ex->stack[--ex->nstack];

		vc->pending_bytes -= state_bytes(st);

		if (!vc->out_of_steps && !vc->oom && !vc->err && !ex->unbounded)
			run_path(vc, ex, st);
		state_free(st);
	}
	return 0;
}

/* ---- joins: exits of summarised functions, callback fixpoints ---- */

static bool reg_join(struct vreg *a, const struct vreg *b, bool widen)
{
	if (a->type == T_NOT_INIT)
		return true;
	if (b->type == T_NOT_INIT || a->type != b->type) {
		if (a->type == T_SCALAR || b->type == T_SCALAR)
			reg_unknown(a, 64, (a->flags | b->flags) & F_TAINT);
		else
			reg_not_init(a);
		return true;
	}
	if (a->type == T_SCALAR) {
		if (widen)
			sc_widen(&a->v, &b->v);
		else
			sc_join(&a->v, &b->v);
		a->flags |= b->flags & F_TAINT;
		if (a->id != b->id)
			a->id = 0;
		return true;
	}
	if (a->frame != b->frame || a->map != b->map || a->size != b->size || a->ref != b->ref) {
		reg_not_init(a);
		return true;
	}
	if (widen)
		sc_widen(&a->v, &b->v);
	else
		sc_join(&a->v, &b->v);
	a->flags |= b->flags;
	if (a->id != b->id)
		a->id = (a->flags & F_MAYBE_NULL) ? a->id : 0;
	if (a->obj != b->obj)
		a->obj = 0;
	return true;
}

static bool frame_join(struct vctx *vc, struct vframe *a, const struct vframe *b, bool widen,
		       bool regs)
{
	int i, k;

	for (i = 0; regs && i < NR_REGS; i++)
		reg_join(&a->regs[i], &b->regs[i], widen);
	if (b->nslots > a->nslots && !stack_grow(vc, a, -8 * b->nslots))
		return false;
	for (i = 0; i < a->nslots; i++) {
		struct vslot *s = &a->slots[i];
		const struct vslot *t = i < b->nslots ? &b->slots[i] : NULL;
		struct vslot tmp;

		if (s->spill_pos >= 0 && t && t->spill_pos == s->spill_pos &&
		    t->spill_size == s->spill_size && s->spill.type == t->spill.type &&
		    (s->spill.type == T_SCALAR || (s->spill.frame == t->spill.frame &&
						    s->spill.map == t->spill.map))) {
			reg_join(&s->spill, &t->spill, widen);
		} else {
			spill_drop(s);
		}
		if (t) {
			tmp = *t;
			t = &tmp;
			if (tmp.spill_pos >= 0 && s->spill_pos < 0)
				spill_drop(&tmp);
		}
		for (k = 0; k < 8; k++) {
			uint8_t x = s->sb[k], y = t ? t->sb[k] : SB_INVALID;
			uint8_t taint = (x | y) & SB_TAINT;

			if (SB_TYPE(x) == SB_SPILL && SB_TYPE(y) == SB_SPILL)
				s->sb[k] = SB_SPILL | taint;
			else if (SB_TYPE(x) == SB_INVALID || SB_TYPE(y) == SB_INVALID)
				s->sb[k] = SB_INVALID | taint;
			else if (SB_TYPE(x) == SB_ZERO && SB_TYPE(y) == SB_ZERO)
				s->sb[k] = SB_ZERO;
			else
				s->sb[k] = SB_MISC | taint;
		}
	}
	return true;
}

/* @a becomes a state covering both @a and @b (same frames). */
static bool state_join(struct vctx *vc, struct vstate *a, const struct vstate *b, bool widen,
		       bool regs)
{
	int k, i, j, n = 0;

	if (a->nframes != b->nframes)
		return false;
	for (k = 0; k < a->nframes; k++) {
		if (a->fr[k]->func != b->fr[k]->func)
			return false;
		if (!frame_join(vc, a->fr[k], b->fr[k], widen, regs))
			return false;
	}
	/* a fact survives when both sides have one starting at the same byte */
	for (i = 0; i < a->nfacts; i++) {
		struct vfact fa = a->facts[i];
		bool keep = false;

		for (j = 0; j < b->nfacts && !keep; j++) {
			const struct vfact *fb = &b->facts[j];

			if (fb->kind == fa.kind && fb->key == fa.key && fb->lo == fa.lo) {
				if (fb->hi > fa.hi)
					fa.hi = fb->hi;
				keep = true;
			}
		}
		if (keep)
			a->facts[n++] = fa;
	}
	a->nfacts = n;
	/* resources: the callee of a summary leaves them as they were */
	return true;
}

/* ---- entries ---- */

static uint64_t chain_depth(struct vctx *vc, int func, int level)
{
	uint64_t own = ((uint64_t)vc->funcs[func].depth + 7) / 8 * 8 + vc->funcs[func].extra;
	uint64_t deepest = 0;
	int i;

	if (level > MAX_FRAMES * 2)
		return own;
	for (i = 0; i < vc->nedges; i++) {
		if (vc->edges[i].from == func && vc->edges[i].to != func) {
			uint64_t d = chain_depth(vc, vc->edges[i].to, level + 1);

			if (d > deepest)
				deepest = d;
		}
	}
	return own + deepest;
}

static int call_cmp(const void *a, const void *b)
{
	return strcmp(((const struct host_call *)a)->name, ((const struct host_call *)b)->name);
}

static void collect_calls(struct vctx *vc, struct entry_verdict *ev)
{
	int i, j;

	for (i = 0; i < vc->nsites; i++) {
		const struct call_site *s = &vc->sites[i];

		for (j = 0; j < ev->nr_calls; j++)
			if (!strcmp(ev->calls[j].name, s->name))
				break;
		if (j == ev->nr_calls) {
			if (vec_grow((void **)&ev->calls, ev->nr_calls, sizeof(*ev->calls))) {
				vc->oom = true;
				return;
			}
			ev->calls[j].name = vstrdup(vc, s->name);
			ev->calls[j].kind = s->kind;
			ev->calls[j].sites = 0;
			ev->nr_calls++;
		}
		ev->calls[j].sites++;
	}
	if (ev->nr_calls)
		qsort(ev->calls, ev->nr_calls, sizeof(*ev->calls), call_cmp);
}

static void explore_entry(struct vctx *vc, int func, struct entry_verdict *ev)
{
	struct explorer ex = { .vc = vc, .base = 0 };
	struct vstate *st;
	struct vframe *f;
	char clause[64];
	int i;

	vc->entry = vc->funcs[func].f->name;
	vc->steps = 0;
	vc->out_of_steps = false;
	vc->nedges = 0;
	vc->nsites = 0;
	vc->snap_bytes = 0;
	for (i = 0; i < vc->nfuncs; i++)
		vc->funcs[i].depth = vc->funcs[i].extra = 0;
	ex.at = calloc(vc->ninsns, sizeof(*ex.at));
	st = calloc(1, sizeof(*st));
	f = frame_new(vc, func, -1);
	if (!ex.at || !st || !f) {
		free(ex.at);
		free(st);
		frame_free(f);
		vc->oom = true;
		return;
	}
	reg_ptr(&f->regs[BPF_REG_1], T_CTX, -1);
	reg_ptr(&f->regs[BPF_REG_10], T_STACK, 0);
	st->fr[0] = f;
	st->nframes = 1;
	st->insn = vc->funcs[func].start;
	explore(&ex, st);

	ev->explored = true;
	ev->bounded = !ex.unbounded && !ex.exceeded && !vc->out_of_steps;
	ev->over_budget = ex.exceeded && !ex.unbounded && !vc->out_of_steps;
	ev->max_insns = ex.max_total;
	ev->stack_bytes = chain_depth(vc, func, 0);
	collect_calls(vc, ev);
	vc->vd->steps += vc->steps;
	if (vc->out_of_steps)
		violate(vc, VIOL_UNBOUNDED, vc->funcs[func].start, NULL,
			attr_clause(clause, sizeof(clause), "max_instructions",
				    vc->role->attrs.max_instructions, false),
			"simplify the control flow: fewer branches inside loops",
			"no instruction bound proven for %s: its paths need more than the %llu "
			"interpretation steps (or the memory) the verifier spends on an entry",
			vc->entry, (unsigned long long)vc->max_steps);
	if (ev->stack_bytes > vc->role->attrs.max_memory)
		violate(vc, VIOL_STACK, vc->funcs[func].start, NULL,
			attr_clause(clause, sizeof(clause), "max_memory",
				    vc->role->attrs.max_memory, false),
			"use a per-CPU array map as scratch space instead of large stack buffers",
			"%s uses %llu bytes of stack over its deepest call chain", vc->entry,
			(unsigned long long)ev->stack_bytes);
	while (ex.nodes) {
		struct vnode *n = ex.nodes;

		ex.nodes = n->all;
		state_free(n->snap);
		free(n);
	}
	free(ex.at);
	free(ex.stack);
	vc->entry = NULL;
}

/* The entry's BTF signature against the event host function's (SPEC section 5). */
static void check_entry_signature(struct vctx *vc, int func, const struct host_fn *event)
{
	const struct ext_func *f = vc->funcs[func].f;
	const struct btf *btf = vc->ext->btf;
	const struct btf_type *proto = f->btf_id ? func_proto(btf, f->btf_id) : NULL, *t;
	/* a role that names the event handler without declaring it: the real one takes ctx */
	int want = event && event->declared ? event->nr_params : 1, n;
	char clause[160];

	snprintf(clause, sizeof(clause), "entries have the signature of %s: int (ctx)",
		 event ? event->name : "handle_uprobe_event");
	if (!proto) {
		violate(vc, VIOL_ENTRY_SIGNATURE, vc->funcs[func].start, NULL, clause,
			"compile with clang -g", "entry %s has no BTF signature", f->name);
		return;
	}
	n = btf_vlen(proto);
	if (n != want) {
		violate(vc, VIOL_ENTRY_SIGNATURE, vc->funcs[func].start, NULL, clause,
			"declare it with BPF_KPROBE()/BPF_KRETPROBE(), or as int name(struct pt_regs *ctx)",
			"entry %s takes %d parameter%s: the signature of an event handler takes "
			"%d (the context)", f->name, n, n == 1 ? "" : "s", want);
		return;
	}
	if (n >= 1) {
		t = skip_mods(btf, btf_params(proto)[0].type, NULL);
		if (!t || !btf_is_ptr(t)) {
			violate(vc, VIOL_ENTRY_SIGNATURE, vc->funcs[func].start, NULL, clause,
				"declare it with BPF_KPROBE()/BPF_KRETPROBE()",
				"entry %s: its parameter is not a pointer: the signature of an "
				"event handler takes the context pointer", f->name);
			return;
		}
	}
	t = proto->type ? skip_mods(btf, proto->type, NULL) : NULL;
	if (!t || !(btf_is_int(t) || btf_is_enum(t)))
		violate(vc, VIOL_ENTRY_SIGNATURE, vc->funcs[func].start, NULL, clause,
			"return an int", "entry %s does not return an integer: the signature of "
			"an event handler returns int", f->name);
}

static void check_object(struct vctx *vc)
{
	const struct extension *ext = vc->ext;
	const struct host_fn *event = role_granted(vc->role, "handle_uprobe_event");
	uint64_t map_mem = 0;
	char clause[128];
	int i, entries = 0;

	for (i = 0; i < ext->nr_funcs; i++)
		entries += ext->funcs[i].type != EXT_PROG_NONE;
	if (!entries)
		violate(vc, VIOL_ENTRY_TYPE, -1, NULL, "entries are uprobe or uretprobe programs",
			"put each entry point in SEC(\"uprobe\") or SEC(\"uretprobe\")",
			"the extension has no entry point: no function is in a program section");
	for (i = 0; i < ext->nr_funcs; i++) {
		const struct ext_func *f = &ext->funcs[i];
		int start = vc->objs[0].ibase + f->start;

		if (find_host_func(vc, f->name) >= 0 || (vc->nobjs < 2 && hostlib_has_func(f->name)))
			violate(vc, VIOL_IMPERSONATION, start, f->name,
				"host library functions come from roleprobe only",
				"rename the function",
				"the extension defines %s, a function of roleprobe's host library",
				f->name);
		if (f->type == EXT_PROG_NONE)
			continue;
		vc->entry = f->name;
		if (f->type == EXT_PROG_OTHER) {
			violate(vc, VIOL_ENTRY_TYPE, start, NULL,
				"entries are uprobe or uretprobe programs",
				"use SEC(\"uprobe\") or SEC(\"uretprobe\") (optionally with /SYMBOL)",
				"entry %s is a %s program (section %s), not an uprobe", f->name,
				f->prog_kind, f->sec_name);
		} else if (!event) {
			violate(vc, VIOL_NO_EVENTS, start, "handle_uprobe_event",
				"no capability grants handle_uprobe_event",
				"grant UprobeEventCap (the capability holding handle_uprobe_event)",
				"entry %s cannot attach: the role grants no event handler "
				"(handle_uprobe_event)", f->name);
		}
		if (f->type != EXT_PROG_OTHER)
			check_entry_signature(vc, vc->objs[0].fbase + i, event);
		vc->entry = NULL;
	}
	for (i = 0; i < ext->nr_maps; i++) {
		const struct ext_map *m = &ext->maps[i];

		if (m->pinning && !vc->role->attrs.may_have_side_effect)
			violate(vc, VIOL_SIDE_EFFECT, -1, NULL,
				attr_clause(clause, sizeof(clause), "may_have_side_effect", 0,
					    true),
				"remove the pinning attribute", "map %s is pinned: it would outlive "
				"the extension", m->name);
		if (m->type == BPF_MAP_TYPE_RINGBUF || m->type == BPF_MAP_TYPE_USER_RINGBUF)
			map_mem += m->max_entries;
		else
			map_mem += ((uint64_t)m->key_size + m->value_size) * m->max_entries;
	}
	if (vc->role->attrs.max_map_memory && map_mem > vc->role->attrs.max_map_memory)
		violate(vc, VIOL_MAP_MEMORY, -1, NULL,
			attr_clause(clause, sizeof(clause), "max_map_memory",
				    vc->role->attrs.max_map_memory, false),
			"lower max_entries", "the maps take %llu bytes (key + value times max_entries)",
			(unsigned long long)map_mem);
}

/* roleprobe's own host library, decoded once. */
static const struct extension *embedded_hostlib(void)
{
	static struct extension *host;
	static bool tried;
	const void *bytes;
	size_t size;

	if (tried)
		return host;
	tried = true;
	bytes = hostlib_elf_bytes(&size);
	if (!bytes || extension_open_mem("roleprobe host library", bytes, size, &host))
		host = NULL;
	return host;
}

void verdict_free(struct verdict *v)
{
	int i, j;

	if (!v)
		return;
	for (i = 0; i < v->nr_entries; i++) {
		struct entry_verdict *e = &v->entries[i];

		free(e->name);
		free(e->sec_name);
		free(e->attach_sym);
		for (j = 0; j < e->nr_calls; j++)
			free(e->calls[j].name);
		free(e->calls);
	}
	for (i = 0; i < v->nr_violations; i++) {
		struct violation *vi = &v->violations[i];

		free(vi->file);
		free(vi->src);
		free(vi->entry);
		free(vi->func);
		free(vi->host_fn);
		free(vi->msg);
		free(vi->clause);
		free(vi->hint);
	}
	free(v->entries);
	free(v->violations);
	free(v->role);
	free(v->ext_path);
	free(v);
}

static void vctx_free(struct vctx *vc)
{
	int i;

	for (i = 0; i < vc->nfuncs; i++) {
		free(vc->funcs[i].live);
		free(vc->funcs[i].rel_regs);
		free(vc->funcs[i].rel_slots);
	}
	free(vc->funcs);
	free(vc->maps);
	free(vc->insns);
	free(vc->aux);
	free(vc->prune);
	free(vc->edges);
	free(vc->sites);
}

int verifier_check(const struct extension *ext, const struct role_def *role,
		   const struct verifier_opts *opts, struct verdict **out)
{
	const struct extension *host = opts && opts->hostlib ? opts->hostlib : embedded_hostlib();
	struct vctx vc = { .role = role, .ext = ext };
	struct verdict *vd;
	int i, err, n = 0;

	*out = NULL;
	vd = calloc(1, sizeof(*vd));
	if (!vd)
		return -ENOMEM;
	vc.vd = vd;
	vc.max_steps = opts && opts->max_steps ? opts->max_steps : DEFAULT_MAX_STEPS;
	vd->role = vstrdup(&vc, role->name);
	vd->ext_path = vstrdup(&vc, ext->path);
	vd->skip_verification = role->attrs.skip_verification;
	vd->max_instructions = role->attrs.max_instructions;
	vd->max_memory = role->attrs.max_memory;
	err = build_image(&vc, ext, host);
	if (!err)
		err = prepare(&vc);
	if (err)
		goto out;
	check_object(&vc);
	for (i = 0; i < ext->nr_funcs; i++)
		n += ext->funcs[i].type != EXT_PROG_NONE;
	vd->entries = calloc(n ? n : 1, sizeof(*vd->entries));
	if (!vd->entries) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < ext->nr_funcs; i++) {
		const struct ext_func *f = &ext->funcs[i];
		struct entry_verdict *ev;

		if (f->type == EXT_PROG_NONE)
			continue;
		ev = &vd->entries[vd->nr_entries++];
		ev->name = vstrdup(&vc, f->name);
		ev->sec_name = vstrdup(&vc, f->sec_name);
		ev->type = f->type;
		ev->attach_sym = vstrdup(&vc, f->attach_sym);
		ev->attach_off = f->attach_off;
		if (f->type == EXT_PROG_OTHER)
			continue;
		explore_entry(&vc, vc.objs[0].fbase + i, ev);
		if (vc.err || vc.oom)
			break;
	}
	err = vc.err;
	if (!err && vc.oom)
		err = -ENOMEM;
out:
	vctx_free(&vc);
	if (err) {
		if (err == -ENOMEM)
			p_err("verifier: out of memory");
		verdict_free(vd);
		return err;
	}
	vd->accepted = vd->nr_violations == 0;
	*out = vd;
	return 0;
}
