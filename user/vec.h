/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/* Arrays that grow by doubling, for the parts that collect items one at a time. */
#ifndef ROLEPROBE_VEC_H
#define ROLEPROBE_VEC_H

#include <errno.h>
#include <stdlib.h>

/*
 * Make room for item @cnt of the array *@arr (items of @size bytes) holding @cnt items:
 * the array doubles whenever @cnt is a power of two (or 0). Returns 0, or -ENOMEM with
 * *@arr untouched.
 */
static inline int vec_grow(void **arr, int cnt, size_t size)
{
	void *p;

	if (cnt & (cnt - 1))
		return 0;
	p = realloc(*arr, (cnt ? 2 * (size_t)cnt : 4) * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

#endif /* ROLEPROBE_VEC_H */
