// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe bench`, per call: what one call of a probed function costs with the bench
 * extension (tests/bench/bench_hit.bpf.c) run on every call, eight ways. Every round runs
 * every variant once, in a rotating order, so drift of the machine spreads over all of
 * them; the result is the median over rounds. bench_target measures its own loop, after a
 * warm-up, in CPU time of the calling thread (a uprobe's trap and handler are charged to
 * it, time the thread waits for a CPU other processes hold is not) and in wall time; every
 * probed variant is checked to have counted exactly every call.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "enforcer.h"
#include "output.h"
#include "../tests/bench/bench_hit.h"

/* How long `roleprobe attach` may take to attach, and to exit after SIGTERM (its leftover
 * check waits up to 3 s for the kernel's deferred frees). */
#define ATTACH_TIMEOUT_MS	30000
#define DETACH_TIMEOUT_MS	15000
/* attach --interval: the shortest whose stats window the enforcer still takes */
#define BENCH_ENFORCER_INTERVAL_MS \
	(ENFORCER_STATS_MIN_WINDOW_MS * 100 / ENFORCER_STATS_DUTY_PCT)

enum run_how {
	RUN_NATIVE,		/* nothing attached */
	RUN_ROLEPROBE,		/* `roleprobe attach` as a child, until it says "attached" */
	RUN_LIBBPF,		/* attached in this process with plain libbpf */
	RUN_USERSPACE,		/* bench_target runs the program itself (librte_bpf) */
};

static const struct variant_def {
	const char *key;	/* JSON */
	const char *label;	/* table */
	enum run_how how;
	const char *mode;	/* bench_target's mode */
	const char *func;	/* RUN_LIBBPF: the function to probe */
	bool retprobe;
	bool stats;		/* run-time stats on while the target runs */
} variants[BV_NR] = {
	[BV_NATIVE]	= { "native", "native, no probe", RUN_NATIVE, "native" },
	[BV_ROLEPROBE]	= { "roleprobe_uprobe", "uprobe, roleprobe attach", RUN_ROLEPROBE,
			    "native" },
	[BV_LIBBPF]	= { "libbpf_uprobe", "uprobe, plain libbpf", RUN_LIBBPF, "native",
			    BENCH_FUNC },
	[BV_STATS]	= { "stats_sampling", "uprobe, roleprobe, stats always on",
			    RUN_ROLEPROBE, "native", NULL, false, true },
	[BV_URETPROBE]	= { "uretprobe", "uretprobe, plain libbpf", RUN_LIBBPF, "native",
			    BENCH_FUNC, true },
	[BV_NOP5]	= { "uprobe_nop5", "uprobe on a 5-byte nop, libbpf", RUN_LIBBPF, "nop5",
			    BENCH_NOP5_FUNC },
	[BV_JIT]	= { "userspace_jit", "userspace librte_bpf, JIT", RUN_USERSPACE, "jit" },
	[BV_INTERP]	= { "userspace_interp", "userspace librte_bpf, interpreter",
			    RUN_USERSPACE, "interp" },
};

const char *bench_variant_key(enum bench_variant v)
{
	return v < BV_NR ? variants[v].key : "?";
}

const char *bench_variant_label(enum bench_variant v)
{
	return v < BV_NR ? variants[v].label : "?";
}

struct percall_ctx {
	const struct bench_opts *o;
	char target[PATH_MAX];
	char hit_obj[PATH_MAX];
	char role[PATH_MAX];
	char calls[32];
	struct bpf_object *obj;		/* bench_hit.bpf.o for the plain libbpf variants */
	struct bpf_program *prog;
	int map_fd;
	double prog_ns[BENCH_MAX_ROUNDS];
	int nr_prog_ns;
};

/* What one run of bench_target measured: CPU and wall ns per call */
struct run_ns {
	double cpu;
	double wall;
};

/*
 * bench_target MODE -w -n CALLS [-e EXT.o]: started, waiting for its go, so that probes
 * can be attached to this one process (a concurrent bench's targets never hit them).
 */
static int target_start(struct percall_ctx *x, const char *mode, bool with_ext,
			struct bench_child *c)
{
	char *argv[] = { x->target, (char *)mode, "-w", "-n", x->calls, "-e", x->hit_obj,
			 NULL };

	if (!with_ext)
		argv[5] = NULL;
	return bench_child_start(c, "bench_target", argv, true);
}

