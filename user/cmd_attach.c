// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * roleprobe attach: check an extension against a role, link the host library, load it,
 * check it again as the kernel holds it, attach its entries as uprobes, and run the enforcer
 * (SPEC layer 3) over it: events printed as they come, a sample of its run time, maps and
 * losses every interval, the maps mirrored to a file, a violation acted on; at the end its
 * maps, the enforcer's summary, and what survives detach.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "enforcer.h"
#include "extension.h"
#include "kcheck.h"
#include "loader.h"
#include "mirror.h"
#include "output.h"
#include "role.h"
#include "verifier.h"
#include "../bpf/include/roleprobe_event.h"

/* Longest --duration: a day. */
#define MAX_DURATION_S	86400ULL
/*
 * Shortest --interval: the one whose stats window (ENFORCER_STATS_DUTY_PCT of it) is the
 * shortest the enforcer takes, so the duty cycle holds at every interval allowed (50 ms).
 */
#define MIN_INTERVAL_MS	(ENFORCER_STATS_MIN_WINDOW_MS * 100 / ENFORCER_STATS_DUTY_PCT)

struct attach_opts {
	const char *role_path;
	const char *role_name;
	const char *binary;
	const char *ext_path;
	pid_t pid;			/* -1: every process */
	unsigned long long duration_s;	/* 0: until stopped */
	unsigned int interval_ms;	/* the enforcer's sample interval */
	int on_violation;		/* enum on_violation; -1: the role's */
	const char *mirror_path;	/* --mirror: NULL for no file */
};

struct attach_run {
	const struct loader *ld;
	long long realtime_off_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC at start */
	unsigned long long nr_events;
};

static volatile sig_atomic_t stop_signal;

/* Signal handlers only set a flag: the loop notices it and tears everything down. */
static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static int do_attach_help(void)
{
	fprintf(stderr,
		"Usage: %s attach --role ROLE.yaml [--role-name NAME] --binary PATH [--pid PID]\n"
		"                 [--duration SECONDS] [--interval SECONDS]\n"
		"                 [--on-violation warn|detach] [--mirror FILE] EXT.o\n"
		"\n"
		"Check EXT.o against the role, link roleprobe's host library into it, load\n"
		"it, check it again as the kernel holds it, and attach every entry program\n"
		"as an uprobe (SEC(\"uprobe...\")) or uretprobe (SEC(\"uretprobe...\")) to\n"
		"PATH, an executable or a shared library. Runs until Ctrl-C, SIGTERM, the\n"
		"duration, the exit of --pid, or a violation the role says to detach for;\n"
		"prints each event of handle_uprobe_event() as a trace line.\n"
		"\n"
		"While it runs, the enforcer samples every interval: run time per event (BPF\n"
		"run-time stats, on for %u%% of each interval), recursion misses, lost events,\n"
		"map entries and memory, checked against the role's max_event_ns and\n"
		"max_map_memory (the latter before attaching). At the end: every map of the\n"
		"extension decoded by BTF, the enforcer's summary, and whether anything of\n"
		"the extension survives detach (a violation unless may_have_side_effect).\n"
		"\n"
		"Options:\n"
		"  -r, --role ROLE.yaml     the role file\n"
		"  -n, --role-name NAME     the role to assume (needed when the file has several)\n"
		"  -b, --binary PATH        executable or shared library to probe\n"
		"  -P, --pid PID            trace this process only, and stop when it exits\n"
		"  -d, --duration SECONDS   stop after this long\n"
		"  -i, --interval SECONDS   sample (and rewrite the mirror) this often: %g to %u,\n"
		"                           decimals allowed to the millisecond (default %g)\n"
		"  -o, --on-violation warn|detach\n"
		"                           what a violation does (default: the role's\n"
		"                           on_violation): detach stops and exits 1, warn reports\n"
		"                           it and keeps running\n"
		"  -m, --mirror FILE        keep FILE a JSON copy of the extension's maps,\n"
		"                           rewritten atomically every interval and at the end\n"
		"  -j, --json               JSON lines: one document per event, sample and\n"
		"                           violation, then a summary (see README.md)\n"
		"  -p, --pretty             pretty JSON\n"
		"  -v, --verbose            libbpf's messages\n"
		"\n"
		"Needs root (CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN).\n"
		"Exit codes: 0 ok, 1 the extension violates the role (or was detached for a\n"
		"violation), 2 usage or input error (role, ELF, missing binary or symbol,\n"
		"mirror file), 3 the kernel refused it, 4 missing privileges.\n"
		"\n"
		"EXAMPLES\n"
		"  sudo %s attach --role roles/uprobe.yaml --binary build/targets/demo_app \\\n"
		"       build/examples/count_calls.bpf.o\n"
		"  sudo %s attach --role roles/uprobe.yaml --binary build/targets/demo_app \\\n"
		"       --interval 0.2 --mirror /tmp/maps.json --on-violation warn \\\n"
		"       build/examples/count_calls.bpf.o\n"
		"  sudo %s attach -j --role roles/uprobe.yaml \\\n"
		"       --binary /usr/lib/x86_64-linux-gnu/libc.so.6 --pid 1234 --duration 10 \\\n"
		"       ext.o\n",
		prog_name, ENFORCER_STATS_DUTY_PCT, MIN_INTERVAL_MS / 1000.0,
		ENFORCER_MAX_INTERVAL_MS / 1000, ENFORCER_INTERVAL_MS / 1000.0, prog_name,
		prog_name, prog_name);
	return RP_EXIT_OK;
}

