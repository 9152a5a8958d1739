/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Shared by test_mirror.c and test_enforcer.c (include after <cmocka.h>): the BPF fixture
 * build/unit/enf_fixture.bpf.o, loaded with plain libbpf, and a private copy of
 * build/targets/enf_target, the program its uprobes attach to (enf_work()).
 */
#ifndef ENF_FIXTURE_H
#define ENF_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "output.h"

static char fixture_path_buf[4096];

/* A file under the build directory (ROLEPROBE_BUILD, else ./build). */
static const char *build_path(const char *rel)
{
	const char *dir = getenv("ROLEPROBE_BUILD");

	snprintf(fixture_path_buf, sizeof(fixture_path_buf), "%s/%s", dir ? dir : "build", rel);
	return fixture_path_buf;
}

/* The fixture, loaded; when @pin_map is set, that map is pinned at @pin_path at load. */
static struct bpf_object *fixture_load(const char *pin_map, const char *pin_path)
{
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(build_path("unit/enf_fixture.bpf.o"), NULL);
	assert_non_null(obj);
	if (pin_map) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, pin_map);

		assert_non_null(map);
		assert_int_equal(bpf_map__set_pin_path(map, pin_path), 0);
	}
	err = bpf_object__load(obj);
	if (err)
		fprintf(stderr, "fixture load: %s\n", strerror(-err));
	assert_int_equal(err, 0);
	return obj;
}

static char fixture_target_dir[4096];
static char fixture_target_buf[4160];

static void fixture_target_unlink(void)
{
	unlink(fixture_target_buf);
	rmdir(fixture_target_dir);
}

/*
 * This test program's own copy of build/targets/enf_target (made on first use, removed at
 * exit, unless the test dies first: build/unit/enf_target.* are such leftovers). A uprobe belongs to a file's inode: on a private copy, the counts are this test's
 * calls only, whatever other enf_target runs on the machine (another `make unit`, say).
 */
static const char *fixture_target(void)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	if (fixture_target_buf[0])
		return fixture_target_buf;
	/* in a directory of its own, under its own name: the tests read it back as comm */
	snprintf(fixture_target_dir, sizeof(fixture_target_dir), "%s",
		 build_path("unit/enf_target.XXXXXX"));
	assert_non_null(mkdtemp(fixture_target_dir));
	snprintf(fixture_target_buf, sizeof(fixture_target_buf), "%s/enf_target",
		 fixture_target_dir);
	out = open(fixture_target_buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	assert_true(out >= 0);
	atexit(fixture_target_unlink);
	in = open(build_path("targets/enf_target"), O_RDONLY | O_CLOEXEC);
	assert_true(in >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, n), n);
	assert_int_equal(n, 0);
	close(in);
	assert_int_equal(fchmod(out, 0755), 0);
	/* closed before anything runs it: a file open for writing cannot be executed */
	assert_int_equal(close(out), 0);
	return fixture_target_buf;
}

/* Program @prog of @obj attached as an uprobe on enf_work() of this test's own enf_target. */
static struct bpf_link *fixture_attach(struct bpf_object *obj, const char *prog)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "enf_work");
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	struct bpf_link *link;

	assert_non_null(p);
	link = bpf_program__attach_uprobe_opts(p, -1, fixture_target(), 0, &opts);
	if (!link)
		fprintf(stderr, "attach %s: %s\n", prog, strerror(errno));
	assert_non_null(link);
	return link;
}

/* Start enf_target for @calls calls of enf_work(); its output goes to /dev/null. */
static pid_t target_start(unsigned long calls)
{
	char n[32];
	pid_t pid;

	snprintf(n, sizeof(n), "%lu", calls);
	fixture_target();
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execl(fixture_target_buf, "enf_target", "-n", n, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void target_wait(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Run enf_target to completion: exactly @calls hits of every attached uprobe. */
static void target_run(unsigned long calls)
{
	target_wait(target_start(calls));
}

/* A JSON writer on a memory buffer, to check what a printer wrote. */
struct mem_out {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem_out *mo)
{
	mo->buf = NULL;
	mo->len = 0;
	mo->f = open_memstream(&mo->buf, &mo->len);
	assert_non_null(mo->f);
}

/* Close the stream; mo->buf holds the text, trailing newlines removed. Free it after. */
static char *mem_close(struct mem_out *mo)
{
	assert_int_equal(fclose(mo->f), 0);
	while (mo->len && mo->buf[mo->len - 1] == '\n')
		mo->buf[--mo->len] = '\0';
	return mo->buf;
}

#endif /* ENF_FIXTURE_H */
