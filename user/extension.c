// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension reader. libelf walks the ELF, libbpf parses .BTF; .BTF.ext (func and line
 * info) is parsed here because libbpf 1.1 offers no accessors for it. The object is read
 * the way libbpf reads it (section kinds, relocation arithmetic), so what is checked is
 * what libbpf will load. Every number taken from the file is checked before it is used.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "extension.h"
#include "fileio.h"
#include "output.h"
#include "vec.h"

#ifndef R_BPF_64_ABS64
#define R_BPF_64_ABS64		2
#define R_BPF_64_ABS32		3
#define R_BPF_64_NODYLD32	4
#endif

#define BPF_INSN_SZ		8
/* Far above what clang emits for any extension; bounds the work a hostile file can cause. */
#define EXT_MAX_SECTIONS	4096
#define EXT_MAX_SYMBOLS		(1 << 20)
#define EXT_MAX_INSNS		(1 << 20)
#define EXT_MAX_MAPS		1024

#define BTF_EXT_MAGIC		0xeB9F

/* One section of the ELF file, as far as the reader cares. */
struct sec_desc {
	const char *name;	/* points into the libelf image */
	GElf_Shdr shdr;
	Elf_Data *data;
	int code_start;		/* code sections: first insn in ext->insns; else -1 */
	int map;		/* data sections: their map; else -1 */
};

/* Parsing state, dropped once the extension is decoded. */
struct reader {
	struct extension *ext;
	void *image;		/* private copy handed to libelf */
	Elf *elf;
	size_t shstrndx;
	struct sec_desc *secs;
	size_t nr_secs;
	int symtab;		/* section index of .symtab */
	int maps_sec;		/* .maps, or -1 */
	Elf_Data *symbols;
	size_t nr_syms;
	const void *btf_ext;	/* .BTF.ext bytes, or NULL */
	size_t btf_ext_size;
};

static int bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report a malformed object and return -EINVAL. */
static int bad(struct reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p_err("extension '%s' is malformed: %s", r->ext->path, msg);
	return -EINVAL;
}


const void *extension_bytes(const struct extension *ext, size_t *size)
{
	*size = ext->size;
	return ext->bytes;
}

/* ---- sections ---- */

static bool str_has_pfx(const char *s, const char *pfx)
{
	return !strncmp(s, pfx, strlen(pfx));
}

static bool is_data_sec(const char *name)
{
	static const char *const names[] = { ".rodata", ".data", ".bss" };
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		if (!strncmp(name, names[i], n) && (name[n] == '\0' || name[n] == '.'))
			return true;
	}
	return false;
}

static int add_data_map(struct reader *r, int idx)
{
	struct extension *ext = r->ext;
	struct sec_desc *s = &r->secs[idx];
	struct ext_map *m;

	if (ext->nr_maps >= EXT_MAX_MAPS)
		return bad(r, "more than %d maps", EXT_MAX_MAPS);
	if (s->shdr.sh_size == 0 || s->shdr.sh_size > UINT32_MAX)
		return 0;	/* an empty data section holds nothing anyone can reference */
	if (vec_grow((void **)&ext->maps, ext->nr_maps, sizeof(*ext->maps)))
		return -ENOMEM;
	m = &ext->maps[ext->nr_maps];
	memset(m, 0, sizeof(*m));
	m->name = strdup(s->name);
	if (!m->name)
		return -ENOMEM;
	m->kind = EXT_MAP_DATA;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = s->shdr.sh_size;
	m->max_entries = 1;
	m->readonly = str_has_pfx(s->name, ".rodata");
	if (s->shdr.sh_type != SHT_NOBITS) {
		/* libelf checked the section lies inside the file; point at the pristine bytes */
		if (s->shdr.sh_offset > ext->size || ext->size - s->shdr.sh_offset < s->shdr.sh_size)
			return bad(r, "section %s lies outside the file", s->name);
		m->init = ext->bytes + s->shdr.sh_offset;
	}
	m->sec_idx = idx;
	s->map = ext->nr_maps++;
	return 0;
}

static int add_code_sec(struct reader *r, int idx)
{
	struct extension *ext = r->ext;
	struct sec_desc *s = &r->secs[idx];
	size_t n;
	void *p;

	if (s->shdr.sh_size % BPF_INSN_SZ)
		return bad(r, "code section %s is %llu bytes, not a multiple of %d", s->name,
			   (unsigned long long)s->shdr.sh_size, BPF_INSN_SZ);
	if (!s->data || s->data->d_size != s->shdr.sh_size || !s->data->d_buf)
		return bad(r, "code section %s has no data", s->name);
	n = s->shdr.sh_size / BPF_INSN_SZ;
	if (n > (size_t)(EXT_MAX_INSNS - ext->nr_insns))
		return bad(r, "more than %d instructions", EXT_MAX_INSNS);
	p = realloc(ext->insns, (ext->nr_insns + n) * sizeof(*ext->insns));
	if (!p)
		return -ENOMEM;
	ext->insns = p;
	memcpy(ext->insns + ext->nr_insns, s->data->d_buf, s->shdr.sh_size);
	s->code_start = ext->nr_insns;
	ext->nr_insns += n;
	return 0;
}

