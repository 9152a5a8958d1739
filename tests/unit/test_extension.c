// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension reader: what it finds in objects clang compiled (functions, sections,
 * maps, global data, externs, relocations, BTF func and line info), and that a malformed
 * object (truncated, offsets out of range, absurd counts, broken code) is refused with an
 * error, never a crash or a hang.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "extension.h"
#include "vf_elf.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

static char *fixture_path(const char *name)
{
	const char *build_dir = getenv("ROLEPROBE_BUILD");
	char *p;

	assert_true(asprintf(&p, "%s/unit/%s.bpf.o", build_dir ? build_dir : "build", name) > 0);
	return p;
}

static uint8_t *read_all(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc(st.st_size);
	assert_int_equal(read(fd, buf, st.st_size), st.st_size);
	close(fd);
	*len = st.st_size;
	return buf;
}

/* ---- compiled objects ---- */

static void test_compiled_strfilt(void **state)
{
	char *path = fixture_path("vf_strfilt");
	const struct ext_func *f, *sub;
	const struct ext_map *m;
	const struct ext_line *l;
	struct extension *e;
	const void *bytes;
	uint8_t *raw;
	size_t size, raw_len;
	int i, calls = 0, values = 0, maps = 0, externs = 0;

	(void)state;
	assert_int_equal(extension_open(path, &e), 0);
	/* the bytes are the file's, untouched */
	raw = read_all(path, &raw_len);
	bytes = extension_bytes(e, &size);
	assert_int_equal(size, raw_len);
	assert_memory_equal(bytes, raw, size);
	free(raw);

	f = extension_func_by_name(e, "trace_open");
	assert_non_null(f);
	assert_int_equal(f->type, EXT_PROG_UPROBE);
	assert_string_equal(f->sec_name, "uprobe/open");
	assert_string_equal(f->prog_kind, "uprobe");
	assert_string_equal(f->attach_sym, "open");
	assert_int_equal(f->attach_off, 0);
	assert_true(f->global);
	assert_true(f->btf_id > 0);
	sub = extension_func_by_name(e, "has_prefix");
	assert_non_null(sub);
	assert_int_equal(sub->type, EXT_PROG_NONE);
	assert_false(sub->global);
	assert_string_equal(sub->sec_name, ".text");
	assert_ptr_equal(extension_func_at(e, f->start + 3), f);
	assert_null(extension_func_at(e, e->nr_insns));

	m = extension_map_by_name(e, "hits");
	assert_non_null(m);
	assert_int_equal(m->kind, EXT_MAP_BTF);
	assert_int_equal(m->type, BPF_MAP_TYPE_HASH);
	assert_int_equal(m->key_size, 64);
	assert_int_equal(m->value_size, 8);
	assert_int_equal(m->max_entries, 1024);
	m = extension_map_by_name(e, ".rodata");
	assert_non_null(m);
	assert_int_equal(m->kind, EXT_MAP_DATA);
	assert_true(m->readonly);
	assert_non_null(m->init);
	assert_memory_equal(m->init, "/etc/", 6);

	assert_int_equal(e->nr_externs, 1);
	assert_string_equal(e->externs[0].name, "bpf_strncpy");
	assert_int_equal(e->externs[0].kind, EXT_EXTERN_FUNC);
	for (i = 0; i < e->nr_insns; i++) {
		calls += e->refs[i].kind == EXT_REF_CALL;
		values += e->refs[i].kind == EXT_REF_MAP_VALUE;
		maps += e->refs[i].kind == EXT_REF_MAP;
		externs += e->refs[i].kind == EXT_REF_EXTERN_CALL;
		if (e->refs[i].kind == EXT_REF_CALL)
			assert_ptr_equal(&e->funcs[e->refs[i].idx], sub);
	}
	assert_int_equal(calls, 1);
	assert_int_equal(externs, 1);
	assert_true(maps >= 1);

	/* line info: the call of bpf_strncpy is on its source line */
	for (i = f->start; i < f->start + f->cnt; i++)
		if (e->refs[i].kind == EXT_REF_EXTERN_CALL)
			break;
	l = extension_line_at(e, i);
	assert_non_null(l);
	assert_non_null(strstr(l->file, "vf_strfilt.bpf.c"));
	assert_non_null(strstr(l->text, "bpf_strncpy(key, buf"));
	assert_true(l->line > 10);
	assert_non_null(e->license);
	assert_string_equal(e->license, "Dual BSD/GPL");
	extension_free(e);
	free(path);
}

