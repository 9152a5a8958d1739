// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The enforcer against real uprobes: run time per event from BPF run-time stats (exact
 * event counts with the stats always on), max_event_ns violations under detach and warn,
 * and a limit no sampled run verified, the stats duty cycle and where its windows fall,
 * max_map_memory, and what survives detach: nothing, a pinned map, a link still held.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "enforcer.h"
#include "loader.h"
#include "mirror.h"
#include "../../bpf/include/roleprobe_event.h"
#include "enf_fixture.h"

/* Attributes as a role with nothing set would have them (role.h defaults). */
static struct role_attrs default_attrs(void)
{
	struct role_attrs a = {
		.max_memory = 512,
		.max_instructions = 1000000,
		.always_const = true,
		.on_violation = ON_VIOLATION_DETACH,
	};

	return a;
}

/* Is this process holding a run-time stats fd (bpf_enable_stats())? */
static bool stats_fd_open(void)
{
	char path[300], link[64];
	struct dirent *de;
	bool found = false;
	DIR *d = opendir("/proc/self/fd");
	ssize_t n;

	assert_non_null(d);
	while ((de = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (!strcmp(link, "anon_inode:bpf-stats"))
			found = true;
	}
	closedir(d);
	return found;
}

/* The enforcer's summary as a JSON document (malloc()ed). */
static char *summary_json(const struct enforcer *e)
{
	struct mem_out mo;

	mem_open(&mo);
	json_wtr = jsonw_new(mo.f);
	json_output = true;
	enforcer_print_summary(e);
	jsonw_destroy(&json_wtr);
	json_output = false;
	return mem_close(&mo);
}

/*
 * Everything a test holds in the kernel or the process, released by fx_teardown() even when
 * an assertion fails half-way (cmocka jumps out of the test).
 */
struct fx {
	struct bpf_object *obj;
	struct bpf_link *link;
	struct enforcer *e;
	struct mirror *m;
	pid_t child;
	struct loader *ld;
	void *ext_buf;
	char dir[64];		/* a private bpffs mount, for the pin tests */
	char pin[128];
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;

	if (fx->child > 0) {
		kill(fx->child, SIGKILL);
		waitpid(fx->child, NULL, 0);
	}
	enforcer_free(fx->e);
	mirror_free(fx->m);
	loader_close(fx->ld);
	free(fx->ext_buf);
	bpf_link__destroy(fx->link);
	bpf_object__close(fx->obj);
	if (fx->dir[0]) {
		unlink(fx->pin);
		umount2(fx->dir, MNT_DETACH);
		rmdir(fx->dir);
	}
	if (json_wtr)
		jsonw_destroy(&json_wtr);
	json_output = false;
	free(fx);
	return 0;
}

/* With a bpffs mounted at fx->dir for pins. */
static int fx_setup_bpffs(void **state)
{
	struct fx *fx;

	if (fx_setup(state))
		return -1;
	fx = *state;
	strcpy(fx->dir, "/tmp/rp-enf-bpffs.XXXXXX");
	if (!mkdtemp(fx->dir))
		goto err_free;
	snprintf(fx->pin, sizeof(fx->pin), "%s/enf_hash", fx->dir);
	if (mount("bpf", fx->dir, "bpf", 0, NULL)) {
		fprintf(stderr, "cannot mount a bpffs on %s: %s\n", fx->dir, strerror(errno));
		rmdir(fx->dir);
		goto err_free;
	}
	return 0;

err_free:
	/* cmocka runs no teardown after a failed setup */
	free(fx);
	return -1;
}

/* The fixture with enf_count attached, and an enforcer on it. */
static struct enforcer *watched_fixture(struct fx *fx, const struct role_attrs *attrs,
					enum on_violation ov)
{
	fx->obj = fixture_load(NULL, NULL);
	fx->link = fixture_attach(fx->obj, "enf_count");
	fx->e = enforcer_new(fx->obj, attrs, ov);
	assert_non_null(fx->e);
	return fx->e;
}

/* The same, started, with the stats always on. */
static struct enforcer *run_setup(struct fx *fx, const struct role_attrs *attrs,
				  enum on_violation ov)
{
	watched_fixture(fx, attrs, ov);
	assert_int_equal(enforcer_set_interval(fx->e, 1000, 100), 0);
	enforcer_set_quiet(fx->e, true);
	assert_int_equal(enforcer_start(fx->e), 0);
	return fx->e;
}

static void test_event_ns_measured(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer_stats st;
	struct enforcer *e = run_setup(fx, &attrs, ON_VIOLATION_DETACH);

	assert_true(stats_fd_open());
	target_run(1000);
	assert_int_equal(enforcer_sample(e), 0);
	enforcer_stats(e, &st);
	/* stats always on: every run counted, exactly */
	assert_int_equal(st.events_sampled, 1000);
	assert_true(st.run_time_ns > 0);
	assert_true(st.avg_event_ns > 0);
	assert_true(st.events_per_s > 0);
	assert_int_equal(st.recursion_misses, 0);
	assert_int_equal(enforcer_nr_violations(e), 0);
	assert_false(enforcer_violated(e));

	target_run(500);
	assert_int_equal(enforcer_finish(e), 0);
	enforcer_stats(e, &st);
	assert_int_equal(st.events_sampled, 500);
	assert_int_equal(st.total_events_sampled, 1500);
	assert_int_equal(st.intervals, 2);
	assert_false(stats_fd_open());
	assert_int_equal(enforcer_exit_code(e), 0);
}

/* The periodic line in JSON mode: one {"sample": ...} document per interval. */
static void test_sample_json(void **state)
{
	static const char head[] = "{\"sample\":{\"t_ms\":";
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer_stats st;
	struct enforcer *e = run_setup(fx, &attrs, ON_VIOLATION_DETACH);
	struct mem_out mo;

	enforcer_set_quiet(e, false);
	target_run(300);
	mem_open(&mo);
	json_wtr = jsonw_new(mo.f);
	json_output = true;
	assert_int_equal(enforcer_sample(e), 0);
	jsonw_destroy(&json_wtr);
	json_output = false;
	mem_close(&mo);
	assert_true(!strncmp(mo.buf, head, strlen(head)));
	assert_non_null(strstr(mo.buf, "\"events_sampled\":300,"));
	assert_non_null(strstr(mo.buf, "\"recursion_misses\":0,\"lost_events\":0,"));
	/* 64 x (4 + 48) */
	assert_non_null(strstr(mo.buf, "{\"name\":\"enf_hash\",\"max_entries\":64,\"memory\":3328,"));
	assert_non_null(strstr(mo.buf, "\"violations\":0}}"));
	assert_null(strchr(mo.buf, '\n'));	/* one line */
	free(mo.buf);

	/* lost events: the caller's running total */
	enforcer_set_quiet(e, true);
	enforcer_set_lost_events(e, 7);
	assert_int_equal(enforcer_sample(e), 0);
	enforcer_set_lost_events(e, 9);
	assert_int_equal(enforcer_sample(e), 0);
	enforcer_stats(e, &st);
	assert_int_equal(st.lost_events, 9);
}

static void test_event_ns_detach(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer *e;
	char *json;

	attrs.max_event_ns = 1;		/* no program runs in 1 ns */
	e = run_setup(fx, &attrs, ON_VIOLATION_DETACH);
	/* no event, nothing measured: no violation */
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 0);

	target_run(200);
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 1);
	assert_true(enforcer_violated(e));
	assert_int_equal(enforcer_exit_code(e), RP_EXIT_VIOLATION);

	/* still over: reported once, when it went over */
	target_run(200);
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 1);

	json = summary_json(e);
	assert_non_null(strstr(json, "\"violations\":[{\"attribute\":\"max_event_ns\",\"limit\":1,"
				"\"observed\":"));
	assert_non_null(strstr(json, "\"unit\":\"ns/event\""));
	assert_non_null(strstr(json, "\"detached_for_violation\":true"));
	free(json);
}