/*
 * "SECONDS[.FRACTION]", at most millisecond precision, to milliseconds; false for anything
 * else (signs, exponents, spaces, empty parts) or a value past @max_ms.
 */
static bool parse_seconds_ms(const char *s, unsigned int max_ms, unsigned int *ms)
{
	unsigned long long v = 0;
	int digits = 0, frac = -1;	/* digits after the point; -1 before it */

	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac >= 3)
			return false;
		v = v * 10 + (*s - '0');
		if (v > max_ms)	/* v never shrinks: past the bound before the scaling too */
			return false;
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (!digits)
		return false;
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		v *= 10;
	if (v > max_ms)
		return false;
	*ms = (unsigned int)v;
	return true;
}

static int parse_args(int argc, char **argv, struct attach_opts *o)
{
	static const struct option long_opts[] = {
		COMMON_LONGOPTS,
		{ "role",	required_argument, NULL, 'r' },
		{ "role-name",	required_argument, NULL, 'n' },
		{ "binary",	required_argument, NULL, 'b' },
		{ "pid",	required_argument, NULL, 'P' },
		{ "duration",	required_argument, NULL, 'd' },
		{ "interval",	required_argument, NULL, 'i' },
		{ "on-violation", required_argument, NULL, 'o' },
		{ "mirror",	required_argument, NULL, 'm' },
		{ 0 }
	};
	static const char short_opts[] = COMMON_SHORTOPTS "r:n:b:P:d:i:o:m:";
	unsigned long long v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (common_opt(c)) {
		case 1:
			continue;
		case -1:
			do_attach_help();
			return -1;
		}
		switch (c) {
		case 'r':
			o->role_path = optarg;
			break;
		case 'n':
			o->role_name = optarg;
			break;
		case 'b':
			o->binary = optarg;
			break;
		case 'P':
			if (!parse_u64(optarg, INT_MAX, &v) || v == 0)
				return usage_error("attach", "--pid needs a process id, not '%s'",
						   optarg);
			o->pid = (pid_t)v;
			break;
		case 'd':
			if (!parse_u64(optarg, MAX_DURATION_S, &v) || v == 0)
				return usage_error("attach", "--duration needs 1 to %llu seconds, "
						   "not '%s'", MAX_DURATION_S, optarg);
			o->duration_s = v;
			break;
		case 'i':
			if (!parse_seconds_ms(optarg, ENFORCER_MAX_INTERVAL_MS, &o->interval_ms) ||
			    o->interval_ms < MIN_INTERVAL_MS)
				return usage_error("attach", "--interval needs %g to %u seconds "
						   "(at most 3 decimals), not '%s'",
						   MIN_INTERVAL_MS / 1000.0,
						   ENFORCER_MAX_INTERVAL_MS / 1000, optarg);
			break;
		case 'o':
			if (!strcmp(optarg, "warn"))
				o->on_violation = ON_VIOLATION_WARN;
			else if (!strcmp(optarg, "detach"))
				o->on_violation = ON_VIOLATION_DETACH;
			else
				return usage_error("attach", "--on-violation needs warn or detach, "
						   "not '%s'", optarg);
			break;
		case 'm':
			if (!*optarg)
				return usage_error("attach", "--mirror needs a file name");
			o->mirror_path = optarg;
			break;
		default:
			return usage_bad_option("attach", short_opts, long_opts, argv);
		}
	}
	if (!o->role_path)
		return usage_error("attach", "--role ROLE.yaml is required");
	if (!o->binary)
		return usage_error("attach", "--binary PATH is required");
	if (optind != argc - 1)
		return usage_error("attach", optind >= argc ? "the extension object is missing" :
				   "one extension object, not %d operands", argc - optind);
	o->ext_path = argv[optind];
	return 0;
}

