// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * roleprobe bench: one run, one table (SPEC section 9). What is measured and how is in
 * bench.h and docs/bench.md; this file parses the options, runs the parts in order and
 * prints their results, as a table or as one JSON document.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "bench.h"
#include "cli.h"
#include "loader.h"
#include "mirror.h"
#include "output.h"

/* The full version (`make bench`) and --quick (under 45 s here). */
#define FULL_ROUNDS		7
#define FULL_CALLS		2000000ULL
#define FULL_MIRROR_ROUNDS	3
#define QUICK_ROUNDS		5
#define QUICK_CALLS		200000ULL
#define QUICK_MIRROR_ROUNDS	1
#define MIRROR_ENTRIES		1000000U
#define MIN_MEDIAN_ROUNDS	5
#define MAX_CALLS		1000000000ULL
#define MAX_MIRROR_ENTRIES	(16U << 20)

enum bench_section {
	SEC_PERCALL	= 1 << 0,
	SEC_VERIFY	= 1 << 1,
	SEC_ATTACH	= 1 << 2,
	SEC_MIRROR	= 1 << 3,
	SEC_ALL		= SEC_PERCALL | SEC_VERIFY | SEC_ATTACH | SEC_MIRROR,
};

static const struct {
	const char *name;
	unsigned int bit;
} section_names[] = {
	{ "percall", SEC_PERCALL },
	{ "verify", SEC_VERIFY },
	{ "attach", SEC_ATTACH },
	{ "mirror", SEC_MIRROR },
};

struct machine {
	char cpu[128];
	long cpus;
	char kernel[128];
	char os[128];
	double loadavg;		/* 1-minute load average when the bench started; < 0: unknown */
};

/* A 1-minute load average above this at the start earns a warning: noisy numbers ahead. */
#define BUSY_LOADAVG	0.5

struct bench_results {
	unsigned int ran;		/* sections */
	struct bench_percall percall;
	struct bench_verify verify;
	struct bench_attach attach;
	struct mirror_bench_result mirror;
	double elapsed_s;
};

static int do_bench_help(void)
{
	fprintf(stderr,
		"Usage: %s bench [--quick] [--rounds N] [--calls N] [--mirror-entries N]\n"
		"                [--only LIST] [--assets DIR]\n"
		"\n"
		"Measure, in one run, side by side (medians over rounds):\n"
		"  per call    a probed function's cost with the bench extension: native, kernel\n"
		"              uprobe via roleprobe attach and via plain libbpf, with run-time stats\n"
		"              on, uretprobe, uprobe on a 5-byte nop, and the same object run in\n"
		"              process by DPDK's librte_bpf (JIT and interpreter)\n"
		"  verify      roleprobe's userspace check against the kernel's BPF_PROG_LOAD of the\n"
		"              same objects, about 100 to 100k instructions\n"
		"  attach      command start to first event: roleprobe attach against bpftrace\n"
		"  mirror      entries per second mirroring a 1M-entry hash map, batch and key by key\n"
		"\n"
		"Options:\n"
		"  -q, --quick              the short version: %d rounds of %llu calls, under 45 s\n"
		"      --rounds N           rounds of every measurement (default %d)\n"
		"      --calls N            calls per round and variant (default %llu)\n"
		"      --mirror-entries N   entries of the mirrored map (default %u)\n"
		"      --only LIST          sections to run, of percall,verify,attach,mirror\n"
		"      --assets DIR         bench_target, extensions and role (default: bench/ next\n"
		"                           to this binary, as `make` builds them)\n"
		"  -j, --json               one JSON document\n"
		"  -p, --pretty             pretty JSON\n"
		"  -v, --verbose            progress and libbpf's messages\n"
		"\n"
		"Needs root (CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN), bpftrace and librte_bpf\n"
		"(scripts/install-deps.sh --bench); without them those columns say why.\n"
		"Exit codes: 0 ok, 2 usage or missing assets, 3 a kernel or child failure,\n"
		"4 missing privileges.\n"
		"\n"
		"EXAMPLES\n"
		"  sudo %s bench --quick\n"
		"  sudo %s bench -j --only verify,attach\n"
		"  make bench\n",
		prog_name, QUICK_ROUNDS, QUICK_CALLS, FULL_ROUNDS, FULL_CALLS, MIRROR_ENTRIES,
		prog_name, prog_name);
	return RP_EXIT_OK;
}