static int read_sections(struct reader *r)
{
	struct extension *ext = r->ext;
	size_t i, n;
	int err;

	if (elf_getshdrnum(r->elf, &n) || elf_getshdrstrndx(r->elf, &r->shstrndx))
		return bad(r, "cannot read the section headers: %s", elf_errmsg(-1));
	if (n == 0 || n > EXT_MAX_SECTIONS)
		return bad(r, "%zu sections", n);
	if (r->shstrndx >= n)
		return bad(r, "section name table index %zu out of range", r->shstrndx);
	r->secs = calloc(n, sizeof(*r->secs));
	if (!r->secs)
		return -ENOMEM;
	r->nr_secs = n;
	r->symtab = -1;
	r->maps_sec = -1;
	for (i = 1; i < n; i++) {
		struct sec_desc *s = &r->secs[i];
		Elf_Scn *scn = elf_getscn(r->elf, i);

		s->code_start = -1;
		s->map = -1;
		if (!scn || !gelf_getshdr(scn, &s->shdr))
			return bad(r, "cannot read section header %zu: %s", i, elf_errmsg(-1));
		s->name = elf_strptr(r->elf, r->shstrndx, s->shdr.sh_name);
		if (!s->name)
			return bad(r, "section %zu has no name: %s", i, elf_errmsg(-1));
		if (s->shdr.sh_type != SHT_NOBITS) {
			s->data = elf_getdata(scn, NULL);
			if (!s->data && s->shdr.sh_size)
				return bad(r, "cannot read section %s: %s", s->name, elf_errmsg(-1));
		}
		if (s->shdr.sh_type == SHT_SYMTAB) {
			if (r->symtab >= 0)
				return bad(r, "more than one symbol table");
			/* as libbpf's linker demands: what check accepts, attach can link */
			if (s->shdr.sh_entsize != sizeof(Elf64_Sym))
				return bad(r, "symbol table entries of %llu bytes, not %zu",
					   (unsigned long long)s->shdr.sh_entsize,
					   sizeof(Elf64_Sym));
			if (!s->shdr.sh_link || s->shdr.sh_link >= n)
				return bad(r, "symbol table names string table %u of %zu sections",
					   s->shdr.sh_link, n);
			r->symtab = i;
			r->symbols = s->data;
		} else if (s->shdr.sh_type == SHT_PROGBITS && (s->shdr.sh_flags & SHF_EXECINSTR)) {
			if (s->shdr.sh_size) {
				err = add_code_sec(r, i);
				if (err)
					return err;
			}
		} else if (!strcmp(s->name, ".maps")) {
			r->maps_sec = i;
		} else if (!strcmp(s->name, "maps")) {
			return bad(r, "legacy map definitions (section \"maps\") are not supported: "
				   "define maps in SEC(\".maps\") with BTF");
		} else if ((s->shdr.sh_type == SHT_PROGBITS || s->shdr.sh_type == SHT_NOBITS) &&
			   is_data_sec(s->name)) {
			err = add_data_map(r, i);
			if (err)
				return err;
		} else if (!strcmp(s->name, "license") && s->data && s->data->d_buf) {
			size_t len = strnlen(s->data->d_buf, s->data->d_size);

			free(ext->license);
			ext->license = strndup(s->data->d_buf, len);
			if (!ext->license)
				return -ENOMEM;
		} else if (!strcmp(s->name, ".BTF.ext") && s->data && s->data->d_buf) {
			r->btf_ext = s->data->d_buf;
			r->btf_ext_size = s->data->d_size;
		}
	}
	if (r->symtab < 0 || !r->symbols || !r->symbols->d_buf)
		return bad(r, "no symbol table");
	r->nr_syms = r->symbols->d_size / sizeof(Elf64_Sym);
	if (r->nr_syms > EXT_MAX_SYMBOLS)
		return bad(r, "%zu symbols", r->nr_syms);
	if (!ext->nr_insns)
		return bad(r, "no code: no executable section holds instructions");
	return 0;
}

/* ---- BTF ---- */

static int read_btf(struct reader *r)
{
	struct extension *ext = r->ext;
	size_t i;
	int err;

	for (i = 1; i < r->nr_secs; i++) {
		struct sec_desc *s = &r->secs[i];

		if (strcmp(s->name, ".BTF"))
			continue;
		if (!s->data || !s->data->d_buf || !s->data->d_size || s->data->d_size > UINT32_MAX)
			return bad(r, "empty .BTF section");
		ext->btf = btf__new(s->data->d_buf, s->data->d_size);
		err = libbpf_get_error(ext->btf);
		if (err) {
			ext->btf = NULL;
			return bad(r, "cannot parse .BTF: %s", strerror(-err));
		}
		return 0;
	}
	return bad(r, "no .BTF section: compile with clang -g so that roleprobe can read the "
		   "signatures and source lines");
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id, __u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)) && depth++ < 32) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t && (btf_is_mod(t) || btf_is_typedef(t)) ? NULL : t;
}

static const char *btf_str(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? s : "";
}

/* `__uint(name, val)`: a pointer to an array of val elements. */
static bool map_field_int(const struct btf *btf, const struct btf_member *m, __u32 *val)
{
	const struct btf_type *t = skip_mods(btf, m->type, NULL), *arr;

	if (!t || !btf_is_ptr(t))
		return false;
	arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr))
		return false;
	*val = btf_array(arr)->nelems;
	return true;
}

/* `__type(name, T)`: a pointer to T, whose size is the key or value size. */
static bool map_field_type_size(const struct btf *btf, const struct btf_member *m, __u32 *val)
{
	const struct btf_type *t = skip_mods(btf, m->type, NULL);
	__s64 sz;

	if (!t || !btf_is_ptr(t))
		return false;
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0 || sz > UINT32_MAX)
		return false;
	*val = sz;
	return true;
}