/*
 * The kernel-side check (SPEC layer 2) of every entry as the kernel holds it, between load
 * and attach. Fails closed: a program that could not be checked is not attached. Returns
 * RP_EXIT_OK, RP_EXIT_VIOLATION, or the exit code of what kept the check from running.
 */
static int kernel_check(const struct loader *ld, const struct role_def *role,
			const char *ext_path)
{
	int i, err, ret = RP_EXIT_OK, nr_violations = 0;

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "kernel_check");
		jsonw_start_array(json_wtr);
	}
	for (i = 0; i < loader_nr_entries(ld); i++) {
		const struct loader_entry *e = loader_entry(ld, i);
		struct kcheck_report *r = NULL;

		err = kcheck_prog(e->prog_fd, role, &r);
		if (json_output || verbose || err || !kcheck_passed(r))
			kcheck_report_print(r);
		else
			p_info("%s: kernel-side check of '%s' (prog id %u): pass, %u instructions, "
			       "%d call%s", prog_name, e->prog_name, r->prog_id, r->nr_insns,
			       r->nr_calls, r->nr_calls == 1 ? "" : "s");
		if (err) {
			if (ret == RP_EXIT_OK || ret == RP_EXIT_VIOLATION)
				ret = err == -EPERM ? RP_EXIT_PRIV : RP_EXIT_KERNEL;
			if (!json_output)
				p_err("the kernel-side check of '%s' could not run: %s",
				      e->prog_name, r && r->errmsg ? r->errmsg : strerror(-err));
		} else if (!kcheck_passed(r)) {
			nr_violations += r->nr_violations;
			if (ret == RP_EXIT_OK)
				ret = RP_EXIT_VIOLATION;
		}
		kcheck_report_free(r);
	}
	if (json_output) {
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	kcheck_release();
	if (ret == RP_EXIT_VIOLATION)
		p_err("'%s' as loaded in the kernel breaks role '%s' (%d violation(s)): "
		      "not attached", ext_path, role->name, nr_violations);
	else if (ret != RP_EXIT_OK && json_output)
		p_err("the kernel-side check of '%s' could not run: not attached", ext_path);
	return ret;
}

/*
 * The userspace verifier (SPEC layer 1), before anything is linked or loaded. Returns
 * RP_EXIT_OK, RP_EXIT_VIOLATION (the verdict printed), or RP_EXIT_INPUT when the
 * verification could not run (reported).
 */
