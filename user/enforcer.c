// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The enforcer: run-time stats, recursion misses, map memory, lost events, leftovers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "enforcer.h"
#include "loader.h"
#include "mirror.h"
#include "output.h"

/* Directory levels and files a bpffs walk looks at before it gives up (with a warning). */
#define PIN_SCAN_MAX_DEPTH	16
#define PIN_SCAN_MAX_FILES	100000
/* Pause between two looks at what survives detach. */
#define LEFTOVER_POLL_MS	20

struct enf_prog {
	char *name;
	int fd;				/* borrowed from the bpf_object */
	__u32 id;
	__u8 tag[BPF_TAG_SIZE];
	__u64 load_time;
	__u64 win_cnt, win_ns;		/* run_cnt / run_time_ns when the window opened */
	__u64 misses_base;		/* recursion_misses at enforcer_new() */
	__u64 misses;			/* recursion_misses at the last sample */
};

struct enf_map {
	char *name;
	int fd;				/* borrowed */
	__u32 id;
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u64 memory;			/* key + value x max_entries (per-CPU: x CPUs) */
	__u64 kernel_memory;		/* fdinfo "memlock": what the kernel charges; 0 unknown */
	bool host;			/* the host library's: not the extension's budget */
};

struct enf_violation {
	const char *attr;
	const char *unit;		/* "ns/event", "bytes", NULL for a boolean limit */
	double limit;
	double observed;
	char *detail;
	__u64 t_ms;
};

struct enf_leftover {
	const char *kind;		/* "program", "map", "link" */
	__u32 id;
	char *name;
	char **pins;
	int nr_pins;
};

struct enforcer {
	struct role_attrs attrs;
	enum on_violation on_violation;
	struct enf_prog *progs;
	int nr_progs;
	struct enf_map *maps;
	int nr_maps;
	struct mirror *mirror;
	int nr_cpus;
	unsigned int interval_ms;
	unsigned int duty_pct;
	bool quiet;

	int stats_fd;			/* bpf_enable_stats() while a window is open; else -1 */
	bool started, finished, window_open;
	__u64 t_start, interval_start, window_start;
	__u64 window_due;		/* when this interval's window is to open */
	bool window_taken;		/* this interval's window has opened */
	__u64 rng;			/* splitmix64 state, seeded from getrandom() */

	/* this interval's window */
	__u64 acc_window_ns, acc_events, acc_run_ns, acc_window_offset_ns;
	struct enforcer_stats st;
	__u64 lost_total;
	__u64 lost_seen;		/* lost_total at the last sample */

	bool over_event_ns;		/* max_event_ns currently exceeded */
	double worst_event_ns;
	struct enf_violation *viol;
	int nr_viol;
	bool detach;

	bool detached;			/* the caller closed everything (leftover check) */
	bool leftovers_checked;
	struct enf_leftover *left;
	int nr_left;
};

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static __u64 elapsed_ms(const struct enforcer *e)
{
	return e->started ? (now_ns() - e->t_start) / 1000000 : 0;
}

/* --- setup --- */

/* SPEC section 4: key + value x max_entries; a per-CPU value counts once per CPU. */
static __u64 map_memory(__u32 type, __u32 key, __u32 value, __u32 max_entries, int nr_cpus)
{
	if (type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_USER_RINGBUF)
		return max_entries;	/* the data area, in bytes */
	return (key + mirror_value_bytes(type, value, nr_cpus)) * max_entries;
}

/* "memlock" of a BPF object's fdinfo: the memory the kernel charges for a map. */
static __u64 fdinfo_u64(int fd, const char *key)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtoull(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static int add_prog(struct enforcer *e, struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct enf_prog *p, *progs;
	int fd = bpf_program__fd(prog);

	if (fd < 0)
		return 0;	/* not loaded (autoload off): nothing to watch */
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		p_err("cannot read program info of %s: %s", bpf_program__name(prog),
		      strerror(errno));
		return -errno;
	}
	progs = realloc(e->progs, (e->nr_progs + 1) * sizeof(*progs));
	if (!progs)
		return -ENOMEM;
	e->progs = progs;
	p = &e->progs[e->nr_progs];
	memset(p, 0, sizeof(*p));
	p->name = strdup(bpf_program__name(prog));
	if (!p->name)
		return -ENOMEM;
	p->fd = fd;
	p->id = info.id;
	memcpy(p->tag, info.tag, sizeof(p->tag));
	p->load_time = info.load_time;
	p->misses_base = p->misses = info.recursion_misses;
	e->nr_progs++;
	return 0;
}

static int add_map(struct enforcer *e, const struct bpf_object *obj, struct bpf_map *map)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct enf_map *m, *maps;
	int fd = bpf_map__fd(map);

	if (fd < 0)
		return 0;	/* not created */
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		p_err("cannot read map info of %s: %s", bpf_map__name(map), strerror(errno));
		return -errno;
	}
	maps = realloc(e->maps, (e->nr_maps + 1) * sizeof(*maps));
	if (!maps)
		return -ENOMEM;
	e->maps = maps;
	m = &e->maps[e->nr_maps];
	memset(m, 0, sizeof(*m));
	m->name = strdup(mirror_map_name(obj, map));
	if (!m->name)
		return -ENOMEM;
	m->fd = fd;
	m->id = info.id;
	m->type = info.type;
	m->key_size = info.key_size;
	m->value_size = info.value_size;
	m->max_entries = info.max_entries;
	m->memory = map_memory(info.type, info.key_size, info.value_size, info.max_entries,
			       e->nr_cpus);
	m->kernel_memory = fdinfo_u64(fd, "memlock");
	m->host = loader_is_host_map(bpf_map__name(map));
	e->nr_maps++;
	return 0;
}