static int parse_map_def(struct reader *r, const struct btf_type *var, struct ext_map *m)
{
	const struct btf *btf = r->ext->btf;
	const struct btf_type *def = skip_mods(btf, var->type, NULL);
	const struct btf_member *mem;
	int i, n;

	if (!def || !btf_is_struct(def))
		return bad(r, "map '%s' is not defined by a struct", m->name);
	mem = btf_members(def);
	n = btf_vlen(def);
	for (i = 0; i < n; i++, mem++) {
		const char *name = btf__name_by_offset(btf, mem->name_off);
		bool ok = true;
		__u32 dummy;

		if (!name)
			return bad(r, "map '%s': member %d has no name", m->name, i);
		if (!strcmp(name, "type"))
			ok = map_field_int(btf, mem, &m->type);
		else if (!strcmp(name, "max_entries"))
			ok = map_field_int(btf, mem, &m->max_entries);
		else if (!strcmp(name, "map_flags"))
			ok = map_field_int(btf, mem, &m->map_flags);
		else if (!strcmp(name, "key_size"))
			ok = map_field_int(btf, mem, &m->key_size);
		else if (!strcmp(name, "value_size"))
			ok = map_field_int(btf, mem, &m->value_size);
		else if (!strcmp(name, "pinning"))
			ok = map_field_int(btf, mem, &m->pinning);
		else if (!strcmp(name, "numa_node") || !strcmp(name, "map_extra"))
			ok = map_field_int(btf, mem, &dummy);
		else if (!strcmp(name, "key"))
			ok = map_field_type_size(btf, mem, &m->key_size);
		else if (!strcmp(name, "value"))
			ok = map_field_type_size(btf, mem, &m->value_size);
		else if (!strcmp(name, "values"))
			ok = true;	/* map-in-map and program arrays: initial values, not sizes */
		else
			return bad(r, "map '%s': unknown attribute '%s'", m->name, name);
		if (!ok)
			return bad(r, "map '%s': attribute '%s' is not encoded as libbpf's "
				   "__uint()/__type() encode it", m->name, name);
	}
	if (!m->type)
		return bad(r, "map '%s' has no type", m->name);
	return 0;
}

/* The symbol called @name in section @sec; its value in *@value. */
static bool find_sym(struct reader *r, const char *name, int sec, uint64_t *value)
{
	size_t i;

	for (i = 1; i < r->nr_syms; i++) {
		GElf_Sym sym;
		const char *s;

		if (!gelf_getsym(r->symbols, i, &sym) || sym.st_shndx != sec)
			continue;
		s = elf_strptr(r->elf, r->secs[r->symtab].shdr.sh_link, sym.st_name);
		if (s && !strcmp(s, name)) {
			*value = sym.st_value;
			return true;
		}
	}
	return false;
}

static int read_btf_maps(struct reader *r)
{
	struct extension *ext = r->ext;
	const struct btf *btf = ext->btf;
	const struct btf_type *sec = NULL;
	const struct btf_var_secinfo *vs;
	__u32 i, n = btf__type_cnt(btf);
	int err;

	if (r->maps_sec < 0)
		return 0;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (t && btf_is_datasec(t) && !strcmp(btf_str(btf, t->name_off), ".maps")) {
			sec = t;
			break;
		}
	}
	if (!sec)
		return bad(r, "section .maps has no BTF description (DATASEC .maps)");
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		struct ext_map *m;
		const char *name;

		if (!var || !btf_is_var(var))
			return bad(r, "DATASEC .maps entry %u is not a variable", i);
		name = btf__name_by_offset(btf, var->name_off);
		if (!name || !*name)
			return bad(r, "DATASEC .maps entry %u has no name", i);
		if (ext->nr_maps >= EXT_MAX_MAPS)
			return bad(r, "more than %d maps", EXT_MAX_MAPS);
		if (vec_grow((void **)&ext->maps, ext->nr_maps, sizeof(*ext->maps)))
			return -ENOMEM;
		m = &ext->maps[ext->nr_maps];
		memset(m, 0, sizeof(*m));
		m->name = strdup(name);
		if (!m->name)
			return -ENOMEM;
		ext->nr_maps++;
		m->kind = EXT_MAP_BTF;
		m->sec_idx = r->maps_sec;
		if (!find_sym(r, name, r->maps_sec, &m->sec_off))
			return bad(r, "map '%s' has no symbol in section .maps", name);
		err = parse_map_def(r, var, m);
		if (err)
			return err;
	}
	return 0;
}

/* ---- symbols: functions ---- */

static int func_cmp(const void *a, const void *b)
{
	const struct ext_func *fa = a, *fb = b;

	return fa->start < fb->start ? -1 : fa->start > fb->start;
}

/* Entry program type and attach target from its section name (libbpf's conventions). */
static int classify_prog(struct ext_func *f)
{
	const char *sec = f->sec_name, *slash = strchr(sec, '/'), *spec, *plus;
	size_t kind_len = slash ? (size_t)(slash - sec) : strlen(sec);

	f->prog_kind = strndup(sec, kind_len);
	if (!f->prog_kind)
		return -ENOMEM;
	if (!strcmp(f->prog_kind, "uprobe"))
		f->type = EXT_PROG_UPROBE;
	else if (!strcmp(f->prog_kind, "uretprobe"))
		f->type = EXT_PROG_URETPROBE;
	else
		f->type = EXT_PROG_OTHER;
	if (f->type == EXT_PROG_OTHER || !slash || !slash[1])
		return 0;
	/* "uprobe/SYM+OFF", or libbpf's "uprobe/BINARY:SYM+OFF" */
	spec = strrchr(slash + 1, ':');
	spec = spec ? spec + 1 : slash + 1;
	plus = strrchr(spec, '+');
	if (plus) {
		char *end;

		errno = 0;
		f->attach_off = strtoull(plus + 1, &end, 0);
		if (errno || end == plus + 1 || *end)
			plus = NULL;	/* not an offset: part of the name */
	}
	f->attach_sym = plus ? strndup(spec, plus - spec) : strdup(spec);
	if (!f->attach_sym)
		return -ENOMEM;
	if (!plus)
		f->attach_off = 0;
	return 0;
}