static int parse_sections(const char *list, unsigned int *out)
{
	char *copy = strdup(list), *tok, *save = NULL;
	unsigned int i, bits = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(section_names) / sizeof(section_names[0]); i++) {
			if (!strcmp(tok, section_names[i].name))
				break;
		}
		if (i == sizeof(section_names) / sizeof(section_names[0])) {
			usage_error("bench", "what is section '%s'? (percall, verify, attach, "
				    "mirror)", tok);
			free(copy);
			return -EINVAL;
		}
		bits |= section_names[i].bit;
	}
	free(copy);
	if (!bits) {
		usage_error("bench", "--only needs at least one section");
		return -EINVAL;
	}
	*out = bits;
	return 0;
}

static int parse_args(int argc, char **argv, struct bench_opts *o, unsigned int *sections)
{
	enum { OPT_ROUNDS = 256, OPT_CALLS, OPT_MIRROR, OPT_ONLY, OPT_ASSETS };
	static const struct option long_opts[] = {
		COMMON_LONGOPTS,
		{ "quick",		no_argument,		NULL, 'q' },
		{ "rounds",		required_argument,	NULL, OPT_ROUNDS },
		{ "calls",		required_argument,	NULL, OPT_CALLS },
		{ "mirror-entries",	required_argument,	NULL, OPT_MIRROR },
		{ "only",		required_argument,	NULL, OPT_ONLY },
		{ "assets",		required_argument,	NULL, OPT_ASSETS },
		{ 0 }
	};
	unsigned long long rounds = 0, calls = 0, entries = MIRROR_ENTRIES;
	int c;

	*sections = SEC_ALL;
	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "q", long_opts, NULL)) != -1) {
		switch (common_opt(c)) {
		case 1:
			continue;
		case -1:
			do_bench_help();
			return -1;
		}
		switch (c) {
		case 'q':
			o->quick = true;
			break;
		case OPT_ROUNDS:
			if (!parse_u64(optarg, BENCH_MAX_ROUNDS, &rounds) || !rounds)
				return usage_error("bench", "--rounds needs 1 to %d, not '%s'",
						   BENCH_MAX_ROUNDS, optarg);
			break;
		case OPT_CALLS:
			if (!parse_u64(optarg, MAX_CALLS, &calls) || calls < 1000)
				return usage_error("bench", "--calls needs 1000 to %llu, not '%s'",
						   MAX_CALLS, optarg);
			break;
		case OPT_MIRROR:
			if (!parse_u64(optarg, MAX_MIRROR_ENTRIES, &entries) || !entries)
				return usage_error("bench", "--mirror-entries needs 1 to %u, not '%s'",
						   MAX_MIRROR_ENTRIES, optarg);
			break;
		case OPT_ONLY:
			if (parse_sections(optarg, sections))
				return RP_EXIT_INPUT;
			break;
		case OPT_ASSETS:
			o->assets = optarg;
			break;
		default:
			return usage_bad_option("bench", COMMON_SHORTOPTS "q", long_opts, argv);
		}
	}
	if (optind != argc)
		return usage_error("bench", "no operands expected, not '%s'", argv[optind]);
	o->rounds = rounds ? rounds : o->quick ? QUICK_ROUNDS : FULL_ROUNDS;
	o->calls = calls ? calls : o->quick ? QUICK_CALLS : FULL_CALLS;
	o->mirror_entries = entries;
	o->mirror_rounds = o->quick ? QUICK_MIRROR_ROUNDS : FULL_MIRROR_ROUNDS;
	if (o->rounds < MIN_MEDIAN_ROUNDS)
		p_warn("bench: %u round(s): a median of fewer than %d rounds is not worth quoting",
		       o->rounds, MIN_MEDIAN_ROUNDS);
	return 0;
}

