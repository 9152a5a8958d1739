// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * /proc/kallsyms reader. The text is hostile input like any other: every line is
 * bounds-checked and a line that is not "ADDR TYPE NAME[\t[MODULE]]" is skipped and counted,
 * never trusted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksyms.h"

/* A symbol while parsing: names are pool offsets, since the pool may still move. */
struct ksym_ent {
	uint64_t addr;
	size_t name_off;
	long mod_off;		/* -1: vmlinux */
	size_t seq;		/* line order, to keep aliases in kallsyms order after sorting */
	char type;
};

struct ksyms {
	struct ksym_ent *ents;	/* while parsing */
	struct ksym *syms;	/* after parsing: sorted by address, aliases in kallsyms order */
	size_t cnt;
	size_t cap;
	char *pool;		/* names and module names, NUL-terminated, back to back */
	size_t pool_len;
	size_t pool_cap;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_func_type(char t)
{
	return t == 't' || t == 'T' || t == 'w' || t == 'W';
}

/* Append @len bytes of @s and a NUL to the pool; returns the offset, or -1 on ENOMEM. */
static long pool_add(struct ksyms *ks, const char *s, size_t len)
{
	size_t off = ks->pool_len;

	if (ks->pool_len + len + 1 > ks->pool_cap) {
		size_t cap = ks->pool_cap ? ks->pool_cap : 1 << 16;
		char *p;

		while (ks->pool_len + len + 1 > cap)
			cap *= 2;
		p = realloc(ks->pool, cap);
		if (!p)
			return -1;
		ks->pool = p;
		ks->pool_cap = cap;
	}
	memcpy(ks->pool + off, s, len);
	ks->pool[off + len] = '\0';
	ks->pool_len += len + 1;
	return off;
}

/*
 * Parse one line [@p, @end) into its fields. Returns true for a well-formed line; the
 * name and module are pointers into the line with their lengths (module_len 0: vmlinux).
 */
static bool parse_line(const char *p, const char *end, uint64_t *addr, char *type,
		       const char **name, size_t *name_len, const char **mod, size_t *mod_len)
{
	uint64_t a = 0;
	int digits = 0, v;

	while (p < end && (v = hexval(*p)) >= 0) {
		if (++digits > 16)
			return false;
		a = (a << 4) | (uint64_t)v;
		p++;
	}
	if (!digits || p >= end || !is_blank(*p))
		return false;
	while (p < end && is_blank(*p))
		p++;
	if (p >= end || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	*type = *p++;
	if (p >= end || !is_blank(*p))
		return false;
	while (p < end && is_blank(*p))
		p++;
	*name = p;
	while (p < end && !is_blank(*p))
		p++;
	*name_len = p - *name;
	if (*name_len == 0 || *name_len >= KSYM_NAME_MAX)
		return false;
	while (p < end && is_blank(*p))
		p++;
	*mod = NULL;
	*mod_len = 0;
	if (p < end) {
		const char *close;

		if (*p != '[')
			return false;
		close = memchr(p, ']', end - p);
		if (!close || close == p + 1 || close - p - 1 >= KSYM_NAME_MAX)
			return false;
		*mod = p + 1;
		*mod_len = close - p - 1;
		p = close + 1;
		while (p < end && is_blank(*p))
			p++;
		if (p < end)
			return false;
	}
	*addr = a;
	return true;
}

static int cmp_ent(const void *a, const void *b)
{
	const struct ksym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int ksyms__parse(const char *buf, size_t len, struct ksyms **out, int *nr_malformed)
{
	const char *p = buf, *end = buf + len;
	struct ksyms *ks;
	size_t i, nonzero = 0, parsed = 0;
	int bad = 0, err;

	*out = NULL;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);
		const char *line_end = eol ? eol : end;
		const char *name, *mod;
		size_t name_len, mod_len;
		uint64_t addr;
		long name_off, mod_off = -1;
		char type;

		if (line_end == p)	/* an empty line is not a symbol, nor an error */
			goto next;
		if (!parse_line(p, line_end, &addr, &type, &name, &name_len, &mod, &mod_len)) {
			bad++;
			goto next;
		}
		parsed++;
		if (addr)
			nonzero++;
		if (!is_func_type(type) || (mod && mod_len == 3 && !memcmp(mod, "bpf", 3)))
			goto next;
		if (ks->cnt == ks->cap) {
			size_t cap = ks->cap ? ks->cap * 2 : 4096;
			struct ksym_ent *e = realloc(ks->ents, cap * sizeof(*e));

			if (!e) {
				err = -ENOMEM;
				goto err_free;
			}
			ks->ents = e;
			ks->cap = cap;
		}
		name_off = pool_add(ks, name, name_len);
		if (mod)
			mod_off = pool_add(ks, mod, mod_len);
		if (name_off < 0 || (mod && mod_off < 0)) {
			err = -ENOMEM;
			goto err_free;
		}
		ks->ents[ks->cnt] = (struct ksym_ent){
			.addr = addr, .name_off = name_off, .mod_off = mod_off,
			.seq = ks->cnt, .type = type,
		};
		ks->cnt++;
next:
		p = eol ? eol + 1 : end;
	}
	if (nr_malformed)
		*nr_malformed = bad;
	if (parsed && !nonzero) {
		err = -EPERM;
		goto err_free;
	}
	if (!ks->cnt) {
		err = -ENOENT;
		goto err_free;
	}
	qsort(ks->ents, ks->cnt, sizeof(*ks->ents), cmp_ent);
	ks->syms = malloc(ks->cnt * sizeof(*ks->syms));
	if (!ks->syms) {
		err = -ENOMEM;
		goto err_free;
	}
	for (i = 0; i < ks->cnt; i++) {
		const struct ksym_ent *e = &ks->ents[i];

		ks->syms[i] = (struct ksym){
			.addr = e->addr,
			.name = ks->pool + e->name_off,
			.module = e->mod_off < 0 ? NULL : ks->pool + e->mod_off,
			.type = e->type,
		};
	}
	free(ks->ents);
	ks->ents = NULL;
	*out = ks;
	return 0;

err_free:
	ksyms__free(ks);
	return err;
}

int ksyms__load(const char *path, struct ksyms **out, int *nr_malformed)
{
	size_t len = 0, cap = 1 << 20;
	char *buf, *nbuf;
	ssize_t n;
	int fd, err;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto out_close;
	}
	/* a proc file has no size: read until EOF, growing the buffer up to the cap */
	for (;;) {
		if (len == cap) {
			if (cap >= KALLSYMS_MAX_SIZE) {
				err = -EFBIG;
				goto out_free;
			}
			cap *= 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				err = -ENOMEM;
				goto out_free;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		len += n;
	}
	err = ksyms__parse(buf, len, out, nr_malformed);
out_free:
	free(buf);
out_close:
	close(fd);
	return err;
}

void ksyms__free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->ents);
	free(ks->syms);
	free(ks->pool);
	free(ks);
}

