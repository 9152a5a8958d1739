// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A program to probe: calls a few non-inlined functions with integer and string arguments
 * a fixed number of times, and optionally a function of a shared library (libdemo.so, next
 * to this binary, loaded with dlopen so the build needs no ordering between the two).
 *
 *   demo_app [-n COUNT] [-d DELAY_MS] [-l] [-w]
 *	-n COUNT	iterations (default 10; 0 = until killed)
 *	-d DELAY_MS	pause after each iteration (default 0)
 *	-l		also call demo_lib_mul() in libdemo.so
 *	-w		wait for a line on stdin before the first call (lets a test attach first)
 *
 * Each iteration i calls demo_add(i, 1) (returns i + 1), demo_greet(NAMES[i % 3], i) and,
 * with -l, demo_lib_mul(i, 3). At exit it prints "demo_app: N iterations".
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const NAMES[] = { "alice", "bob", "carol" };

/* The sink keeps the calls and their results from being optimised away. */
static volatile long sink;

__attribute__((noinline, noclone)) int demo_add(int a, int b)
{
	sink += a;
	return a + b;
}

__attribute__((noinline, noclone)) int demo_greet(const char *name, int i)
{
	sink += strlen(name) + i;
	return (int)strlen(name);
}

static long (*load_lib(const char *self))(long, long)
{
	char path[PATH_MAX];
	const char *slash = strrchr(self, '/');
	void *h, *sym;

	snprintf(path, sizeof(path), "%.*slibdemo.so", slash ? (int)(slash - self + 1) : 0, self);
	if (!slash)
		snprintf(path, sizeof(path), "./libdemo.so");
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "demo_app: %s\n", dlerror());
		exit(1);
	}
	sym = dlsym(h, "demo_lib_mul");
	if (!sym) {
		fprintf(stderr, "demo_app: %s\n", dlerror());
		exit(1);
	}
	return (long (*)(long, long))sym;
}

int main(int argc, char **argv)
{
	long (*lib_mul)(long, long) = NULL;
	unsigned long count = 10, i;
	unsigned int delay_ms = 0;
	char line[16];
	int opt;

	while ((opt = getopt(argc, argv, "n:d:lw")) != -1) {
		switch (opt) {
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			delay_ms = strtoul(optarg, NULL, 10);
			break;
		case 'l':
			lib_mul = load_lib(argv[0]);
			break;
		case 'w':
			if (!fgets(line, sizeof(line), stdin)) {
				fprintf(stderr, "demo_app: stdin closed before the start line\n");
				return 1;
			}
			break;
		default:
			fprintf(stderr, "usage: demo_app [-n COUNT] [-d DELAY_MS] [-l] [-w]\n");
			return 2;
		}
	}

	for (i = 0; count == 0 || i < count; i++) {
		demo_add((int)i, 1);
		demo_greet(NAMES[i % 3], (int)i);
		if (lib_mul)
			sink += lib_mul((long)i, 3);
		if (delay_ms) {
			struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	printf("demo_app: %lu iterations\n", i);
	return 0;
}