static int read_funcs(struct reader *r)
{
	struct extension *ext = r->ext;
	int strtab = r->secs[r->symtab].shdr.sh_link;
	size_t i;
	int err, k;

	for (i = 1; i < r->nr_syms; i++) {
		struct sec_desc *s;
		struct ext_func *f;
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(r->symbols, i, &sym))
			return bad(r, "cannot read symbol %zu", i);
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= r->nr_secs)
			continue;	/* an extern function: found through relocations */
		s = &r->secs[sym.st_shndx];
		name = elf_strptr(r->elf, strtab, sym.st_name);
		if (!name || !*name)
			return bad(r, "function symbol %zu has no name", i);
		if (s->code_start < 0)
			return bad(r, "function '%s' is not in a code section", name);
		if (sym.st_value % BPF_INSN_SZ || sym.st_size % BPF_INSN_SZ || !sym.st_size ||
		    sym.st_value > s->shdr.sh_size || s->shdr.sh_size - sym.st_value < sym.st_size)
			return bad(r, "function '%s' (offset %llu, %llu bytes) does not fit section %s",
				   name, (unsigned long long)sym.st_value,
				   (unsigned long long)sym.st_size, s->name);
		if (vec_grow((void **)&ext->funcs, ext->nr_funcs, sizeof(*ext->funcs)))
			return -ENOMEM;
		f = &ext->funcs[ext->nr_funcs];
		memset(f, 0, sizeof(*f));
		f->name = strdup(name);
		if (!f->name)
			return -ENOMEM;
		ext->nr_funcs++;
		f->sec_name = strdup(s->name);
		if (!f->sec_name)
			return -ENOMEM;
		f->start = s->code_start + sym.st_value / BPF_INSN_SZ;
		f->cnt = sym.st_size / BPF_INSN_SZ;
		f->global = GELF_ST_BIND(sym.st_info) != STB_LOCAL;
		if (strcmp(s->name, ".text")) {
			/* libbpf: functions outside .text are programs, and must be global */
			if (!f->global)
				return bad(r, "function '%s' in section %s is static: a program must "
					   "be global, a subprogram must be in .text", name, s->name);
			err = classify_prog(f);
			if (err)
				return err;
		}
	}
	if (ext->nr_funcs)
		qsort(ext->funcs, ext->nr_funcs, sizeof(*ext->funcs), func_cmp);
	/* functions tile their sections: no overlap, no instruction outside a function */
	for (k = 0; k < ext->nr_funcs; k++) {
		const struct ext_func *f = &ext->funcs[k];

		if (k + 1 < ext->nr_funcs && f->start + f->cnt > ext->funcs[k + 1].start)
			return bad(r, "functions '%s' and '%s' overlap", f->name,
				   ext->funcs[k + 1].name);
	}
	for (i = 1; i < r->nr_secs; i++) {
		const struct sec_desc *s = &r->secs[i];
		int start = s->code_start, end, pos = start;

		if (start < 0)
			continue;
		end = start + s->shdr.sh_size / BPF_INSN_SZ;
		for (k = 0; k < ext->nr_funcs; k++) {
			if (ext->funcs[k].start < start || ext->funcs[k].start >= end)
				continue;
			if (ext->funcs[k].start != pos)
				break;
			pos += ext->funcs[k].cnt;
		}
		if (pos != end)
			return bad(r, "section %s: instructions at offset %d belong to no function",
				   s->name, (pos - start) * BPF_INSN_SZ);
	}
	return 0;
}

const struct ext_func *extension_func_at(const struct extension *ext, int insn)
{
	int lo = 0, hi = ext->nr_funcs - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		const struct ext_func *f = &ext->funcs[mid];

		if (insn < f->start)
			hi = mid - 1;
		else if (insn >= f->start + f->cnt)
			lo = mid + 1;
		else
			return f;
	}
	return NULL;
}

const struct ext_func *extension_func_by_name(const struct extension *ext, const char *name)
{
	int i;

	for (i = 0; i < ext->nr_funcs; i++)
		if (!strcmp(ext->funcs[i].name, name))
			return &ext->funcs[i];
	return NULL;
}

const struct ext_map *extension_map_by_name(const struct extension *ext, const char *name)
{
	int i;

	for (i = 0; i < ext->nr_maps; i++)
		if (!strcmp(ext->maps[i].name, name))
			return &ext->maps[i];
	return NULL;
}

/* The function starting exactly at @insn, or -1. */
static int func_starting_at(const struct extension *ext, int insn)
{
	const struct ext_func *f = extension_func_at(ext, insn);

	return f && f->start == insn ? (int)(f - ext->funcs) : -1;
}

/* ---- relocations ---- */

static bool datasec_has(const struct btf *btf, const char *sec_name, __u32 id)
{
	__u32 i, n = btf__type_cnt(btf);

	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct btf_var_secinfo *vs;
		int k;

		if (!t || !btf_is_datasec(t) || strcmp(btf_str(btf, t->name_off), sec_name))
			continue;
		vs = btf_var_secinfos(t);
		for (k = 0; k < btf_vlen(t); k++, vs++)
			if (vs->type == id)
				return true;
	}
	return false;
}

static int extern_idx(struct reader *r, const char *name, bool is_call)
{
	struct extension *ext = r->ext;
	struct ext_extern *e;
	int i, id;

	for (i = 0; i < ext->nr_externs; i++) {
		e = &ext->externs[i];
		if (strcmp(e->name, name))
			continue;
		if ((e->kind == EXT_EXTERN_VAR) == is_call)
			return bad(r, "extern '%s' is used both as a function and as a variable",
				   name);
		return i;
	}
	if (vec_grow((void **)&ext->externs, ext->nr_externs, sizeof(*ext->externs)))
		return -ENOMEM;
	e = &ext->externs[ext->nr_externs];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	if (!e->name)
		return -ENOMEM;
	if (is_call) {
		id = btf__find_by_name_kind(ext->btf, name, BTF_KIND_FUNC);
		e->btf_id = id > 0 ? id : 0;
		/* `__ksym` puts the declaration in DATASEC .ksyms: a kfunc */
		e->kind = id > 0 && datasec_has(ext->btf, ".ksyms", id) ? EXT_EXTERN_KFUNC :
			  EXT_EXTERN_FUNC;
	} else {
		id = btf__find_by_name_kind(ext->btf, name, BTF_KIND_VAR);
		e->btf_id = id > 0 ? id : 0;
		e->kind = EXT_EXTERN_VAR;
	}
	return ext->nr_externs++;
}

static int map_at(struct reader *r, int sec, uint64_t off)
{
	struct extension *ext = r->ext;
	int i;

	for (i = 0; i < ext->nr_maps; i++)
		if (ext->maps[i].kind == EXT_MAP_BTF && ext->maps[i].sec_idx == sec &&
		    ext->maps[i].sec_off == off)
			return i;
	return -1;
}

