/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Diagnostics in the manner of a compiler: a rejected extension reads like a failed build.
 * Each violation is "file:line:col: error: func+insn: what happened", then the source line
 * with a marker (^~~~) under the offending call, the role clause broken as a note and a hint
 * where one exists:
 *
 *   tests/ext/bad_helper_ungranted.bpf.c:23:14: error: trace_pid+0: call to ... is not granted
 *      23 |         __u64 pid = bpf_get_current_pid_tgid() >> 32;
 *         |                     ^~~~~~~~~~~~~~~~~~~~~~~~
 *         = note: role UprobeRole: no capability lists bpf_get_current_pid_tgid
 *         = hint: grant it through a capability of the role, or do without it
 *
 * Colour (bold locus, red error, cyan note, green marker and hint) only on a terminal,
 * never with NO_COLOR set (to any value), unless --color says otherwise. Text that comes
 * from the extension (source lines, names) is printed with control characters replaced,
 * so a hostile object cannot drive the terminal. verdict_print() and violation_format(),
 * declared in verifier.h, live here too.
 */
#ifndef ROLEPROBE_DIAGNOSTICS_H
#define ROLEPROBE_DIAGNOSTICS_H

#include <stdbool.h>
#include <stdio.h>

struct verdict;
struct violation;

enum diag_color {
	DIAG_COLOR_AUTO,	/* on a terminal, unless NO_COLOR is set or TERM is "dumb" */
	DIAG_COLOR_ALWAYS,
	DIAG_COLOR_NEVER,
};

/* --color=WHEN: "auto", "always" or "never" (NULL: "always", as `--color` alone). */
bool diag_set_color(const char *when);

/* Whether output to @f is coloured. */
bool diag_color_on(FILE *f);

/*
 * Where the marker goes in @vi's source line: a 1-based byte column and a length in bytes.
 * The host function's name when the line holds it (at the BTF column, else the first call
 * of that name), else the token at the BTF column, else (no column) the name of the
 * function the violation is in. False when there is nothing to mark.
 */
bool violation_marker(const struct violation *vi, unsigned int *col, unsigned int *len);

/* One violation, compiler style, on @f (coloured when diag_color_on(@f)). */
void violation_print(FILE *f, const struct verdict *v, const struct violation *vi);

#endif /* ROLEPROBE_DIAGNOSTICS_H */
