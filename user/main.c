// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* roleprobe: run untrusted eBPF extensions as kernel uprobes, inside a role. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"
#include "output.h"

#ifndef ROLEPROBE_VERSION
#define ROLEPROBE_VERSION "0.1.0"
#endif

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (json_output) {
		jsonw_null(json_wtr);
		return 0;
	}
	fprintf(stderr,
		"Usage: %s [OPTIONS] COMMAND ...\n"
		"\n"
		"Commands:\n"
		"  role lint ROLE.yaml                     validate a role file\n"
		"  role show ROLE.yaml [--role-name N]     show roles resolved\n"
		"  role suggest EXT.o [--from ROLE.yaml]   write the least-privilege role for EXT.o\n"
		"  check --role ROLE.yaml [--role-name N] EXT.o\n"
		"                                          verify an extension against a role\n"
		"  attach --role ROLE.yaml --binary PATH [--pid PID] [--duration S]\n"
		"         [--interval S] [--on-violation warn|detach] [--mirror FILE] EXT.o\n"
		"                                          load and attach an extension as uprobes,\n"
		"                                          enforce the role while it runs\n"
		"  inspect --role ROLE.yaml (--prog-id ID | --all)\n"
		"                                          check programs already loaded in the kernel\n"
		"  bench [--quick]                         kernel uprobe against plain libbpf, a userspace\n"
		"                                          runtime and native; check and attach cost\n"
		"\n"
		"Options (accepted by every command):\n"
		"  -j, --json      JSON output on stdout\n"
		"  -p, --pretty    pretty JSON (implies -j)\n"
		"  -v, --verbose   libbpf debug output\n"
		"  -h, --help      this help (after a command: its help)\n"
		"      --color[=WHEN]  colour diagnostics: auto (on a terminal, not with\n"
		"                  NO_COLOR set), always, never\n"
		"      --allow-unsafe-perms  as root, read role files and extensions that a\n"
		"                  user other than root could have written (refused otherwise)\n"
		"      --version   print the version\n"
		"\n"
		"Exit codes: 0 ok, 1 role violation, 2 usage or input error, 3 kernel refused,\n"
		"4 missing privileges.\n"
		"\n"
		"EXAMPLES\n"
		"  %s role lint roles/uprobe.yaml\n"
		"  %s check --role roles/uprobe.yaml ext.o\n"
		"  sudo %s attach --role roles/uprobe.yaml --binary /usr/bin/app ext.o\n",
		prog_name, prog_name, prog_name, prog_name);
	return 0;
}

static const struct cmd main_cmds[] = {
	{ "role",	do_role },
	{ "check",	do_check },
	{ "attach",	do_attach },
	{ "inspect",	do_inspect },
	{ "bench",	do_bench },
	{ "help",	do_help },
	{ 0 }
};

static int libbpf_print_fn(enum libbpf_print_level level __attribute__((unused)), const char *fmt, va_list ap)
{
	/* libbpf speaks only with -v; roleprobe prints its own clearer errors */
	if (!verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int print_version(void)
{
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "version", ROLEPROBE_VERSION);
		jsonw_string_field(json_wtr, "libbpf", libbpf_version_string());
		jsonw_end_object(json_wtr);
		jsonw_destroy(&json_wtr);
	} else {
		printf("%s v%s\nusing libbpf %s\n", prog_name, ROLEPROBE_VERSION,
		       libbpf_version_string());
	}
	return RP_EXIT_OK;
}

int main(int argc, char **argv)
{
	bool version = false;
	int i, cmd_idx = 0, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	libbpf_set_print(libbpf_print_fn);

	/* global options before the command; commands accept them too */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			/* after the other global options, so that -j may come after it */
			version = true;
			continue;
		}
		if (!strcmp(a, "-j") || !strcmp(a, "--json"))
			ret = common_opt('j');
		else if (!strcmp(a, "-p") || !strcmp(a, "--pretty"))
			ret = common_opt('p');
		else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			ret = common_opt('v');
		else if (!strcmp(a, "--color") || !strncmp(a, "--color=", 8)) {
			optarg = a[7] ? (char *)a + 8 : NULL;
			ret = common_opt(COMMON_OPT_COLOR);
		} else if (!strcmp(a, "--allow-unsafe-perms"))
			ret = common_opt(COMMON_OPT_UNSAFE_PERMS);
		else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return do_help(0, NULL);
		else
			return usage_error(NULL, "unknown option '%s'", a);
		(void)ret;
	}
	cmd_idx = i;
	if (version)
		return print_version();
	/* the commands report refused options themselves (usage_bad_option()) */
	opterr = 0;

	ret = cmd_select(NULL, main_cmds, argc - cmd_idx, argv + cmd_idx, do_help);
	if (json_wtr)
		jsonw_destroy(&json_wtr);
	return ret;
}