static void test_compiled_callback_and_sections(void **state)
{
	char *path = fixture_path("vf_loops");
	const struct ext_func *cb;
	struct extension *e;
	int i, addrs = 0;

	(void)state;
	assert_int_equal(extension_open(path, &e), 0);
	cb = extension_func_by_name(e, "add_slot");
	assert_non_null(cb);
	/* the callback's address is a ld_imm64 of a .text function */
	for (i = 0; i < e->nr_insns; i++)
		if (e->refs[i].kind == EXT_REF_FUNC) {
			assert_ptr_equal(&e->funcs[e->refs[i].idx], cb);
			addrs++;
		}
	assert_int_equal(addrs, 1);
	assert_int_equal(extension_func_by_name(e, "sum_slots")->type, EXT_PROG_UPROBE);
	extension_free(e);
	free(path);

	path = fixture_path("vf_malloc");
	assert_int_equal(extension_open(path, &e), 0);
	assert_int_equal(extension_func_by_name(e, "malloc_exit")->type, EXT_PROG_URETPROBE);
	assert_string_equal(extension_func_by_name(e, "malloc_exit")->attach_sym, "malloc");
	assert_int_equal(e->nr_maps, 3);
	extension_free(e);
	free(path);
}

static void test_file_errors(void **state)
{
	struct extension *e = (void *)1;
	char dir[] = "/tmp/rp_ext_XXXXXX", file[64];
	int fd;

	(void)state;
	assert_int_equal(extension_open("/nonexistent/x.o", &e), -ENOENT);
	assert_null(e);
	assert_non_null(mkdtemp(dir));
	/* a directory, an empty file, a non-ELF file */
	assert_int_equal(extension_open(dir, &e), -EINVAL);
	snprintf(file, sizeof(file), "%s/empty.o", dir);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	close(fd);
	assert_int_equal(extension_open(file, &e), -EINVAL);
	fd = open(file, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "not an ELF object at all, just text\n", 36), 36);
	close(fd);
	assert_int_equal(extension_open(file, &e), -EINVAL);
	unlink(file);
	rmdir(dir);
	assert_int_equal(extension_open_mem("x", "", 0, &e), -EINVAL);
}

/* ---- objects built here, then broken ---- */

static const struct bpf_insn good_prog[] = {
	LD64_LO(1, 0), LD64_HI(0),
	MOV64_IMM(2, 0),
	CALL(BPF_FUNC_map_lookup_elem),
	CALL_REL(-1),
	MOV64_IMM(0, 0),
	EXIT(),
};

static const struct bpf_insn good_sub[] = { MOV64_IMM(0, 1), EXIT() };

/* An object with a map, a subprogram, relocations and BTF; its symbols, for breaking. */
struct built {
	uint8_t *obj;
	size_t len;
	int prog_sec, text_sec, map_sym, sub_sym;
	int sec_str, func_id;	/* the program section's name and its FUNC, in BTF */
};

