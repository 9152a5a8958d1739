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
#include "names.h"
#include "output.h"

int cmd_select(const char *level, const struct cmd *cmds, int argc, char **argv,
	       int (*help)(int argc, char **argv))
{
	const struct cmd *match = NULL;
	size_t len;
	int i;

	if (argc < 1) {
		/* no command is a usage error: the usage (on stderr) or, in JSON, the error */
		if (json_output)
			p_err("a command is expected (try '%s %s%shelp')", prog_name,
			      level ? level : "", level ? " " : "");
		else
			help(argc, argv);
		return RP_EXIT_INPUT;
	}
	if (!strcmp(argv[0], "help"))
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
		const char *meant = closest_name(argv[0], cmds, sizeof(*cmds), i);

		if (meant)
			p_err("what is '%s'? did you mean '%s'? (try '%s %s%shelp')", argv[0], meant,
			      prog_name, level ? level : "", level ? " " : "");
		else
			p_err("what is '%s'? (try '%s %s%shelp')", argv[0], prog_name,
			      level ? level : "", level ? " " : "");
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

int usage_bad_option(const char *cmd, const char *shortopts, const struct option *longopts,
		     char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	const struct option *o, *match = NULL;
	char names[256] = "";
	size_t len, used = 0;
	int nr = 0;
	const char *p;

	if (!arg || strncmp(arg, "--", 2) || !arg[2]) {
		/* a short option: optopt is the letter (arg may be a group such as -jx) */
		p = optopt ? strchr(shortopts, optopt) : NULL;
		if (p && p[1] == ':')
			return usage_error(cmd, "option '-%c' needs a value", optopt);
		if (optopt)
			return usage_error(cmd, "unknown option '-%c'", optopt);
		return usage_error(cmd, "unknown option '%s'", arg ? arg : "?");
	}
	arg += 2;
	len = strcspn(arg, "=");
	for (o = longopts; o->name; o++) {
		if (strncmp(o->name, arg, len))
			continue;
		if (strlen(o->name) == len) {
			match = o;
			nr = 1;
			break;
		}
		match = o;
		nr++;
		if (used < sizeof(names))
			used += snprintf(names + used, sizeof(names) - used, "%s--%s",
					 used ? ", " : "", o->name);
	}
	if (nr > 1)
		return usage_error(cmd, "option '--%.*s' is ambiguous: %s", (int)len, arg, names);
	if (!match)
		return usage_error(cmd, "unknown option '--%.*s'", (int)len, arg);
	if (match->has_arg == no_argument && arg[len] == '=')
		return usage_error(cmd, "option '--%s' takes no value", match->name);
	return usage_error(cmd, "option '--%s' needs a value", match->name);
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