static void test_event_ns_warn(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer *e;

	attrs.max_event_ns = 1;
	e = run_setup(fx, &attrs, ON_VIOLATION_WARN);
	target_run(200);
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 1);
	assert_false(enforcer_violated(e));
	assert_int_equal(enforcer_exit_code(e), 0);
}

static void test_event_ns_within(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer *e;

	attrs.max_event_ns = 1000000000;	/* a second per event */
	e = run_setup(fx, &attrs, ON_VIOLATION_DETACH);
	target_run(200);
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 0);
}

/*
 * The duty cycle: the stats are on for one window in each interval. Which part of the
 * target's calls lands in a window depends on scheduling; that the stats fd comes and goes
 * with the window, inside the interval, does not.
 */
static void test_duty_cycle(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer_stats st;
	bool seen_open = false, closed_after = false;
	struct enforcer *e;
	int ms;

	e = watched_fixture(fx, &attrs, ON_VIOLATION_DETACH);
	fx->m = mirror_new(fx->obj, NULL);
	assert_non_null(e);
	assert_non_null(fx->m);
	assert_int_equal(enforcer_set_interval(e, 0, 10), -EINVAL);
	assert_int_equal(enforcer_set_interval(e, 100, 101), -EINVAL);
	assert_int_equal(enforcer_set_interval(e, 200, 10), 0);
	enforcer_set_mirror(e, fx->m);
	enforcer_set_quiet(e, true);
	assert_int_equal(enforcer_start(e), 0);
	fx->child = target_start(1000000000);	/* runs until killed */

	/* tick through the first interval: its window opens, then closes before the sample */
	do {
		ms = enforcer_tick(e);
		assert_true(ms >= 0);
		enforcer_stats(e, &st);
		if (st.intervals)
			break;
		if (stats_fd_open())
			seen_open = true;
		else if (seen_open)
			closed_after = true;
		usleep(ms * 1000);
	} while (!st.intervals);
	assert_true(seen_open);
	/* a window that ends with its interval is closed by the tick that samples */
	assert_true(closed_after || !stats_fd_open());
	assert_true(st.window_ns > 0);
	assert_true(st.window_offset_ns + st.window_ns <= st.interval_ns);
	assert_true(st.events_sampled > 0);
	assert_true(st.avg_event_ns > 0);
	/* the tick refreshed the mirror: the enforcer sees live entries */
	assert_int_equal(mirror_find(fx->m, "enf_hash")->nr_entries, 8);

	assert_int_equal(enforcer_finish(e), 0);
	assert_false(stats_fd_open());
	assert_int_equal(enforcer_tick(e), -EINVAL);	/* finished */
}