struct enforcer *enforcer_new(struct bpf_object *obj, const struct role_attrs *attrs,
			      enum on_violation on_violation)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	struct enforcer *e;
	int err;

	e = calloc(1, sizeof(*e));
	if (!e) {
		err = -ENOMEM;
		goto err_out;
	}
	e->attrs = *attrs;
	e->on_violation = on_violation;
	e->stats_fd = -1;
	e->interval_ms = ENFORCER_INTERVAL_MS;
	e->duty_pct = ENFORCER_STATS_DUTY_PCT;
	e->nr_cpus = libbpf_num_possible_cpus();
	if (e->nr_cpus <= 0) {
		err = e->nr_cpus ? e->nr_cpus : -EINVAL;
		p_err("cannot count the possible CPUs: %s", strerror(-err));
		goto err_free;
	}
	bpf_object__for_each_program(prog, obj) {
		err = add_prog(e, prog);
		if (err)
			goto err_free;
	}
	bpf_object__for_each_map(map, obj) {
		err = add_map(e, obj, map);
		if (err)
			goto err_free;
	}
	if (!e->nr_progs) {
		err = -EINVAL;
		p_err("the enforcer found no loaded program: load the object first");
		goto err_free;
	}
	return e;

err_free:
	enforcer_free(e);
err_out:
	if (err == -ENOMEM)
		p_err("out of memory for the enforcer");
	errno = -err;
	return NULL;
}

void enforcer_set_mirror(struct enforcer *e, struct mirror *m)
{
	e->mirror = m;
}

int enforcer_set_interval(struct enforcer *e, unsigned int interval_ms, unsigned int duty_pct)
{
	if (!interval_ms || interval_ms > ENFORCER_MAX_INTERVAL_MS || duty_pct > 100 ||
	    e->started)
		return -EINVAL;
	e->interval_ms = interval_ms;
	e->duty_pct = duty_pct;
	return 0;
}

void enforcer_set_quiet(struct enforcer *e, bool quiet)
{
	e->quiet = quiet;
}

void enforcer_set_lost_events(struct enforcer *e, __u64 total)
{
	e->lost_total = total;
}

/* --- violations --- */

static const char *action_str(const struct enforcer *e)
{
	return e->on_violation == ON_VIOLATION_DETACH ? "detach" : "warn";
}

static void violation(struct enforcer *e, const char *attr, const char *unit, double limit,
		      double observed, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void violation(struct enforcer *e, const char *attr, const char *unit, double limit,
		      double observed, const char *fmt, ...)
{
	struct enf_violation *v, *viol;
	char *detail = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0)
		detail = NULL;
	va_end(ap);

	if (e->on_violation == ON_VIOLATION_DETACH)
		e->detach = true;
	viol = realloc(e->viol, (e->nr_viol + 1) * sizeof(*viol));
	if (!viol) {
		p_err("out of memory recording a violation of %s", attr);
		free(detail);
		return;
	}
	e->viol = viol;
	v = &e->viol[e->nr_viol++];
	v->attr = attr;
	v->unit = unit;
	v->limit = limit;
	v->observed = observed;
	v->detail = detail;
	v->t_ms = elapsed_ms(e);

	if (json_output && json_wtr) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "violation");
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "attribute", attr);
		if (unit) {
			jsonw_float_field(json_wtr, "limit", limit);
			jsonw_float_field(json_wtr, "observed", observed);
			jsonw_string_field(json_wtr, "unit", unit);
		} else {
			jsonw_bool_field(json_wtr, "limit", limit != 0);
			jsonw_float_field(json_wtr, "observed", observed);
		}
		jsonw_string_field(json_wtr, "detail", detail ? detail : "");
		jsonw_string_field(json_wtr, "action", action_str(e));
		jsonw_uint_field(json_wtr, "t_ms", v->t_ms);
		jsonw_end_object(json_wtr);
		jsonw_end_object(json_wtr);
	} else {
		p_warn("violation of %s: %s%s", attr, detail ? detail : "",
		       e->on_violation == ON_VIOLATION_DETACH && !e->detached ? ": detaching" : "");
	}
}

/* --- run-time stats windows --- */

static int read_prog_info(const struct enf_prog *p, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(p->fd, info, &len)) {
		int err = -errno;

		p_err("cannot read the run-time stats of program %s (id %u): %s", p->name, p->id,
		      strerror(-err));
		return err;
	}
	return 0;
}

static __u64 interval_ns(const struct enforcer *e)
{
	return (__u64)e->interval_ms * 1000000ull;
}

static __u64 window_ns(const struct enforcer *e)
{
	__u64 ns = interval_ns(e) * e->duty_pct / 100;

	if (ns < ENFORCER_STATS_MIN_WINDOW_MS * 1000000ull)
		ns = ENFORCER_STATS_MIN_WINDOW_MS * 1000000ull;
	return ns;
}

