/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Shared by test_mirror.c and test_enforcer.c (include after <cmocka.h>): the BPF fixture
 * build/unit/enf_fixture.bpf.o, loaded with plain libbpf, and build/targets/enf_target, the
 * program its uprobes attach to (enf_work()).
 */
#ifndef ENF_FIXTURE_H
#define ENF_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Program @prog of @obj attached as an uprobe on enf_target's enf_work(), every process. */
static struct bpf_link *fixture_attach(struct bpf_object *obj, const char *prog)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "enf_work");
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	struct bpf_link *link;

	assert_non_null(p);
	link = bpf_program__attach_uprobe_opts(p, -1, build_path("targets/enf_target"), 0, &opts);
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
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execl(build_path("targets/enf_target"), "enf_target", "-n", n, (char *)NULL);
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
