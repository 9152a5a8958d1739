// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe bench`, attach latency: from the start of a command to the first event it
 * prints, while bench_target calls bench_func() every 100 us.
 *
 *	roleprobe	roleprobe attach -j --role bench.yaml --pid PID --binary bench_target
 *			bench_event.bpf.o (check, link the host library, load, kernel-side
 *			check, attach; handle_uprobe_event() makes one event per hit)
 *	bpftrace	bpftrace -B line -p PID -e 'uprobe:bench_target:bench_func
 *			{ printf("%d %d %s %lx %lx\n", pid, tid, comm, arg0, arg1); }'
 *
 * Both attach to the target's pid only (a concurrent bench's targets never reach them),
 * and the first event must come from it. Rounds alternate the two commands.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "output.h"

/* bench_target spin: a call every SPIN_USEC, the resolution of the measurement */
#define SPIN_USEC		"100"
#define FIRST_EVENT_MS		30000
#define STOP_TIMEOUT_MS		15000

struct attach_ctx {
	const struct bench_opts *o;
	char target[PATH_MAX];
	char event_obj[PATH_MAX];
	char role[PATH_MAX];
	pid_t target_pid;
	char pid[16];		/* target_pid as an argument */
};

static double ms_since(unsigned long long t0)
{
	return (bench_now_ns() - t0) / 1e6;
}

/* One `roleprobe attach`: times of its check, kernel check, attached and first event lines */
static int roleprobe_round(struct attach_ctx *x, double t[4])
{
	char *argv[] = { (char *)x->o->self, "attach", "-j", "--role", x->role, "--role-name",
			 BENCH_ROLE_NAME, "--pid", x->pid, "--binary", x->target, x->event_obj,
			 NULL };
	static const char *const marks[4] = {
		"{\"check\":", "{\"kernel_check\":", "{\"attached\":", "{\"event\":"
	};
	unsigned long long t0, deadline, pid;
	struct bench_child c;
	char line[4096];
	int i, ret, err = 0;

	for (i = 0; i < 4; i++)
		t[i] = -1;
	t0 = bench_now_ns();
	err = bench_child_start(&c, "roleprobe attach", argv, false);
	if (err)
		return err;
	deadline = t0 + FIRST_EVENT_MS * 1000000ULL;
	while ((ret = bench_child_line(&c, line, sizeof(line), deadline)) > 0) {
		for (i = 0; i < 4; i++) {
			if (t[i] < 0 && !strncmp(line, marks[i], strlen(marks[i])))
				t[i] = ms_since(t0);
		}
		if (t[3] >= 0)
			break;
	}
	if (t[3] < 0) {
		p_err("bench: roleprobe attach printed no event within %d ms", FIRST_EVENT_MS);
		err = ret < 0 ? ret : -ECHILD;
	} else if (!bench_json_uint(line, "{\"event\":", "pid", &pid) || pid != (__u64)x->target_pid) {
		p_err("bench: roleprobe attach's first event is not bench_target's (pid %d): %s",
		      x->target_pid, line);
		err = -EPROTO;
	}
	return bench_child_end(&c, SIGTERM, STOP_TIMEOUT_MS, true, err);
}

/*
 * One bpftrace one-liner: the time of its first printf line. Its exit status is not
 * looked at: bpftrace 0.17 reports a failed detach where tracefs is not mounted, after the
 * probe has worked.
 */
static int bpftrace_round(struct attach_ctx *x, double *ms)
{
	char prog[PATH_MAX + 128];
	char *argv[] = { "bpftrace", "-B", "line", "-p", x->pid, "-e", prog, NULL };
	unsigned long long t0, deadline;
	struct bench_child c;
	char line[1024];
	int ret, pid, err = 0;

	snprintf(prog, sizeof(prog),
		 "uprobe:%s:bench_func { printf(\"%%d %%d %%s %%lx %%lx\\n\", pid, tid, comm, arg0, "
		 "arg1); }", x->target);
	*ms = -1;
	t0 = bench_now_ns();
	err = bench_child_start(&c, "bpftrace", argv, false);
	if (err)
		return err;
	deadline = t0 + FIRST_EVENT_MS * 1000000ULL;
	while ((ret = bench_child_line(&c, line, sizeof(line), deadline)) > 0) {
		if (strncmp(line, "Attaching ", 10)) {
			*ms = ms_since(t0);
			break;
		}
	}
	if (*ms < 0) {
		p_err("bench: bpftrace printed no event within %d ms", FIRST_EVENT_MS);
		err = ret < 0 ? ret : -ECHILD;
	} else if (sscanf(line, "%d ", &pid) != 1 || pid != x->target_pid) {
		p_err("bench: bpftrace's first event is not bench_target's (pid %d): %s",
		      x->target_pid, line);
		err = -EPROTO;
	}
	return bench_child_end(&c, SIGINT, STOP_TIMEOUT_MS, false, err);
}

