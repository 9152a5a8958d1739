/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The command line in the bpftool manner: a table per command level walked by
 * cmd_select(), each handler a do_<command>(), options parsed per command with the common
 * ones (-j, -p, -v, -h) accepted everywhere.
 */
#ifndef ROLEPROBE_CLI_H
#define ROLEPROBE_CLI_H

#include <getopt.h>
#include <stdbool.h>

struct cmd {
	const char *name;		/* first: closest_name() reads the table */
	int (*func)(int argc, char **argv);
};

/*
 * Run the command of @cmds that argv[0] names (exactly, or an unambiguous prefix). With
 * "help", run @help; with no argv[0], run @help too and return 2 (a command was expected).
 * Returns the handler's exit code, or 2 after
 * reporting an unknown or ambiguous command, with the closest command's name when one is
 * close and the help of @level ("role"; NULL at the top) to try.
 */
int cmd_select(const char *level, const struct cmd *cmds, int argc, char **argv,
	       int (*help)(int argc, char **argv));

#define COMMON_SHORTOPTS	"jpvh"
/*
 * Long-only common options take values from 0x1000 up; a command numbers its own long-only
 * options below that (e.g. from 256), since common_opt() sees every option first.
 */
#define COMMON_OPT_COLOR	0x1000	/* --color[=auto|always|never] */
#define COMMON_OPT_UNSAFE_PERMS	0x1001	/* --allow-unsafe-perms (fileio.h) */
#define COMMON_LONGOPTS					\
	{ "json",	no_argument, NULL, 'j' },	\
	{ "pretty",	no_argument, NULL, 'p' },	\
	{ "verbose",	no_argument, NULL, 'v' },	\
	{ "help",	no_argument, NULL, 'h' },	\
	{ "color",	optional_argument, NULL, COMMON_OPT_COLOR },	\
	{ "allow-unsafe-perms", no_argument, NULL, COMMON_OPT_UNSAFE_PERMS }

/*
 * Handle a common option returned by getopt_long(). Returns 1 when @c was one (and not
 * -h), 0 when it is not a common option, and -1 when it was -h (the caller shows its help).
 * A --color value other than auto, always or never is reported and exits with 2.
 */
int common_opt(int c);

/* Report an option getopt refused or a missing operand; returns 2 for the caller to return. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The usage error for an option getopt_long() refused with '?' (opterr is 0: main() sets it
 * once), named as it was typed: an option that needs a value and has none, a value given to
 * one that takes none, an ambiguous abbreviation (with what it could be) or an unknown
 * option. @shortopts and @longopts are what the command passed to getopt_long(). Returns 2.
 */
int usage_bad_option(const char *cmd, const char *shortopts, const struct option *longopts,
		     char **argv);

/* Parse a non-negative decimal integer of at most @max; false (and nothing set) otherwise. */
bool parse_u64(const char *s, unsigned long long max, unsigned long long *out);

/* The commands (each in the file named for it). */
int do_role(int argc, char **argv);
int do_check(int argc, char **argv);
int do_attach(int argc, char **argv);
int do_inspect(int argc, char **argv);
int do_bench(int argc, char **argv);

#endif /* ROLEPROBE_CLI_H */
