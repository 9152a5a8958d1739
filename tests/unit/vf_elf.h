/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * A small ELF writer for the extension reader's and the verifier's unit tests: BPF
 * objects built in memory from instruction arrays, laid out the way clang lays them out
 * (code sections, .maps, global data, .rel sections, .symtab, .BTF, .BTF.ext), so that a
 * test can state a program in a few instructions, and so that a test can break one field
 * of an otherwise good object. Header-only: each test includes it once.
 */
#ifndef ROLEPROBE_TESTS_VF_ELF_H
#define ROLEPROBE_TESTS_VF_ELF_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <linux/bpf.h>

/* ---- instructions, in the manner of the kernel's include/linux/filter.h ---- */

#define I(c, d, s, o, i)	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						    .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV32_IMM(d, i)		I(BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, i)
#define ALU64_IMM(op, d, i)	I(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	I(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)	I(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define JMP_IMM(op, d, i, o)	I(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	I(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JMP32_IMM(op, d, i, o)	I(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define JA(o)			I(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define LDX(sz, d, s, o)	I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)		I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define CALL(id)		I(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_REL(o)		I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define EXIT()			I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* the two halves of a ld_imm64; a relocation on the first one names a map or a function */
#define LD64_LO(d, v)		I(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (int32_t)(uint32_t)(v))
#define LD64_HI(v)		I(0, 0, 0, 0, (int32_t)((uint64_t)(v) >> 32))

/* ---- the object ---- */

#define TB_MAX_SECS	32
#define TB_MAX_SYMS	64
#define TB_MAX_RELS	64
#define TB_MAX_MAPS	8

struct tb_sec {
	char name[64];
	uint32_t type;
	uint64_t flags;
	uint8_t *data;
	size_t size;
	uint32_t link, info;
	uint64_t entsize;
};

struct tb_rel {
	int sec;		/* the code section it applies to */
	uint64_t off;
	int sym;
	int type;
};

struct tb {
	struct tb_sec secs[TB_MAX_SECS];
	int nsecs;
	Elf64_Sym syms[TB_MAX_SYMS];
	int nsyms;
	char strtab[4096];
	size_t strtab_len;
	struct tb_rel rels[TB_MAX_RELS];
	int nrels;
	struct btf *btf;
	int int_id, ptr_id, proto_id;
	int maps_sec;
	int last_sec_str;	/* BTF string offset of the last code section's name */
	int last_func_id;	/* BTF id of the last function added */
	int map_vars[TB_MAX_MAPS];
	int nmap_vars;
};

static inline int tb_str(struct tb *b, const char *s)
{
	int off = b->strtab_len;
	size_t n = strlen(s) + 1;

	memcpy(b->strtab + off, s, n);
	b->strtab_len += n;
	return off;
}

static inline void tb_init(struct tb *b)
{
	memset(b, 0, sizeof(*b));
	b->nsecs = 1;		/* section 0: SHN_UNDEF */
	b->nsyms = 1;		/* symbol 0: the null symbol */
	b->strtab_len = 1;
	b->maps_sec = -1;
	b->btf = btf__new_empty();
	b->int_id = btf__add_int(b->btf, "int", 4, BTF_INT_SIGNED);
	b->ptr_id = btf__add_ptr(b->btf, 0);
	/* int (void *ctx): the shape of every entry the tests build */
	b->proto_id = btf__add_func_proto(b->btf, b->int_id);
	btf__add_func_param(b->btf, "ctx", b->ptr_id);
}

static inline void tb_free(struct tb *b)
{
	int i;

	for (i = 0; i < b->nsecs; i++)
		free(b->secs[i].data);
	btf__free(b->btf);
}

static inline int tb_sec(struct tb *b, const char *name, uint32_t type, uint64_t flags,
			 const void *data, size_t size)
{
	struct tb_sec *s = &b->secs[b->nsecs];

	strncpy(s->name, name, sizeof(s->name) - 1);
	s->type = type;
	s->flags = flags;
	s->size = size;
	if (size) {
		s->data = calloc(1, size);
		if (data)
			memcpy(s->data, data, size);
	}
	return b->nsecs++;
}

static inline int tb_sym(struct tb *b, const char *name, int sec, uint64_t value, uint64_t size,
			 int type, int bind)
{
	Elf64_Sym *s = &b->syms[b->nsyms];

	s->st_name = name ? tb_str(b, name) : 0;
	s->st_info = ELF64_ST_INFO(bind, type);
	s->st_shndx = sec;
	s->st_value = value;
	s->st_size = size;
	return b->nsyms++;
}

static inline void tb_rel(struct tb *b, int sec, int insn, int sym, int type)
{
	b->rels[b->nrels++] = (struct tb_rel){ sec, (uint64_t)insn * 8, sym, type };
}