/* Let the target run; its ns per call and how many calls it made. Ends the target. */
static int target_result(struct percall_ctx *x, struct bench_child *c, struct run_ns *ns,
			 unsigned long long *total_calls)
{
	unsigned long long calls = 0, warmup = 0, deadline;
	char line[256];
	int err;

	/* generous: 50 us a call is a single-stepped uprobe three times over */
	deadline = bench_now_ns() + 60000000000ULL + x->o->calls * 50000ULL;
	err = bench_child_go(c);
	if (!err) {
		err = bench_child_line(c, line, sizeof(line), deadline);
		if (err == -ETIMEDOUT)
			p_err("bench: bench_target did not finish in time");
		else if (err <= 0)
			p_err("bench: bench_target printed no result");
		err = err > 0 ? 0 : err ? err : -ENODATA;
	}
	if (!err && (sscanf(line, "ns_per_call=%lf cpu_ns_per_call=%lf calls=%llu warmup=%llu",
			    &ns->wall, &ns->cpu, &calls, &warmup) != 4 || calls != x->o->calls)) {
		p_err("bench: unexpected output of bench_target: '%s'", line);
		err = -EPROTO;
	}
	*total_calls = warmup + calls;
	return bench_child_end(c, err ? SIGKILL : 0, 10000, true, err);
}

/* bench_target alone: native, or the program run in it by librte_bpf */
static int run_plain(struct percall_ctx *x, const char *mode, bool with_ext, struct run_ns *ns)
{
	unsigned long long total;
	struct bench_child c;
	int err;

	err = target_start(x, mode, with_ext, &c);
	if (err)
		return err;
	/* in userspace modes bench_target checks the program's own count */
	return target_result(x, &c, ns, &total);
}

static int read_hits(int map_fd, struct bench_hits *h)
{
	__u32 key = 0;

	if (bpf_map_lookup_elem(map_fd, &key, h)) {
		p_err("bench: cannot read the extension's '%s' map: %s", BENCH_HIT_MAP,
		      strerror(errno));
		return -errno;
	}
	return 0;
}

/* The probe must have run once per call, or the number measured something else. */
static int check_hits(int map_fd, const char *what, unsigned long long expected)
{
	struct bench_hits h;
	int err = read_hits(map_fd, &h);

	if (err)
		return err;
	if (h.calls != expected) {
		p_err("bench: %s counted %llu hits for %llu calls", what,
		      (unsigned long long)h.calls, expected);
		return -EIO;
	}
	return 0;
}

static int prog_run_stats(int prog_fd, __u64 *run_ns, __u64 *run_cnt)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		p_err("bench: cannot read the program's run-time stats: %s", strerror(errno));
		return -errno;
	}
	*run_ns = info.run_time_ns;
	*run_cnt = info.run_cnt;
	return 0;
}

static int run_libbpf(struct percall_ctx *x, const struct variant_def *v, struct run_ns *ns)
{
	LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = v->func, .retprobe = v->retprobe);
	struct bench_hits zero = {};
	struct bpf_link *link = NULL;
	unsigned long long total;
	struct bench_child c;
	__u32 key = 0;
	int err;

	if (bpf_map_update_elem(x->map_fd, &key, &zero, BPF_ANY)) {
		err = -errno;
		p_err("bench: cannot reset the '%s' map: %s", BENCH_HIT_MAP, strerror(-err));
		return err;
	}
	err = target_start(x, v->mode, false, &c);
	if (err)
		return err;
	link = bpf_program__attach_uprobe_opts(x->prog, c.pid, x->target, 0, &uo);
	if (!link) {
		err = -errno;
		p_err("bench: plain libbpf cannot attach %s to %s:%s: %s",
		      v->retprobe ? "a uretprobe" : "an uprobe", x->target, v->func,
		      strerror(-err));
		bench_child_end(&c, SIGKILL, 10000, false, err);
		return err;
	}
	err = target_result(x, &c, ns, &total);
	if (!err)
		err = check_hits(x->map_fd, v->label, total);
	bpf_link__destroy(link);
	return err;
}

/* Wait for `roleprobe attach -j`'s "attached" line, into @line. */
static int wait_attached(struct bench_child *c, char *line, size_t size)
{
	unsigned long long deadline = bench_now_ns() + ATTACH_TIMEOUT_MS * 1000000ULL;
	int ret;

	while ((ret = bench_child_line(c, line, size, deadline)) > 0) {
		if (!strncmp(line, "{\"attached\":", 12))
			return 0;
	}
	if (ret == -ETIMEDOUT)
		p_err("bench: roleprobe attach did not attach within %d ms", ATTACH_TIMEOUT_MS);
	else
		p_err("bench: roleprobe attach ended before it attached");
	return ret ? ret : -ECHILD;
}

