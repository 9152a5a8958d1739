// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* `roleprobe bench`: time, medians, assets and the child processes every part runs. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "output.h"

unsigned long long bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	if (n <= 0)
		return -1;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool bench_asset(const struct bench_opts *o, const char *name, char *buf, size_t size)
{
	struct stat st;

	if ((size_t)snprintf(buf, size, "%s/%s", o->assets, name) >= size) {
		p_err("bench: path too long: %s/%s", o->assets, name);
		return false;
	}
	if (stat(buf, &st)) {
		p_err("bench: cannot find %s: %s (build it with `make`, or point --assets at the "
		      "directory that holds it)", buf, strerror(errno));
		return false;
	}
	return true;
}

int bench_child_start(struct bench_child *c, const char *name, char *const argv[],
		      bool with_stdin)
{
	int out[2] = { -1, -1 }, in[2] = { -1, -1 }, err_fd, err;
	pid_t parent = getpid(), pid;

	memset(c, 0, sizeof(*c));
	c->out_fd = c->err_fd = c->in_fd = -1;
	c->name = name;
	err_fd = memfd_create("roleprobe-bench-stderr", MFD_CLOEXEC);
	if (err_fd < 0) {
		err = -errno;
		p_err("bench: cannot create a memory file for %s's stderr: %s", name,
		      strerror(-err));
		return err;
	}
	if (!with_stdin)
		in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (pipe2(out, O_CLOEXEC) || (with_stdin ? pipe2(in, O_CLOEXEC) : in[0] < 0)) {
		err = -errno;
		p_err("bench: cannot create pipes for %s: %s", name, strerror(-err));
		goto err_close;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		p_err("bench: cannot start %s: %s", name, strerror(-err));
		goto err_close;
	}
	if (!pid) {
		/* dup2() clears close-on-exec on the copies */
		if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
		    dup2(err_fd, STDERR_FILENO) < 0)
			_exit(127);
		/* no child outlives the bench, however it ends (Ctrl-C reaches them anyway) */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(127);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(in[0]);
	c->pid = pid;
	c->out_fd = out[0];
	c->in_fd = in[1];
	c->err_fd = err_fd;
	return 0;

err_close:
	close(err_fd);
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	return err;
}

int bench_child_go(struct bench_child *c)
{
	int err;

	if (c->in_fd < 0 || write(c->in_fd, "go\n", 3) != 3) {
		err = c->in_fd < 0 ? -EBADF : -errno;
		p_err("bench: cannot tell %s to start: %s", c->name, strerror(-err));
		return err;
	}
	close(c->in_fd);
	c->in_fd = -1;
	return 0;
}

int bench_child_line(struct bench_child *c, char *line, size_t size,
		     unsigned long long deadline_ns)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		size_t n;
		ssize_t r;

		if (nl || c->len == sizeof(c->buf) || (c->eof && c->len)) {
			size_t take = nl ? (size_t)(nl - c->buf) : c->len;

			n = take < size - 1 ? take : size - 1;
			memcpy(line, c->buf, n);
			line[n] = '\0';
			take += nl ? 1 : 0;
			memmove(c->buf, c->buf + take, c->len - take);
			c->len -= take;
			return 1;
		}
		if (c->eof)
			return 0;

		struct pollfd pfd = { .fd = c->out_fd, .events = POLLIN };
		unsigned long long now = bench_now_ns();
		int timeout_ms, ret;

		if (now >= deadline_ns)
			return -ETIMEDOUT;
		timeout_ms = (int)((deadline_ns - now + 999999) / 1000000);
		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!ret)
			continue;
		r = read(c->out_fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (!r)
			c->eof = true;
		c->len += r;
	}
}

/* Read and drop what the child writes, so it never blocks on a full pipe while exiting. */
static void drain(struct bench_child *c)
{
	struct pollfd pfd = { .fd = c->out_fd, .events = POLLIN };
	char scratch[4096];
	ssize_t n;

	while (!c->eof && poll(&pfd, 1, 0) > 0) {
		n = read(c->out_fd, scratch, sizeof(scratch));
		if (n <= 0) {
			c->eof = n == 0;
			break;
		}
	}
}

int bench_child_stop(struct bench_child *c, int sig, int timeout_ms)
{
	unsigned long long deadline = bench_now_ns() + timeout_ms * 1000000ULL;
	int status = -1;
	pid_t r;

	if (c->pid <= 0)
		return -1;
	if (sig)
		kill(c->pid, sig);
	for (;;) {
		drain(c);
		r = waitpid(c->pid, &status, WNOHANG);
		if (r == c->pid || (r < 0 && errno != EINTR))
			break;
		if (bench_now_ns() >= deadline) {
			p_warn("bench: %s did not exit within %d ms: killed", c->name, timeout_ms);
			kill(c->pid, SIGKILL);
			waitpid(c->pid, NULL, 0);
			status = -1;
			break;
		}
		usleep(1000);
	}
	c->pid = 0;
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->in_fd >= 0)
		close(c->in_fd);
	c->out_fd = c->in_fd = -1;
	return status;
}

void bench_child_show_stderr(const struct bench_child *c)
{
	char buf[4096];
	ssize_t n;

	if (c->err_fd < 0)
		return;
	n = pread(c->err_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	fprintf(stderr, "%s said:\n%s\n", c->name, buf);
}

void bench_child_release(struct bench_child *c)
{
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->err_fd = -1;
}

int bench_child_end(struct bench_child *c, int sig, int timeout_ms, bool want_exit_0, int err)
{
	int status = bench_child_stop(c, sig, timeout_ms);

	if (!err && want_exit_0 &&
	    (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status))) {
		p_err("bench: %s did not end cleanly (wait status 0x%x)", c->name, status);
		err = -ECHILD;
	}
	if (err)
		bench_child_show_stderr(c);
	bench_child_release(c);
	return err;
}

int bench_run_line(const char *name, char *const argv[], char *line, size_t size,
		   int timeout_ms, int *status)
{
	struct bench_child c;
	int err, st;

	err = bench_child_start(&c, name, argv, false);
	if (err)
		return err;
	err = bench_child_line(&c, line, size, bench_now_ns() + timeout_ms * 1000000ULL);
	/* the line comes at the end: what is left is the exit */
	st = bench_child_stop(&c, err == -ETIMEDOUT ? SIGKILL : 0, 10000);
	if (status)
		*status = st;
	if (err == -ETIMEDOUT) {
		p_err("bench: %s did not finish within %d ms", name, timeout_ms);
	} else if (err < 0) {
		p_err("bench: cannot read the output of %s: %s", name, strerror(-err));
	} else if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		p_err("bench: %s failed (%s %d)", name,
		      st != -1 && WIFEXITED(st) ? "exit status" : "signal",
		      st == -1 ? SIGKILL : WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		err = -ECHILD;
	} else if (!err) {
		p_err("bench: %s printed nothing", name);
		err = -ENODATA;
	} else {
		err = 0;
	}
	if (err)
		bench_child_show_stderr(&c);
	bench_child_release(&c);
	return err;
}

bool bench_json_uint(const char *line, const char *after, const char *key,
		     unsigned long long *out)
{
	char pat[128];
	const char *p = strstr(line, after);
	char *end;

	if (!p)
		return false;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(p, pat);
	if (!p)
		return false;
	p += strlen(pat);
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	*out = strtoull(p, &end, 10);
	return !errno && end != p;
}
