/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Reading an input file (a role file, an extension object) that someone else may have
 * written, when roleprobe may run as root: opened once, checked on the open file, read once
 * from that same descriptor, bounded. What is checked is exactly what is read.
 *
 * As root (effective uid 0), unless fileio_allow_unsafe_perms is set (--allow-unsafe-perms),
 * the path is resolved one component at a time from "/", each component opened relative to
 * the directory already checked (O_PATH | O_NOFOLLOW), the way sudo judges sudoers and ssh
 * judges ~/.ssh, so that no user but root could have chosen or changed what is read:
 *   - the file: a regular file owned by root, not writable by group or others;
 *   - every directory passed through: owned by root, not writable by group or others,
 *     unless it has the sticky bit (like /tmp: others may add entries, but not rename or
 *     remove root's);
 *   - every symbolic link followed: owned by root (at most FILEIO_MAX_SYMLINKS).
 * Any other owner, or a writable bit where none may be, refuses the file with -EPERM and a
 * message naming the culprit. A non-root run reads with its own rights only, so none of
 * this applies to it.
 */
#ifndef ROLEPROBE_FILEIO_H
#define ROLEPROBE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#define FILEIO_MAX_SYMLINKS	40

/* Set by the common option --allow-unsafe-perms: root reads what others could write. */
extern bool fileio_allow_unsafe_perms;

/* What is read, for the checks and the messages. */
struct fileio_spec {
	const char *what;	/* "role file", "extension": the messages name it */
	const char *hint;	/* appended to "not a regular file (...)" when not NULL */
	size_t max_size;	/* larger files are refused (-EFBIG) */
};

/*
 * Read the regular file @path whole into a new buffer: *@buf (malloc'ed, one NUL byte past
 * its *@len bytes, free() it) and *@len. Returns 0, or a negative errno with the reason in
 * @why (a message without the path, "cannot open role file: No such file or directory"):
 * the errno of a failed open, stat or read; -EISDIR for a directory; -EINVAL for another
 * file that is not regular (FIFO, device, socket: never opened for reading, never blocks);
 * -EFBIG past @spec->max_size (at fstat, or when it grows while read); -EPERM for unsafe
 * ownership or permissions (see above); -ENOMEM.
 */
int fileio_read(const char *path, const struct fileio_spec *spec, char **buf, size_t *len,
		char *why, size_t why_len);

#endif /* ROLEPROBE_FILEIO_H */
