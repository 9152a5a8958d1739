/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The loader (SPEC sections 5 and 6): links an extension with the host library in memory,
 * demotes the host functions to static subprograms, loads the result into the kernel and
 * attaches every entry program as an uprobe or uretprobe to a binary.
 *
 * The life of an extension, with the kernel-side check between load and attach:
 *
 *	loader_open()	link, patch, bpf_object__open_mem(), resolve every entry's symbol in
 *			the binary; nothing is in the kernel yet
 *	loader_load()	maps and programs into the kernel (the kernel verifier runs)
 *	(kcheck_prog() on each loader_entry()->prog_fd)
 *	loader_attach()	one uprobe link per entry
 *	loader_close()	everything released: links, programs, maps
 *
 * Every function reports its own failure (p_err(), with the kernel verifier log when the
 * kernel refused a program) and returns a negative errno; loader_exit_code() turns that into
 * the exit code of SPEC section 2. No temporary file is ever written: the linker reads and
 * writes memfds through /proc/self/fd.
 */
#ifndef ROLEPROBE_LOADER_H
#define ROLEPROBE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct bpf_object;
struct bpf_program;
struct bpf_link;
struct loader;
struct stat;

/* One entry point: a program of the extension and where it attaches. */
struct loader_entry {
	const char *prog_name;		/* BPF function name */
	const char *sec_name;		/* ELF section, "uprobe/demo_add" */
	const char *symbol;		/* symbol in the binary: from the section, else prog_name */
	unsigned long offset;		/* SEC("uprobe/SYM+OFF"): OFF bytes into SYM; else 0 */
	bool retprobe;			/* uretprobe */
	unsigned long long cookie;	/* its link's BPF cookie: index + 1 (roleprobe_event.h) */
	struct bpf_program *prog;
	int prog_fd;			/* after loader_load(); -1 before */
	struct bpf_link *link;		/* after loader_attach(); NULL before */
};

struct loader_opts {
	const char *ext_path;		/* names the extension in messages */
	const void *ext_buf;		/* the extension object, as read once by its reader */
	size_t ext_len;
	const char *binary;		/* --binary: executable or shared library to probe */
	pid_t pid;			/* --pid: only this process; -1 for every process */
};

/*
 * Check that this process may load and attach uprobe programs: CAP_BPF, CAP_PERFMON and
 * CAP_SYS_ADMIN in its effective set (root has them). Returns 0, or -EPERM after reporting
 * which are missing.
 */
int loader_check_privileges(void);

/*
 * Link @opts->ext_buf with the host library, demote the host functions' BTF linkage to
 * static, open the linked object and resolve each entry's symbol in @opts->binary.
 * Returns 0 and sets *@out, or a negative errno (reported): -ENOENT for a missing binary or
 * symbol (one the binary only imports included), -EINVAL for a bad object or section or
 * an IFUNC symbol (its address is its resolver), -ENOEXEC for a binary that is not ELF,
 * -EACCES for an extension that defines a function of a host library name (whether or
 * not the verifier ran: once linked, host code is known by its name).
 * With @opts->pid, warns when that process does not map the binary (yet).
 * Nothing is loaded into the kernel.
 */
int loader_open(const struct loader_opts *opts, struct loader **out);

/* Load maps and programs. On refusal the kernel verifier log is printed on stderr. */
int loader_load(struct loader *ld);

/* Attach every entry. On failure nothing stays attached. */
int loader_attach(struct loader *ld);

/* Detach every entry (the programs and maps stay loaded, e.g. to read the maps once more). */
void loader_detach(struct loader *ld);

/* Release everything: links, programs, maps, memory. NULL is accepted. */
void loader_close(struct loader *ld);

/*
 * The exit code (enum rp_exit) for @err, a failure of the last loader call on @ld (NULL
 * after loader_open(): -EACCES is a violation, anything else an input error).
 */
int loader_exit_code(const struct loader *ld, int err);

struct bpf_object *loader_object(const struct loader *ld);
int loader_nr_entries(const struct loader *ld);
/* The entry with cookie @idx + 1, or NULL when @idx is out of range. */
struct loader_entry *loader_entry(const struct loader *ld, int idx);
/* The entry a struct roleprobe_event's probe field names, or NULL. */
const struct loader_entry *loader_entry_by_cookie(const struct loader *ld, unsigned long long c);

/* The fd of the host library's event ring buffer (after loader_load()), or -1. */
int loader_events_fd(const struct loader *ld);

/* The number of event records lost to a full ring buffer so far. 0 or a negative errno. */
int loader_lost_events(const struct loader *ld, unsigned long long *lost);

/*
 * In the raw .BTF section @btf of @size bytes (native byte order), turn the linkage of every
 * FUNC named like a host library function from global to static, in place. Returns how
 * many were demoted, or -EINVAL for a malformed section (nothing is trusted: every offset
 * and count is checked). loader_open() applies it to the linked object; exposed for tests.
 */
int loader_demote_host_funcs(unsigned char *btf, size_t size);

/*
 * True when the /proc/PID/maps lines read from @maps map the file @path, whose stat() is
 * @st: by device and inode (so under any name it was mapped by), or by @path itself.
 * loader_open() checks --pid with it; exposed for tests.
 */
bool loader_maps_file(FILE *maps, const char *path, const struct stat *st);

/* True for maps of roleprobe's own (the host library's), which belong to no extension. */
bool loader_is_host_map(const char *map_name);

#endif /* ROLEPROBE_LOADER_H */