/* This binary, and the assets directory next to it unless --assets says otherwise. */
static int find_paths(struct bench_opts *o, char *self, char *assets)
{
	ssize_t n = readlink("/proc/self/exe", self, PATH_MAX - 1);
	char dir[PATH_MAX];

	if (n <= 0) {
		p_err("bench: cannot find this program's path in /proc/self/exe: %s",
		      n < 0 ? strerror(errno) : "empty");
		return -ENOENT;
	}
	self[n] = '\0';
	o->self = self;
	if (!o->assets) {
		snprintf(dir, sizeof(dir), "%s", self);
		snprintf(assets, PATH_MAX, "%s/bench", dirname(dir));
		o->assets = assets;
	}
	return 0;
}

static void read_machine(struct machine *m)
{
	char line[256];
	struct utsname u;
	FILE *f;

	snprintf(m->cpu, sizeof(m->cpu), "unknown CPU");
	snprintf(m->os, sizeof(m->os), "unknown OS");
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(m->cpu, sizeof(m->cpu), "%s", colon + 2);
			m->cpu[strcspn(m->cpu, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	f = fopen("/etc/os-release", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "PRETTY_NAME=", 12)) {
			snprintf(m->os, sizeof(m->os), "%s", line + 12 + (line[12] == '"'));
			m->os[strcspn(m->os, "\"\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	m->loadavg = -1;
	f = fopen("/proc/loadavg", "r");
	if (f && fscanf(f, "%lf", &m->loadavg) != 1)
		m->loadavg = -1;
	if (f)
		fclose(f);
	m->cpus = sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(m->kernel, sizeof(m->kernel), "%s", uname(&u) ? "unknown" : u.release);
}

/* ---- JSON ---- */

static void json_num_or_null(const char *name, double v)
{
	if (v < 0)
		jsonw_null_field(json_wtr, name);
	else
		jsonw_float_field(json_wtr, name, v);
}

static void print_percall_json(const struct bench_percall *p)
{
	int k, r;

	jsonw_name(json_wtr, "per_call_ns");
	jsonw_start_object(json_wtr);
	for (k = 0; k < BV_NR; k++)
		json_num_or_null(bench_variant_key(k), p->ns[k]);
	jsonw_end_object(json_wtr);

	jsonw_name(json_wtr, "per_call_wall_ns");
	jsonw_start_object(json_wtr);
	for (k = 0; k < BV_NR; k++)
		json_num_or_null(bench_variant_key(k), p->wall_ns[k]);
	jsonw_end_object(json_wtr);

	jsonw_name(json_wtr, "per_call_rounds_ns");
	jsonw_start_object(json_wtr);
	for (k = 0; k < BV_NR; k++) {
		jsonw_name(json_wtr, bench_variant_key(k));
		jsonw_start_array(json_wtr);
		for (r = 0; !p->unavailable[k] && r < p->nr_rounds; r++)
			jsonw_float(json_wtr, p->rounds[k][r]);
		jsonw_end_array(json_wtr);
	}
	jsonw_end_object(json_wtr);

	jsonw_name(json_wtr, "per_call_unavailable");
	jsonw_start_object(json_wtr);
	for (k = 0; k < BV_NR; k++) {
		if (p->unavailable[k])
			jsonw_string_field(json_wtr, bench_variant_key(k), p->unavailable[k]);
	}
	jsonw_end_object(json_wtr);

	json_num_or_null("roleprobe_vs_libbpf", p->ns[BV_ROLEPROBE] > 0 && p->ns[BV_LIBBPF] > 0 ?
			 p->ns[BV_ROLEPROBE] / p->ns[BV_LIBBPF] : -1);
	json_num_or_null("bpf_prog_ns", p->prog_ns);
	jsonw_string_field(json_wtr, "userspace_runtime", p->runtime);
}

static void print_verify_json(const struct bench_verify *v)
{
	int i;

	jsonw_name(json_wtr, "verify");
	jsonw_start_array(json_wtr);
	for (i = 0; i < v->nr_rows; i++) {
		const struct bench_verify_row *row = &v->rows[i];

		jsonw_start_object(json_wtr);
		jsonw_int_field(json_wtr, "insns", row->insns);
		jsonw_float_field(json_wtr, "roleprobe_us", row->roleprobe_us);
		jsonw_float_field(json_wtr, "kernel_us", row->kernel_us);
		jsonw_float_field(json_wtr, "roleprobe_read_us", row->roleprobe_read_us);
		json_num_or_null("kernel_verify_us", row->kernel_verify_us);
		jsonw_uint_field(json_wtr, "roleprobe_steps", row->steps);
		jsonw_uint_field(json_wtr, "kernel_processed_insns", row->kernel_processed);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
}

static void print_attach_json(const struct bench_attach *a)
{
	jsonw_name(json_wtr, "attach_ms");
	jsonw_start_object(json_wtr);
	jsonw_float_field(json_wtr, "roleprobe", a->roleprobe_ms);
	json_num_or_null("bpftrace", a->bpftrace_ms);
	jsonw_float_field(json_wtr, "roleprobe_check", a->check_ms);
	jsonw_float_field(json_wtr, "roleprobe_kernel_check", a->kernel_check_ms);
	jsonw_float_field(json_wtr, "roleprobe_attached", a->attached_ms);
	jsonw_end_object(json_wtr);
	if (a->bpftrace_unavailable)
		jsonw_string_field(json_wtr, "bpftrace_unavailable", a->bpftrace_unavailable);
	else
		jsonw_string_field(json_wtr, "bpftrace_version", a->bpftrace_version);
}

static void print_mirror_json(const struct mirror_bench_result *m)
{
	jsonw_name(json_wtr, "mirror");
	jsonw_start_object(json_wtr);
	jsonw_uint_field(json_wtr, "entries", m->nr_entries);
	jsonw_float_field(json_wtr, "batch_entries_per_s", m->batch_entries_per_s);
	jsonw_float_field(json_wtr, "keys_entries_per_s", m->keys_entries_per_s);
	jsonw_float_field(json_wtr, "json_entries_per_s", m->json_entries_per_s);
	jsonw_end_object(json_wtr);
}

static void print_json(const struct machine *mc, const struct bench_opts *o,
		       const struct bench_results *res)
{
	jsonw_start_object(json_wtr);
	jsonw_name(json_wtr, "machine");
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "cpu", mc->cpu);
	jsonw_int_field(json_wtr, "cpus", mc->cpus);
	jsonw_string_field(json_wtr, "kernel", mc->kernel);
	jsonw_string_field(json_wtr, "os", mc->os);
	jsonw_string_field(json_wtr, "libbpf", libbpf_version_string());
	json_num_or_null("loadavg_1m", mc->loadavg);
	jsonw_end_object(json_wtr);

	jsonw_name(json_wtr, "config");
	jsonw_start_object(json_wtr);
	jsonw_bool_field(json_wtr, "quick", o->quick);
	jsonw_uint_field(json_wtr, "rounds", o->rounds);
	jsonw_uint_field(json_wtr, "calls", o->calls);
	jsonw_uint_field(json_wtr, "mirror_entries", o->mirror_entries);
	jsonw_uint_field(json_wtr, "mirror_rounds", o->mirror_rounds);
	jsonw_end_object(json_wtr);

	if (res->ran & SEC_PERCALL)
		print_percall_json(&res->percall);
	if (res->ran & SEC_VERIFY)
		print_verify_json(&res->verify);
	if (res->ran & SEC_ATTACH)
		print_attach_json(&res->attach);
	if (res->ran & SEC_MIRROR)
		print_mirror_json(&res->mirror);
	jsonw_float_field(json_wtr, "elapsed_s", res->elapsed_s);
	jsonw_end_object(json_wtr);
}

/* ---- the table ---- */

static void print_percall_plain(const struct bench_percall *p, const struct bench_opts *o)
{
	double native = p->ns[BV_NATIVE], libbpf = p->ns[BV_LIBBPF];
	int k;

	printf("\nPer call of bench_func(), median of %d rounds x %llu calls; ns of the calling\n"
	       "thread's CPU time (wall clock beside it)\n", p->nr_rounds, o->calls);
	printf("  %-36s %10s %10s %10s %10s\n", "", "ns/call", "added", "vs libbpf", "wall");
	for (k = 0; k < BV_NR; k++) {
		double ns = p->ns[k];

		printf("  %-36s ", bench_variant_label(k));
		if (p->unavailable[k]) {
			printf("%10s  (%s)\n", "-", p->unavailable[k]);
			continue;
		}
		printf("%10.1f ", ns);
		if (k == BV_NATIVE || native < 0)
			printf("%10s ", "");
		else
			printf("%10.1f ", ns - native);
		if (k == BV_NATIVE || libbpf <= 0)
			printf("%10s ", "");
		else
			printf("%9.3fx ", ns / libbpf);
		printf("%10.1f\n", p->wall_ns[k]);
	}
	if (p->prog_ns >= 0)
		printf("  the BPF program's own run time per hit (run-time stats): %.1f ns\n",
		       p->prog_ns);
	printf("  userspace runtime: %s\n", p->runtime);
}

static void print_verify_plain(const struct bench_verify *v)
{
	int i;

	printf("\nVerification: roleprobe check against the kernel's BPF_PROG_LOAD, "
	       "same object\n");
	printf("  %8s %14s %12s %17s %10s %16s %14s\n", "insns", "roleprobe us",
	       "kernel us", "(kernel verify)", "rp/kernel", "roleprobe steps",
	       "kernel insns");
	for (i = 0; i < v->nr_rows; i++) {
		const struct bench_verify_row *r = &v->rows[i];
		char kv[32] = "-";

		if (r->kernel_verify_us >= 0)
			snprintf(kv, sizeof(kv), "(%.0f)", r->kernel_verify_us);
		printf("  %8d %14.1f %12.1f %17s %9.2fx %16llu %14llu\n", r->insns,
		       r->roleprobe_us, r->kernel_us, kv,
		       r->kernel_us > 0 ? r->roleprobe_us / r->kernel_us : 0, r->steps,
		       r->kernel_processed);
	}
}

static void print_attach_plain(const struct bench_attach *a, unsigned int rounds)
{
	printf("\nAttach latency, command start to first event, median of %u rounds\n", rounds);
	printf("  %-18s %8.1f ms  (check %.1f, loaded and kernel-checked %.1f, attached %.1f)\n",
	       "roleprobe attach", a->roleprobe_ms, a->check_ms, a->kernel_check_ms,
	       a->attached_ms);
	if (a->bpftrace_unavailable)
		printf("  %-18s %8s     (%s)\n", "bpftrace", "-", a->bpftrace_unavailable);
	else
		printf("  %-18s %8.1f ms  (%s)\n", "bpftrace", a->bpftrace_ms,
		       a->bpftrace_version);
}

static void print_mirror_plain(const struct mirror_bench_result *m, unsigned int rounds)
{
	printf("\nMap mirror, %u-entry hash map, %u round(s)\n", m->nr_entries, rounds);
	printf("  %-44s %10.2f M entries/s\n", "batch (BPF_MAP_LOOKUP_BATCH)",
	       m->batch_entries_per_s / 1e6);
	printf("  %-44s %10.2f M entries/s\n", "key by key (GET_NEXT_KEY + LOOKUP_ELEM)",
	       m->keys_entries_per_s / 1e6);
	printf("  %-44s %10.2f M entries/s\n", "JSON file (BTF decode, write, fsync)",
	       m->json_entries_per_s / 1e6);
}

static void print_plain(const struct machine *mc, const struct bench_opts *o,
			const struct bench_results *res)
{
	printf("roleprobe bench%s: %s, %ld CPUs, Linux %s, %s; load average %.2f at start\n",
	       o->quick ? " --quick" : "", mc->cpu, mc->cpus, mc->kernel, mc->os, mc->loadavg);
	if (res->ran & SEC_PERCALL)
		print_percall_plain(&res->percall, o);
	if (res->ran & SEC_VERIFY)
		print_verify_plain(&res->verify);
	if (res->ran & SEC_ATTACH)
		print_attach_plain(&res->attach, o->rounds);
	if (res->ran & SEC_MIRROR)
		print_mirror_plain(&res->mirror, o->mirror_rounds);
	printf("\nDone in %.1f s.\n", res->elapsed_s);
}

/* ---- running ---- */

static int exit_code(int err)
{
	if (err == -ENOENT)
		return RP_EXIT_INPUT;
	if (err == -EPERM || err == -EACCES)
		return RP_EXIT_PRIV;
	return RP_EXIT_KERNEL;
}

int do_bench(int argc, char **argv)
{
	static char self[PATH_MAX], assets[PATH_MAX];
	struct bench_opts o = {};
	struct bench_results *res;
	unsigned long long t0;
	unsigned int sections;
	struct machine mc;
	int err = 0, ret;

	ret = parse_args(argc, argv, &o, &sections);
	if (ret)
		return ret < 0 ? RP_EXIT_OK : ret;
	if (loader_check_privileges())
		return RP_EXIT_PRIV;
	if (find_paths(&o, self, assets))
		return RP_EXIT_INPUT;
	res = calloc(1, sizeof(*res));
	if (!res) {
		p_err("bench: out of memory");
		return RP_EXIT_KERNEL;
	}
	read_machine(&mc);
	if (mc.loadavg > BUSY_LOADAVG)
		p_warn("bench: the machine is busy (load average %.2f over the last minute): "
		       "other processes will make the numbers noisier", mc.loadavg);
	t0 = bench_now_ns();

	if (sections & SEC_PERCALL) {
		p_info("bench: per call, %u rounds of %llu calls x %d variants", o.rounds, o.calls,
		       BV_NR);
		err = bench_percall_run(&o, &res->percall);
		if (err)
			goto out;
		res->ran |= SEC_PERCALL;
	}
	if (sections & SEC_VERIFY) {
		p_info("bench: verification cost, %d objects x %u rounds", BENCH_NR_VERIFY,
		       o.rounds);
		err = bench_verify_run(&o, &res->verify);
		if (err)
			goto out;
		res->ran |= SEC_VERIFY;
	}
	if (sections & SEC_ATTACH) {
		p_info("bench: attach latency, %u rounds", o.rounds);
		err = bench_attach_run(&o, &res->attach);
		if (err)
			goto out;
		res->ran |= SEC_ATTACH;
	}
	if (sections & SEC_MIRROR) {
		p_info("bench: map mirror, %u entries x %u round(s)", o.mirror_entries,
		       o.mirror_rounds);
		err = mirror_bench(o.mirror_entries, o.mirror_rounds, &res->mirror);
		if (err) {
			p_err("bench: the map mirror benchmark failed: %s", strerror(-err));
			goto out;
		}
		res->ran |= SEC_MIRROR;
	}
	res->elapsed_s = (bench_now_ns() - t0) / 1e9;
	if (json_output)
		print_json(&mc, &o, res);
	else
		print_plain(&mc, &o, res);
out:
	bench_percall_free(&res->percall);
	bench_attach_free(&res->attach);
	free(res);
	return err ? exit_code(err) : RP_EXIT_OK;
}