/* bpftrace's version, or why it cannot be used */
static int probe_bpftrace(struct bench_attach *res)
{
	char *argv[] = { "bpftrace", "--version", NULL };
	struct bench_child c;
	char line[128];
	int ret, status;

	if (bench_child_start(&c, "bpftrace", argv, false))
		return -ENOENT;
	ret = bench_child_line(&c, line, sizeof(line), bench_now_ns() + 10000000000ULL);
	status = bench_child_stop(&c, 0, 10000);
	bench_child_release(&c);
	if (ret <= 0 || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		res->bpftrace_unavailable = strdup("bpftrace is not installed "
						   "(scripts/install-deps.sh --bench)");
		p_warn("bench: attach latency of bpftrace not measured: %s",
		       res->bpftrace_unavailable ? res->bpftrace_unavailable : "bpftrace failed");
		return res->bpftrace_unavailable ? 0 : -ENOMEM;
	}
	snprintf(res->bpftrace_version, sizeof(res->bpftrace_version), "%.*s",
		 (int)sizeof(res->bpftrace_version) - 1, line);
	return 0;
}

int bench_attach_run(const struct bench_opts *o, struct bench_attach *res)
{
	double rp[4][BENCH_MAX_ROUNDS], bt[BENCH_MAX_ROUNDS];
	struct bench_child spin = { .pid = 0 };
	struct attach_ctx x = { .o = o };
	char *spin_argv[] = { x.target, "spin", "-d", SPIN_USEC, NULL };
	unsigned int r;
	int i, err, nr_bt = 0;

	memset(res, 0, sizeof(*res));
	res->bpftrace_ms = -1;
	if (o->rounds > BENCH_MAX_ROUNDS)
		return -EINVAL;
	if (!bench_asset(o, "bench_target", x.target, sizeof(x.target)) ||
	    !bench_asset(o, "bench_event.bpf.o", x.event_obj, sizeof(x.event_obj)) ||
	    !bench_asset(o, "bench.yaml", x.role, sizeof(x.role)))
		return -ENOENT;
	err = probe_bpftrace(res);
	if (err)
		return err;
	err = bench_child_start(&spin, "bench_target spin", spin_argv, false);
	if (err)
		return err;
	x.target_pid = spin.pid;
	snprintf(x.pid, sizeof(x.pid), "%d", spin.pid);

	for (r = 0; r < o->rounds; r++) {
		double t[4];

		p_debug("bench: attach latency, round %u of %u", r + 1, o->rounds);
		err = roleprobe_round(&x, t);
		if (err)
			goto out;
		for (i = 0; i < 4; i++)
			rp[i][r] = t[i];
		if (res->bpftrace_unavailable)
			continue;
		err = bpftrace_round(&x, &bt[nr_bt]);
		if (err)
			goto out;
		nr_bt++;
	}
	res->check_ms = bench_median(rp[0], o->rounds);
	res->kernel_check_ms = bench_median(rp[1], o->rounds);
	res->attached_ms = bench_median(rp[2], o->rounds);
	res->roleprobe_ms = bench_median(rp[3], o->rounds);
	if (nr_bt)
		res->bpftrace_ms = bench_median(bt, nr_bt);
out:
	return bench_child_end(&spin, SIGTERM, STOP_TIMEOUT_MS, false, err);
}

void bench_attach_free(struct bench_attach *res)
{
	free(res->bpftrace_unavailable);
	res->bpftrace_unavailable = NULL;
}