/*
 * `roleprobe attach --pid` as users run it, but for the enforcer's sample interval: its
 * shortest (the duty cycle is the same at every interval), so that even the short runs of
 * --quick span several stats windows and measure the duty-cycled average, not one open
 * window. It stops by itself when the target exits.
 */
static int run_roleprobe(struct percall_ctx *x, const struct variant_def *v,
			 struct run_ns *ns)
{
	char interval[32], pid[32];
	char *argv[] = { (char *)x->o->self, "attach", "-j", "--role", x->role, "--role-name",
			 BENCH_ROLE_NAME, "--interval", interval, "--pid", pid, "--binary",
			 x->target, x->hit_obj, NULL };
	unsigned long long prog_id, map_id, total;
	int map_fd = -1, prog_fd = -1, stats_fd = -1, err;
	__u64 ns0 = 0, cnt0 = 0, ns1, cnt1;
	struct bench_child c, t;
	char line[8192];

	err = target_start(x, v->mode, false, &t);
	if (err)
		return err;
	snprintf(interval, sizeof(interval), "%g", BENCH_ENFORCER_INTERVAL_MS / 1000.0);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	err = bench_child_start(&c, "roleprobe attach", argv, false);
	if (err) {
		bench_child_end(&t, SIGKILL, 10000, false, err);
		return err;
	}
	err = wait_attached(&c, line, sizeof(line));
	if (err)
		goto out;
	if (!bench_json_uint(line, "\"program\":\"" BENCH_HIT_PROG "\"", "prog_id", &prog_id) ||
	    !bench_json_uint(line, "\"name\":\"" BENCH_HIT_MAP "\"", "map_id", &map_id)) {
		p_err("bench: no program or map id in roleprobe attach's line: %s", line);
		err = -EPROTO;
		goto out;
	}
	/* our own references: both outlive roleprobe attach, which ends with the target */
	map_fd = bpf_map_get_fd_by_id(map_id);
	prog_fd = bpf_prog_get_fd_by_id(prog_id);
	if (map_fd < 0 || prog_fd < 0) {
		err = -errno;
		p_err("bench: cannot open the program (id %llu) or map (id %llu) roleprobe attached: "
		      "%s", prog_id, map_id, strerror(-err));
		goto out;
	}
	if (v->stats) {
		stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		if (stats_fd < 0) {
			err = -errno;
			p_err("bench: cannot enable BPF run-time stats: %s", strerror(-err));
			goto out;
		}
		err = prog_run_stats(prog_fd, &ns0, &cnt0);
		if (err)
			goto out;
	}
	err = target_result(x, &t, ns, &total);
	if (err)
		goto out;
	if (v->stats) {
		err = prog_run_stats(prog_fd, &ns1, &cnt1);
		if (err)
			goto out;
		if (cnt1 > cnt0 && x->nr_prog_ns < BENCH_MAX_ROUNDS)
			x->prog_ns[x->nr_prog_ns++] = (double)(ns1 - ns0) / (cnt1 - cnt0);
	}
	err = check_hits(map_fd, v->label, total);
out:
	if (t.pid)
		bench_child_end(&t, SIGKILL, 10000, false, err);
	if (stats_fd >= 0)
		close(stats_fd);
	if (map_fd >= 0)
		close(map_fd);
	if (prog_fd >= 0)
		close(prog_fd);
	return bench_child_end(&c, SIGTERM, DETACH_TIMEOUT_MS, true, err);
}

static int run_variant(struct percall_ctx *x, enum bench_variant i, struct run_ns *ns)
{
	const struct variant_def *v = &variants[i];

	switch (v->how) {
	case RUN_NATIVE:
		return run_plain(x, v->mode, false, ns);
	case RUN_USERSPACE:
		return run_plain(x, v->mode, true, ns);
	case RUN_LIBBPF:
		return run_libbpf(x, v, ns);
	case RUN_ROLEPROBE:
		return run_roleprobe(x, v, ns);
	}
	return -EINVAL;
}