static int userspace_check(const struct extension *ext, const struct role_def *role)
{
	struct verdict *v = NULL;
	int ret;

	if (role->attrs.skip_verification) {
		p_warn("role '%s' sets skip_verification: the userspace verifier is skipped; the "
		       "kernel verifier and the kernel-side check still run", role->name);
		return RP_EXIT_OK;
	}
	if (verifier_check(ext, role, NULL, &v))
		return RP_EXIT_INPUT;
	ret = v->accepted ? RP_EXIT_OK : RP_EXIT_VIOLATION;
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "check");
		jsonw_start_object(json_wtr);
		verdict_print(v);
		jsonw_end_object(json_wtr);
		jsonw_end_object(json_wtr);
	} else if (!v->accepted || verbose) {
		verdict_print(v);
	} else {
		p_info("%s: userspace check: '%s' stays inside role '%s'", prog_name, ext->path,
		       role->name);
	}
	if (!v->accepted)
		p_err("'%s' breaks role '%s' (%d violation(s)): not loaded", ext->path, role->name,
		      v->nr_violations);
	verdict_free(v);
	return ret;
}

/* ---- events ---- */

static long long realtime_minus_monotonic_ns(void)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (rt.tv_sec - mono.tv_sec) * 1000000000LL + (rt.tv_nsec - mono.tv_nsec);
}

static void print_event_json(const struct attach_run *run, const struct roleprobe_event *e,
			     const struct loader_entry *ent, long long wall_ns, const char *comm)
{
	int i;

	jsonw_start_object(json_wtr);
	jsonw_name(json_wtr, "event");
	jsonw_start_object(json_wtr);
	jsonw_int_field(json_wtr, "time_ns", wall_ns);
	jsonw_uint_field(json_wtr, "monotonic_ns", e->ts_ns);
	jsonw_uint_field(json_wtr, "pid", e->pid);
	jsonw_uint_field(json_wtr, "tid", e->tid);
	jsonw_string_field(json_wtr, "comm", comm);
	jsonw_uint_field(json_wtr, "probe", e->probe);
	if (ent) {
		jsonw_string_field(json_wtr, "program", ent->prog_name);
		jsonw_string_field(json_wtr, "type", ent->retprobe ? "uretprobe" : "uprobe");
		jsonw_string_field(json_wtr, "symbol", ent->symbol);
	}
	jsonw_name(json_wtr, "args");
	jsonw_start_array(json_wtr);
	for (i = 0; i < ROLEPROBE_EVENT_NR_ARGS; i++)
		jsonw_uint(json_wtr, e->args[i]);
	jsonw_end_array(json_wtr);
	jsonw_uint_field(json_wtr, "ret", e->ret);
	jsonw_end_object(json_wtr);
	jsonw_end_object(json_wtr);
}

/*
 * A trace line: wall time, pid/tid, comm, the probe, and the arguments at entry or the
 * return value at return.
 */
static void print_event_plain(const struct roleprobe_event *e, const struct loader_entry *ent,
			      long long wall_ns, const char *comm)
{
	time_t sec = wall_ns / 1000000000LL;
	char when[16] = "?";
	struct tm tm;

	if (localtime_r(&sec, &tm))
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("%s.%06lld %u/%u %s ", when, (wall_ns % 1000000000LL) / 1000, e->pid, e->tid, comm);
	if (ent)
		printf("%s:%s (%s)", ent->retprobe ? "uretprobe" : "uprobe", ent->symbol,
		       ent->prog_name);
	else
		printf("probe#%llu", (unsigned long long)e->probe);
	if (ent && ent->retprobe)
		printf(" ret=0x%llx\n", (unsigned long long)e->ret);
	else
		printf(" args=0x%llx,0x%llx,0x%llx,0x%llx,0x%llx,0x%llx\n",
		       (unsigned long long)e->args[0], (unsigned long long)e->args[1],
		       (unsigned long long)e->args[2], (unsigned long long)e->args[3],
		       (unsigned long long)e->args[4], (unsigned long long)e->args[5]);
}

static int handle_event(void *ctx, void *data, size_t size)
{
	struct attach_run *run = ctx;
	const struct roleprobe_event *e = data;
	const struct loader_entry *ent;
	char comm[ROLEPROBE_COMM_LEN + 1];
	long long wall_ns;

	if (size < sizeof(*e))
		return 0;	/* not a record of ours: the ring buffer is the host library's */
	run->nr_events++;
	ent = loader_entry_by_cookie(run->ld, e->probe);
	wall_ns = (long long)e->ts_ns + run->realtime_off_ns;
	memcpy(comm, e->comm, ROLEPROBE_COMM_LEN);
	comm[ROLEPROBE_COMM_LEN] = '\0';
	if (json_output)
		print_event_json(run, e, ent, wall_ns, comm);
	else
		print_event_plain(e, ent, wall_ns, comm);
	return 0;
}

