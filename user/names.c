// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* "Did you mean": edit distance over short names (see names.h). */
#include <stdio.h>
#include <string.h>

#include "names.h"

/* Edit distance of two short strings, for "did you mean" hints; large when too long. */
static unsigned int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned int row[NAMES_MAX_LEN + 1];

	if (la > NAMES_MAX_LEN || lb > NAMES_MAX_LEN)
		return ~0u;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned int diag = row[0], tmp;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned int best = diag + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			diag = tmp;
		}
	}
	return row[lb];
}

const char *closest_name(const char *name, const void *arr, size_t size, int n)
{
	size_t la = strlen(name), lc;
	unsigned int best = la / 3 + 1, d;
	const char *found = NULL;
	int i;

	for (i = 0; i < n; i++) {
		const char *cand = *(const char *const *)((const char *)arr + i * size);

		if (!cand)
			continue;
		/* a name cut short ("return" for "return_type") is a likely typo too */
		if (la >= 4 && !strncmp(cand, name, la)) {
			d = 1;
		} else {
			/* the lengths alone put it further than the best: not worth the distance */
			lc = strlen(cand);
			if ((lc > la ? lc - la : la - lc) > best)
				continue;
			d = edit_distance(name, cand);
		}
		if (d <= best && d < strlen(cand)) {
			best = d;
			found = cand;
		}
	}
	return found;
}

const char *did_you_mean(char *buf, size_t len, const char *meant)
{
	if (meant)
		snprintf(buf, len, " (did you mean '%s'?)", meant);
	else if (len)
		buf[0] = '\0';
	return buf;
}
