/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The extension reader (SPEC section 5): an extension object file (`clang -g -O2 -target
 * bpf`, unlinked, libbpf style) read once into memory and decoded with libelf and libbpf's
 * BTF: its programs and functions, maps and global data, what each instruction refers to
 * (relocations resolved), and BTF func and line info. The file's bytes are kept untouched
 * so that the loader links exactly what was checked.
 *
 * Everything in the object is hostile input: every offset, size, count and index is
 * checked, and a malformed object is refused with a reason, never a crash.
 */
#ifndef ROLEPROBE_EXTENSION_H
#define ROLEPROBE_EXTENSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/bpf.h>

struct btf;

/* Extension objects larger than this are refused before they are read. */
#define EXT_FILE_MAX_SIZE	(64u << 20)

enum ext_prog_type {
	EXT_PROG_NONE,		/* not an entry: a subprogram in .text */
	EXT_PROG_UPROBE,	/* SEC("uprobe"), SEC("uprobe/SYM"), SEC("uprobe/SYM+OFF") */
	EXT_PROG_URETPROBE,	/* the same with "uretprobe" */
	EXT_PROG_OTHER,		/* any other program section (kprobe, xdp, ...): refused by type */
};

/* A function: an entry program or a subprogram (static or global, in .text). */
struct ext_func {
	char *name;
	char *sec_name;		/* its ELF section */
	int start;		/* first instruction: index into extension.insns */
	int cnt;		/* instruction slots (a ld_imm64 takes two) */
	bool global;		/* STB_GLOBAL or STB_WEAK */
	enum ext_prog_type type;
	char *prog_kind;	/* entries: the section up to its first '/', e.g. "uprobe", "xdp" */
	char *attach_sym;	/* "uprobe/SYM[+OFF]": SYM; NULL when the section names none */
	uint64_t attach_off;	/* "+OFF" */
	int btf_id;		/* its BTF FUNC (from .BTF.ext func info or by name); 0: none */
};

enum ext_map_kind {
	EXT_MAP_BTF,		/* a BTF-defined map in .maps */
	EXT_MAP_DATA,		/* global data: .rodata*, .data*, .bss* as one array map each */
};

struct ext_map {
	char *name;		/* map symbol, or the data section name (".rodata") */
	enum ext_map_kind kind;
	uint32_t type;		/* enum bpf_map_type; BPF_MAP_TYPE_ARRAY for global data */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t pinning;	/* LIBBPF_PIN_* (0: not pinned) */
	bool readonly;		/* .rodata*: frozen before the program runs, its bytes are constants */
	const uint8_t *init;	/* global data: value_size initial bytes; NULL for zeros (.bss) */
	int sec_idx;		/* ELF section it lives in */
	uint64_t sec_off;	/* offset of its symbol in that section (BTF maps) */
};

enum ext_ref_kind {
	EXT_REF_NONE,
	EXT_REF_MAP,		/* ld_imm64 of a map: idx = map */
	EXT_REF_MAP_VALUE,	/* ld_imm64 of global data: idx = map, off = byte offset in it */
	EXT_REF_FUNC,		/* ld_imm64 of a function's address (a callback): idx = func */
	EXT_REF_CALL,		/* bpf-to-bpf call: idx = func */
	EXT_REF_EXTERN_CALL,	/* call of an extern function (kfunc, host library): idx = extern */
	EXT_REF_EXTERN_VAR,	/* ld_imm64 of an extern variable (__ksym, __kconfig): idx = extern */
};

/* What one instruction refers to, from its relocation (or a call's own offset). */
struct ext_ref {
	enum ext_ref_kind kind;
	int idx;
	int64_t off;
};

enum ext_extern_kind {
	EXT_EXTERN_FUNC,	/* extern function, not __ksym: resolved against the host library */
	EXT_EXTERN_KFUNC,	/* extern function in .ksyms: a kfunc */
	EXT_EXTERN_VAR,		/* extern variable (__ksym or __kconfig) */
};

struct ext_extern {
	char *name;
	enum ext_extern_kind kind;
	int btf_id;		/* its BTF FUNC or VAR; 0: none */
};

/* BTF line info of one instruction. */
struct ext_line {
	int insn;		/* index into extension.insns */
	const char *file;	/* strings live in the extension's BTF */
	const char *text;	/* the source line, "" when BTF has none */
	unsigned int line;
	unsigned int col;
};

struct extension {
	char *path;			/* names the object in messages */
	const uint8_t *bytes;		/* the file as read, untouched */
	size_t size;
	struct btf *btf;		/* from .BTF; never NULL on success */
	struct bpf_insn *insns;		/* every code section, concatenated in section order */
	struct ext_ref *refs;		/* nr_insns entries */
	int nr_insns;
	struct ext_func *funcs;		/* sorted by start, no overlaps */
	int nr_funcs;
	struct ext_map *maps;
	int nr_maps;
	struct ext_extern *externs;
	int nr_externs;
	struct ext_line *lines;		/* sorted by insn */
	int nr_lines;
	char *license;			/* SEC("license"), or NULL */
};

/*
 * Read the extension at @path once (one open, fstat: a regular file of at most
 * EXT_FILE_MAX_SIZE bytes, read fully) and decode it. Returns 0 and sets *@out, or a
 * negative errno after reporting the reason with p_err(): -EINVAL for a malformed object
 * (ELF, BTF, relocations, instructions), -ENOMEM, or the errno of the failed I/O.
 */
int extension_open(const char *path, struct extension **out);

/* The same on bytes already in memory (copied: @buf may be freed afterwards). */
int extension_open_mem(const char *name, const void *buf, size_t size, struct extension **out);

void extension_free(struct extension *ext);

/* The object's bytes exactly as read: what the loader links. */
const void *extension_bytes(const struct extension *ext, size_t *size);

/* The function that contains instruction @insn, or NULL. */
const struct ext_func *extension_func_at(const struct extension *ext, int insn);

/* The function called @name, or NULL. */
const struct ext_func *extension_func_by_name(const struct extension *ext, const char *name);

/* The line info in force at instruction @insn (the last one at or before it in its function), or NULL. */
const struct ext_line *extension_line_at(const struct extension *ext, int insn);

/* The map called @name, or NULL. */
const struct ext_map *extension_map_by_name(const struct extension *ext, const char *name);

#endif /* ROLEPROBE_EXTENSION_H */
