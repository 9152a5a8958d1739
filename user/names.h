/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * "Did you mean": the closest of a set of names to one that matched none of them, for
 * role file keys and references, host function names, symbols of a binary and commands.
 */
#ifndef ROLEPROBE_NAMES_H
#define ROLEPROBE_NAMES_H

#include <stddef.h>

/* Names longer than this are never guessed at (the distance table lives on the stack). */
#define NAMES_MAX_LEN	128

/*
 * The name among @n entries of @size bytes at @arr (each starting with its name, a
 * `const char *`: an array of names, or of structs whose first member is the name) closest
 * to @name, if close enough to be a likely typo; else NULL. NULL names are skipped.
 */
const char *closest_name(const char *name, const void *arr, size_t size, int n);

/* " (did you mean '@meant'?)" into @buf, or "" when @meant is NULL; returns @buf. */
const char *did_you_mean(char *buf, size_t len, const char *meant);

#endif /* ROLEPROBE_NAMES_H */