/* splitmix64: a seed of 64 random bits is plenty to keep the windows' offsets unguessable. */
static __u64 rng_next(struct enforcer *e)
{
	__u64 z = (e->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rng_seed(struct enforcer *e)
{
	ssize_t n = getrandom(&e->rng, sizeof(e->rng), 0);

	if (n != (ssize_t)sizeof(e->rng)) {
		int err = n < 0 ? -errno : -EIO;

		p_err("cannot seed the placement of the run-time stats windows: getrandom(): %s",
		      strerror(-err));
		return err;
	}
	return 0;
}

/*
 * Where the window of the interval that starts now goes: a uniformly random offset such that
 * the whole window fits in the interval (the modulo's bias, span / 2^64, is below 1e-6).
 */
static void plan_window(struct enforcer *e)
{
	__u64 span = interval_ns(e) > window_ns(e) ? interval_ns(e) - window_ns(e) : 0;

	e->window_taken = false;
	e->window_due = e->interval_start + (span ? rng_next(e) % (span + 1) : 0);
}

static int stats_enable(struct enforcer *e)
{
	int err;

	if (e->stats_fd >= 0)
		return 0;
	e->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (e->stats_fd < 0) {
		err = -errno;
		p_err("cannot enable BPF run-time stats: %s%s", strerror(-err),
		      err == -EPERM ? " (needs CAP_SYS_ADMIN)" : "");
		return err;
	}
	return 0;
}

static int open_window(struct enforcer *e)
{
	struct bpf_prog_info info;
	int i, err;

	if (!e->duty_pct || e->window_open)
		return 0;
	err = stats_enable(e);
	if (err)
		return err;
	/* the baseline is read with the stats on: nothing before the window counts */
	for (i = 0; i < e->nr_progs; i++) {
		err = read_prog_info(&e->progs[i], &info);
		if (err)
			return err;
		e->progs[i].win_cnt = info.run_cnt;
		e->progs[i].win_ns = info.run_time_ns;
	}
	e->window_start = now_ns();
	e->window_open = true;
	e->window_taken = true;
	e->acc_window_offset_ns = e->window_start - e->interval_start;
	return 0;
}

/*
 * Open this interval's window once its time has come, unless the interval is over: a loop
 * that woke too late for the window leaves the interval without one (window_ms 0) rather
 * than take a sliver at its very end.
 */
static int open_window_if_due(struct enforcer *e, __u64 now)
{
	if (!e->duty_pct || e->window_taken || now < e->window_due ||
	    now >= e->interval_start + interval_ns(e))
		return 0;
	return open_window(e);
}

static int close_window(struct enforcer *e, bool stats_off)
{
	struct bpf_prog_info info;
	__u64 t_end;
	int i, err = 0;

	if (!e->window_open)
		return 0;
	/* the end is read with the stats still on */
	for (i = 0; i < e->nr_progs && !err; i++) {
		struct enf_prog *p = &e->progs[i];

		err = read_prog_info(p, &info);
		if (err)
			break;
		/* counters only grow; a smaller value means someone reset them: skip it */
		if (info.run_cnt >= p->win_cnt && info.run_time_ns >= p->win_ns) {
			e->acc_events += info.run_cnt - p->win_cnt;
			e->acc_run_ns += info.run_time_ns - p->win_ns;
		}
	}
	t_end = now_ns();
	e->acc_window_ns += t_end - e->window_start;
	e->window_open = false;
	if (stats_off && e->stats_fd >= 0) {
		close(e->stats_fd);
		e->stats_fd = -1;
	}
	return err;
}

/* --- samples --- */

static void check_map_memory(struct enforcer *e)
{
	int i, n = 0;

	e->st.map_memory = 0;
	for (i = 0; i < e->nr_maps; i++) {
		if (e->maps[i].host)
			continue;
		e->st.map_memory += e->maps[i].memory;
		n++;
	}
	if (e->attrs.max_map_memory && e->st.map_memory > e->attrs.max_map_memory)
		violation(e, "max_map_memory", "bytes", (double)e->attrs.max_map_memory,
			  (double)e->st.map_memory,
			  "limit %llu bytes, observed %llu bytes (key + value x max_entries over the "
			  "extension's %d map%s)", (unsigned long long)e->attrs.max_map_memory,
			  (unsigned long long)e->st.map_memory, n, n == 1 ? "" : "s");
}

int enforcer_start(struct enforcer *e)
{
	int err;

	if (e->started)
		return -EINVAL;
	err = rng_seed(e);
	if (err)
		return err;
	/* refused stats are found now, before anything is attached, not at the first window */
	if (e->duty_pct) {
		err = stats_enable(e);
		if (err)
			return err;
	}
	e->started = true;
	e->t_start = e->interval_start = now_ns();
	check_map_memory(e);
	plan_window(e);
	err = open_window_if_due(e, e->interval_start);
	if (!err && !e->window_open && e->stats_fd >= 0) {
		close(e->stats_fd);
		e->stats_fd = -1;
	}
	return err;
}

static __u32 mirror_entries(const struct enforcer *e, const struct enf_map *m, bool *known)
{
	const struct mirror_map *mm = e->mirror ? mirror_find(e->mirror, m->name) : NULL;

	*known = mm && mm->id == m->id;
	return *known ? mm->nr_entries : 0;
}

static void print_sample_json(const struct enforcer *e, __u64 misses_delta, __u64 lost_delta)
{
	struct json_writer *w = json_wtr;
	const struct enforcer_stats *st = &e->st;
	bool known;
	int i;

	jsonw_start_object(w);
	jsonw_name(w, "sample");
	jsonw_start_object(w);
	jsonw_uint_field(w, "t_ms", elapsed_ms(e));
	jsonw_uint_field(w, "window_ms", st->window_ns / 1000000);
	if (st->window_ns)
		jsonw_uint_field(w, "window_offset_ms", st->window_offset_ns / 1000000);
	else
		jsonw_null_field(w, "window_offset_ms");
	jsonw_uint_field(w, "events_sampled", st->events_sampled);
	jsonw_float_field(w, "events_per_s", st->events_per_s);
	jsonw_float_field(w, "avg_event_ns", st->avg_event_ns);
	jsonw_uint_field(w, "recursion_misses", misses_delta);
	jsonw_uint_field(w, "lost_events", lost_delta);
	jsonw_uint_field(w, "map_memory", st->map_memory);
	jsonw_name(w, "maps");
	jsonw_start_array(w);
	for (i = 0; i < e->nr_maps; i++) {
		const struct enf_map *m = &e->maps[i];
		__u32 n = mirror_entries(e, m, &known);

		if (m->host)
			continue;
		jsonw_start_object(w);
		jsonw_string_field(w, "name", m->name);
		if (known)
			jsonw_uint_field(w, "entries", n);
		jsonw_uint_field(w, "max_entries", m->max_entries);
		jsonw_uint_field(w, "memory", m->memory);
		jsonw_uint_field(w, "kernel_memory", m->kernel_memory);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_uint_field(w, "violations", e->nr_viol);
	jsonw_end_object(w);
	jsonw_end_object(w);
}

static void print_sample_plain(const struct enforcer *e, __u64 misses_delta, __u64 lost_delta)
{
	const struct enforcer_stats *st = &e->st;
	char maps[512] = "", *p = maps;
	bool known;
	int i;

	for (i = 0; i < e->nr_maps && p < maps + sizeof(maps) - 1; i++) {
		const struct enf_map *m = &e->maps[i];
		__u32 n = mirror_entries(e, m, &known);
		size_t room = maps + sizeof(maps) - p;
		int len;

		if (m->host)
			continue;
		if (known)
			len = snprintf(p, room, " %s %u/%u", m->name, n, m->max_entries);
		else
			len = snprintf(p, room, " %s -/%u", m->name, m->max_entries);
		if (len < 0 || (size_t)len >= room)
			break;	/* the line shows the maps that fit */
		p += len;
	}
	if (st->window_ns)
		fprintf(stderr, "%s: %.1fs: %.0f events/s, %.0f ns/event (%llu run%s in %llu ms of "
			"stats)", prog_name, elapsed_ms(e) / 1000.0, st->events_per_s,
			st->avg_event_ns, (unsigned long long)st->events_sampled,
			st->events_sampled == 1 ? "" : "s",
			(unsigned long long)(st->window_ns / 1000000));
	else
		fprintf(stderr, "%s: %.1fs: %s", prog_name, elapsed_ms(e) / 1000.0,
			e->duty_pct ? "no stats window in this interval" : "run-time stats off");
	fprintf(stderr, ", recursion misses %llu, lost %llu; maps%s (%llu bytes); violations %d\n",
		(unsigned long long)misses_delta, (unsigned long long)lost_delta,
		maps[0] ? maps : " none", (unsigned long long)st->map_memory, e->nr_viol);
}

static void check_event_ns(struct enforcer *e)
{
	const struct enforcer_stats *st = &e->st;

	if (!st->events_sampled)
		return;		/* no event: nothing measured, the state stays as it was */
	if (st->avg_event_ns > e->worst_event_ns)
		e->worst_event_ns = st->avg_event_ns;
	if (!e->attrs.max_event_ns || st->avg_event_ns <= e->attrs.max_event_ns) {
		e->over_event_ns = false;
		return;
	}
	if (e->over_event_ns)
		return;		/* reported when it went over */
	e->over_event_ns = true;
	violation(e, "max_event_ns", "ns/event", (double)e->attrs.max_event_ns, st->avg_event_ns,
		  "limit %llu ns/event, observed %.0f ns/event (%llu run%s in %llu ms)",
		  (unsigned long long)e->attrs.max_event_ns, st->avg_event_ns,
		  (unsigned long long)st->events_sampled, st->events_sampled == 1 ? "" : "s",
		  (unsigned long long)(st->window_ns / 1000000));
}

int enforcer_sample(struct enforcer *e)
{
	struct enforcer_stats *st = &e->st;
	__u64 misses = 0, misses_delta = 0, lost_delta;
	struct bpf_prog_info info;
	int i, err;

	if (!e->started)
		return -EINVAL;
	err = close_window(e, e->duty_pct < 100 || e->finished);
	if (err)
		return err;

	for (i = 0; i < e->nr_progs; i++) {
		struct enf_prog *p = &e->progs[i];

		err = read_prog_info(p, &info);
		if (err)
			return err;
		if (info.recursion_misses >= p->misses) {
			misses_delta += info.recursion_misses - p->misses;
			p->misses = info.recursion_misses;
		}
		misses += p->misses - p->misses_base;
	}
	for (i = 0; i < e->nr_maps; i++)
		e->maps[i].kernel_memory = fdinfo_u64(e->maps[i].fd, "memlock");
	lost_delta = e->lost_total >= e->lost_seen ? e->lost_total - e->lost_seen : 0;
	e->lost_seen = e->lost_total;

	st->interval_ns = now_ns() - e->interval_start;
	st->window_ns = e->acc_window_ns;
	st->window_offset_ns = e->acc_window_ns ? e->acc_window_offset_ns : 0;
	st->events_sampled = e->acc_events;
	st->run_time_ns = e->acc_run_ns;
	st->avg_event_ns = e->acc_events ? (double)e->acc_run_ns / e->acc_events : 0;
	st->events_per_s = e->acc_window_ns ? e->acc_events * 1e9 / e->acc_window_ns : 0;
	st->recursion_misses = misses;
	st->lost_events = e->lost_total;
	st->total_events_sampled += e->acc_events;
	st->total_run_time_ns += e->acc_run_ns;
	st->total_window_ns += e->acc_window_ns;
	st->intervals++;
	e->acc_window_ns = e->acc_events = e->acc_run_ns = e->acc_window_offset_ns = 0;

	check_event_ns(e);
	if (misses_delta)
		p_warn("%llu event(s) skipped by the kernel: the extension was already running on "
		       "that CPU (recursion)", (unsigned long long)misses_delta);
	if (lost_delta)
		p_warn("%llu event(s) lost: the ring buffer was full",
		       (unsigned long long)lost_delta);
	if (!e->quiet) {
		if (json_output && json_wtr)
			print_sample_json(e, misses_delta, lost_delta);
		else
			print_sample_plain(e, misses_delta, lost_delta);
	}

	e->interval_start = now_ns();
	if (e->finished)
		return 0;
	plan_window(e);
	return open_window_if_due(e, e->interval_start);
}

int enforcer_tick(struct enforcer *e)
{
	__u64 now = now_ns(), due, interval_end;
	int err;

	if (!e->started || e->finished)
		return -EINVAL;
	interval_end = e->interval_start + interval_ns(e);
	err = open_window_if_due(e, now);
	if (err)
		return err;
	if (e->window_open && e->duty_pct < 100 && now >= e->window_start + window_ns(e)) {
		err = close_window(e, true);
		if (err)
			return err;
	}
	if (now >= interval_end) {
		if (e->mirror) {
			/* a failed map is reported and keeps its last copy: carry on */
			mirror_refresh(e->mirror);
			if (e->mirror->json_path)
				mirror_write_json(e->mirror);
		}
		err = enforcer_sample(e);
		if (err)
			return err;
		now = now_ns();
		interval_end = e->interval_start + interval_ns(e);
	}
	due = interval_end;
	if (e->duty_pct && !e->window_taken && e->window_due < due)
		due = e->window_due;
	if (e->window_open && e->duty_pct < 100 && e->window_start + window_ns(e) < due)
		due = e->window_start + window_ns(e);
	return due > now ? (int)((due - now + 999999) / 1000000) : 0;
}

int enforcer_finish(struct enforcer *e)
{
	int err;

	if (!e->started || e->finished)
		return -EINVAL;
	e->finished = true;
	err = enforcer_sample(e);
	if (e->stats_fd >= 0) {
		close(e->stats_fd);
		e->stats_fd = -1;
	}
	return err;
}

bool enforcer_violated(const struct enforcer *e)
{
	return e->detach;
}

int enforcer_nr_violations(const struct enforcer *e)
{
	return e->nr_viol;
}

void enforcer_stats(const struct enforcer *e, struct enforcer_stats *st)
{
	*st = e->st;
}

int enforcer_exit_code(const struct enforcer *e)
{
	return e->detach ? RP_EXIT_VIOLATION : RP_EXIT_OK;
}

/* --- leftovers --- */

static void free_leftovers(struct enforcer *e)
{
	int i, j;

	for (i = 0; i < e->nr_left; i++) {
		free(e->left[i].name);
		for (j = 0; j < e->left[i].nr_pins; j++)
			free(e->left[i].pins[j]);
		free(e->left[i].pins);
	}
	free(e->left);
	e->left = NULL;
	e->nr_left = 0;
}

static struct enf_leftover *find_leftover(struct enforcer *e, const char *kind, __u32 id)
{
	int i;

	for (i = 0; i < e->nr_left; i++)
		if (e->left[i].id == id && !strcmp(e->left[i].kind, kind))
			return &e->left[i];
	return NULL;
}

static struct enf_leftover *add_leftover(struct enforcer *e, const char *kind, __u32 id,
					 const char *name)
{
	struct enf_leftover *l = find_leftover(e, kind, id), *left;

	if (l)
		return l;
	left = realloc(e->left, (e->nr_left + 1) * sizeof(*left));
	if (!left)
		return NULL;
	e->left = left;
	l = &e->left[e->nr_left];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->id = id;
	l->name = strdup(name);
	if (!l->name)
		return NULL;
	e->nr_left++;
	return l;
}

static const struct enf_prog *our_prog(const struct enforcer *e, __u32 id)
{
	int i;

	for (i = 0; i < e->nr_progs; i++)
		if (e->progs[i].id == id)
			return &e->progs[i];
	return NULL;
}

static const struct enf_map *our_map(const struct enforcer *e, __u32 id)
{
	int i;

	for (i = 0; i < e->nr_maps; i++)
		if (e->maps[i].id == id)
			return &e->maps[i];
	return NULL;
}

/*
 * Is the object with @id, open as @fd, the one we recorded? Ids are allocated cyclically,
 * so a reuse is unlikely; the tag and load time (programs) or the shape (maps) settle it.
 */
static bool same_prog(const struct enf_prog *p, int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return true;	/* cannot tell: assume it is ours (fail closed) */
	return !memcmp(info.tag, p->tag, sizeof(p->tag)) && info.load_time == p->load_time;
}

static bool same_map(const struct enf_map *m, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return true;
	return info.type == m->type && info.key_size == m->key_size &&
	       info.value_size == m->value_size && info.max_entries == m->max_entries;
}

/*
 * Object @id as an fd while the kernel still has it; -ENOENT once it is gone, another
 * negative errno when we cannot look (reported).
 */
static int fd_by_id(int (*get_fd_by_id)(__u32 id), __u32 id)
{
	int fd = get_fd_by_id(id), err = -errno;

	if (fd >= 0 || err == -ENOENT)
		return fd >= 0 ? fd : -ENOENT;
	p_err("cannot look for what survives of the extension: %s", strerror(-err));
	return err;
}

/* Programs, maps and links of the extension the kernel still holds. */
static int find_survivors(struct enforcer *e)
{
	__u32 id = 0;
	bool ours;
	int i, fd;

	for (i = 0; i < e->nr_progs; i++) {
		const struct enf_prog *p = &e->progs[i];

		fd = fd_by_id(bpf_prog_get_fd_by_id, p->id);
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		ours = same_prog(p, fd);
		close(fd);
		if (ours && !add_leftover(e, "program", p->id, p->name))
			return -ENOMEM;
	}
	for (i = 0; i < e->nr_maps; i++) {
		const struct enf_map *m = &e->maps[i];

		fd = fd_by_id(bpf_map_get_fd_by_id, m->id);
		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		ours = same_map(m, fd);
		close(fd);
		if (ours && !add_leftover(e, "map", m->id, m->name))
			return -ENOMEM;
	}
	/* links: any whose program is one of ours */
	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info = {};
		__u32 len = sizeof(info);
		const struct enf_prog *p = NULL;

		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			continue;	/* gone meanwhile */
		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			p = our_prog(e, info.prog_id);
		close(fd);
		if (p && !add_leftover(e, "link", id, p->name))
			return -ENOMEM;
	}
	return 0;
}

/* A pinned object at @path: which of ours is it, if any? */
static int check_pin(struct enforcer *e, const char *path)
{
	struct enf_leftover *l = NULL;
	__u64 link_id, prog_id, map_id;
	char **pins;
	int fd;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;	/* not a BPF object, or gone */
	link_id = fdinfo_u64(fd, "link_id");
	prog_id = fdinfo_u64(fd, "prog_id");
	map_id = fdinfo_u64(fd, "map_id");
	close(fd);

	if (link_id) {
		const struct enf_prog *p = our_prog(e, prog_id);

		if (p)
			l = add_leftover(e, "link", link_id, p->name);
		else
			return 0;
	} else if (prog_id) {
		const struct enf_prog *p = our_prog(e, prog_id);

		if (!p)
			return 0;
		l = add_leftover(e, "program", prog_id, p->name);
	} else if (map_id) {
		const struct enf_map *m = our_map(e, map_id);

		if (!m)
			return 0;
		l = add_leftover(e, "map", map_id, m->name);
	} else {
		return 0;
	}
	if (!l)
		return -ENOMEM;
	pins = realloc(l->pins, (l->nr_pins + 1) * sizeof(*pins));
	if (!pins)
		return -ENOMEM;
	l->pins = pins;
	l->pins[l->nr_pins] = strdup(path);
	if (!l->pins[l->nr_pins])
		return -ENOMEM;
	l->nr_pins++;
	return 0;
}

static int scan_dir(struct enforcer *e, const char *dir, int depth, int *nr_files)
{
	struct dirent *de;
	char path[PATH_MAX];
	DIR *d;
	int err = 0;

	if (depth > PIN_SCAN_MAX_DEPTH)
		return 0;
	d = opendir(dir);
	if (!d)
		return 0;	/* gone, or not ours to read: nothing we could pin there */
	while ((de = readdir(d)) && !err) {
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++*nr_files > PIN_SCAN_MAX_FILES) {
			p_warn("bpffs scan stopped after %d files", PIN_SCAN_MAX_FILES);
			err = -E2BIG;
			break;
		}
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (lstat(path, &sb))
			continue;
		if (S_ISDIR(sb.st_mode))
			err = scan_dir(e, path, depth + 1, nr_files);
		else if (S_ISREG(sb.st_mode))
			err = check_pin(e, path);
	}
	closedir(d);
	return err == -E2BIG ? 0 : err;
}

/* Undo the octal escapes of /proc/self/mountinfo (\040 for a space, ...), in place. */
static void unescape_mount_path(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Every bpffs mount this process sees, walked for pins of the extension's objects. */
static int scan_pins(struct enforcer *e)
{
	char *line = NULL;
	size_t cap = 0;
	int nr_files = 0, err = 0;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f) {
		err = -errno;
		p_err("cannot read /proc/self/mountinfo to find bpffs mounts: %s", strerror(-err));
		return err;
	}
	while (!err && getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - "), *fields[5], *save = NULL, *tok;
		int n = 0;

		if (!sep || strncmp(sep + 3, "bpf ", 4))
			continue;
		*sep = '\0';
		tok = strtok_r(line, " ", &save);
		for (; tok && n < 5; tok = strtok_r(NULL, " ", &save))
			fields[n++] = tok;
		if (n < 5)
			continue;
		unescape_mount_path(fields[4]);	/* the mount point */
		err = scan_dir(e, fields[4], 0, &nr_files);
	}
	free(line);
	fclose(f);
	return err;
}

static bool all_pinned(const struct enforcer *e)
{
	int i;

	for (i = 0; i < e->nr_left; i++)
		if (!e->left[i].nr_pins)
			return false;
	return true;
}

int enforcer_check_leftovers(struct enforcer *e)
{
	__u64 deadline = now_ns() + ENFORCER_LEFTOVER_WAIT_MS * 1000000ull;
	int err;

	e->detached = true;
	for (;;) {
		free_leftovers(e);
		err = find_survivors(e);
		if (err)
			goto err_out;
		if (!e->nr_left)
			break;
		err = scan_pins(e);
		if (err)
			goto err_out;
		/* a pin keeps its object for good; anything else may still be on its way out */
		if (all_pinned(e) || now_ns() >= deadline)
			break;
		usleep(LEFTOVER_POLL_MS * 1000);
	}
	e->leftovers_checked = true;
	if (e->nr_left) {
		char detail[512];
		size_t off = 0;
		int i;

		for (i = 0; i < e->nr_left && off < sizeof(detail); i++) {
			const struct enf_leftover *l = &e->left[i];
			int len;

			len = snprintf(detail + off, sizeof(detail) - off, "%s%s %s (id %u)%s%s",
				       i ? ", " : "", l->kind, l->name, l->id,
				       l->nr_pins ? " pinned at " : "",
				       l->nr_pins ? l->pins[0] : "");

			if (len < 0)
				break;
			off += len;
		}
		if (!e->attrs.may_have_side_effect)
			violation(e, "may_have_side_effect", NULL, 0, e->nr_left,
				  "%d object(s) of the extension survive detach: %s", e->nr_left,
				  detail);
		else
			p_info("%s: %d object(s) of the extension survive detach (allowed by "
			       "may_have_side_effect): %s", prog_name, e->nr_left, detail);
	}
	return e->nr_left;

err_out:
	if (err == -ENOMEM)
		p_err("out of memory listing what survives of the extension");
	return err;
}

/* --- summary --- */

/*
 * Was max_event_ns held against at least one measured run? One sampled run is a measurement:
 * its window's average is checked like any other, and the summary says how many runs the
 * verdict rests on. With none, the limit checked nothing: not a violation (nothing was seen
 * over it), but not a pass either, and the summary says so. Without a limit: nothing to verify.
 */
static bool event_ns_unverified(const struct enforcer *e)
{
	return e->attrs.max_event_ns && !e->st.total_events_sampled;
}

/* Program runs per second over every stats window since the start. */
static double total_events_per_s(const struct enforcer_stats *st)
{
	return st->total_window_ns ? st->total_events_sampled * 1e9 / st->total_window_ns : 0;
}

static void print_summary_json(const struct enforcer *e)
{
	struct json_writer *w = json_wtr;
	const struct enforcer_stats *st = &e->st;
	bool known;
	int i, j;
	__u32 n;

	jsonw_start_object(w);
	jsonw_name(w, "enforcer");
	jsonw_start_object(w);
	jsonw_uint_field(w, "duration_ms", elapsed_ms(e));
	jsonw_uint_field(w, "intervals", st->intervals);
	jsonw_uint_field(w, "interval_ms", e->interval_ms);
	jsonw_uint_field(w, "stats_duty_pct", e->duty_pct);
	jsonw_uint_field(w, "events_sampled", st->total_events_sampled);
	jsonw_uint_field(w, "stats_window_ms", st->total_window_ns / 1000000);
	jsonw_float_field(w, "events_per_s", total_events_per_s(st));
	jsonw_float_field(w, "avg_event_ns", st->total_events_sampled ?
			  (double)st->total_run_time_ns / st->total_events_sampled : 0);
	jsonw_float_field(w, "worst_interval_event_ns", e->worst_event_ns);
	jsonw_uint_field(w, "recursion_misses", st->recursion_misses);
	jsonw_uint_field(w, "lost_events", e->lost_total);
	jsonw_uint_field(w, "map_memory", st->map_memory);
	jsonw_uint_field(w, "max_map_memory", e->attrs.max_map_memory);
	jsonw_uint_field(w, "max_event_ns", e->attrs.max_event_ns);
	if (e->attrs.max_event_ns)
		jsonw_bool_field(w, "max_event_ns_verified", !event_ns_unverified(e));
	else
		jsonw_null_field(w, "max_event_ns_verified");
	jsonw_string_field(w, "on_violation", action_str(e));
	jsonw_name(w, "maps");
	jsonw_start_array(w);
	for (i = 0; i < e->nr_maps; i++) {
		const struct enf_map *m = &e->maps[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "name", m->name);
		jsonw_uint_field(w, "id", m->id);
		jsonw_string_field(w, "type", libbpf_bpf_map_type_str(m->type) ?: "unknown");
		n = mirror_entries(e, m, &known);
		if (known)
			jsonw_uint_field(w, "entries", n);
		jsonw_uint_field(w, "max_entries", m->max_entries);
		jsonw_uint_field(w, "memory", m->memory);
		jsonw_uint_field(w, "kernel_memory", m->kernel_memory);
		jsonw_bool_field(w, "host", m->host);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_name(w, "violations");
	jsonw_start_array(w);
	for (i = 0; i < e->nr_viol; i++) {
		const struct enf_violation *v = &e->viol[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "attribute", v->attr);
		if (v->unit) {
			jsonw_float_field(w, "limit", v->limit);
			jsonw_float_field(w, "observed", v->observed);
			jsonw_string_field(w, "unit", v->unit);
		} else {
			jsonw_bool_field(w, "limit", v->limit != 0);
			jsonw_float_field(w, "observed", v->observed);
		}
		jsonw_string_field(w, "detail", v->detail ? v->detail : "");
		jsonw_uint_field(w, "t_ms", v->t_ms);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_name(w, "leftovers");
	if (!e->leftovers_checked) {
		jsonw_null(w);
	} else {
		jsonw_start_array(w);
		for (i = 0; i < e->nr_left; i++) {
			const struct enf_leftover *l = &e->left[i];

			jsonw_start_object(w);
			jsonw_string_field(w, "kind", l->kind);
			jsonw_uint_field(w, "id", l->id);
			jsonw_string_field(w, "name", l->name);
			jsonw_name(w, "pins");
			jsonw_start_array(w);
			for (j = 0; j < l->nr_pins; j++)
				jsonw_string(w, l->pins[j]);
			jsonw_end_array(w);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
	}
	jsonw_bool_field(w, "detached_for_violation", e->detach);
	jsonw_end_object(w);
	jsonw_end_object(w);
}

/* An attribute's limit for the summary: 0 is "none", never a limit of zero. */
static void fmt_limit(char *buf, size_t len, unsigned long long limit)
{
	if (limit)
		snprintf(buf, len, "%llu", limit);
	else
		snprintf(buf, len, "none");
}

static void print_summary_plain(const struct enforcer *e)
{
	const struct enforcer_stats *st = &e->st;
	char ns_limit[32], mem_limit[32];
	bool known;
	int i;

	fmt_limit(ns_limit, sizeof(ns_limit), e->attrs.max_event_ns);
	fmt_limit(mem_limit, sizeof(mem_limit), e->attrs.max_map_memory);
	printf("enforcer: %.1f s, %u interval(s) of %u ms, run-time stats on %u%% of each\n",
	       elapsed_ms(e) / 1000.0, st->intervals, e->interval_ms, e->duty_pct);
	if (st->total_events_sampled)
		printf("enforcer: %llu run%s sampled in %llu ms of stats: %.0f events/s, %.0f "
		       "ns/event on average, %.0f ns/event in the worst interval (max_event_ns "
		       "%s)\n", (unsigned long long)st->total_events_sampled,
		       st->total_events_sampled == 1 ? "" : "s",
		       (unsigned long long)(st->total_window_ns / 1000000), total_events_per_s(st),
		       (double)st->total_run_time_ns / st->total_events_sampled, e->worst_event_ns,
		       ns_limit);
	else
		printf("enforcer: no run sampled\n");
	if (event_ns_unverified(e))
		printf("enforcer: warning: max_event_ns (%llu ns) was not verified: no run of the "
		       "extension fell in a stats window (%llu ms of stats over %u interval(s))\n",
		       (unsigned long long)e->attrs.max_event_ns,
		       (unsigned long long)(st->total_window_ns / 1000000), st->intervals);
	printf("enforcer: recursion misses %llu, lost events %llu\n",
	       (unsigned long long)st->recursion_misses, (unsigned long long)e->lost_total);
	printf("enforcer: map memory %llu bytes over the extension's maps (max_map_memory "
	       "%s)\n", (unsigned long long)st->map_memory, mem_limit);
	for (i = 0; i < e->nr_maps; i++) {
		const struct enf_map *m = &e->maps[i];
		__u32 n = mirror_entries(e, m, &known);
		char entries[48];

		/* a ring buffer's max_entries is its size in bytes: no entries to speak of */
		if (known)
			snprintf(entries, sizeof(entries), "%u/%u entries, ", n, m->max_entries);
		else if (m->type == BPF_MAP_TYPE_RINGBUF || m->type == BPF_MAP_TYPE_USER_RINGBUF)
			entries[0] = '\0';
		else
			snprintf(entries, sizeof(entries), "max %u entries, ", m->max_entries);
		printf("enforcer: map %s (%s): %s%llu bytes%s\n", m->name,
		       libbpf_bpf_map_type_str(m->type) ?: "unknown", entries,
		       (unsigned long long)m->memory, m->host ? " (host library, not counted)" : "");
	}
	if (!e->leftovers_checked)
		printf("enforcer: leftovers not checked\n");
	else if (!e->nr_left)
		printf("enforcer: leftovers: none, nothing of the extension survives detach\n");
	for (i = 0; i < e->nr_left; i++) {
		printf("enforcer: leftover %s %s (id %u)%s%s\n", e->left[i].kind, e->left[i].name,
		       e->left[i].id, e->left[i].nr_pins ? " pinned at " : "",
		       e->left[i].nr_pins ? e->left[i].pins[0] : "");
		/* a pin keeps it alive; removing the pin (the last reference) frees it */
		if (e->left[i].nr_pins)
			printf("enforcer:   to free it: rm %s\n", e->left[i].pins[0]);
	}
	for (i = 0; i < e->nr_viol; i++)
		printf("enforcer: violation of %s at %.1f s: %s\n", e->viol[i].attr,
		       e->viol[i].t_ms / 1000.0, e->viol[i].detail ? e->viol[i].detail : "");
	printf("enforcer: %d violation(s)%s%s\n", e->nr_viol,
	       e->detach ? ", detached for a violation" : "",
	       event_ns_unverified(e) ? ", max_event_ns not verified" : "");
}

void enforcer_print_summary(const struct enforcer *e)
{
	if (json_output && json_wtr)
		print_summary_json(e);
	else
		print_summary_plain(e);
}

void enforcer_free(struct enforcer *e)
{
	int i;

	if (!e)
		return;
	if (e->stats_fd >= 0)
		close(e->stats_fd);
	for (i = 0; i < e->nr_progs; i++)
		free(e->progs[i].name);
	for (i = 0; i < e->nr_maps; i++)
		free(e->maps[i].name);
	for (i = 0; i < e->nr_viol; i++)
		free(e->viol[i].detail);
	free_leftovers(e);
	free(e->progs);
	free(e->maps);
	free(e->viol);
	free(e);
}
