// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A program for the enforcer's tests and the stats-cost measurement: calls one non-inlined
 * function in a tight loop and says how long a call took on average.
 *
 *   enf_target [-n COUNT] [-w]
 *	-n COUNT	calls of enf_work() (default 1000000)
 *	-w		wait for a line on stdin before the first call (lets a test attach first)
 *
 * At exit it prints "enf_target: COUNT calls, NS ns/call" (CLOCK_MONOTONIC over the loop).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The sink keeps the calls and their results from being optimised away. */
static volatile long sink;

/*
 * The first instruction decides what a uprobe hit costs: the kernel emulates a few (push,
 * nop, jumps) and single-steps every other one out of line. Measured in this Firecracker VM,
 * an uprobe on a RIP-relative mov (what -O1 makes of the body) costs ~15 us per hit, one on
 * a push ~0.45 us. The push/pop pair makes enf_work() the common, emulated case, so the
 * run-time stats cost is measured against a realistic hit.
 */
__attribute__((noinline, noclone)) int enf_work(int i)
{
#if defined(__x86_64__)
	asm volatile("push %%rbp\n\tpop %%rbp" ::: "memory");
#endif
	sink += i;
	return i + 1;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long count = 1000000, i;
	double t0, t1;
	int opt, wait_stdin = 0;
	char line[16], *end;

	while ((opt = getopt(argc, argv, "n:w")) != -1) {
		switch (opt) {
		case 'n':
			count = strtoul(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "enf_target: bad count '%s'\n", optarg);
				return 2;
			}
			break;
		case 'w':
			wait_stdin = 1;
			break;
		default:
			fprintf(stderr, "usage: enf_target [-n COUNT] [-w]\n");
			return 2;
		}
	}

	if (wait_stdin && !fgets(line, sizeof(line), stdin))
		return 2;
	t0 = now_ns();
	for (i = 0; i < count; i++)
		enf_work((int)i);
	t1 = now_ns();
	printf("enf_target: %lu calls, %.1f ns/call\n", count, count ? (t1 - t0) / count : 0.0);
	return 0;
}