/* ---- running ---- */

enum stop_reason {
	STOP_SIGNAL,
	STOP_DURATION,
	STOP_TARGET_EXIT,
	STOP_VIOLATION,
};

static const char *stop_reason_str(enum stop_reason r, int sig)
{
	switch (r) {
	case STOP_DURATION:
		return "duration reached";
	case STOP_TARGET_EXIT:
		return "target process exited";
	case STOP_VIOLATION:
		return "violation";
	default:
		return sig == SIGINT ? "interrupted" : "terminated";
	}
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The host library's ring buffer drops so far, handed to the enforcer. */
static int update_lost_events(const struct loader *ld, struct enforcer *e)
{
	unsigned long long lost = 0;
	int err;

	err = loader_lost_events(ld, &lost);
	if (err) {
		p_err("cannot read the number of lost events: %s", strerror(-err));
		return err;
	}
	enforcer_set_lost_events(e, lost);
	return 0;
}

/*
 * Wait for events until a stop signal, the deadline, the target's exit or a violation the
 * role detaches for, waking for the enforcer whenever it has something due. SIGINT and
 * SIGTERM are blocked except inside ppoll(), so a signal cannot slip in between the flag
 * test and the wait.
 */
static int run_loop(struct ring_buffer *rb, const struct loader *ld, struct enforcer *e,
		    int pidfd, long long deadline_ns, const sigset_t *wait_mask,
		    enum stop_reason *reason)
{
	struct pollfd fds[2] = {
		{ .fd = ring_buffer__epoll_fd(rb), .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};
	nfds_t nfds = pidfd >= 0 ? 2 : 1;

	for (;;) {
		long long wait_ns;
		struct timespec ts;
		int n, err;

		if (stop_signal) {
			*reason = STOP_SIGNAL;
			return 0;
		}
		err = update_lost_events(ld, e);
		if (err)
			return err;
		n = enforcer_tick(e);
		if (n < 0)
			return n;
		if (enforcer_violated(e)) {
			*reason = STOP_VIOLATION;
			return 0;
		}
		wait_ns = n * 1000000LL;
		if (deadline_ns) {
			long long left = deadline_ns - now_ns();

			if (left <= 0) {
				*reason = STOP_DURATION;
				return 0;
			}
			if (left < wait_ns)
				wait_ns = left;
		}
		ts.tv_sec = wait_ns / 1000000000LL;
		ts.tv_nsec = wait_ns % 1000000000LL;
		n = ppoll(fds, nfds, &ts, wait_mask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			p_err("waiting for events failed: %s", strerror(-err));
			return err;
		}
		if (fds[0].revents) {
			err = ring_buffer__consume(rb);
			if (err < 0) {
				p_err("reading events failed: %s", strerror(-err));
				return err;
			}
		}
		if (nfds > 1 && fds[1].revents) {
			*reason = STOP_TARGET_EXIT;
			return 0;
		}
	}
}

/* The kernel's id of the program, map or link @fd; 0 when it cannot be read. */
static __u32 obj_id(int fd)
{
	/* the three info structs begin alike: __u32 type, __u32 id */
	union {
		struct bpf_prog_info prog;
		struct bpf_map_info map;
		struct bpf_link_info link;
	} info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.prog.id;
}

static void print_attached(const struct attach_opts *o, const struct loader *ld,
			   enum on_violation on_violation)
{
	int i, n = loader_nr_entries(ld);
	struct bpf_map *map;

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "attached");
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "extension", o->ext_path);
		jsonw_string_field(json_wtr, "binary", o->binary);
		if (o->pid > 0)
			jsonw_int_field(json_wtr, "pid", o->pid);
		else
			jsonw_null_field(json_wtr, "pid");
		jsonw_name(json_wtr, "probes");
		jsonw_start_array(json_wtr);
		for (i = 0; i < n; i++) {
			const struct loader_entry *e = loader_entry(ld, i);

			jsonw_start_object(json_wtr);
			jsonw_uint_field(json_wtr, "probe", e->cookie);
			jsonw_string_field(json_wtr, "program", e->prog_name);
			jsonw_uint_field(json_wtr, "prog_id", obj_id(e->prog_fd));
			jsonw_uint_field(json_wtr, "link_id", obj_id(bpf_link__fd(e->link)));
			jsonw_string_field(json_wtr, "type", e->retprobe ? "uretprobe" : "uprobe");
			jsonw_string_field(json_wtr, "symbol", e->symbol);
			jsonw_uint_field(json_wtr, "offset", e->offset);
			jsonw_end_object(json_wtr);
		}
		jsonw_end_array(json_wtr);
		/* every map, the host library's included: what must be gone after detach */
		jsonw_name(json_wtr, "maps");
		jsonw_start_array(json_wtr);
		bpf_object__for_each_map(map, loader_object(ld)) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "name", bpf_map__name(map));
			jsonw_uint_field(json_wtr, "map_id", obj_id(bpf_map__fd(map)));
			jsonw_bool_field(json_wtr, "host", loader_is_host_map(bpf_map__name(map)));
			jsonw_end_object(json_wtr);
		}
		jsonw_end_array(json_wtr);
		jsonw_name(json_wtr, "enforcer");
		jsonw_start_object(json_wtr);
		jsonw_uint_field(json_wtr, "interval_ms", o->interval_ms);
		jsonw_uint_field(json_wtr, "stats_duty_pct", ENFORCER_STATS_DUTY_PCT);
		jsonw_string_field(json_wtr, "on_violation", on_violation_str(on_violation));
		if (o->mirror_path)
			jsonw_string_field(json_wtr, "mirror", o->mirror_path);
		else
			jsonw_null_field(json_wtr, "mirror");
		jsonw_end_object(json_wtr);
		jsonw_end_object(json_wtr);
		jsonw_end_object(json_wtr);
	}
	for (i = 0; i < n; i++) {
		const struct loader_entry *e = loader_entry(ld, i);
		const char *kind = e->retprobe ? "uretprobe" : "uprobe";

		if (e->offset)
			p_info("%s: %s %s:%s+0x%lx -> %s", prog_name, kind, o->binary, e->symbol,
			       e->offset, e->prog_name);
		else
			p_info("%s: %s %s:%s -> %s", prog_name, kind, o->binary, e->symbol,
			       e->prog_name);
	}
	if (o->pid > 0)
		p_info("%s: attached %d probe(s) for pid %d; Ctrl-C to stop", prog_name, n, o->pid);
	else
		p_info("%s: attached %d probe(s) for every process; Ctrl-C to stop", prog_name, n);
	p_info("%s: enforcer: a sample every %.3g s (run-time stats on %u%% of it), "
	       "on_violation %s%s%s", prog_name, o->interval_ms / 1000.0, ENFORCER_STATS_DUTY_PCT,
	       on_violation_str(on_violation), o->mirror_path ? ", mirror " : "",
	       o->mirror_path ? o->mirror_path : "");
}

