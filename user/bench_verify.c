// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe bench`, verification cost: roleprobe's userspace check (verifier_check(), the
 * call `roleprobe check` makes) against the kernel's BPF_PROG_LOAD of the same object, for
 * generated extensions of about 100, 1k, 10k and 100k instructions (build/bench/verify_N.bpf.o,
 * from tests/bench/gen_verify.sh).
 *
 * The kernel side: libbpf opens and loads the object once (maps created, instructions
 * relocated), then the relocated program is loaded again and again with BPF_PROG_LOAD
 * alone, with its BTF and func info, log level BPF_LOG_STATS: the syscall is timed, and the
 * kernel's own "verification time" and "processed N insns" are read from its log.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "extension.h"
#include "output.h"
#include "role.h"
#include "verifier.h"

#ifndef BPF_LOG_STATS
#define BPF_LOG_STATS	4
#endif
#define KLOG_SIZE	(64 * 1024)

static const unsigned int verify_sizes[BENCH_NR_VERIFY] = { 100, 1000, 10000, 100000 };

static int load_role(const char *path, struct role_file **rf, const struct role_def **role)
{
	struct diag_list diags = {};
	int err;

	err = role_file_load(path, rf, &diags);
	if (err) {
		diag_list_print(&diags);
		p_err("bench: cannot use the bench role file %s", path);
	}
	diag_list_free(&diags);
	if (err)
		return err;
	*role = role_find(*rf, BENCH_ROLE_NAME);
	if (!*role) {
		p_err("bench: %s has no role %s", path, BENCH_ROLE_NAME);
		return -ENOENT;
	}
	return 0;
}

/* One round of roleprobe: read and decode the object (timed apart), then verify it. */
static int roleprobe_round(const char *path, const struct role_def *role, double *read_us,
			   double *check_us, struct bench_verify_row *row)
{
	struct extension *ext = NULL;
	struct verdict *v = NULL;
	unsigned long long t0, t1;
	int err;

	t0 = bench_now_ns();
	err = extension_open(path, &ext);
	t1 = bench_now_ns();
	if (err)
		return err;
	err = verifier_check(ext, role, NULL, &v);
	*check_us = (bench_now_ns() - t1) / 1e3;
	*read_us = (t1 - t0) / 1e3;
	row->insns = ext->nr_insns;
	if (!err && !v->accepted) {
		verdict_print(v);
		p_err("bench: roleprobe check refuses %s under %s: the bench needs an accepted "
		      "object", path, BENCH_ROLE_NAME);
		err = -EINVAL;
	}
	if (!err)
		row->steps = v->steps;
	verdict_free(v);
	extension_free(ext);
	return err;
}

/* "verification time N usec", "processed N insns" from a BPF_LOG_STATS log */
static void parse_klog(const char *log, double *verify_us, unsigned long long *processed)
{
	const char *p;
	unsigned long long v;

	p = strstr(log, "verification time ");
	if (p && sscanf(p, "verification time %llu usec", &v) == 1)
		*verify_us = v;
	p = strstr(log, "processed ");
	if (p && sscanf(p, "processed %llu insns", &v) == 1)
		*processed = v;
}

/* The object as libbpf loaded it once: what each kernel round loads again. */
struct kernel_prog {
	struct bpf_object *obj;
	struct bpf_program *prog;
	const struct bpf_insn *insns;
	int cnt;
	struct bpf_func_info finfo;
	char *log;
};

static int kernel_open(const char *path, struct kernel_prog *k)
{
	int id, err;

	memset(k, 0, sizeof(*k));
	k->obj = bpf_object__open_file(path, NULL);
	if (!k->obj) {
		err = -errno;
		p_err("bench: libbpf cannot open %s: %s", path, strerror(-err));
		return err;
	}
	err = bpf_object__load(k->obj);
	if (err) {
		p_err("bench: the kernel refuses %s: %s (-v shows its log)", path, strerror(-err));
		return err;
	}
	k->prog = bpf_object__next_program(k->obj, NULL);
	k->insns = k->prog ? bpf_program__insns(k->prog) : NULL;
	k->cnt = k->prog ? (int)bpf_program__insn_cnt(k->prog) : 0;
	id = k->prog ? btf__find_by_name_kind(bpf_object__btf(k->obj),
					      bpf_program__name(k->prog), BTF_KIND_FUNC) : -ENOENT;
	if (!k->insns || k->cnt <= 0 || id <= 0) {
		p_err("bench: %s: no program with instructions and BTF after load", path);
		return -ENOENT;
	}
	k->finfo.type_id = id;
	k->log = malloc(KLOG_SIZE);
	return k->log ? 0 : -ENOMEM;
}

