/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The userspace verifier (SPEC sections 1, 3, 4, 5): an abstract interpreter over an
 * extension's bytecode, in the manner of the kernel verifier (register and stack states,
 * scalars as tnums and ranges, path exploration with state pruning, bpf-to-bpf calls and
 * callbacks), which proves the extension stays inside a role: only granted host functions,
 * their constraints at every call site, a stack bound over the deepest call chain, an
 * instruction bound per event, no host memory writes, no side effects, resources released.
 *
 * The host library is verified with the extension, in its caller's context, as the kernel
 * does after linking: its instructions and stack count toward the bounds, and its code is
 * host code (not held to the role).
 */
#ifndef ROLEPROBE_VERIFIER_H
#define ROLEPROBE_VERIFIER_H

#include <stdbool.h>
#include <stdint.h>

#include "extension.h"

struct role_def;

enum violation_kind {
	VIOL_NOT_GRANTED,	/* a call to a host function no capability of the role lists */
	VIOL_UNKNOWN_CALL,	/* a call to something that is no host function at all */
	VIOL_CONSTRAINT,	/* a function or type constraint not proven at a call site */
	VIOL_STACK,		/* max_memory */
	VIOL_INSNS,		/* max_instructions: the bound exceeds it */
	VIOL_UNBOUNDED,		/* max_instructions: no bound can be proven */
	VIOL_MEMORY_WRITE,	/* allow_memory_write */
	VIOL_CONST,		/* always_const */
	VIOL_SIDE_EFFECT,	/* may_have_side_effect: a side-effecting host function or a pin */
	VIOL_RESOURCE,		/* may_have_side_effect: a resource not released on some path */
	VIOL_TAIL_CALL,		/* tail calls: never under an uprobe role */
	VIOL_ENTRY_TYPE,	/* an entry program that is not an uprobe or uretprobe */
	VIOL_ENTRY_SIGNATURE,	/* an entry whose signature is not the event function's */
	VIOL_NO_EVENTS,		/* the role grants no event host function: no entry may attach */
	VIOL_IMPERSONATION,	/* the extension defines a function with a host library name */
	VIOL_MAP_MEMORY,	/* max_map_memory */
	VIOL_UNSUPPORTED,	/* something the verifier cannot follow: refused, not guessed */
};

/* One rule broken, with everything a compiler-style diagnostic needs. */
struct violation {
	enum violation_kind kind;
	char *file;		/* source file (BTF line info); NULL when unknown */
	unsigned int line;	/* 0 when unknown */
	unsigned int col;
	char *src;		/* the source line; NULL when unknown */
	char *entry;		/* the entry point being explored; NULL for object-wide rules */
	char *func;		/* the function holding the instruction; NULL when none */
	int insn;		/* instruction offset in func; -1 when none */
	char *host_fn;		/* the host function involved; NULL when none */
	char *msg;		/* what happened */
	char *clause;		/* the role clause broken, e.g. "max_memory: 512" */
	char *hint;		/* what to do about it; NULL when nothing useful can be said */
};

/* A host function called from an entry (directly or through its subprograms). */
struct host_call {
	char *name;
	const char *kind;	/* "helper", "kfunc", "hostlib" */
	int sites;		/* call instructions naming it */
};

struct entry_verdict {
	char *name;
	char *sec_name;
	enum ext_prog_type type;
	char *attach_sym;	/* NULL: the entry's own name */
	uint64_t attach_off;
	bool explored;		/* false when the entry was refused before its code was explored */
	bool bounded;		/* an instruction bound was proven */
	bool over_budget;	/* some path runs more than the role's max_instructions */
	uint64_t max_insns;	/* instructions per event on the worst path (when bounded) */
	uint64_t stack_bytes;	/* stack of the deepest call chain, host library included */
	struct host_call *calls;
	int nr_calls;
};

struct verdict {
	char *role;
	char *ext_path;
	bool accepted;			/* no violation */
	bool skip_verification;		/* the role sets it (check runs anyway; attach skips) */
	uint64_t max_instructions;	/* the role's bounds, for the report */
	uint64_t max_memory;
	struct entry_verdict *entries;
	int nr_entries;
	struct violation *violations;
	int nr_violations;
	uint64_t steps;			/* instructions interpreted: the cost of the proof */
};

struct verifier_opts {
	/*
	 * The host library to verify calls into; NULL: roleprobe's embedded one. Tests pass
	 * their own object here.
	 */
	const struct extension *hostlib;
	/* Interpretation steps allowed per entry before giving up (0: the default, 4 million). */
	uint64_t max_steps;
};

/*
 * Verify @ext against @role. Returns 0 and a verdict in *@out (accepted or with
 * violations), or a negative errno when the verification itself could not run (reported
 * with p_err(): -EINVAL for code the reader let through but that cannot be interpreted,
 * -ENOMEM). @opts may be NULL.
 */
int verifier_check(const struct extension *ext, const struct role_def *role,
		   const struct verifier_opts *opts, struct verdict **out);

/*
 * The verdict's output lives in user/diagnostics.c (declared here for every caller of the
 * verifier): verdict_print() prints it, plain on stdout in the manner of a compiler
 * ("file:line:col: error: func+insn: what happened", the source line with a marker under
 * the call, the role clause as a note, a hint), or, in JSON mode, as fields of the current
 * JSON object ("accepted", "entries", "violations"). func+insn is the instruction's offset
 * in the function holding it, followed by "(in entry E)" when that function is a
 * subprogram or callback of entry E.
 */
void verdict_print(const struct verdict *v);

/* One violation as one line, "file:line: func+insn: what happened (role R: clause)". */
void violation_format(const struct verdict *v, const struct violation *vi, char *buf,
		      size_t len);

void verdict_free(struct verdict *v);

const char *violation_kind_str(enum violation_kind kind);

#endif /* ROLEPROBE_VERIFIER_H */
