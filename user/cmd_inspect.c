// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe inspect`: the kernel-side check alone, on programs already loaded by any tool
 * (bpftrace, bcc, bpftool, roleprobe itself), found by id.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <bpf/bpf.h>

#include "cli.h"
#include "kcheck.h"
#include "output.h"
#include "role.h"

struct inspect_opts {
	const char *role_path;
	const char *role_name;
	unsigned long long prog_id;
	bool have_id;
	bool all;
};

struct inspect_tally {
	int checked;
	int passed;
	int violating;
	int failed;		/* could not be checked */
	bool failed_perm;	/* one of them for want of privileges */
};

static int do_inspect_help(void)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return 0;
	}
	fprintf(stderr,
		"Usage: %s inspect --role ROLE.yaml [--role-name NAME] (--prog-id ID | --all)\n"
		"\n"
		"Check BPF programs already loaded in the kernel, by any tool, against a role:\n"
		"every helper, kfunc and host library call of the program as the kernel holds it\n"
		"(xlated instructions, BTF func info, map ids) must be granted by the role.\n"
		"A function named like a host library function is host code only when its\n"
		"instructions are the host library's, as the kernel rewrites them; otherwise it\n"
		"is a violation and its calls are judged as the program's own.\n"
		"\n"
		"Options:\n"
		"  -r, --role ROLE.yaml     the role file\n"
		"  -n, --role-name NAME     the role to check against (when the file has several)\n"
		"  -i, --prog-id ID         check the program with this id\n"
		"  -a, --all                check every loaded program\n"
		"  -j, --json / -p, --pretty / -v, --verbose / -h, --help\n"
		"\n"
		"Needs CAP_SYS_ADMIN (root) to open programs by id.\n"
		"Exit codes: 0 all pass, 1 a program violates the role, 2 usage or input error,\n"
		"3 a program could not be read, 4 missing privileges.\n"
		"\n"
		"EXAMPLES\n"
		"  sudo %s inspect --role roles/uprobe.yaml --all\n"
		"  sudo %s inspect --role roles/uprobe.yaml --prog-id 42 -j\n",
		prog_name, prog_name, prog_name);
	return 0;
}

static int parse_opts(int argc, char **argv, struct inspect_opts *o)
{
	static const struct option longopts[] = {
		{ "role",	required_argument, NULL, 'r' },
		{ "role-name",	required_argument, NULL, 'n' },
		{ "prog-id",	required_argument, NULL, 'i' },
		{ "all",	no_argument, NULL, 'a' },
		COMMON_LONGOPTS,
		{ 0 }
	};
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:n:i:a" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		r = common_opt(c);
		if (r < 0) {
			do_inspect_help();
			return -1;
		}
		if (r > 0)
			continue;
		switch (c) {
		case 'r':
			o->role_path = optarg;
			break;
		case 'n':
			o->role_name = optarg;
			break;
		case 'i':
			if (o->have_id)
				return usage_error("inspect", "--prog-id given twice");
			if (!parse_u64(optarg, UINT32_MAX, &o->prog_id) || !o->prog_id)
				return usage_error("inspect", "'%s' is not a program id", optarg);
			o->have_id = true;
			break;
		case 'a':
			o->all = true;
			break;
		default:
			return usage_bad_option("inspect", "r:n:i:a" COMMON_SHORTOPTS, longopts, argv);
		}
	}
	if (optind < argc)
		return usage_error("inspect", "unexpected argument '%s'", argv[optind]);
	if (!o->role_path)
		return usage_error("inspect", "--role is required");
	if (o->have_id == o->all)
		return usage_error("inspect", "give either --prog-id ID or --all");
	return 0;
}

/* Opening programs by id (BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID) needs CAP_SYS_ADMIN. */
static int check_privileges(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &hdr, data)) {
		p_err("cannot read this process's capabilities: %s", strerror(errno));
		return RP_EXIT_PRIV;
	}
	if (data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN))
		return 0;
	p_err("inspecting loaded programs needs root (CAP_SYS_ADMIN, to open programs by id); "
	      "run it with sudo");
	return RP_EXIT_PRIV;
}