int ksyms__count(const struct ksyms *ks)
{
	return ks ? (int)ks->cnt : 0;
}

/* Index of the first entry with address > @addr. */
static size_t upper_bound(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int ksyms__at(const struct ksyms *ks, uint64_t addr, const struct ksym **first)
{
	size_t hi, lo;

	*first = NULL;
	if (!ks)
		return 0;
	hi = upper_bound(ks, addr);
	lo = hi;
	while (lo > 0 && ks->syms[lo - 1].addr == addr)
		lo--;
	if (lo == hi)
		return 0;
	*first = &ks->syms[lo];
	return (int)(hi - lo);
}

const struct ksym *ksyms__covering(const struct ksyms *ks, uint64_t addr)
{
	size_t i;

	if (!ks)
		return NULL;
	i = upper_bound(ks, addr);
	if (i == 0)
		return NULL;
	/* the first of the aliases at that address */
	i--;
	while (i > 0 && ks->syms[i - 1].addr == ks->syms[i].addr)
		i--;
	return &ks->syms[i];
}

const struct ksym *ksyms__by_name(const struct ksyms *ks, const char *name)
{
	const struct ksym *mod_match = NULL;
	size_t i;

	if (!ks)
		return NULL;
	for (i = 0; i < ks->cnt; i++) {
		const struct ksym *s = &ks->syms[i];

		if (strcmp(s->name, name))
			continue;
		if (!s->module)
			return s;
		if (!mod_match)
			mod_match = s;
	}
	return mod_match;
}