/*
 * Where the windows fall: at a random offset, drawn anew every interval, the whole window
 * inside its interval. A window always at the interval's start (the old fixed phase) opens
 * a few microseconds in, every time: a periodic target could stay out of all of them.
 * 20 ms intervals with 5 ms windows leave 15 ms of room: the odds that 20 uniform offsets
 * all fall in the same millisecond are about 15^-19.
 */
#define PLACEMENT_INTERVALS	40

static void test_window_placement(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer_stats st;
	__u64 lo = ~0ull, hi = 0;
	unsigned int seen = 0, windows = 0;
	struct enforcer *e;
	int ms;

	e = watched_fixture(fx, &attrs, ON_VIOLATION_DETACH);
	assert_int_equal(enforcer_set_interval(e, 20, 10), 0);	/* 2 ms: the 5 ms minimum */
	enforcer_set_quiet(e, true);
	assert_int_equal(enforcer_start(e), 0);
	while (seen < PLACEMENT_INTERVALS) {
		ms = enforcer_tick(e);
		assert_true(ms >= 0);
		enforcer_stats(e, &st);
		if (st.intervals == seen) {
			usleep(ms * 1000);
			continue;
		}
		assert_int_equal(st.intervals, seen + 1);
		seen = st.intervals;
		/* a tick that overslept its interval's end skips its window: not counted */
		if (!st.window_ns)
			continue;
		windows++;
		assert_true(st.window_offset_ns + st.window_ns <= st.interval_ns);
		if (st.window_offset_ns < lo)
			lo = st.window_offset_ns;
		if (st.window_offset_ns > hi)
			hi = st.window_offset_ns;
	}
	assert_true(windows >= PLACEMENT_INTERVALS / 2);
	/* not always at the start, and spread over the room there is */
	assert_true(hi >= 1000000);
	assert_true(hi - lo >= 1000000);
	assert_int_equal(enforcer_finish(e), 0);
	assert_false(stats_fd_open());
}