/*
 * The final summary: why it stopped, events seen and lost, and the extension's maps as the
 * mirror copied them after detach (their final values).
 */
static void print_summary(const struct mirror *m, const struct attach_run *run,
			  unsigned long long lost, enum stop_reason reason, int sig)
{
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "summary");
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "stopped", stop_reason_str(reason, sig));
		jsonw_uint_field(json_wtr, "events", run->nr_events);
		jsonw_uint_field(json_wtr, "lost_events", lost);
		jsonw_name(json_wtr, "maps");
		mirror_print_json(m, json_wtr);
		jsonw_end_object(json_wtr);
		jsonw_end_object(json_wtr);
	} else {
		p_info("%s: detached (%s): %llu event(s), %llu lost", prog_name,
		       stop_reason_str(reason, sig), run->nr_events, lost);
		mirror_print_plain(m, stdout);
	}
}

static int install_stop_handlers(sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, wait_mask))
		return -errno;
	/* no SA_RESTART: the wait returns EINTR and the loop sees the flag */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	return 0;
}

/*
 * The enforcer and the mirror for the loaded extension, started before anything attaches:
 * the mirror file exists (empty maps) by the time the probes fire, and a max_map_memory
 * violation the role detaches for keeps the extension from ever attaching. Returns
 * RP_EXIT_OK or the exit code (reported).
 */