static int apply_reloc(struct reader *r, const struct sec_desc *code, const GElf_Rel *rel)
{
	struct extension *ext = r->ext;
	size_t sym_idx = GELF_R_SYM(rel->r_info);
	int type = GELF_R_TYPE(rel->r_info), insn_idx, err;
	const struct sec_desc *tsec;
	struct bpf_insn *insn;
	struct ext_ref *ref;
	const char *name;
	GElf_Sym sym;
	int64_t off;
	bool is_call, is_ld64;

	if (type == R_BPF_64_ABS64 || type == R_BPF_64_ABS32 || type == R_BPF_64_NODYLD32 ||
	    type == R_BPF_NONE)
		return 0;	/* data relocations: not in code */
	if (type != R_BPF_64_64 && type != R_BPF_64_32)
		return bad(r, "section %s: unknown relocation type %d", code->name, type);
	if (rel->r_offset % BPF_INSN_SZ || rel->r_offset >= code->shdr.sh_size)
		return bad(r, "section %s: relocation at offset %llu is outside the code",
			   code->name, (unsigned long long)rel->r_offset);
	if (sym_idx == 0 || sym_idx >= r->nr_syms || !gelf_getsym(r->symbols, sym_idx, &sym))
		return bad(r, "section %s: relocation names symbol %zu of %zu", code->name,
			   sym_idx, r->nr_syms);
	name = elf_strptr(r->elf, r->secs[r->symtab].shdr.sh_link, sym.st_name);
	if (!name)
		return bad(r, "symbol %zu has no name", sym_idx);
	insn_idx = code->code_start + rel->r_offset / BPF_INSN_SZ;
	insn = &ext->insns[insn_idx];
	ref = &ext->refs[insn_idx];
	is_call = insn->code == (BPF_JMP | BPF_CALL);
	is_ld64 = insn->code == (BPF_LD | BPF_IMM | BPF_DW);
	if (!is_call && !is_ld64)
		return bad(r, "%s+%llu: relocation on an instruction that is neither a call nor "
			   "a 64-bit load", code->name, (unsigned long long)rel->r_offset);
	if (ref->kind != EXT_REF_NONE)
		return bad(r, "%s+%llu: two relocations on one instruction", code->name,
			   (unsigned long long)rel->r_offset);
	if (is_ld64 && insn->src_reg)
		return bad(r, "%s+%llu: 64-bit load with source register %d in an object file",
			   code->name, (unsigned long long)rel->r_offset, insn->src_reg);
	if (is_call && insn->src_reg != BPF_PSEUDO_CALL)
		return bad(r, "%s+%llu: relocated call is not a pseudo call", code->name,
			   (unsigned long long)rel->r_offset);

	if (sym.st_shndx == SHN_UNDEF) {
		if (!*name)
			return bad(r, "relocation against an unnamed undefined symbol");
		err = extern_idx(r, name, is_call);
		if (err < 0)
			return err;
		ref->kind = is_call ? EXT_REF_EXTERN_CALL : EXT_REF_EXTERN_VAR;
		ref->idx = err;
		return 0;
	}
	if (sym.st_shndx >= r->nr_secs)
		return bad(r, "symbol '%s' is in section %u of %zu", name, sym.st_shndx,
			   r->nr_secs);
	tsec = &r->secs[sym.st_shndx];
	if (tsec->code_start >= 0) {
		int target, fn;

		if (is_call) /* libbpf: sym offset in insns + imm + 1 */
			off = (int64_t)(sym.st_value / BPF_INSN_SZ) + insn->imm + 1;
		else /* function address: sym offset + imm, in bytes */
			off = ((int64_t)sym.st_value + insn->imm) / BPF_INSN_SZ;
		if (sym.st_value % BPF_INSN_SZ || (!is_call && insn->imm % BPF_INSN_SZ) || off < 0 ||
		    off >= (int64_t)(tsec->shdr.sh_size / BPF_INSN_SZ))
			return bad(r, "%s+%llu: reference to '%s' lands outside section %s",
				   code->name, (unsigned long long)rel->r_offset, name, tsec->name);
		target = tsec->code_start + off;
		fn = func_starting_at(ext, target);
		if (fn < 0)
			return bad(r, "%s+%llu: reference into the middle of a function in %s",
				   code->name, (unsigned long long)rel->r_offset, tsec->name);
		if (strcmp(tsec->name, ".text"))
			return bad(r, "%s+%llu: '%s' in section %s is called or referenced as a "
				   "subprogram; subprograms must be in .text", code->name,
				   (unsigned long long)rel->r_offset, ext->funcs[fn].name, tsec->name);
		ref->kind = is_call ? EXT_REF_CALL : EXT_REF_FUNC;
		ref->idx = fn;
		return 0;
	}
	if (is_call)
		return bad(r, "%s+%llu: call to '%s', which is not code", code->name,
			   (unsigned long long)rel->r_offset, name);
	off = (int64_t)sym.st_value + insn->imm;
	if (tsec->map >= 0) {
		const struct ext_map *m = &ext->maps[tsec->map];

		if (off < 0 || off >= m->value_size)
			return bad(r, "%s+%llu: reference to %s+%lld outside its %u bytes",
				   code->name, (unsigned long long)rel->r_offset, m->name,
				   (long long)off, m->value_size);
		ref->kind = EXT_REF_MAP_VALUE;
		ref->idx = tsec->map;
		ref->off = off;
		return 0;
	}
	if ((int)sym.st_shndx == r->maps_sec) {
		int m = map_at(r, sym.st_shndx, off);

		if (m < 0)
			return bad(r, "%s+%llu: reference to .maps+%lld, where no map is defined",
				   code->name, (unsigned long long)rel->r_offset, (long long)off);
		ref->kind = EXT_REF_MAP;
		ref->idx = m;
		return 0;
	}
	return bad(r, "%s+%llu: reference to '%s' in section %s, which holds neither maps nor "
		   "global data", code->name, (unsigned long long)rel->r_offset, name, tsec->name);
}

