/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The enforcer (SPEC section 1, layer 3; section 4): watches a loaded extension from outside
 * while it runs and acts on what breaks its role's attributes.
 *
 * What it observes, per interval:
 *	run time per event	BPF run-time stats (run_time_ns / run_cnt of each program),
 *				sampled on a duty cycle, against max_event_ns
 *	recursion misses	bpf_prog_info.recursion_misses: events the kernel skipped
 *				because the program was already running on that CPU
 *	map memory		key + value x max_entries over the extension's maps (a per-CPU
 *				value once per possible CPU), against max_map_memory; live
 *				entries per map come from the mirror
 *	lost events		the host library's ring buffer drops, as the caller counts them
 *	leftovers		after detach: programs, maps, links or pins of the extension
 *				that survive, against may_have_side_effect: false
 *
 * A violation is reported with the attribute, the limit and the observed value, on stderr
 * (plain) or as a {"violation": ...} JSON line; it is reported when an attribute goes over
 * its limit, not again while it stays over. With on_violation detach, enforcer_violated()
 * turns true and the caller detaches and exits 1; with warn it keeps running.
 *
 * Run-time stats are system-wide (bpf_enable_stats() flips a static key for every BPF
 * program) and cost each program run two clock reads. So they are on for one window of
 * ENFORCER_STATS_DUTY_PCT percent of every interval only (ENFORCER_STATS_MIN_WINDOW_MS at
 * least), and ns/event and events/s are measured over those windows. Each window starts at
 * a uniformly random offset in its interval, drawn anew every interval from a generator
 * seeded by getrandom(), such that the whole window fits in the interval. A window at a
 * fixed phase (it was the first 10 % of each interval) let a target that calls the probed
 * function periodically, every 200 ms under a 1 s interval say, stay out of every window:
 * no run was ever sampled and max_event_ns checked nothing for a whole run. At a random
 * offset, a run falls in a window with the duty cycle's odds every interval, whatever its
 * timing; a run that sampled none says so (max_event_ns not verified), it does not pass.
 * A target that times its own probed calls can still tell a window is open (the stats
 * slow every run): see docs/threat-model.md.
 *
 * Measured here (Linux 6.18, Firecracker, 2 vCPUs), a uprobe hit on an emulated first
 * instruction costs 400-450 ns, stats add 30 ns (best case) to 80 ns (SPEC section 8) per
 * hit: 7-18 % while on; at 10 % duty that is 0.7-1.8 % on average, under the 3 % budget.
 * Moving the window changes where it falls, not how long it is: roleprobe bench measured
 * 1.2 % over plain libbpf with the random windows (stats always on: 9.4 %).
 *
 * Use, in attach's order:
 *	e = enforcer_new(obj, &role->attrs, on_violation);	after load, before attach
 *	enforcer_set_mirror(e, mirror);				optional: live entries
 *	enforcer_start(e);					map memory checked here
 *	if (enforcer_violated(e)) -> do not attach, exit 1
 *	loop: timeout = enforcer_tick(e); poll(ring buffer, timeout);
 *	      enforcer_set_lost_events(e, lost); if (enforcer_violated(e)) break;
 *	enforcer_finish(e);					last sample, before detach
 *	close links, programs, maps (free the mirror: it holds no references anyway)
 *	enforcer_check_leftovers(e);
 *	enforcer_print_summary(e);
 *	exit code: enforcer_exit_code(e) when the rest went well
 *	enforcer_free(e);
 */
#ifndef ROLEPROBE_ENFORCER_H
#define ROLEPROBE_ENFORCER_H

#include <stdbool.h>
#include <linux/types.h>

#include "role.h"

struct bpf_object;
struct mirror;
struct enforcer;

/* Default sample interval: one periodic line per second. */
#define ENFORCER_INTERVAL_MS		1000
#define ENFORCER_MAX_INTERVAL_MS	3600000
/* Run-time stats are on for this share of every interval, at a random offset (see above). */
#define ENFORCER_STATS_DUTY_PCT		10
/* Shortest stats window worth taking: below it the clock reads dominate. */
#define ENFORCER_STATS_MIN_WINDOW_MS	5
/* How long enforcer_check_leftovers() waits for the kernel's deferred frees. */
#define ENFORCER_LEFTOVER_WAIT_MS	3000

/*
 * An enforcer for @obj (loaded) under @attrs, acting per @on_violation. Every program and
 * map of @obj is recorded (ids, for the leftover check); the host library's maps
 * (loader_is_host_map()) do not count against max_map_memory. Returns NULL with errno set
 * on failure (reported).
 */
