// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * One safe way to read an input file: resolve, check, open and read once (see fileio.h).
 * The walk opens each component with O_PATH | O_NOFOLLOW relative to the directory fd just
 * checked, so no rename or symlink swap between the check and the read can change what is
 * read: a component checked is the component used.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

bool fileio_allow_unsafe_perms;

static int fail(int err, char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(int err, char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return err;
}

static const char *file_type_str(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	       S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" :
	       S_ISSOCK(mode) ? "a socket" : S_ISLNK(mode) ? "a symbolic link" : "a special file";
}

static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

#define UNSAFE_FIX "make it and every directory above it owned by root and not writable by " \
		   "group or others, or pass --allow-unsafe-perms"

/*
 * Whether a user other than root could change @st (the component at @shown): returns 0, or
 * -EPERM with the reason. A directory with the sticky bit may be writable by others: they
 * can add entries but neither rename nor remove root's, and the next component is checked.
 */
static int check_owner_mode(const struct stat *st, const char *shown, const char *what,
			    char *why, size_t why_len)
{
	char culprit[PATH_MAX + 32];

	if (S_ISDIR(st->st_mode) || S_ISLNK(st->st_mode))
		snprintf(culprit, sizeof(culprit), "%s '%s'",
			 S_ISDIR(st->st_mode) ? "directory" : "symbolic link", shown);
	else
		snprintf(culprit, sizeof(culprit), "it");
	if (st->st_uid != 0)
		return fail(-EPERM, why, why_len, "refusing %s: %s is owned by uid %u, not root, "
			    "so that user could change what is read; " UNSAFE_FIX, what, culprit,
			    (unsigned int)st->st_uid);
	if (S_ISLNK(st->st_mode) || (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)))
		return 0;
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return fail(-EPERM, why, why_len, "refusing %s: %s is writable by %s (mode %04o), "
			    "so a user other than root could change what is read; " UNSAFE_FIX,
			    what, culprit, (st->st_mode & S_IWOTH) ? "others" : "its group",
			    (unsigned int)(st->st_mode & 07777));
	return 0;
}

/* The state of one walk: the path still to resolve, and the one resolved so far. */
struct walk {
	char todo[2 * PATH_MAX];	/* components left, '/'-separated */
	char shown[PATH_MAX];		/* what is resolved so far, for messages */
	char last[NAME_MAX + 1];	/* the last component opened, in @dirfd */
	int dirfd;			/* the directory @shown names, checked */
	int links;			/* symbolic links followed */
	bool check;			/* check owners and modes (root, not allowed unsafe) */
};

static void shown_push(struct walk *w, const char *comp, size_t len)
{
	size_t n = strlen(w->shown);

	if (n + 1 + len >= sizeof(w->shown))
		return;	/* a message may be cut short; the walk is not */
	if (n == 0 || w->shown[n - 1] != '/')
		w->shown[n++] = '/';
	memcpy(w->shown + n, comp, len);
	w->shown[n + len] = '\0';
}

static void shown_pop(struct walk *w)
{
	char *slash = strrchr(w->shown, '/');

	if (slash && slash != w->shown)
		*slash = '\0';
	else
		strcpy(w->shown, "/");
}

static int walk_set_dir(struct walk *w, int fd)
{
	if (w->dirfd >= 0)
		close(w->dirfd);
	w->dirfd = fd;
	return 0;
}

/* Start at "/", checked. */
static int walk_root(struct walk *w, const char *what, char *why, size_t why_len)
{
	struct stat st;
	int fd, err;

	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err = -errno;
		if (fd >= 0)
			close(fd);
		return fail(err, why, why_len, "cannot open %s: /: %s", what, strerror(-err));
	}
	walk_set_dir(w, fd);
	strcpy(w->shown, "/");
	return w->check ? check_owner_mode(&st, "/", what, why, why_len) : 0;
}

/*
 * Replace the component just read by the target of the symbolic link @fd: the target and
 * then what was left of the path. An absolute target restarts the walk at "/".
 */