static int start_enforcer(const struct attach_opts *o, const struct loader *ld,
			  const struct role_def *role, enum on_violation on_violation,
			  struct enforcer **ep, struct mirror **mp)
{
	struct enforcer *e;
	struct mirror *m;
	int err;

	*ep = e = enforcer_new(loader_object(ld), &role->attrs, on_violation);
	if (!e)
		return exit_code_from_kernel_err(-errno);
	*mp = m = mirror_new(loader_object(ld), o->mirror_path);
	if (!m)
		return exit_code_from_kernel_err(-errno);
	enforcer_set_mirror(e, m);
	err = enforcer_set_interval(e, o->interval_ms, ENFORCER_STATS_DUTY_PCT);
	if (err) {
		p_err("the enforcer refused a %u ms interval: %s", o->interval_ms, strerror(-err));
		return RP_EXIT_INPUT;
	}
	err = mirror_refresh(m);
	if (err)
		return exit_code_from_kernel_err(err);
	if (o->mirror_path && mirror_write_json(m)) {
		p_err("--mirror %s cannot be written: not attached", o->mirror_path);
		return RP_EXIT_INPUT;
	}
	err = enforcer_start(e);
	if (err)
		return exit_code_from_kernel_err(err);
	if (enforcer_violated(e)) {
		p_err("'%s' breaks role '%s' before it runs: not attached", o->ext_path,
		      role->name);
		return RP_EXIT_VIOLATION;
	}
	return RP_EXIT_OK;
}

/*
 * The end of a run, in the order the kernel objects require: the last sample while the
 * programs are attached; detach and drain the events; the maps' final values mirrored (and
 * written); the maps printed; every fd of the extension closed (the ring buffer's mmap too:
 * it keeps its map alive); then what survives, and the enforcer's summary. Frees @rb and
 * @ld. Returns the exit code: the enforcer's verdict when nothing else failed.
 */
static int finish_run(struct ring_buffer *rb, struct loader *ld, struct enforcer *e,
		      struct mirror *m, const struct attach_opts *o, const struct attach_run *run,
		      enum stop_reason reason, int ret)
{
	unsigned long long lost = 0;

	/* the last sample reports the losses of the last moments too (a flood, then exit) */
	if (update_lost_events(ld, e))
		ret = ret ?: RP_EXIT_KERNEL;
	if (enforcer_finish(e))
		ret = ret ?: RP_EXIT_KERNEL;
	loader_detach(ld);
	ring_buffer__consume(rb);
	if (loader_lost_events(ld, &lost))
		p_warn("cannot read the number of lost events");
	enforcer_set_lost_events(e, lost);
	if (mirror_refresh(m))
		ret = ret ?: RP_EXIT_KERNEL;
	if (o->mirror_path && mirror_write_json(m))
		ret = ret ?: RP_EXIT_INPUT;
	print_summary(m, run, lost, reason, stop_signal);

	ring_buffer__free(rb);
	loader_close(ld);
	if (enforcer_check_leftovers(e) < 0)
		ret = ret ?: RP_EXIT_KERNEL;
	enforcer_print_summary(e);
	return ret ?: enforcer_exit_code(e);
}

