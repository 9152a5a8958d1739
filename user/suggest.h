/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * `roleprobe role suggest`: the least-privilege role that accepts an extension, written as
 * a role file. It grants exactly the host functions the extension calls (found by the
 * userspace verifier under a role that grants nothing), each declared with its signature
 * and the constraints its prototype implies (or as an operator's role file declares it),
 * grouped into capabilities (the operator's own when a role file is given), the event
 * capability for the entry contract, the measured stack and instruction bound rounded up,
 * and each boolean attribute only as permissive as the extension needs. The role is
 * checked against the extension before it is returned: the verifier accepts it.
 *
 * Rounding, so that a rebuild with another compiler does not fail at once: max_memory is
 * the deepest stack rounded up to a multiple of 16 bytes; max_instructions the smallest of
 * 10, 20, 50, 100, 200, 500, 1000, ... that is at least the proven bound.
 */
#ifndef ROLEPROBE_SUGGEST_H
#define ROLEPROBE_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct extension;
struct role_file;
struct verdict;

struct suggest_opts {
	/* --from: reuse its capabilities, declarations and types; NULL: none */
	const struct role_file *from;
	/* the suggested role's name; NULL: from the object's file name ("count_calls.bpf.o"
	 * gives "CountCallsRole") */
	const char *role_name;
	/* the command line, quoted in the header comment; NULL: none */
	const char *command;
};

/* A constraint the prototype or --from declares but the extension does not satisfy. */
struct suggest_left_out {
	char *function;
	char *constraint;
	char *reason;		/* the verifier's message, with its source location */
};

/*
 * A boolean attribute the suggestion makes permissive (allow_memory_write: true,
 * always_const: false, may_have_side_effect: true), with what in the extension needs it:
 * "bpf_probe_write_user at write.bpf.c:20", one item per call site (or access).
 */
struct suggest_permissive {
	const char *attribute;
	bool value;
	char **because;
	int nr_because;
};

struct suggest_cap {
	char *name;
	bool reused;		/* a capability of the --from file */
	char **apis;
	int nr_apis;
};

struct suggestion {
	char *role_name;
	char *yaml;			/* the role file, NUL-terminated */
	size_t yaml_len;
	uint64_t max_memory;
	uint64_t max_instructions;
	bool allow_memory_write;
	bool always_const;
	bool may_have_side_effect;
	struct suggest_cap *caps;
	int nr_caps;
	struct suggest_left_out *left_out;
	int nr_left_out;
	struct suggest_permissive *permissive;	/* in role file order */
	int nr_permissive;
	struct verdict *verdict;	/* the extension checked under the suggested role */
};

/*
 * Why no role accepts an extension. The verdict's role is "(any)" and its limits are 0:
 * the violations hold under every role, not under the role that was being tried, whose
 * limits (those of the measuring role are far above any real one) are not shown.
 */
struct suggest_refusal {
	struct verdict *verdict;	/* the extension under the last role tried */
	int nr_blocking;		/* its first nr_blocking violations: those no role lifts */
};

/*
 * Suggest a role for @ext. Returns 0 and *@out; -EACCES when no role can accept the
 * extension (an unbounded loop, a tail call, an entry that is not an uprobe, a stack over
 * the kernel's 512 bytes, ...), with what says why in *@refused (the caller prints it and
 * frees refused->verdict); another negative errno when the suggestion could not be made
 * (reported with p_err()). A loop the verifier cannot bound within its interpretation
 * steps is reported where a path first runs past a million instructions in it, not at the
 * entry's first line.
 */
int suggest_role(const struct extension *ext, const struct suggest_opts *opts,
		 struct suggestion **out, struct suggest_refusal *refused);

void suggestion_free(struct suggestion *s);

#endif /* ROLEPROBE_SUGGEST_H */