/* Which userspace runtime bench_target was built with; unavailable variants say why. */
static int probe_runtime(struct percall_ctx *x, struct bench_percall *res)
{
	char *argv[] = { x->target, "info", NULL };
	char line[256];
	const char *rt;
	int err;

	err = bench_run_line("bench_target", argv, line, sizeof(line), 10000, NULL);
	if (err)
		return err;
	if (strncmp(line, "userspace_runtime=", 18)) {
		p_err("bench: unexpected output of bench_target info: '%s'", line);
		return -EPROTO;
	}
	rt = line + 18;
	if (strcmp(rt, "none")) {
		snprintf(res->runtime, sizeof(res->runtime), "%.*s",
			 (int)sizeof(res->runtime) - 1, rt);
		return 0;
	}
	snprintf(res->runtime, sizeof(res->runtime), "none");
	res->unavailable[BV_JIT] = strdup("bench_target was built without DPDK's librte_bpf "
					  "(scripts/install-deps.sh --bench, then make)");
	res->unavailable[BV_INTERP] = res->unavailable[BV_JIT] ?
				      strdup(res->unavailable[BV_JIT]) : NULL;
	if (!res->unavailable[BV_JIT] || !res->unavailable[BV_INTERP])
		return -ENOMEM;
	p_warn("bench: the userspace runtime variants are unavailable: %s",
	       res->unavailable[BV_JIT]);
	return 0;
}

static int open_libbpf(struct percall_ctx *x)
{
	struct bpf_map *map;
	int err;

	x->obj = bpf_object__open_file(x->hit_obj, NULL);
	if (!x->obj) {
		err = -errno;
		p_err("bench: libbpf cannot open %s: %s", x->hit_obj, strerror(-err));
		return err;
	}
	err = bpf_object__load(x->obj);
	if (err) {
		p_err("bench: libbpf cannot load %s: %s (-v shows the verifier log)", x->hit_obj,
		      strerror(-err));
		return err;
	}
	x->prog = bpf_object__find_program_by_name(x->obj, BENCH_HIT_PROG);
	map = bpf_object__find_map_by_name(x->obj, BENCH_HIT_MAP);
	if (!x->prog || !map) {
		p_err("bench: %s has no program '%s' or map '%s'", x->hit_obj, BENCH_HIT_PROG,
		      BENCH_HIT_MAP);
		return -ENOENT;
	}
	x->map_fd = bpf_map__fd(map);
	return 0;
}

int bench_percall_run(const struct bench_opts *o, struct bench_percall *res)
{
	struct percall_ctx *x;
	int r, k, err;

	memset(res, 0, sizeof(*res));
	for (k = 0; k < BV_NR; k++)
		res->ns[k] = res->wall_ns[k] = -1;
	res->prog_ns = -1;
	if (o->rounds > BENCH_MAX_ROUNDS)
		return -EINVAL;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->o = o;
	x->map_fd = -1;
	snprintf(x->calls, sizeof(x->calls), "%llu", o->calls);
	if (!bench_asset(o, "bench_target", x->target, sizeof(x->target)) ||
	    !bench_asset(o, "bench_hit.bpf.o", x->hit_obj, sizeof(x->hit_obj)) ||
	    !bench_asset(o, "bench.yaml", x->role, sizeof(x->role))) {
		err = -ENOENT;
		goto out;
	}
	err = probe_runtime(x, res);
	if (err)
		goto out;
	err = open_libbpf(x);
	if (err)
		goto out;

	for (r = 0; r < (int)o->rounds; r++) {
		p_debug("bench: per call, round %d of %u", r + 1, o->rounds);
		/* rotate the order, so no variant always follows the same one */
		for (k = 0; k < BV_NR; k++) {
			enum bench_variant i = (r + k) % BV_NR;
			struct run_ns ns;

			if (res->unavailable[i])
				continue;
			err = run_variant(x, i, &ns);
			if (err) {
				p_err("bench: per call: %s failed in round %d", variants[i].label,
				      r + 1);
				goto out;
			}
			res->rounds[i][r] = ns.cpu;
			res->wall_rounds[i][r] = ns.wall;
		}
		res->nr_rounds = r + 1;
	}
	for (k = 0; k < BV_NR; k++) {
		double tmp[BENCH_MAX_ROUNDS];

		if (res->unavailable[k])
			continue;
		memcpy(tmp, res->rounds[k], sizeof(double) * res->nr_rounds);
		res->ns[k] = bench_median(tmp, res->nr_rounds);
		memcpy(tmp, res->wall_rounds[k], sizeof(double) * res->nr_rounds);
		res->wall_ns[k] = bench_median(tmp, res->nr_rounds);
	}
	res->prog_ns = bench_median(x->prog_ns, x->nr_prog_ns);
out:
	bpf_object__close(x->obj);
	free(x);
	return err;
}

void bench_percall_free(struct bench_percall *res)
{
	int k;

	for (k = 0; k < BV_NR; k++) {
		free(res->unavailable[k]);
		res->unavailable[k] = NULL;
	}
}