/* A code section holding one global function @name of @n instructions. */
static inline int tb_func(struct tb *b, const char *sec, const char *name,
			  const struct bpf_insn *insns, int n, bool global)
{
	int idx = tb_sec(b, sec, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, insns, n * 8);

	tb_sym(b, name, idx, 0, n * 8, STT_FUNC, global ? STB_GLOBAL : STB_LOCAL);
	b->last_func_id = btf__add_func(b->btf, name, global ? BTF_FUNC_GLOBAL : BTF_FUNC_STATIC,
					b->proto_id);
	/* .BTF.ext names sections by BTF string, as clang's objects do */
	b->last_sec_str = btf__add_str(b->btf, sec);
	return idx;
}

/* Another function appended to code section @sec (e.g. a second subprogram in .text). */
static inline void tb_func_append(struct tb *b, int sec, const char *name,
				  const struct bpf_insn *insns, int n, bool global)
{
	struct tb_sec *s = &b->secs[sec];
	size_t off = s->size;

	s->data = realloc(s->data, off + n * 8);
	memcpy(s->data + off, insns, n * 8);
	s->size += n * 8;
	tb_sym(b, name, sec, off, n * 8, STT_FUNC, global ? STB_GLOBAL : STB_LOCAL);
	btf__add_func(b->btf, name, global ? BTF_FUNC_GLOBAL : BTF_FUNC_STATIC, b->proto_id);
}

/* A BTF-defined map in .maps; returns its symbol, for relocations. */
static inline int tb_map(struct tb *b, const char *name, uint32_t type, uint32_t key_size,
			 uint32_t value_size, uint32_t max_entries)
{
	int u32 = btf__add_int(b->btf, "unsigned int", 4, 0);
	int arr, st, var, sym, off;
	int vals[4] = { (int)type, (int)key_size, (int)value_size, (int)max_entries };
	static const char *const names[4] = { "type", "key_size", "value_size", "max_entries" };
	int ptrs[4], i;

	if (b->maps_sec < 0)
		b->maps_sec = tb_sec(b, ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, NULL, 0);
	for (i = 0; i < 4; i++) {
		arr = btf__add_array(b->btf, u32, u32, vals[i]);
		ptrs[i] = btf__add_ptr(b->btf, arr);
	}
	st = btf__add_struct(b->btf, "", 32);
	for (i = 0; i < 4; i++)
		btf__add_field(b->btf, names[i], ptrs[i], i * 64, 0);
	var = btf__add_var(b->btf, name, BTF_VAR_GLOBAL_ALLOCATED, st);
	b->map_vars[b->nmap_vars++] = var;
	off = b->secs[b->maps_sec].size;
	b->secs[b->maps_sec].data = realloc(b->secs[b->maps_sec].data, off + 32);
	memset(b->secs[b->maps_sec].data + off, 0, 32);
	b->secs[b->maps_sec].size += 32;
	sym = tb_sym(b, name, b->maps_sec, off, 32, STT_OBJECT, STB_GLOBAL);
	return sym;
}

/* Global data (.rodata, .data); returns the section's symbol, for relocations. */
static inline int tb_data(struct tb *b, const char *name, const void *data, size_t size)
{
	int sec = tb_sec(b, name, SHT_PROGBITS, SHF_ALLOC | (strcmp(name, ".rodata") ? SHF_WRITE : 0),
			 data, size);

	return tb_sym(b, NULL, sec, 0, 0, STT_SECTION, STB_LOCAL);
}

/* An undefined symbol: an extern function (host library or, with @ksym, a kfunc). */
static inline int tb_extern(struct tb *b, const char *name, bool ksym)
{
	int fn = btf__add_func(b->btf, name, BTF_FUNC_EXTERN, b->proto_id);

	if (ksym) {
		btf__add_datasec(b->btf, ".ksyms", 0);
		btf__add_datasec_var_info(b->btf, fn, 0, 0);
	}
	return tb_sym(b, name, SHN_UNDEF, 0, 0, STT_NOTYPE, STB_GLOBAL);
}

/* The file being laid out: bytes so far, section headers, their names. */
struct tb_layout {
	uint8_t *buf;
	size_t len;
	Elf64_Shdr sh[TB_MAX_SECS * 2];
	char shstr[8192];
	size_t shstr_len;
};

static inline void tb_put(struct tb_layout *l, const void *p, size_t n, size_t align)
{
	size_t pad = (l->len + align - 1) / align * align - l->len;

	l->buf = realloc(l->buf, l->len + pad + n);
	memset(l->buf + l->len, 0, pad);
	l->len += pad;
	if (n)
		memcpy(l->buf + l->len, p, n);
	l->len += n;
}