static void build_good(struct built *bo, const void *ext, size_t ext_len)
{
	struct tb b;

	tb_init(&b);
	bo->map_sym = tb_map(&b, "counts", BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	bo->text_sec = tb_func(&b, ".text", "sub", good_sub, N(good_sub), false);
	bo->sub_sym = b.nsyms - 1;
	bo->prog_sec = tb_func(&b, "uprobe/target+0x10", "prog", good_prog, N(good_prog), true);
	bo->sec_str = b.last_sec_str;
	bo->func_id = b.last_func_id;
	tb_rel(&b, bo->prog_sec, 0, bo->map_sym, R_BPF_64_64);
	tb_rel(&b, bo->prog_sec, 4, bo->sub_sym, R_BPF_64_32);
	bo->len = tb_finish_ext(&b, &bo->obj, ext, ext_len);
	tb_free(&b);
}

/* The reader reports each refusal on stderr; the tests refuse hundreds: keep them quiet. */
static int quiet_open(const char *name, const uint8_t *obj, size_t len, struct extension **e)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY), err;

	if (!getenv("VERBOSE"))
		dup2(null, 2);
	err = extension_open_mem(name, obj, len, e);
	dup2(saved, 2);
	close(saved);
	close(null);
	return err;
}

static int open_buf(const uint8_t *obj, size_t len)
{
	struct extension *e = NULL;
	int err = quiet_open("broken.o", obj, len, &e);

	if (!err) {
		assert_non_null(e);
		extension_free(e);
	} else {
		assert_null(e);
	}
	return err;
}

static void test_built_object(void **state)
{
	struct built bo;
	struct extension *e;
	const struct ext_func *f;

	(void)state;
	build_good(&bo, NULL, 0);
	assert_int_equal(extension_open_mem("good.o", bo.obj, bo.len, &e), 0);
	f = extension_func_by_name(e, "prog");
	assert_string_equal(f->attach_sym, "target");
	assert_int_equal(f->attach_off, 0x10);
	assert_int_equal(e->refs[f->start].kind, EXT_REF_MAP);
	assert_int_equal(e->refs[f->start + 4].kind, EXT_REF_CALL);
	assert_string_equal(e->funcs[e->refs[f->start + 4].idx].name, "sub");
	assert_int_equal(e->maps[0].type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(e->maps[0].max_entries, 4);
	extension_free(e);
	free(bo.obj);
}

/* Every prefix of a good object: refused, never a crash. */
static void test_truncated(void **state)
{
	struct built bo;
	size_t n;

	(void)state;
	build_good(&bo, NULL, 0);
	for (n = 0; n < bo.len; n += n < 128 ? 1 : 7)
		assert_int_equal(open_buf(bo.obj, n), -EINVAL);
	free(bo.obj);
}

static void test_bad_section_headers(void **state)
{
	struct built bo;
	Elf64_Ehdr *eh;

	(void)state;
	build_good(&bo, NULL, 0);
	eh = (Elf64_Ehdr *)bo.obj;
	/* a section whose data lies past the end of the file */
	tb_shdr(bo.obj, bo.prog_sec)->sh_offset = bo.len + 4096;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	free(bo.obj);

	build_good(&bo, NULL, 0);
	eh = (Elf64_Ehdr *)bo.obj;
	/* an absurd section count; a section name table out of range */
	eh->e_shnum = 0xffff;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	free(bo.obj);
	build_good(&bo, NULL, 0);
	eh = (Elf64_Ehdr *)bo.obj;
	eh->e_shstrndx = 200;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	/* the wrong machine, type, class */
	eh->e_shstrndx = eh->e_shnum - 1;
	eh->e_machine = EM_X86_64;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	eh->e_machine = EM_BPF;
	eh->e_type = ET_EXEC;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	eh->e_type = ET_REL;
	assert_int_equal(open_buf(bo.obj, bo.len), 0);
	/* code whose size is not a whole number of instructions */
	tb_shdr(bo.obj, bo.prog_sec)->sh_size -= 4;
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	free(bo.obj);
}

/* The relocation section of the program comes right after the object's own sections. */
static Elf64_Rel *prog_rel(struct built *bo, int k)
{
	int i;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)bo->obj;

	for (i = 1; i < eh->e_shnum; i++) {
		Elf64_Shdr *sh = tb_shdr(bo->obj, i);

		if (sh->sh_type == SHT_REL && (int)sh->sh_info == bo->prog_sec)
			return (Elf64_Rel *)(bo->obj + sh->sh_offset) + k;
	}
	fail_msg("no relocation section");
	return NULL;
}

