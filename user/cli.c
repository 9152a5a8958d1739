// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Command tables, common options and argument parsing shared by every command. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diagnostics.h"
#include "fileio.h"
#include "output.h"

int cmd_select(const struct cmd *cmds, int argc, char **argv, int (*help)(int argc, char **argv))
{
	const struct cmd *match = NULL;
	size_t len;
	int i;

	if (argc < 1 || !strcmp(argv[0], "help"))
		return help(argc, argv);

	len = strlen(argv[0]);
	for (i = 0; cmds[i].name; i++) {
		if (!strcmp(cmds[i].name, argv[0])) {
			match = &cmds[i];
			break;
		}
		if (len && !strncmp(cmds[i].name, argv[0], len)) {
			if (match) {
				p_err("'%s' is ambiguous: it could be '%s' or '%s'", argv[0],
				      match->name, cmds[i].name);
				return RP_EXIT_INPUT;
			}
			match = &cmds[i];
		}
	}
	if (!match) {
		p_err("what is '%s'? (try '%s help')", argv[0], prog_name);
		return RP_EXIT_INPUT;
	}
	return match->func(argc, argv);
}

int common_opt(int c)
{
	switch (c) {
	case 'p':
		pretty_output = true;
		/* fallthrough */
	case 'j':
		if (!json_wtr) {
			json_wtr = jsonw_new(stdout);
			if (!json_wtr) {
				p_err("cannot create JSON writer: %s", strerror(ENOMEM));
				exit(RP_EXIT_INPUT);
			}
		}
		json_output = true;
		jsonw_pretty(json_wtr, pretty_output);
		return 1;
	case 'v':
		verbose++;
		return 1;
	case 'h':
		return -1;
	case COMMON_OPT_COLOR:
		if (!diag_set_color(optarg)) {
			usage_error(NULL, "--color takes auto, always or never, not '%s'", optarg);
			exit(RP_EXIT_INPUT);
		}
		return 1;
	case COMMON_OPT_UNSAFE_PERMS:
		fileio_allow_unsafe_perms = true;
		return 1;
	default:
		return 0;
	}
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cmd)
		p_err("%s: %s (try '%s %s --help')", cmd, buf, prog_name, cmd);
	else
		p_err("%s (try '%s --help')", buf, prog_name);
	return RP_EXIT_INPUT;
}

bool parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}