static void kernel_close(struct kernel_prog *k)
{
	free(k->log);
	bpf_object__close(k->obj);
}

static int kernel_round(const char *path, struct kernel_prog *k, double *load_us,
			double *verify_us, struct bench_verify_row *row)
{
	LIBBPF_OPTS(bpf_prog_load_opts, po,
		.prog_btf_fd = bpf_object__btf_fd(k->obj),
		.func_info = &k->finfo,
		.func_info_cnt = 1,
		.func_info_rec_size = sizeof(k->finfo),
		.log_level = BPF_LOG_STATS,
		.log_buf = k->log,
		.log_size = KLOG_SIZE,
	);
	unsigned long long t0;
	int fd, err;

	k->log[0] = '\0';
	*verify_us = -1;
	t0 = bench_now_ns();
	fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, bpf_program__name(k->prog), "Dual BSD/GPL",
			   k->insns, k->cnt, &po);
	*load_us = (bench_now_ns() - t0) / 1e3;
	if (fd < 0) {
		err = -errno;
		p_err("bench: BPF_PROG_LOAD of %s failed: %s\n%s", path, strerror(-err), k->log);
		return err;
	}
	close(fd);
	parse_klog(k->log, verify_us, &row->kernel_processed);
	return 0;
}

/* Both sides on one object, round by round. */
static int verify_object(const char *path, const struct role_def *role, unsigned int rounds,
			 struct bench_verify_row *row)
{
	double read_us[BENCH_MAX_ROUNDS], check_us[BENCH_MAX_ROUNDS];
	double load_us[BENCH_MAX_ROUNDS], verify_us[BENCH_MAX_ROUNDS];
	struct kernel_prog k;
	unsigned int r;
	int err;

	err = kernel_open(path, &k);
	for (r = 0; !err && r < rounds; r++) {
		err = roleprobe_round(path, role, &read_us[r], &check_us[r], row);
		if (!err)
			err = kernel_round(path, &k, &load_us[r], &verify_us[r], row);
	}
	kernel_close(&k);
	if (err)
		return err;
	row->roleprobe_us = bench_median(check_us, rounds);
	row->roleprobe_read_us = bench_median(read_us, rounds);
	row->kernel_us = bench_median(load_us, rounds);
	row->kernel_verify_us = bench_median(verify_us, rounds);
	return 0;
}

int bench_verify_run(const struct bench_opts *o, struct bench_verify *res)
{
	const struct role_def *role = NULL;
	struct role_file *rf = NULL;
	char path[PATH_MAX], name[64];
	int i, err;

	memset(res, 0, sizeof(*res));
	if (o->rounds > BENCH_MAX_ROUNDS)
		return -EINVAL;
	if (!bench_asset(o, "bench.yaml", path, sizeof(path)))
		return -ENOENT;
	err = load_role(path, &rf, &role);
	if (err)
		goto out;
	for (i = 0; i < BENCH_NR_VERIFY; i++) {
		struct bench_verify_row *row = &res->rows[i];

		snprintf(name, sizeof(name), "verify_%u.bpf.o", verify_sizes[i]);
		if (!bench_asset(o, name, path, sizeof(path))) {
			err = -ENOENT;
			goto out;
		}
		p_debug("bench: verification cost of %s", path);
		row->nominal = verify_sizes[i];
		err = verify_object(path, role, o->rounds, row);
		if (err)
			goto out;
		res->nr_rows = i + 1;
	}
out:
	role_file_free(rf);
	return err;
}