/* Section @idx: its name, type, and @n bytes of data placed in the file now. */
static inline Elf64_Shdr *tb_emit(struct tb_layout *l, int idx, const char *name, uint32_t type,
				  const void *data, size_t n)
{
	Elf64_Shdr *sh = &l->sh[idx];

	sh->sh_name = l->shstr_len;
	l->shstr_len += snprintf(l->shstr + l->shstr_len, sizeof(l->shstr) - l->shstr_len, "%s",
				 name) + 1;
	sh->sh_type = type;
	sh->sh_addralign = 8;
	if (type != SHT_NOBITS)
		tb_put(l, data, n, type == SHT_STRTAB ? 1 : 8);
	sh->sh_offset = type == SHT_NOBITS ? l->len : l->len - n;
	sh->sh_size = n;
	return sh;
}

/*
 * Lay the object out: sections in order, then .rel sections, .symtab, .strtab, .BTF,
 * .BTF.ext (@ext, may be NULL), .shstrtab and the section headers. Returns the size and
 * the bytes in *@out (malloc'ed).
 */
static inline size_t tb_finish_ext(struct tb *b, uint8_t **out, const void *ext, size_t ext_len)
{
	struct tb_layout *l = calloc(1, sizeof(*l));
	Elf64_Ehdr eh = { 0 };
	const void *btf_raw;
	__u32 btf_len;
	int n = b->nsecs, i, k, symtab, strtab, shstrtab;
	int relsec[TB_MAX_SECS] = { 0 };
	size_t len;

	l->shstr_len = 1;
	if (b->nmap_vars) {
		btf__add_datasec(b->btf, ".maps", 0);
		for (i = 0; i < b->nmap_vars; i++)
			btf__add_datasec_var_info(b->btf, b->map_vars[i], i * 32, 32);
	}
	btf_raw = btf__raw_data(b->btf, &btf_len);
	tb_put(l, &eh, sizeof(eh), 8);
	for (i = 1; i < b->nsecs; i++) {
		struct tb_sec *s = &b->secs[i];

		tb_emit(l, i, s->name, s->type, s->data, s->size)->sh_flags = s->flags;
	}
	/* .rel sections, one per code section with relocations */
	for (i = 1; i < b->nsecs; i++) {
		Elf64_Rel rel[TB_MAX_RELS];
		Elf64_Shdr *sh;
		char name[80];
		int nr = 0;

		for (k = 0; k < b->nrels; k++) {
			if (b->rels[k].sec != i)
				continue;
			rel[nr].r_offset = b->rels[k].off;
			rel[nr].r_info = ELF64_R_INFO(b->rels[k].sym, b->rels[k].type);
			nr++;
		}
		if (!nr)
			continue;
		relsec[i] = n;
		snprintf(name, sizeof(name), ".rel%s", b->secs[i].name);
		sh = tb_emit(l, n++, name, SHT_REL, rel, nr * sizeof(Elf64_Rel));
		sh->sh_info = i;
		sh->sh_entsize = sizeof(Elf64_Rel);
	}
	symtab = n++;
	strtab = n++;
	for (i = 1; i < b->nsecs; i++)
		if (relsec[i])
			l->sh[relsec[i]].sh_link = symtab;
	tb_emit(l, symtab, ".symtab", SHT_SYMTAB, b->syms, b->nsyms * sizeof(Elf64_Sym));
	l->sh[symtab].sh_link = strtab;
	l->sh[symtab].sh_entsize = sizeof(Elf64_Sym);
	tb_emit(l, strtab, ".strtab", SHT_STRTAB, b->strtab, b->strtab_len);
	tb_emit(l, n++, ".BTF", SHT_PROGBITS, btf_raw, btf_len);
	if (ext)
		tb_emit(l, n++, ".BTF.ext", SHT_PROGBITS, ext, ext_len);
	shstrtab = n++;
	/* its own name goes in before it is placed */
	l->sh[shstrtab].sh_name = l->shstr_len;
	l->shstr_len += snprintf(l->shstr + l->shstr_len, sizeof(l->shstr) - l->shstr_len,
				 ".shstrtab") + 1;
	tb_put(l, l->shstr, l->shstr_len, 1);
	l->sh[shstrtab].sh_type = SHT_STRTAB;
	l->sh[shstrtab].sh_offset = l->len - l->shstr_len;
	l->sh[shstrtab].sh_size = l->shstr_len;
	tb_put(l, l->sh, n * sizeof(Elf64_Shdr), 8);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_REL;
	eh.e_machine = EM_BPF;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(eh);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = n;
	eh.e_shstrndx = shstrtab;
	eh.e_shoff = l->len - n * sizeof(Elf64_Shdr);
	memcpy(l->buf, &eh, sizeof(eh));
	*out = l->buf;
	len = l->len;
	free(l);
	return len;
}

static inline size_t tb_finish(struct tb *b, uint8_t **out)
{
	return tb_finish_ext(b, out, NULL, 0);
}

/* The section header @idx of a finished object. */
static inline Elf64_Shdr *tb_shdr(uint8_t *obj, int idx)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)obj;

	return (Elf64_Shdr *)(obj + eh->e_shoff) + idx;
}

#endif /* ROLEPROBE_TESTS_VF_ELF_H */
