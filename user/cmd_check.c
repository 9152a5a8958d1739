// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe check --role R [--role-name N] ext.o`: the userspace verifier's verdict on an
 * extension under a role, with each entry's stack and instruction bounds and the host
 * functions it calls. Nothing is loaded into the kernel; no privileges are needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "extension.h"
#include "output.h"
#include "role.h"
#include "verifier.h"

static int do_check_help(int argc, char **argv)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return RP_EXIT_OK;
	}
	fprintf(stderr,
		"Usage: %s check --role ROLE.yaml [--role-name NAME] EXT.o\n"
		"\n"
		"Verify an extension object against a role, in user space: only granted host\n"
		"functions, their constraints at every call site, the stack of the deepest call\n"
		"chain (max_memory), a proven bound on instructions per event (max_instructions),\n"
		"no host memory writes, no side effects, resources released on every path.\n"
		"Prints the verdict, each entry's stack bytes, instruction bound and host calls,\n"
		"and each violation as a compiler would: file:line:col: error: entry+insn: what\n"
		"happened, the source line with a marker under the call, the role clause as a\n"
		"note, a hint (in colour on a terminal: --color=auto|always|never, NO_COLOR).\n"
		"\n"
		"Options:\n"
		"  -r, --role FILE        the role file (YAML)\n"
		"  -n, --role-name NAME   the role to check against (needed when the file has\n"
		"                         several)\n"
		"  -j, --json             JSON output;  -p, --pretty  pretty JSON\n"
		"  -v, --verbose          libbpf's debug output\n"
		"\n"
		"Exit codes: 0 accepted, 1 the extension violates the role, 2 bad usage, role file\n"
		"or extension object.\n"
		"\n"
		"EXAMPLES\n"
		"  %s check --role roles/uprobe.yaml build/examples/trace_strings.bpf.o\n"
		"  %s -j check --role roles/readonly-tracer.yaml --role-name CountingTracer ext.bpf.o\n",
		prog_name, prog_name, prog_name);
	return RP_EXIT_OK;
}

struct check_opts {
	const char *role_file;
	const char *role_name;
	const char *ext_path;
};

/* Returns -1 to go on, else an exit code. */
static int parse_check_opts(int argc, char **argv, struct check_opts *o)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "role", required_argument, NULL, 'r' },
		{ "role-name", required_argument, NULL, 'n' },
		{ 0 }
	};
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "r:n:", opts, NULL)) != -1) {
		r = common_opt(c);
		if (r > 0)
			continue;
		if (r < 0)
			return do_check_help(0, NULL);
		switch (c) {
		case 'r':
			o->role_file = optarg;
			continue;
		case 'n':
			o->role_name = optarg;
			continue;
		default:
			return usage_bad_option("check", COMMON_SHORTOPTS "r:n:", opts, argv);
		}
	}
	if (!o->role_file)
		return usage_error("check", "--role ROLE.yaml is required");
	if (optind == argc)
		return usage_error("check", "the extension object is missing");
	if (optind + 1 != argc)
		return usage_error("check", "one extension object, not %d operands",
				   argc - optind);
	o->ext_path = argv[optind];
	return -1;
}

int do_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	struct role_file *rf = NULL;
	const struct role_def *role;
	struct extension *ext = NULL;
	struct verdict *vd = NULL;
	int ret;

	ret = parse_check_opts(argc, argv, &o);
	if (ret >= 0)
		return ret;
	ret = role_open(o.role_file, o.role_name, &rf, &role);
	if (ret)
		goto out;
	if (extension_open(o.ext_path, &ext)) {
		ret = RP_EXIT_INPUT;
		goto out;
	}
	if (verifier_check(ext, role, NULL, &vd)) {
		ret = RP_EXIT_INPUT;
		goto out;
	}
	if (json_output) {
		jsonw_start_object(json_wtr);
		verdict_print(vd);
		jsonw_end_object(json_wtr);
	} else {
		verdict_print(vd);
	}
	ret = vd->accepted ? RP_EXIT_OK : RP_EXIT_VIOLATION;
out:
	verdict_free(vd);
	extension_free(ext);
	role_file_free(rf);
	return ret;
}