static int read_relocs(struct reader *r)
{
	size_t i, k, n;
	int err;

	for (i = 1; i < r->nr_secs; i++) {
		const struct sec_desc *s = &r->secs[i], *code;

		if (s->shdr.sh_type == SHT_RELA)
			return bad(r, "section %s: RELA relocations are not used by BPF", s->name);
		if (s->shdr.sh_type != SHT_REL)
			continue;
		if (s->shdr.sh_info >= r->nr_secs)
			return bad(r, "relocation section %s applies to section %u of %zu", s->name,
				   s->shdr.sh_info, r->nr_secs);
		code = &r->secs[s->shdr.sh_info];
		if (code->code_start < 0)
			continue;	/* relocations of BTF, debug info, .maps */
		if ((int)s->shdr.sh_link != r->symtab)
			return bad(r, "relocation section %s does not use the symbol table",
				   s->name);
		if (!s->data || !s->data->d_buf)
			return bad(r, "relocation section %s has no data", s->name);
		n = s->data->d_size / sizeof(Elf64_Rel);
		for (k = 0; k < n; k++) {
			GElf_Rel rel;

			if (!gelf_getrel(s->data, k, &rel))
				return bad(r, "cannot read relocation %zu of %s", k, s->name);
			err = apply_reloc(r, code, &rel);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ---- instructions: structure only (the verifier judges what they do) ---- */

static bool is_ld64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int check_func_code(struct reader *r, const struct ext_func *f)
{
	struct extension *ext = r->ext;
	int i, end = f->start + f->cnt;

	for (i = f->start; i < end; i++) {
		struct bpf_insn *insn = &ext->insns[i];
		struct ext_ref *ref = &ext->refs[i];
		int cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code), pos = i - f->start;

		if (insn->dst_reg > 10 || insn->src_reg > 10)
			return bad(r, "%s+%d: register r%d does not exist", f->name, pos,
				   insn->dst_reg > 10 ? insn->dst_reg : insn->src_reg);
		if (is_ld64(insn)) {
			if (i + 1 >= end || ext->insns[i + 1].code || ext->insns[i + 1].dst_reg ||
			    ext->insns[i + 1].src_reg || ext->insns[i + 1].off)
				return bad(r, "%s+%d: incomplete 64-bit load", f->name, pos);
			if (insn->src_reg && ref->kind == EXT_REF_NONE)
				return bad(r, "%s+%d: 64-bit load with source register %d and no "
					   "relocation", f->name, pos, insn->src_reg);
			i++;
			continue;
		}
		if (cls == BPF_LD)
			return bad(r, "%s+%d: legacy packet access (BPF_ABS/BPF_IND) is not "
				   "supported", f->name, pos);
		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		if (op == BPF_CALL && cls == BPF_JMP) {
			if (insn->src_reg == BPF_PSEUDO_CALL && ref->kind == EXT_REF_NONE) {
				/* a call inside its own section, pc-relative, without relocation */
				int64_t target = (int64_t)i + insn->imm + 1;
				int fn;

				if (target < 0 || target >= ext->nr_insns)
					return bad(r, "%s+%d: call target out of range", f->name, pos);
				fn = func_starting_at(ext, target);
				if (fn < 0 || strcmp(ext->funcs[fn].sec_name, f->sec_name))
					return bad(r, "%s+%d: call into the middle of a function or "
						   "another section", f->name, pos);
				ref->kind = EXT_REF_CALL;
				ref->idx = fn;
			} else if (insn->src_reg != 0 && insn->src_reg != BPF_PSEUDO_CALL) {
				return bad(r, "%s+%d: call with source register %d in an object "
					   "file", f->name, pos, insn->src_reg);
			}
			continue;
		}
		if (op == BPF_EXIT || op == BPF_CALL)
			continue;
		{
			/* gotol (BPF_JMP32 | BPF_JA) jumps by imm, the others by off */
			int64_t delta = cls == BPF_JMP32 && op == BPF_JA ? insn->imm : insn->off;
			int64_t target = (int64_t)i + delta + 1;

			if (target < f->start || target >= end)
				return bad(r, "%s+%d: jump to %lld leaves the function", f->name, pos,
					   (long long)(target - f->start));
			if (ext->insns[target].code == 0) {
				/* could be the second half of a ld_imm64: walk from the start */
				int k = f->start;

				while (k < target)
					k += is_ld64(&ext->insns[k]) ? 2 : 1;
				if (k != target)
					return bad(r, "%s+%d: jump into the middle of a 64-bit load",
						   f->name, pos);
			}
		}
	}
	return 0;
}

static int check_code(struct reader *r)
{
	int i, err;

	for (i = 0; i < r->ext->nr_funcs; i++) {
		err = check_func_code(r, &r->ext->funcs[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- .BTF.ext: func info and line info ---- */

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The code section of the ELF file called @name. */
static const struct sec_desc *code_sec_by_name(struct reader *r, const char *name)
{
	size_t i;

	for (i = 1; i < r->nr_secs; i++)
		if (r->secs[i].code_start >= 0 && !strcmp(r->secs[i].name, name))
			return &r->secs[i];
	return NULL;
}

/*
 * Walk one info block of .BTF.ext: a record size, then per section a name offset, a count
 * and that many records. @fn is called for each record with its section.
 */
static int walk_ext_info(struct reader *r, const uint8_t *p, uint32_t len, uint32_t min_rec,
			 const char *what,
			 int (*fn)(struct reader *r, const struct sec_desc *s, const uint8_t *rec))
{
	uint32_t rec_size, pos = 4;
	int err;

	if (len == 0)
		return 0;
	if (len < 4)
		return bad(r, ".BTF.ext: %s is %u bytes", what, len);
	rec_size = rd32(p);
	if (rec_size < min_rec || rec_size > 1024 || rec_size % 4)
		return bad(r, ".BTF.ext: %s records of %u bytes", what, rec_size);
	while (pos < len) {
		uint32_t name_off, num, k;
		const struct sec_desc *s;
		const char *name;

		if (len - pos < 8)
			return bad(r, ".BTF.ext: %s is truncated", what);
		name_off = rd32(p + pos);
		num = rd32(p + pos + 4);
		pos += 8;
		if (num == 0 || num > (len - pos) / rec_size)
			return bad(r, ".BTF.ext: %s block of %u records does not fit", what, num);
		name = btf__name_by_offset(r->ext->btf, name_off);
		if (!name)
			return bad(r, ".BTF.ext: %s names a section at string offset %u, outside "
				   "the BTF strings", what, name_off);
		s = code_sec_by_name(r, name);
		if (!s)
			return bad(r, ".BTF.ext: %s for section '%s', which holds no code", what,
				   name);
		for (k = 0; k < num; k++, pos += rec_size) {
			err = fn(r, s, p + pos);
			if (err)
				return err;
		}
	}
	return 0;
}

static int insn_of(struct reader *r, const struct sec_desc *s, uint32_t insn_off, int *out)
{
	if (insn_off % BPF_INSN_SZ || insn_off >= s->shdr.sh_size)
		return bad(r, ".BTF.ext: instruction offset %u outside section %s", insn_off,
			   s->name);
	*out = s->code_start + insn_off / BPF_INSN_SZ;
	return 0;
}

static int on_func_info(struct reader *r, const struct sec_desc *s, const uint8_t *rec)
{
	struct extension *ext = r->ext;
	uint32_t type_id = rd32(rec + 4);
	const struct btf_type *t;
	int insn = 0, fn, err;

	err = insn_of(r, s, rd32(rec), &insn);
	if (err)
		return err;
	fn = func_starting_at(ext, insn);
	t = btf__type_by_id(ext->btf, type_id);
	if (fn < 0)
		return bad(r, ".BTF.ext: func info at %s+%u is not the start of a function",
			   s->name, rd32(rec));
	if (!t || !btf_is_func(t))
		return bad(r, ".BTF.ext: func info of '%s' names type %u, not a FUNC",
			   ext->funcs[fn].name, type_id);
	ext->funcs[fn].btf_id = type_id;
	return 0;
}

static int on_line_info(struct reader *r, const struct sec_desc *s, const uint8_t *rec)
{
	struct extension *ext = r->ext;
	struct ext_line *l;
	const char *file, *text;
	int insn = 0, err;

	err = insn_of(r, s, rd32(rec), &insn);
	if (err)
		return err;
	file = btf__name_by_offset(ext->btf, rd32(rec + 4));
	text = btf__name_by_offset(ext->btf, rd32(rec + 8));
	if (!file || !text)
		return bad(r, ".BTF.ext: line info at %s+%u has strings outside the BTF strings",
			   s->name, rd32(rec));
	if (vec_grow((void **)&ext->lines, ext->nr_lines, sizeof(*ext->lines)))
		return -ENOMEM;
	l = &ext->lines[ext->nr_lines++];
	l->insn = insn;
	l->file = file;
	l->text = text;
	l->line = rd32(rec + 12) >> 10;
	l->col = rd32(rec + 12) & 0x3ff;
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	const struct ext_line *la = a, *lb = b;

	return la->insn < lb->insn ? -1 : la->insn > lb->insn;
}

static int read_btf_ext(struct reader *r)
{
	const uint8_t *p = r->btf_ext;
	uint32_t hdr_len, fi_off, fi_len, li_off, li_len, data_len;
	uint16_t magic;
	int err;

	if (!p)
		return 0;
	if (r->btf_ext_size < 24 || r->btf_ext_size > UINT32_MAX)
		return bad(r, ".BTF.ext is %zu bytes", r->btf_ext_size);
	memcpy(&magic, p, sizeof(magic));
	if (magic != BTF_EXT_MAGIC || p[2] != 1)
		return bad(r, ".BTF.ext: bad magic 0x%x or version %u", magic, p[2]);
	hdr_len = rd32(p + 4);
	if (hdr_len < 24 || hdr_len > r->btf_ext_size)
		return bad(r, ".BTF.ext: header of %u bytes", hdr_len);
	data_len = r->btf_ext_size - hdr_len;
	fi_off = rd32(p + 8);
	fi_len = rd32(p + 12);
	li_off = rd32(p + 16);
	li_len = rd32(p + 20);
	if (fi_off > data_len || data_len - fi_off < fi_len || li_off > data_len ||
	    data_len - li_off < li_len)
		return bad(r, ".BTF.ext: func info (%u+%u) or line info (%u+%u) outside its %u "
			   "bytes", fi_off, fi_len, li_off, li_len, data_len);
	err = walk_ext_info(r, p + hdr_len + fi_off, fi_len, 8, "func info", on_func_info);
	if (err)
		return err;
	err = walk_ext_info(r, p + hdr_len + li_off, li_len, 16, "line info", on_line_info);
	if (err)
		return err;
	if (r->ext->nr_lines)
		qsort(r->ext->lines, r->ext->nr_lines, sizeof(*r->ext->lines), line_cmp);
	return 0;
}

/* Functions the func info left out: found by name. Then the signature must be a FUNC. */
static int complete_func_btf(struct reader *r)
{
	struct extension *ext = r->ext;
	int i, id;

	for (i = 0; i < ext->nr_funcs; i++) {
		struct ext_func *f = &ext->funcs[i];

		if (f->btf_id)
			continue;
		id = btf__find_by_name_kind(ext->btf, f->name, BTF_KIND_FUNC);
		f->btf_id = id > 0 ? id : 0;
	}
	return 0;
}

const struct ext_line *extension_line_at(const struct extension *ext, int insn)
{
	const struct ext_func *f = extension_func_at(ext, insn);
	int lo = 0, hi = ext->nr_lines - 1, best = -1;

	if (!f)
		return NULL;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (ext->lines[mid].insn <= insn) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	/* line 0 marks code the compiler made up: the line before it says more */
	while (best > 0 && ext->lines[best].line == 0 && ext->lines[best - 1].insn >= f->start)
		best--;
	if (best < 0 || ext->lines[best].insn < f->start)
		return NULL;
	return &ext->lines[best];
}

/* ---- open/free ---- */

void extension_free(struct extension *ext)
{
	int i;

	if (!ext)
		return;
	for (i = 0; i < ext->nr_funcs; i++) {
		free(ext->funcs[i].name);
		free(ext->funcs[i].sec_name);
		free(ext->funcs[i].prog_kind);
		free(ext->funcs[i].attach_sym);
	}
	for (i = 0; i < ext->nr_maps; i++)
		free(ext->maps[i].name);
	for (i = 0; i < ext->nr_externs; i++)
		free(ext->externs[i].name);
	free(ext->funcs);
	free(ext->maps);
	free(ext->externs);
	free(ext->lines);
	free(ext->insns);
	free(ext->refs);
	free(ext->license);
	btf__free(ext->btf);
	free((void *)ext->bytes);
	free(ext->path);
	free(ext);
}

static int check_ident(struct reader *r)
{
	const unsigned char *id = r->ext->bytes;
	GElf_Ehdr ehdr;

	if (r->ext->size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG))
		return bad(r, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS64)
		return bad(r, "not a 64-bit ELF file");
	if (id[EI_DATA] != ELFDATA2LSB)
		return bad(r, "not little-endian (BPF objects for this machine are)");
	if (!gelf_getehdr(r->elf, &ehdr))
		return bad(r, "cannot read the ELF header: %s", elf_errmsg(-1));
	if (ehdr.e_machine != EM_BPF)
		return bad(r, "not a BPF object (ELF machine %u); build it with clang -target bpf",
			   ehdr.e_machine);
	if (ehdr.e_type != ET_REL)
		return bad(r, "not a relocatable object (ELF type %u)", ehdr.e_type);
	/* libelf takes a section header table outside the file for no sections at all */
	if (ehdr.e_shoff > r->ext->size ||
	    (r->ext->size - ehdr.e_shoff) / sizeof(Elf64_Shdr) < ehdr.e_shnum ||
	    (ehdr.e_shnum && ehdr.e_shentsize != sizeof(Elf64_Shdr)))
		return bad(r, "the section header table (%u entries of %u bytes at offset %llu) "
			   "does not fit in the file (%zu bytes)", ehdr.e_shnum, ehdr.e_shentsize,
			   (unsigned long long)ehdr.e_shoff, r->ext->size);
	return 0;
}

static int decode(struct reader *r)
{
	struct extension *ext = r->ext;
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return bad(r, "libelf: %s", elf_errmsg(-1));
	if (ext->size >= SELFMAG && !memcmp(ext->bytes, ELFMAG, SELFMAG) &&
	    ext->size < sizeof(Elf64_Ehdr))
		return bad(r, "the file ends inside the ELF header (%zu of %zu bytes)", ext->size,
			   sizeof(Elf64_Ehdr));
	r->image = malloc(ext->size);
	if (!r->image)
		return -ENOMEM;
	/* libelf gets its own copy: the bytes the loader links stay exactly as read */
	memcpy(r->image, ext->bytes, ext->size);
	r->elf = elf_memory(r->image, ext->size);
	if (!r->elf)
		return bad(r, "libelf: %s", elf_errmsg(-1));
	if (elf_kind(r->elf) != ELF_K_ELF)
		return bad(r, "not an ELF file");
	err = check_ident(r);
	if (!err)
		err = read_sections(r);
	if (err)
		return err;
	ext->refs = calloc(ext->nr_insns, sizeof(*ext->refs));
	if (!ext->refs)
		return -ENOMEM;
	err = read_btf(r);
	if (!err)
		err = read_btf_maps(r);
	if (!err)
		err = read_funcs(r);
	if (!err)
		err = read_relocs(r);
	if (!err)
		err = check_code(r);
	if (!err)
		err = read_btf_ext(r);
	if (!err)
		err = complete_func_btf(r);
	return err;
}

/* Takes ownership of @bytes. */
static int extension_decode(const char *name, void *bytes, size_t size, struct extension **out)
{
	struct reader r = {};
	struct extension *ext;
	int err;

	*out = NULL;
	ext = calloc(1, sizeof(*ext));
	if (!ext) {
		free(bytes);
		return -ENOMEM;
	}
	ext->bytes = bytes;
	ext->size = size;
	ext->path = strdup(name);
	if (!ext->path) {
		extension_free(ext);
		return -ENOMEM;
	}
	r.ext = ext;
	err = decode(&r);
	if (r.elf)
		elf_end(r.elf);
	free(r.image);
	free(r.secs);
	if (err) {
		if (err == -ENOMEM)
			p_err("extension '%s': out of memory", name);
		extension_free(ext);
		return err;
	}
	*out = ext;
	return 0;
}

int extension_open_mem(const char *name, const void *buf, size_t size, struct extension **out)
{
	void *copy;

	*out = NULL;
	if (size == 0 || size > EXT_FILE_MAX_SIZE) {
		p_err("extension '%s' is %zu bytes; an extension is 1 byte to %u MiB", name, size,
		      EXT_FILE_MAX_SIZE >> 20);
		return -EINVAL;
	}
	copy = malloc(size);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, size);
	return extension_decode(name, copy, size, out);
}

int extension_open(const char *path, struct extension **out)
{
	static const struct fileio_spec spec = {
		.what = "extension",
		.hint = "an extension is a BPF object file",
		.max_size = EXT_FILE_MAX_SIZE,
	};
	char why[512], *buf;
	size_t len;
	int err;

	*out = NULL;
	/* one open, checked, read once: the verifier and the loader see these bytes only */
	err = fileio_read(path, &spec, &buf, &len, why, sizeof(why));
	if (err) {
		p_err("%s: %s", path, why);
		/* not a regular file, or too large: a malformed input like any other */
		return err == -EISDIR || err == -EFBIG ? -EINVAL : err;
	}
	if (!len) {
		p_err("%s: the extension is empty: an extension is a BPF object file", path);
		free(buf);
		return -EINVAL;
	}
	return extension_decode(path, buf, len, out);
}