static void test_bad_relocations(void **state)
{
	struct built bo;
	Elf64_Rel *rel;

	(void)state;
	build_good(&bo, NULL, 0);
	rel = prog_rel(&bo, 0);
	rel->r_info = ELF64_R_INFO(4000, R_BPF_64_64);		/* symbol out of range */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	rel->r_info = ELF64_R_INFO(bo.map_sym, R_BPF_64_64);
	rel->r_offset = 1 << 20;				/* outside the code */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	rel->r_offset = 4;					/* not on an instruction */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	rel->r_offset = 2 * 8;					/* on a plain mov */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	rel->r_offset = 0;
	rel->r_info = ELF64_R_INFO(bo.map_sym, 77);		/* unknown type */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	rel->r_info = ELF64_R_INFO(bo.map_sym, R_BPF_64_64);
	assert_int_equal(open_buf(bo.obj, bo.len), 0);
	/* the call lands in the middle of nothing: the subprogram's symbol moved */
	rel = prog_rel(&bo, 1);
	rel->r_info = ELF64_R_INFO(bo.map_sym, R_BPF_64_32);	/* a call of a map */
	assert_int_equal(open_buf(bo.obj, bo.len), -EINVAL);
	free(bo.obj);
}

static void test_bad_code(void **state)
{
	static const struct {
		struct bpf_insn insns[4];
		int n;
	} cases[] = {
		/* a jump out of the function */
		{ { JA(5), MOV64_IMM(0, 0), EXIT() }, 3 },
		/* a jump backwards before its start */
		{ { JA(-2), MOV64_IMM(0, 0), EXIT() }, 3 },
		/* a ld_imm64 cut in half at the end */
		{ { MOV64_IMM(0, 0), EXIT(), LD64_LO(1, 0) }, 3 },
		/* a jump into the middle of a ld_imm64 */
		{ { JA(1), LD64_LO(1, 0), LD64_HI(0), EXIT() }, 4 },
		/* register 12 */
		{ { MOV64_IMM(12, 0), EXIT() }, 2 },
		/* a pseudo call with nowhere to go */
		{ { CALL_REL(100), EXIT() }, 2 },
		/* legacy packet access */
		{ { I(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), EXIT() }, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tb b;
		uint8_t *obj;
		size_t len;

		tb_init(&b);
		tb_func(&b, "uprobe", "prog", cases[i].insns, cases[i].n, true);
		len = tb_finish(&b, &obj);
		tb_free(&b);
		if (open_buf(obj, len) != -EINVAL)
			fail_msg("bad code case %zu was accepted", i);
		free(obj);
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * A .BTF.ext with func info for the program and line info: valid, then with each count,
 * offset and size made absurd.
 */
static size_t make_btf_ext(uint8_t *buf, uint32_t sec_name_off, uint32_t nr_lines,
			   uint32_t insn_off)
{
	uint32_t fi_len = 4 + 8 + 8, li_len = 4 + 8 + 16;

	memset(buf, 0, 256);
	buf[0] = 0x9f;
	buf[1] = 0xeb;
	buf[2] = 1;
	put32(buf + 4, 24);			/* hdr_len */
	put32(buf + 8, 0);			/* func_info_off */
	put32(buf + 12, fi_len);
	put32(buf + 16, fi_len);		/* line_info_off */
	put32(buf + 20, li_len);
	/* func info: rec_size 8, one block for the section, one record */
	put32(buf + 24, 8);
	put32(buf + 28, sec_name_off);
	put32(buf + 32, 1);
	put32(buf + 36, 0);			/* insn_off */
	put32(buf + 40, 0);			/* type id: set by the caller */
	/* line info: rec_size 16, one block, nr_lines records (only one present) */
	put32(buf + 44, 16);
	put32(buf + 48, sec_name_off);
	put32(buf + 52, nr_lines);
	put32(buf + 56, insn_off);
	put32(buf + 60, sec_name_off);		/* file name: any string */
	put32(buf + 64, sec_name_off);		/* line text */
	put32(buf + 68, (7 << 10) | 3);		/* line 7, column 3 */
	return 24 + fi_len + li_len;
}

static int open_with_ext(const uint8_t *ext, size_t len, struct extension **out)
{
	struct built bo;
	int err;

	*out = NULL;
	build_good(&bo, ext, len);
	err = quiet_open("ext.o", bo.obj, bo.len, out);
	free(bo.obj);
	return err;
}

static void test_btf_ext(void **state)
{
	struct extension *e;
	struct built bo;
	uint8_t ext[256];
	const struct ext_func *f;
	const struct ext_line *l;
	size_t len;
	uint32_t name_off, func_id;

	(void)state;
	build_good(&bo, NULL, 0);
	name_off = bo.sec_str;
	func_id = bo.func_id;
	free(bo.obj);

	len = make_btf_ext(ext, name_off, 1, 0);
	put32(ext + 40, func_id);
	assert_int_equal(open_with_ext(ext, len, &e), 0);
	f = extension_func_by_name(e, "prog");
	assert_int_equal(f->btf_id, func_id);
	l = extension_line_at(e, f->start + 3);	/* in force from the first instruction */
	assert_non_null(l);
	assert_int_equal(l->line, 7);
	assert_int_equal(l->col, 3);
	assert_string_equal(l->file, "uprobe/target+0x10");
	extension_free(e);

	/* absurd: a count far beyond the data, an instruction offset outside the section */
	len = make_btf_ext(ext, name_off, 0x7fffffff, 0);
	put32(ext + 40, func_id);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	len = make_btf_ext(ext, name_off, 1, 1 << 20);
	put32(ext + 40, func_id);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	len = make_btf_ext(ext, name_off, 1, 3);	/* not on an instruction */
	put32(ext + 40, func_id);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	/* a section name outside the string table */
	len = make_btf_ext(ext, 0x7ffffff0, 1, 0);
	put32(ext + 40, func_id);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	/* header lengths past the end, a bad record size, a bad magic */
	len = make_btf_ext(ext, name_off, 1, 0);
	put32(ext + 40, func_id);
	put32(ext + 20, 100000);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	len = make_btf_ext(ext, name_off, 1, 0);
	put32(ext + 40, func_id);
	put32(ext + 44, 3);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	len = make_btf_ext(ext, name_off, 1, 0);
	put32(ext + 40, func_id);
	ext[0] = 0;
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
	/* a func info naming a type that is no FUNC (1 is "int") */
	len = make_btf_ext(ext, name_off, 1, 0);
	put32(ext + 40, 1);
	assert_int_equal(open_with_ext(ext, len, &e), -EINVAL);
}

/* Random damage to compiled objects: any verdict but a crash (seeded, reproducible). */
static void test_random_damage(void **state)
{
	static const char *const names[] = { "vf_strfilt", "vf_loops", "vf_hist" };
	unsigned int seed = 12345;
	size_t n;
	int round, refused = 0;

	(void)state;
	for (round = 0; round < 600; round++) {
		char *path = fixture_path(names[round % 3]);
		uint8_t *obj = read_all(path, &n);
		int k, flips = 1 + rand_r(&seed) % 8;

		for (k = 0; k < flips; k++)
			obj[rand_r(&seed) % n] ^= 1u << (rand_r(&seed) % 8);
		refused += open_buf(obj, n) != 0;
		free(obj);
		free(path);
	}
	/* most damage is caught; none crashed to get here */
	assert_true(refused > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compiled_strfilt),
		cmocka_unit_test(test_compiled_callback_and_sections),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_built_object),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_section_headers),
		cmocka_unit_test(test_bad_relocations),
		cmocka_unit_test(test_bad_code),
		cmocka_unit_test(test_btf_ext),
		cmocka_unit_test(test_random_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