int do_attach(int argc, char **argv)
{
	struct attach_opts o = {
		.pid = -1,
		.interval_ms = ENFORCER_INTERVAL_MS,
		.on_violation = -1,
	};
	struct attach_run run = {};
	struct loader_opts lopts = {};
	const struct role_def *role = NULL;
	enum on_violation on_violation;
	struct role_file *rf = NULL;
	struct extension *ext = NULL;
	struct loader *ld = NULL;
	struct ring_buffer *rb = NULL;
	struct enforcer *e = NULL;
	struct mirror *m = NULL;
	enum stop_reason reason = STOP_SIGNAL;
	sigset_t wait_mask;
	long long deadline_ns = 0;
	int pidfd = -1, err, ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret < 0 ? RP_EXIT_OK : ret;

	/* privileges first: an unprivileged user learns that before anything else */
	if (loader_check_privileges())
		return RP_EXIT_PRIV;

	if (role_open(o.role_path, o.role_name, &rf, &role)) {
		ret = RP_EXIT_INPUT;
		goto out;
	}
	/* a mirror that cannot be written is an input error, found before anything loads */
	if (o.mirror_path && mirror_check_path(o.mirror_path)) {
		ret = RP_EXIT_INPUT;
		goto out;
	}
	on_violation = o.on_violation >= 0 ? (enum on_violation)o.on_violation :
		       role->attrs.on_violation;
	/* SPEC section 5: an entry is an event handler; the role must grant handling events */
	if (!role_granted(role, "handle_uprobe_event")) {
		p_err("role '%s' does not grant handle_uprobe_event: no entry point may attach",
		      role->name);
		ret = RP_EXIT_VIOLATION;
		goto out;
	}
	/* read once: the verifier checks and the loader links these same bytes */
	if (extension_open(o.ext_path, &ext)) {
		ret = RP_EXIT_INPUT;
		goto out;
	}
	ret = userspace_check(ext, role);
	if (ret)
		goto out;

	if (o.pid > 0) {
		pidfd = syscall(SYS_pidfd_open, o.pid, 0);
		if (pidfd < 0) {
			p_err("cannot follow process %d: %s", o.pid, strerror(errno));
			ret = RP_EXIT_INPUT;
			goto out;
		}
	}

	lopts.ext_path = o.ext_path;
	lopts.ext_buf = extension_bytes(ext, &lopts.ext_len);
	lopts.binary = o.binary;
	lopts.pid = o.pid;
	err = loader_open(&lopts, &ld);
	if (err) {
		ret = loader_exit_code(NULL, err);
		goto out;
	}
	err = loader_load(ld);
	if (err) {
		ret = loader_exit_code(ld, err);
		goto out;
	}

	ret = kernel_check(ld, role, o.ext_path);
	if (ret)
		goto out;
	ret = start_enforcer(&o, ld, role, on_violation, &e, &m);
	if (ret)
		goto out;

	rb = ring_buffer__new(loader_events_fd(ld), handle_event, &run, NULL);
	if (!rb) {
		err = -errno;
		p_err("cannot read roleprobe's event ring buffer: %s", strerror(-err));
		ret = RP_EXIT_KERNEL;
		goto out;
	}
	run.ld = ld;
	run.realtime_off_ns = realtime_minus_monotonic_ns();

	err = install_stop_handlers(&wait_mask);
	if (err) {
		p_err("cannot install signal handlers: %s", strerror(-err));
		ret = RP_EXIT_KERNEL;
		goto out;
	}
	err = loader_attach(ld);
	if (err) {
		ret = loader_exit_code(ld, err);
		goto out;
	}
	print_attached(&o, ld, on_violation);

	if (o.duration_s)
		deadline_ns = now_ns() + (long long)o.duration_s * 1000000000LL;
	err = run_loop(rb, ld, e, pidfd, deadline_ns, &wait_mask, &reason);
	ret = finish_run(rb, ld, e, m, &o, &run, reason, err ? RP_EXIT_KERNEL : RP_EXIT_OK);
	rb = NULL;
	ld = NULL;
out:
	ring_buffer__free(rb);
	loader_close(ld);
	enforcer_free(e);
	mirror_free(m);
	if (pidfd >= 0)
		close(pidfd);
	extension_free(ext);
	role_file_free(rf);
	return ret;
}