/*
 * max_event_ns with no run sampled in a whole run: not a violation, but not verified, and
 * the summary says so; a run with samples is verified; without the limit there is nothing
 * to verify (null).
 */
static void test_event_ns_unverified(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer *e;
	char *json;

	attrs.max_event_ns = 1;
	e = run_setup(fx, &attrs, ON_VIOLATION_WARN);
	assert_int_equal(enforcer_sample(e), 0);
	assert_int_equal(enforcer_finish(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 0);
	assert_int_equal(enforcer_exit_code(e), 0);
	json = summary_json(e);
	assert_non_null(strstr(json, "\"events_sampled\":0,"));
	assert_non_null(strstr(json, "\"max_event_ns\":1,\"max_event_ns_verified\":false,"));
	assert_non_null(strstr(json, "\"violations\":[]"));
	free(json);
	enforcer_free(fx->e);

	fx->e = e = enforcer_new(fx->obj, &attrs, ON_VIOLATION_WARN);
	assert_non_null(e);
	assert_int_equal(enforcer_set_interval(e, 1000, 100), 0);
	enforcer_set_quiet(e, true);
	assert_int_equal(enforcer_start(e), 0);
	target_run(10);
	assert_int_equal(enforcer_finish(e), 0);
	assert_int_equal(enforcer_nr_violations(e), 1);
	json = summary_json(e);
	assert_non_null(strstr(json, "\"max_event_ns\":1,\"max_event_ns_verified\":true,"));
	free(json);
	enforcer_free(fx->e);

	attrs.max_event_ns = 0;
	fx->e = e = enforcer_new(fx->obj, &attrs, ON_VIOLATION_WARN);
	assert_non_null(e);
	enforcer_set_quiet(e, true);
	assert_int_equal(enforcer_start(e), 0);
	assert_int_equal(enforcer_finish(e), 0);
	json = summary_json(e);
	assert_non_null(strstr(json, "\"max_event_ns\":0,\"max_event_ns_verified\":null,"));
	free(json);
}

/* SPEC section 4: key + value x max_entries over the maps, per-CPU values once per CPU. */
static __u64 expected_map_memory(struct bpf_object *obj)
{
	int nr_cpus = libbpf_num_possible_cpus();
	struct bpf_map *map;
	__u64 sum = 0;

	bpf_object__for_each_map(map, obj) {
		__u64 k = bpf_map__key_size(map), v = bpf_map__value_size(map);
		__u64 n = bpf_map__max_entries(map);

		switch (bpf_map__type(map)) {
		case BPF_MAP_TYPE_RINGBUF:
			sum += n;
			break;
		case BPF_MAP_TYPE_PERCPU_ARRAY:
			sum += (k + ((v + 7) & ~7ull) * nr_cpus) * n;
			break;
		default:
			sum += (k + v) * n;
		}
	}
	return sum;
}

static void test_map_memory(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	struct enforcer_stats st;
	__u64 want;

	fx->obj = fixture_load(NULL, NULL);
	want = expected_map_memory(fx->obj);
	assert_true(want > 64 * (4 + 48));	/* enf_hash alone */

	/* at the limit: fine */
	attrs.max_map_memory = want;
	fx->e = enforcer_new(fx->obj, &attrs, ON_VIOLATION_DETACH);
	assert_non_null(fx->e);
	assert_int_equal(enforcer_set_interval(fx->e, 1000, 0), 0);
	assert_int_equal(enforcer_start(fx->e), 0);
	assert_false(stats_fd_open());	/* duty 0: never on */
	enforcer_stats(fx->e, &st);
	assert_int_equal(st.map_memory, want);
	assert_int_equal(enforcer_nr_violations(fx->e), 0);
	enforcer_free(fx->e);

	/* a byte over: a violation at start, before anything is attached */
	attrs.max_map_memory = want - 1;
	fx->e = enforcer_new(fx->obj, &attrs, ON_VIOLATION_DETACH);
	assert_non_null(fx->e);
	assert_int_equal(enforcer_start(fx->e), 0);
	assert_int_equal(enforcer_nr_violations(fx->e), 1);
	assert_true(enforcer_violated(fx->e));
}

/* --- leftovers --- */

static void test_leftovers_none(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	char *json;

	watched_fixture(fx, &attrs, ON_VIOLATION_DETACH);
	bpf_link__destroy(fx->link);
	fx->link = NULL;
	bpf_object__close(fx->obj);
	fx->obj = NULL;
	assert_int_equal(enforcer_check_leftovers(fx->e), 0);
	assert_int_equal(enforcer_nr_violations(fx->e), 0);
	json = summary_json(fx->e);
	assert_non_null(strstr(json, "\"leftovers\":[]"));
	free(json);
}

static void leftover_pinned(struct fx *fx, bool side_effects_allowed)
{
	struct role_attrs attrs = default_attrs();
	char *json, want[256];

	attrs.may_have_side_effect = side_effects_allowed;
	fx->obj = fixture_load("enf_hash", fx->pin);
	fx->e = enforcer_new(fx->obj, &attrs, ON_VIOLATION_DETACH);
	assert_non_null(fx->e);
	bpf_object__close(fx->obj);
	fx->obj = NULL;
	/* the pinned map survives; the programs and other maps go */
	assert_int_equal(enforcer_check_leftovers(fx->e), 1);
	json = summary_json(fx->e);
	assert_non_null(strstr(json, "\"kind\":\"map\",\"id\":"));
	snprintf(want, sizeof(want), "\"name\":\"enf_hash\",\"pins\":[\"%s\"]", fx->pin);
	assert_non_null(strstr(json, want));
	free(json);
	if (side_effects_allowed) {
		assert_int_equal(enforcer_nr_violations(fx->e), 0);
		assert_int_equal(enforcer_exit_code(fx->e), 0);
	} else {
		assert_int_equal(enforcer_nr_violations(fx->e), 1);
		assert_int_equal(enforcer_exit_code(fx->e), RP_EXIT_VIOLATION);
	}
}

static void test_leftover_pinned(void **state)
{
	leftover_pinned(*state, false);
}

static void test_leftover_pinned_allowed(void **state)
{
	leftover_pinned(*state, true);
}

/* A link someone still holds keeps the program (and its maps): after the wait, reported. */
static void test_leftover_link_held(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct fx *fx = *state;
	char *json;

	watched_fixture(fx, &attrs, ON_VIOLATION_WARN);
	bpf_object__close(fx->obj);	/* the link keeps enf_count alive */
	fx->obj = NULL;
	assert_true(enforcer_check_leftovers(fx->e) >= 2);
	json = summary_json(fx->e);
	assert_non_null(strstr(json, "\"kind\":\"link\""));
	assert_non_null(strstr(json, "\"kind\":\"program\",\"id\":"));
	assert_non_null(strstr(json, "\"name\":\"enf_count\",\"pins\":[]"));
	free(json);
	assert_int_equal(enforcer_nr_violations(fx->e), 1);
	assert_false(enforcer_violated(fx->e));	/* warn */
}

/*
 * The way attach uses it: an example extension linked with the host library by the loader,
 * attached to demo_app, its maps mirrored; the host library's maps are no part of the
 * extension's budget or mirror, and nothing survives loader_close().
 */
static void test_with_loader(void **state)
{
	struct role_attrs attrs = default_attrs();
	struct loader_opts lopts = { .pid = -1 };
	struct fx *fx = *state;
	struct enforcer_stats st;
	char ext_path[4096], bin[4096];
	struct loader *ld = NULL;
	const struct mirror_map *mm;
	__u64 val, lost = 0;
	size_t len = 0;
	FILE *f;
	int status, gate[2];
	char go = 'g';
	pid_t pid;

	snprintf(ext_path, sizeof(ext_path), "%s", build_path("examples/count_calls.bpf.o"));
	snprintf(bin, sizeof(bin), "%s", build_path("targets/demo_app"));
	/*
	 * The target first, held at a gate until the probes are attached to it alone (by
	 * pid): another demo_app running on the machine must not count here.
	 */
	assert_int_equal(pipe(gate), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		close(gate[1]);
		if (read(gate[0], &go, 1) != 1)
			_exit(126);
		dup2(fd, STDOUT_FILENO);
		execl(bin, "demo_app", "-n", "50", (char *)NULL);
		_exit(127);
	}
	close(gate[0]);
	fx->child = pid;
	lopts.pid = pid;
	f = fopen(ext_path, "r");
	assert_non_null(f);
	lopts.ext_buf = fx->ext_buf = malloc(1 << 20);
	assert_non_null(fx->ext_buf);
	len = fread(fx->ext_buf, 1, 1 << 20, f);
	fclose(f);
	assert_true(len > 0 && len < (1 << 20));
	lopts.ext_len = len;
	lopts.ext_path = ext_path;
	lopts.binary = bin;
	assert_int_equal(loader_open(&lopts, &ld), 0);
	fx->ld = ld;
	assert_int_equal(loader_load(ld), 0);

	fx->e = enforcer_new(loader_object(ld), &attrs, ON_VIOLATION_DETACH);
	fx->m = mirror_new(loader_object(ld), NULL);
	assert_non_null(fx->e);
	assert_non_null(fx->m);
	assert_null(mirror_find(fx->m, ROLEPROBE_EVENTS_MAP));
	assert_null(mirror_find(fx->m, ROLEPROBE_LOST_MAP));
	enforcer_set_mirror(fx->e, fx->m);
	enforcer_set_quiet(fx->e, true);
	assert_int_equal(enforcer_set_interval(fx->e, 1000, 100), 0);
	assert_int_equal(enforcer_start(fx->e), 0);
	assert_int_equal(loader_attach(ld), 0);

	assert_int_equal(write(gate[1], &go, 1), 1);
	close(gate[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	fx->child = 0;
	assert_true(WIFEXITED(status) && !WEXITSTATUS(status));

	assert_int_equal(loader_lost_events(ld, (unsigned long long *)&lost), 0);
	enforcer_set_lost_events(fx->e, lost);
	assert_int_equal(mirror_refresh(fx->m), 0);
	assert_int_equal(enforcer_finish(fx->e), 0);
	enforcer_stats(fx->e, &st);
	/* two entries on demo_add (uprobe and uretprobe): 50 calls, 100 runs */
	assert_int_equal(st.events_sampled, 100);
	/* calls: {pid: 50} */
	mm = mirror_find(fx->m, "calls");
	assert_non_null(mm);
	assert_int_equal(mm->nr_entries, 1);
	assert_memory_equal(mirror_key(mm, 0), &pid, sizeof(__u32));
	memcpy(&val, mirror_value(mm, 0), sizeof(val));
	assert_int_equal(val, 50);
	/* calls 1024 x (4 + 8) + returns 1 x (4 + 16); the host library's maps do not count */
	assert_int_equal(st.map_memory, 1024 * 12 + 20);

	loader_detach(ld);
	loader_close(ld);
	fx->ld = NULL;
	assert_int_equal(enforcer_check_leftovers(fx->e), 0);
	assert_int_equal(enforcer_nr_violations(fx->e), 0);
}

#define FX_TEST(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_event_ns_measured),
		FX_TEST(test_sample_json),
		FX_TEST(test_event_ns_detach),
		FX_TEST(test_event_ns_warn),
		FX_TEST(test_event_ns_within),
		FX_TEST(test_duty_cycle),
		FX_TEST(test_window_placement),
		FX_TEST(test_event_ns_unverified),
		FX_TEST(test_map_memory),
		FX_TEST(test_leftovers_none),
		cmocka_unit_test_setup_teardown(test_leftover_pinned, fx_setup_bpffs, fx_teardown),
		cmocka_unit_test_setup_teardown(test_leftover_pinned_allowed, fx_setup_bpffs,
						fx_teardown),
		FX_TEST(test_leftover_link_held),
		FX_TEST(test_with_loader),
	};

	if (geteuid()) {
		fprintf(stderr, "test_enforcer: needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