/* Check one program, print its report and count its verdict. */
static void inspect_fd(int fd, const struct role_def *role, struct inspect_tally *t)
{
	struct kcheck_report *r = NULL;
	int err;

	err = kcheck_prog_flags(fd, role, KCHECK_PROVE_HOST, &r);
	t->checked++;
	if (err) {
		t->failed++;
		if (err == -EPERM)
			t->failed_perm = true;
	} else if (r->nr_violations) {
		t->violating++;
	} else {
		t->passed++;
	}
	if (r)
		kcheck_report_print(r);
	else if (!json_output)
		printf("ERROR: %s\n", strerror(-err));
	kcheck_report_free(r);
}

/* Open program @id, before any output: a missing program is an input error. */
static int open_prog(unsigned int id, int *fd)
{
	*fd = bpf_prog_get_fd_by_id(id);
	if (*fd >= 0)
		return 0;
	if (*fd == -ENOENT) {
		p_err("no program with id %u is loaded", id);
		return RP_EXIT_INPUT;
	}
	p_err("cannot open program %u: %s", id, strerror(-*fd));
	return exit_code_from_kernel_err(*fd);
}

static int inspect_all(const struct role_def *role, struct inspect_tally *t)
{
	__u32 id = 0;
	int err, fd;

	for (;;) {
		err = bpf_prog_get_next_id(id, &id);
		if (err == -ENOENT)
			return 0;
		if (err) {
			p_err("cannot list loaded programs: %s", strerror(-err));
			return exit_code_from_kernel_err(err);
		}
		fd = bpf_prog_get_fd_by_id(id);
		if (fd == -ENOENT)
			continue;	/* unloaded since it was listed */
		if (fd < 0) {
			p_err("cannot open program %u: %s", id, strerror(-fd));
			return exit_code_from_kernel_err(fd);
		}
		inspect_fd(fd, role, t);
		close(fd);
	}
}

int do_inspect(int argc, char **argv)
{
	struct inspect_opts o = {};
	struct inspect_tally t = {};
	const struct role_def *role = NULL;
	struct role_file *rf = NULL;
	int ret, fd = -1;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret < 0 ? RP_EXIT_OK : ret;
	ret = check_privileges();
	if (ret)
		return ret;
	ret = role_open(o.role_path, o.role_name, &rf, &role);
	if (ret)
		goto out;
	if (o.have_id) {
		ret = open_prog((unsigned int)o.prog_id, &fd);
		if (ret)
			goto out;
	}

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "role", role->name);
		jsonw_name(json_wtr, "programs");
		jsonw_start_array(json_wtr);
	}
	if (o.all)
		ret = inspect_all(role, &t);
	else
		inspect_fd(fd, role, &t);
	if (json_output) {
		jsonw_end_array(json_wtr);
		jsonw_int_field(json_wtr, "checked", t.checked);
		jsonw_int_field(json_wtr, "passed", t.passed);
		jsonw_int_field(json_wtr, "violating", t.violating);
		jsonw_int_field(json_wtr, "failed", t.failed);
		jsonw_end_object(json_wtr);
	} else if (o.all || t.checked != 1) {
		printf("%d program%s checked against role %s: %d pass, %d violate, %d could not "
		       "be checked\n", t.checked, t.checked == 1 ? "" : "s", role->name, t.passed,
		       t.violating, t.failed);
	}
	if (ret)
		goto out;
	/* a violation is definite; a program that could not be read is not a pass either */
	if (t.violating)
		ret = RP_EXIT_VIOLATION;
	else if (t.failed)
		ret = t.failed_perm ? RP_EXIT_PRIV : RP_EXIT_KERNEL;
out:
	if (fd >= 0)
		close(fd);
	kcheck_release();
	role_file_free(rf);
	return ret;
}
