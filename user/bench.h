/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * `roleprobe bench` (SPEC section 9): one run, four measurements, each a median over rounds.
 *
 *	per call	a probed function called in a loop by build/bench/bench_target: native,
 *			with the bench extension attached by roleprobe, by plain libbpf, with
 *			run-time stats on, as uretprobe, on a 5-byte nop, and run in process by
 *			a userspace eBPF runtime (DPDK's librte_bpf: JIT and interpreter);
 *			variants interleaved within every round (bench_percall.c)
 *	verify		roleprobe's userspace check against the kernel's BPF_PROG_LOAD of the
 *			same generated objects, about 100 to 100k instructions (bench_verify.c)
 *	attach		from the start of `roleprobe attach` to its first event, against a
 *			bpftrace one-liner doing the same (bench_attach.c)
 *	mirror		map mirror throughput on a 1M-entry hash map, batch and key by key
 *			(mirror_bench() in mirror.c)
 *
 * Everything it runs lives in one assets directory, build/bench (Makefile, tests/bench):
 * bench_target, bench_hit.bpf.o, bench_event.bpf.o, bench.yaml, verify_N.bpf.o.
 */
#ifndef ROLEPROBE_BENCH_H
#define ROLEPROBE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "mirror.h"

#define BENCH_MAX_ROUNDS	101
#define BENCH_ROLE_NAME		"BenchRole"

struct bench_opts {
	const char *assets;		/* the assets directory */
	const char *self;		/* this roleprobe binary, for `roleprobe attach` children */
	unsigned int rounds;		/* per call, verify and attach rounds */
	unsigned long long calls;	/* calls of the probed function per round and variant */
	__u32 mirror_entries;
	unsigned int mirror_rounds;
	bool quick;
};

/* ---- per call ---- */

enum bench_variant {
	BV_NATIVE,
	BV_ROLEPROBE,
	BV_LIBBPF,
	BV_STATS,
	BV_URETPROBE,
	BV_NOP5,
	BV_JIT,
	BV_INTERP,
	BV_NR,
};

struct bench_percall {
	double ns[BV_NR];			/* median CPU ns per call (of the calling
						 * thread); < 0: not measured */
	double wall_ns[BV_NR];			/* median wall-clock ns per call */
	double rounds[BV_NR][BENCH_MAX_ROUNDS];	/* CPU ns, every round, in order */
	double wall_rounds[BV_NR][BENCH_MAX_ROUNDS];
	int nr_rounds;
	char *unavailable[BV_NR];		/* why a variant was not measured, or NULL */
	double prog_ns;				/* the program's own run time per hit, from the
						 * kernel's run-time stats (stats variant); < 0:
						 * not measured */
	char runtime[96];			/* the userspace runtime, "DPDK 22.11.11 ..." */
};

/* The JSON key and the table label of a variant. */
const char *bench_variant_key(enum bench_variant v);
const char *bench_variant_label(enum bench_variant v);

/* Run every variant, interleaved, o->rounds times. 0 or a negative errno (reported). */
int bench_percall_run(const struct bench_opts *o, struct bench_percall *res);
void bench_percall_free(struct bench_percall *res);

/* ---- verification cost ---- */

struct bench_verify_row {
	unsigned int nominal;		/* the size the object was generated for */
	int insns;			/* its instructions */
	double roleprobe_us;		/* verifier_check(), median */
	double roleprobe_read_us;	/* extension_open(): read and decode, median */
	unsigned long long steps;	/* instructions the userspace verifier interpreted */
	double kernel_us;		/* the BPF_PROG_LOAD syscall, median */
	double kernel_verify_us;	/* the verifier's own time as the kernel logs it, median */
	unsigned long long kernel_processed;	/* "processed N insns" */
};

#define BENCH_NR_VERIFY	4

struct bench_verify {
	struct bench_verify_row rows[BENCH_NR_VERIFY];	/* ascending size */
	int nr_rows;
};

int bench_verify_run(const struct bench_opts *o, struct bench_verify *res);

/* ---- attach latency ---- */

struct bench_attach {
	double roleprobe_ms;		/* command start to the first event line, median */
	double check_ms;		/* ... to the userspace check's line */
	double kernel_check_ms;		/* ... to the kernel-side check's line (after load) */
	double attached_ms;		/* ... to the "attached" line */
	double bpftrace_ms;		/* command start to bpftrace's first printf line; < 0: not
					 * measured */
	char *bpftrace_unavailable;	/* why, or NULL */
	char bpftrace_version[64];
};

int bench_attach_run(const struct bench_opts *o, struct bench_attach *res);
void bench_attach_free(struct bench_attach *res);

/* ---- shared by the parts: time, statistics, paths, child processes ---- */

unsigned long long bench_now_ns(void);

/* The median of @n values (sorted in place). */
double bench_median(double *v, int n);

/* "ASSETS/NAME" into @buf; false (reported) when it does not exist. */
bool bench_asset(const struct bench_opts *o, const char *name, char *buf, size_t size);

/*
 * A child process with its stdout on a pipe read line by line, and its stderr kept in a
 * memory file, shown when it fails.
 */
struct bench_child {
	pid_t pid;			/* 0: not running */
	int in_fd;			/* its stdin, with_stdin: a pipe; -1 */
	int out_fd;
	int err_fd;
	const char *name;		/* for messages */
	char buf[65536];		/* stdout read, not yet returned */
	size_t len;
	bool eof;
};

/*
 * Start @argv (argv[0] a path, or a name looked up in PATH), its stdin a pipe when
 * @with_stdin (for bench_child_go()), else /dev/null. Returns 0, or a negative errno
 * (reported).
 */
int bench_child_start(struct bench_child *c, const char *name, char *const argv[],
		      bool with_stdin);

/* Write a line to the child's stdin and close it: bench_target -w starts its loop. */
int bench_child_go(struct bench_child *c);

/*
 * The next line of the child's stdout, without its newline, into @line (cut to @size - 1
 * bytes when longer). Waits until @deadline_ns (bench_now_ns() clock). Returns 1 for a
 * line, 0 at end of output, -ETIMEDOUT, or another negative errno.
 */
int bench_child_line(struct bench_child *c, char *line, size_t size,
		     unsigned long long deadline_ns);

/*
 * Send @sig (0: none) and wait up to @timeout_ms for the child to exit, then SIGKILL it.
 * Returns its wait status, or -1 when it had to be killed. Closes its stdout.
 */
int bench_child_stop(struct bench_child *c, int sig, int timeout_ms);

/* Show what the child wrote on stderr (for a failure), prefixed with its name. */
void bench_child_show_stderr(const struct bench_child *c);

/* Close what is left of a stopped child (its stderr). */
void bench_child_release(struct bench_child *c);

/*
 * The end of a child whose run gave @err so far: stop it (bench_child_stop()); with
 * @want_exit_0, anything but exit status 0 is an error too (reported). On an error its
 * stderr is shown. Releases it. Returns @err, or -ECHILD for a bad exit.
 */
int bench_child_end(struct bench_child *c, int sig, int timeout_ms, bool want_exit_0, int err);

/*
 * Run @argv to completion (at most @timeout_ms) and return its first stdout line in
 * @line. Returns 0 when it exited 0 with a line, or a negative errno after reporting (with
 * the child's stderr); *@status (may be NULL) gets its wait status.
 */
int bench_run_line(const char *name, char *const argv[], char *line, size_t size,
		   int timeout_ms, int *status);

/*
 * In a JSON line of roleprobe's own output, the unsigned number of the first @key that
 * follows the text @after (e.g. after "\"name\":\"hits\"", key "map_id"). False when
 * either is missing.
 */
bool bench_json_uint(const char *line, const char *after, const char *key,
		     unsigned long long *out);

#endif /* ROLEPROBE_BENCH_H */
