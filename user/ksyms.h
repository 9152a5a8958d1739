/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Kernel text symbols from /proc/kallsyms, read once and searched by address, so that an
 * address the kernel put into a loaded program (a helper or kfunc call target) can be
 * named. Only function symbols are kept (types t, T, w, W); BPF programs' own symbols
 * (module "[bpf]") are not, since a helper call never targets them.
 */
#ifndef ROLEPROBE_KSYMS_H
#define ROLEPROBE_KSYMS_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's KSYM_NAME_LEN: a longer name is a malformed line. */
#define KSYM_NAME_MAX		512
/* /proc/kallsyms larger than this is refused (a 6.x kernel with modules is ~10 MiB). */
#define KALLSYMS_MAX_SIZE	(256u << 20)

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module;	/* NULL for vmlinux, else the module name without brackets */
	char type;		/* 't', 'T', 'w' or 'W' */
};

struct ksyms;

/*
 * Parse kallsyms text ("ADDR TYPE NAME[\t[MODULE]]" per line) of @len bytes; @buf need not
 * be NUL-terminated. Lines that do not have that form are skipped and counted in
 * *@nr_malformed (if not NULL). Returns 0 and *@out, or a negative errno: -ENOMEM, -ENOENT
 * when no function symbol was found, -EPERM when every address reads 0 (kptr_restrict
 * hides them).
 */
int ksyms__parse(const char *buf, size_t len, struct ksyms **out, int *nr_malformed);

/* Read and parse @path (normally "/proc/kallsyms"); negative errno as ksyms__parse, or -EFBIG. */
int ksyms__load(const char *path, struct ksyms **out, int *nr_malformed);

void ksyms__free(struct ksyms *ks);

/* Number of function symbols kept. */
int ksyms__count(const struct ksyms *ks);

/*
 * The symbols that start exactly at @addr (several names can alias one address), in
 * kallsyms order: returns how many and sets *@first to the first of them (they are
 * consecutive); 0 when no symbol starts there.
 */
int ksyms__at(const struct ksyms *ks, uint64_t addr, const struct ksym **first);

/* The symbol with the greatest address <= @addr (for "sym+0x10" in messages), or NULL. */
const struct ksym *ksyms__covering(const struct ksyms *ks, uint64_t addr);

/* The first symbol called @name (of vmlinux before any module), or NULL. */
const struct ksym *ksyms__by_name(const struct ksyms *ks, const char *name);

#endif /* ROLEPROBE_KSYMS_H */