struct enforcer *enforcer_new(struct bpf_object *obj, const struct role_attrs *attrs,
			      enum on_violation on_violation);

/* Entries per map come from @m's last refresh (borrowed; NULL: not shown). */
void enforcer_set_mirror(struct enforcer *e, struct mirror *m);

/*
 * Sample every @interval_ms (1 to ENFORCER_MAX_INTERVAL_MS), with run-time stats on for
 * @duty_pct (0..100) percent of each interval, in one window at a random offset: 0 never
 * (no ns/event), 100 always (exact event counts). Call before enforcer_start(). Returns
 * -EINVAL for values out of range or after the start.
 */
int enforcer_set_interval(struct enforcer *e, unsigned int interval_ms, unsigned int duty_pct);

/* Periodic lines on (default) or off; violations and the summary are always printed. */
void enforcer_set_quiet(struct enforcer *e, bool quiet);

/*
 * Take the baseline counters, check map memory against max_map_memory and place the first
 * stats window (opened now if its offset is 0). The stats are tried here, so that a refusal
 * comes before anything is attached. Returns 0 or a negative errno (reported; -EPERM
 * without CAP_SYS_ADMIN for the stats).
 */
int enforcer_start(struct enforcer *e);

/*
 * Call from the main loop as often as convenient. Opens and closes stats windows on time
 * (a window whose time passed while the loop slept past its interval's end is skipped),
 * and when an interval has passed, refreshes the mirror (if set, and writes its JSON file
 * when it has a path), samples, checks and prints the periodic line. Returns the ms until
 * the next thing is due (use it as the poll timeout), or a negative errno (reported).
 */
int enforcer_tick(struct enforcer *e);

/*
 * End the current interval now: read the counters, check, print the periodic line (the
 * mirror is not refreshed: the caller does that). Returns 0 or a negative errno.
 */
int enforcer_sample(struct enforcer *e);

/* The host library's ring buffer drops so far (a running total). */
void enforcer_set_lost_events(struct enforcer *e, __u64 total);

/* A violation happened and on_violation is detach: stop, detach, exit 1. */
bool enforcer_violated(const struct enforcer *e);

/* Violations reported so far (under either on_violation). */
int enforcer_nr_violations(const struct enforcer *e);

/* The last sample's measurements (for the caller and the tests). */
struct enforcer_stats {
	__u64 interval_ns;		/* the last interval's length */
	__u64 window_ns;		/* stats-on time in the last interval; 0: no window */
	__u64 window_offset_ns;		/* from its start to when its window opened */
	__u64 events_sampled;		/* program runs counted in those windows */
	__u64 run_time_ns;		/* their run time */
	double avg_event_ns;		/* run_time_ns / events_sampled; 0 without events */
	double events_per_s;		/* events_sampled / window */
	__u64 recursion_misses;		/* since start */
	__u64 lost_events;		/* since start */
	__u64 map_memory;		/* key + value x max_entries, the extension's maps */
	__u64 total_events_sampled;	/* since start */
	__u64 total_run_time_ns;	/* since start */
	__u64 total_window_ns;		/* stats-on time since start */
	unsigned int intervals;		/* samples taken */
};

void enforcer_stats(const struct enforcer *e, struct enforcer_stats *st);

/* Stop the stats and take the last sample. Call before detaching. */
int enforcer_finish(struct enforcer *e);

/*
 * After the caller closed everything of the extension: are any of its programs, maps or
 * links still in the kernel, or pinned in a bpffs mount? The kernel frees programs and
 * their maps after an RCU grace period, so this waits up to ENFORCER_LEFTOVER_WAIT_MS for
 * them to go. Survivors are a violation of may_have_side_effect: false (else reported as
 * information). Returns the number of survivors, or a negative errno.
 */
int enforcer_check_leftovers(struct enforcer *e);

/*
 * The final summary: plain lines on stdout, or a {"enforcer": ...} JSON line. When the role
 * sets max_event_ns and no run was sampled in the whole run, it says the limit was not
 * verified (a warning; max_event_ns_verified false): not a violation, not a pass.
 */
void enforcer_print_summary(const struct enforcer *e);

/* 1 (RP_EXIT_VIOLATION) when a violation happened and on_violation is detach, else 0. */
int enforcer_exit_code(const struct enforcer *e);

/* Stops the stats if still on. NULL is accepted. */
void enforcer_free(struct enforcer *e);

#endif /* ROLEPROBE_ENFORCER_H */