static int walk_follow(struct walk *w, int fd, const char *rest, const char *what, char *why,
		       size_t why_len)
{
	char target[PATH_MAX];
	char left[sizeof(w->todo)];
	ssize_t n;
	int err;

	if (++w->links > FILEIO_MAX_SYMLINKS)
		return fail(-ELOOP, why, why_len, "cannot open %s: %s", what, strerror(ELOOP));
	n = readlinkat(fd, "", target, sizeof(target));
	if (n < 0)
		return fail(-errno, why, why_len, "cannot read symbolic link '%s': %s", w->shown,
			    strerror(errno));
	if ((size_t)n >= sizeof(target) || !n)
		return fail(-ENAMETOOLONG, why, why_len, "cannot open %s: symbolic link '%s' "
			    "has a target of %zd bytes", what, w->shown, n);
	target[n] = '\0';
	if (snprintf(left, sizeof(left), "%s%s%s", target, *rest ? "/" : "", rest) >=
	    (int)sizeof(left))
		return fail(-ENAMETOOLONG, why, why_len, "cannot open %s: %s", what,
			    strerror(ENAMETOOLONG));
	strcpy(w->todo, left);
	shown_pop(w);
	if (target[0] == '/') {
		err = walk_root(w, what, why, why_len);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Resolve @w->todo from @w->dirfd. Returns an O_PATH fd of the last component and its
 * stat in @st, every component before it checked; or a negative errno (@why set).
 */
static int walk_path(struct walk *w, const struct fileio_spec *spec,
		     struct stat *st, char *why, size_t why_len)
{
	const char *what = spec->what;

	for (;;) {
		char *p = w->todo, *end, comp[NAME_MAX + 1];
		size_t len;
		bool last, dir_only;
		int fd, err;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		len = end - p;
		dir_only = *end == '/';	/* "name/": it must be a directory */
		while (*end == '/')
			end++;
		last = !*end;
		if (!len) {
			/* "/" alone or a trailing slash: the directory walked to is the file */
			fd = fcntl(w->dirfd, F_DUPFD_CLOEXEC, 0);
			if (fd < 0 || fstat(fd, st)) {
				err = -errno;
				if (fd >= 0)
					close(fd);
				return fail(err, why, why_len, "cannot stat %s: %s", what,
					    strerror(-err));
			}
			return fd;
		}
		if (len > NAME_MAX)
			return fail(-ENAMETOOLONG, why, why_len, "cannot open %s: %s", what,
				    strerror(ENAMETOOLONG));
		memcpy(comp, p, len);
		comp[len] = '\0';
		memmove(w->todo, end, strlen(end) + 1);

		if (!strcmp(comp, ".") && !last)
			continue;
		fd = openat(w->dirfd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return fail(-errno, why, why_len, "cannot open %s: %s", what,
				    strerror(errno));
		if (fstat(fd, st)) {
			err = -errno;
			close(fd);
			return fail(err, why, why_len, "cannot stat %s: %s", what, strerror(-err));
		}
		strcpy(w->last, comp);
		if (!strcmp(comp, ".."))
			shown_pop(w);
		else if (strcmp(comp, "."))
			shown_push(w, comp, len);
		/* the file itself is checked once it is known to be a regular file */
		if (w->check && (!last || S_ISDIR(st->st_mode) || S_ISLNK(st->st_mode))) {
			err = check_owner_mode(st, w->shown, what, why, why_len);
			if (err) {
				close(fd);
				return err;
			}
		}
		if (S_ISLNK(st->st_mode)) {
			err = walk_follow(w, fd, last && dir_only ? "/" : w->todo, what, why,
					  why_len);
			close(fd);
			if (err)
				return err;
			continue;
		}
		if (last && (!dir_only || S_ISDIR(st->st_mode)))
			return fd;
		if (!S_ISDIR(st->st_mode)) {
			close(fd);
			return fail(-ENOTDIR, why, why_len, "cannot open %s: %s", what,
				    strerror(ENOTDIR));
		}
		walk_set_dir(w, fd);
	}
}

/*
 * Open @path for reading, checked as fileio.h says when @check. Returns a read-only fd of
 * a regular file with its stat in @st, or a negative errno (@why set).
 */
static int open_input(const char *path, bool check, const struct fileio_spec *spec,
		      struct stat *st, char *why, size_t why_len)
{
	const char *what = spec->what;
	struct walk *w;
	struct stat pst;
	int pfd, fd = -1, err;

	if (!*path)
		return fail(-ENOENT, why, why_len, "cannot open %s: %s", what, strerror(ENOENT));
	w = calloc(1, sizeof(*w));
	if (!w)
		return fail(-ENOMEM, why, why_len, "cannot open %s: %s", what, strerror(ENOMEM));
	w->dirfd = -1;
	w->check = check;
	/* a relative path starts at the working directory, which is checked from "/" too */
	if (path[0] == '/') {
		err = snprintf(w->todo, sizeof(w->todo), "%s", path);
	} else {
		if (!getcwd(w->shown, sizeof(w->shown))) {
			err = fail(-errno, why, why_len, "cannot open %s: working directory: %s",
				   what, strerror(errno));
			goto out;
		}
		err = snprintf(w->todo, sizeof(w->todo), "%s/%s", w->shown, path);
	}
	if (err >= (int)sizeof(w->todo)) {
		err = fail(-ENAMETOOLONG, why, why_len, "cannot open %s: %s", what,
			   strerror(ENAMETOOLONG));
		goto out;
	}
	err = walk_root(w, what, why, why_len);
	if (err)
		goto out;
	pfd = walk_path(w, spec, &pst, why, why_len);
	if (pfd < 0) {
		err = pfd;
		goto out;
	}
	if (!S_ISREG(pst.st_mode)) {
		close(pfd);
		err = fail(S_ISDIR(pst.st_mode) ? -EISDIR : -EINVAL, why, why_len,
			   "not a regular file (%s)%s%s", file_type_str(pst.st_mode),
			   spec->hint ? ": " : "", spec->hint ? spec->hint : "");
		goto out;
	}
	if (check) {
		err = check_owner_mode(&pst, w->shown, what, why, why_len);
		if (err) {
			close(pfd);
			goto out;
		}
	}
	/* reopen the very file checked, for reading: same device and inode, or nothing */
	fd = openat(w->dirfd, w->last, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = fail(-errno, why, why_len, "cannot open %s: %s", what, strerror(errno));
		close(pfd);
		goto out;
	}
	close(pfd);
	if (fstat(fd, st)) {
		err = fail(-errno, why, why_len, "cannot stat %s: %s", what, strerror(errno));
		goto out;
	}
	if (st->st_dev != pst.st_dev || st->st_ino != pst.st_ino) {
		err = fail(-EAGAIN, why, why_len, "cannot open %s: it was replaced while it was "
			   "opened", what);
		goto out;
	}
	err = 0;
out:
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w);
	if (err) {
		if (fd >= 0)
			close(fd);
		return err;
	}
	return fd;
}

int fileio_read(const char *path, const struct fileio_spec *spec, char **buf, size_t *len,
		char *why, size_t why_len)
{
	const char *what = spec->what;
	size_t total = 0, cap;
	struct stat st;
	char *data = NULL, *grown;
	int fd, err;

	*buf = NULL;
	*len = 0;
	fd = open_input(path, geteuid() == 0 && !fileio_allow_unsafe_perms, spec, &st, why,
			why_len);
	if (fd < 0)
		return fd;
	if (st.st_size < 0 || (unsigned long long)st.st_size > spec->max_size) {
		err = fail(-EFBIG, why, why_len, "%s is %lld bytes, more than the %zu %s %s may "
			   "have", what, (long long)st.st_size, spec->max_size, article(what),
			   what);
		goto out;
	}
	/* read to EOF, never past the limit: the file may have grown since fstat */
	cap = (size_t)st.st_size + 1;
	data = malloc(cap + 1);
	if (!data) {
		err = fail(-ENOMEM, why, why_len, "out of memory reading the %s", what);
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (total == cap) {
			if (cap > spec->max_size) {
				err = fail(-EFBIG, why, why_len, "%s grew past %zu bytes while "
					   "being read", what, spec->max_size);
				goto out;
			}
			cap = cap > spec->max_size / 2 ? spec->max_size + 1 : cap * 2;
			grown = realloc(data, cap + 1);
			if (!grown) {
				err = fail(-ENOMEM, why, why_len, "out of memory reading the %s",
					   what);
				goto out;
			}
			data = grown;
		}
		n = read(fd, data + total, cap - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = fail(-errno, why, why_len, "cannot read %s: %s", what,
				   strerror(errno));
			goto out;
		}
		if (!n)
			break;
		total += n;
	}
	data[total] = '\0';
	*buf = data;
	*len = total;
	data = NULL;
	err = 0;
out:
	free(data);
	close(fd);
	return err;
}
