// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Replay for a fuzz harness without libFuzzer: feeds every file named (a directory: every
 * regular file under it, in name order) to LLVMFuzzerTestOneInput once. `make unit` runs it
 * over the seeds and the inputs that once crashed (tests/fuzz/regress), so a fixed crash
 * stays fixed; with SAN=1 it runs under ASan and UBSan like the fuzzer.
 *
 *   replay_NAME FILE|DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Inputs larger than this are not fuzz inputs (libFuzzer's own default cap is far lower). */
#define REPLAY_MAX_SIZE	(64u << 20)

static int replay_file(const char *path, unsigned long *count)
{
	unsigned char *buf = NULL;
	struct stat st;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || st.st_size < 0 || st.st_size > REPLAY_MAX_SIZE) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
			fd < 0 ? strerror(errno) : "not a file of at most 64 MiB");
		goto fail;
	}
	/* at least one byte, so that an empty input is a valid pointer of size 0 */
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		goto fail;
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n <= 0) {
			fprintf(stderr, "replay: cannot read %s\n", path);
			goto fail;
		}
		done += n;
	}
	close(fd);
	LLVMFuzzerTestOneInput(buf, done);
	free(buf);
	(*count)++;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return -1;
}

static int replay_path(const char *path, unsigned long *count)
{
	struct dirent **names;
	struct stat st;
	int i, n, err = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? replay_file(path, count) : 0;
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char sub[4096];

		if (names[i]->d_name[0] != '.' &&
		    snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name) < (int)sizeof(sub))
			err |= replay_path(sub, count);
		free(names[i]);
	}
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	int i, err = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		err |= replay_path(argv[i], &count);
	fprintf(stderr, "%s: %lu input(s) replayed\n", argv[0], count);
	return err ? 1 : 0;
}
