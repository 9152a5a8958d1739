// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The map mirror and its BTF value printer, against real kernel maps: every mirrorable
 * type filled from userspace, the fixture's maps filled by real uprobes, batch and key by
 * key compared with each other and with the kernel's own lookups, the key-by-key fallback
 * on a map the kernel cannot batch, the JSON file, truncation, and the benchmark.
 *
 * Also a writer mode for 05-enforcer.bats: `test_mirror --write-loop PATH COUNT` mirrors
 * a filled map to PATH COUNT times, changing it between writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <bpf/btf.h>

#include "btf_dump.h"
#include "mirror.h"
#include "enf_fixture.h"

/* --- the BTF value printer --- */

/* @data of BTF type @id as btf_dump_json() writes it; *@ret gets its return value. */
static char *dump(const struct btf *btf, __u32 id, const void *data, size_t size, int *ret)
{
	struct json_writer *w;
	struct mem_out mo;

	mem_open(&mo);
	w = jsonw_new(mo.f);
	assert_non_null(w);
	*ret = btf_dump_json(w, btf, id, data, size);
	jsonw_destroy(&w);
	return mem_close(&mo);
}

static void expect_dump(const struct btf *btf, __u32 id, const void *data, size_t size,
			int want_ret, const char *want)
{
	int ret;
	char *got = dump(btf, id, data, size, &ret);

	assert_string_equal(got, want);
	assert_int_equal(ret, want_ret);
	free(got);
}

struct types {
	struct btf *btf;
	int s32, u32, chr, u8, boolean, u64, i128, comm, bytes, color, u32_t, un, val, sec, loop;
};

/* struct val { int n; char comm[8]; enum color color; u32 flag:1; int lvl:7;
 *		union { u32 a; int b; }; unsigned char raw[3]; _Bool ok; u32_t id; } */
static void build_types(struct types *t)
{
	struct btf *b = btf__new_empty();
	int hits, mode;

	assert_non_null(b);
	t->btf = b;
	t->s32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	t->u32 = btf__add_int(b, "unsigned int", 4, 0);
	t->chr = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	t->u8 = btf__add_int(b, "unsigned char", 1, 0);
	t->boolean = btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
	t->u64 = btf__add_int(b, "unsigned long long", 8, 0);
	t->i128 = btf__add_int(b, "__int128", 16, BTF_INT_SIGNED);
	t->comm = btf__add_array(b, t->u32, t->chr, 8);
	t->bytes = btf__add_array(b, t->u32, t->u8, 3);
	t->color = btf__add_enum(b, "color", 4);
	assert_int_equal(btf__add_enum_value(b, "RED", 0), 0);
	assert_int_equal(btf__add_enum_value(b, "GREEN", 1), 0);
	t->u32_t = btf__add_typedef(b, "u32_t", t->u32);
	t->un = btf__add_union(b, NULL, 4);
	assert_int_equal(btf__add_field(b, "a", t->u32, 0, 0), 0);
	assert_int_equal(btf__add_field(b, "b", t->s32, 0, 0), 0);
	t->val = btf__add_struct(b, "val", 32);
	assert_int_equal(btf__add_field(b, "n", t->s32, 0, 0), 0);
	assert_int_equal(btf__add_field(b, "comm", t->comm, 32, 0), 0);
	assert_int_equal(btf__add_field(b, "color", t->color, 96, 0), 0);
	assert_int_equal(btf__add_field(b, "flag", t->u32, 128, 1), 0);
	assert_int_equal(btf__add_field(b, "lvl", t->s32, 129, 7), 0);
	assert_int_equal(btf__add_field(b, NULL, t->un, 160, 0), 0);
	assert_int_equal(btf__add_field(b, "raw", t->bytes, 192, 0), 0);
	assert_int_equal(btf__add_field(b, "ok", t->boolean, 216, 0), 0);
	assert_int_equal(btf__add_field(b, "id", t->u32_t, 224, 0), 0);
	hits = btf__add_var(b, "hits", BTF_VAR_GLOBAL_ALLOCATED, t->u64);
	mode = btf__add_var(b, "mode", BTF_VAR_GLOBAL_ALLOCATED, t->s32);
	t->sec = btf__add_datasec(b, ".bss", 12);
	assert_int_equal(btf__add_datasec_var_info(b, hits, 0, 8), 0);
	assert_int_equal(btf__add_datasec_var_info(b, mode, 8, 4), 0);
	/* hostile: a typedef of itself */
	t->loop = btf__add_typedef(b, "loop", btf__type_cnt(b));
	assert_true(t->s32 > 0 && t->u32 > 0 && t->chr > 0 && t->u8 > 0 && t->boolean > 0 &&
		    t->u64 > 0 && t->i128 > 0 && t->comm > 0 && t->bytes > 0 && t->color > 0 &&
		    t->u32_t > 0 && t->un > 0 && t->val > 0 && t->sec > 0 && t->loop > 0);
}

static void fill_val(__u8 *v)
{
	__s32 n = -5;
	__u32 a = 0xffffffff, id = 42;

	memset(v, 0, 32);
	memcpy(v, &n, 4);
	memcpy(v + 4, "bash", 4);
	v[12] = 1;				/* GREEN */
	v[16] = (0x7d << 1) | 1;		/* flag = 1, lvl = -3 in 7 bits */
	memcpy(v + 20, &a, 4);
	v[24] = 1;
	v[26] = 3;
	v[27] = 1;
	memcpy(v + 28, &id, 4);
}

static void test_dump_struct(void **state)
{
	struct types t;
	__u8 v[32];

	build_types(&t);
	fill_val(v);
	expect_dump(t.btf, t.val, v, sizeof(v), 0,
		    "{\"n\":-5,\"comm\":\"bash\",\"color\":\"GREEN\",\"flag\":1,\"lvl\":-3,"
		    "\"a\":4294967295,\"b\":-1,\"raw\":[1,0,3],\"ok\":true,\"id\":42}");
	/* a value shorter than its type prints null, never reads past it */
	expect_dump(t.btf, t.val, v, 31, -EINVAL, "null");
	btf__free(t.btf);
}

static void test_dump_scalars(void **state)
{
	__u8 i128[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 };
	__u32 seven = 7, u = 3000000000u;
	__u64 big = 18446744073709551615ull;
	struct types t;

	build_types(&t);
	expect_dump(t.btf, t.u32, &u, 4, 0, "3000000000");
	expect_dump(t.btf, t.s32, &u, 4, 0, "-1294967296");
	expect_dump(t.btf, t.u64, &big, 8, 0, "18446744073709551615");
	expect_dump(t.btf, t.color, &seven, 4, 0, "7");	/* no enumerator: the number */
	expect_dump(t.btf, t.i128, i128, 16, 0, "\"80000000000000000000000000000001\"");
	expect_dump(t.btf, t.u32_t, &seven, 4, 0, "7");
	btf__free(t.btf);
}

static void test_dump_char_arrays(void **state)
{
	char printable[8] = "a\"b\\c";
	char high[8] = { 'a', (char)0x80, 0 };
	char full[8] = { 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x' };
	__u8 raw[3] = { 'h', 'i', 0 };
	struct types t;

	build_types(&t);
	/* escaped by the writer */
	expect_dump(t.btf, t.comm, printable, 8, 0, "\"a\\\"b\\\\c\"");
	/* not ASCII: numbers, so the JSON stays valid UTF-8 */
	expect_dump(t.btf, t.comm, high, 8, 0, "[97,-128,0,0,0,0,0,0]");
	/* no NUL inside the array: numbers */
	expect_dump(t.btf, t.comm, full, 8, 0, "[120,120,120,120,120,120,120,120]");
	/* unsigned char is bytes, not text */
	expect_dump(t.btf, t.bytes, raw, 3, 0, "[104,105,0]");
	btf__free(t.btf);
}

static void test_dump_datasec(void **state)
{
	__u8 sec[12] = { 5, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0 };
	struct types t;

	build_types(&t);
	expect_dump(t.btf, t.sec, sec, sizeof(sec), 0, "{\"hits\":5,\"mode\":7}");
	/* a variable outside the data: null for it, the others still printed */
	expect_dump(t.btf, t.sec, sec, 10, -EINVAL, "{\"hits\":5,\"mode\":null}");
	btf__free(t.btf);
}

static void test_dump_hostile(void **state)
{
	__u8 v[32] = {};
	struct types t;

	build_types(&t);
	expect_dump(t.btf, t.loop, v, 4, -EINVAL, "null");	/* a cycle ends, null */
	expect_dump(t.btf, 99999, v, 4, -EINVAL, "null");	/* no such type */
	expect_dump(t.btf, 0, v, 4, -EINVAL, "null");		/* void */
	btf__free(t.btf);
}

static void test_dump_raw(void **state)
{
	__u8 three[3] = { 0xde, 0xad, 0x01 };
	__u32 four = 17;
	struct json_writer *w;
	struct mem_out mo;

	mem_open(&mo);
	w = jsonw_new(mo.f);
	jsonw_start_array(w);
	btf_dump_raw_json(w, &four, 4);
	btf_dump_raw_json(w, three, 3);
	jsonw_end_array(w);
	jsonw_destroy(&w);
	assert_string_equal(mem_close(&mo), "[17,\"dead01\"]");
	free(mo.buf);
}

/* --- real maps of every mirrorable type --- */

#define NR_FILL		100
#define MAX_ENTRIES	1024

static bool is_percpu(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

struct lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

/* Key number @i of a map of @type: array index, hash key or LPM prefix. */
static void make_key(enum bpf_map_type type, __u32 i, void *key)
{
	if (type == BPF_MAP_TYPE_LPM_TRIE) {
		struct lpm_key k = { .prefixlen = 32, .addr = { 10, 0, i >> 8, i & 0xff } };

		memcpy(key, &k, sizeof(k));
	} else if (type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		memcpy(key, &i, sizeof(i));
	} else {
		__u32 k = i * 7 + 1;

		memcpy(key, &k, sizeof(k));
	}
}

/* A map of @type with NR_FILL entries (arrays: all MAX_ENTRIES) with distinct values. */
static int make_map(enum bpf_map_type type, int nr_cpus)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	__u32 key_size = type == BPF_MAP_TYPE_LPM_TRIE ? sizeof(struct lpm_key) : 4;
	bool array = type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
	__u64 vals[256];
	__u8 key[16];
	__u32 i, n = array ? MAX_ENTRIES : NR_FILL;
	int fd, cpu;

	assert_true(nr_cpus <= 256);
	if (type == BPF_MAP_TYPE_LPM_TRIE)
		opts.map_flags = BPF_F_NO_PREALLOC;
	fd = bpf_map_create(type, "rp_mirror_test", key_size, 8, MAX_ENTRIES, &opts);
	assert_true(fd >= 0);
	for (i = 0; i < n; i++) {
		make_key(type, i, key);
		for (cpu = 0; cpu < (is_percpu(type) ? nr_cpus : 1); cpu++)
			vals[cpu] = (__u64)i * 1000 + cpu;
		assert_int_equal(bpf_map_update_elem(fd, key, vals, BPF_ANY), 0);
	}
	return fd;
}

/* Every entry of the copy is in the kernel's map with exactly that value, once. */
static void check_against_kernel(const struct mirror_map *mm, __u32 want_entries)
{
	__u8 val[256 * 8];
	__u32 i, j;

	assert_true(mm->value_stride <= sizeof(val));
	assert_int_equal(mm->nr_entries, want_entries);
	for (i = 0; i < mm->nr_entries; i++) {
		assert_int_equal(bpf_map_lookup_elem(mm->fd, mirror_key(mm, i), val), 0);
		assert_memory_equal(mirror_value(mm, i), val, mm->value_stride);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(mirror_key(mm, i), mirror_key(mm, j),
						mm->key_size);
	}
}

/* The two copies hold the same entries (in any order). */
static void check_same(const struct mirror_map *a, const struct mirror_map *b)
{
	__u32 i, j;

	assert_int_equal(a->nr_entries, b->nr_entries);
	for (i = 0; i < a->nr_entries; i++) {
		for (j = 0; j < b->nr_entries; j++)
			if (!memcmp(mirror_key(a, i), mirror_key(b, j), a->key_size))
				break;
		assert_true(j < b->nr_entries);
		assert_memory_equal(mirror_value(a, i), mirror_value(b, j), a->value_stride);
	}
}

/*
 * What a test holds in the kernel or on disk, released by fx_teardown() even when an
 * assertion fails half-way (cmocka jumps out of the test).
 */
struct fx {
	struct bpf_object *obj;
	struct bpf_link *link;
	struct mirror *m[2];
	struct btf *btf;
	int fd;
	char dir[64];		/* a scratch directory, removed with what is in it */
	char path[128];
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	fx->fd = -1;
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;

	mirror_free(fx->m[0]);
	mirror_free(fx->m[1]);
	bpf_link__destroy(fx->link);
	bpf_object__close(fx->obj);
	btf__free(fx->btf);
	if (fx->fd >= 0)
		close(fx->fd);
	if (fx->dir[0]) {
		unlink(fx->path);
		rmdir(fx->dir);
	}
	free(fx);
	return 0;
}

static void mirror_type(struct fx *fx, enum bpf_map_type type)
{
	bool array = type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
	int nr_cpus = libbpf_num_possible_cpus();
	struct mirror *batch, *keys;

	assert_true(nr_cpus > 0);
	fx->fd = make_map(type, nr_cpus);
	batch = fx->m[0] = mirror_new_empty(NULL);
	keys = fx->m[1] = mirror_new_empty(NULL);
	assert_non_null(batch);
	assert_non_null(keys);
	assert_int_equal(mirror_add_map(batch, fx->fd, "m", NULL, 0, 0), 0);
	assert_int_equal(mirror_add_map(keys, fx->fd, "m", NULL, 0, 0), 0);
	assert_int_equal(batch->maps[0].value_stride, is_percpu(type) ? 8 * nr_cpus : 8);
	mirror_set_method(batch, MIRROR_BATCH);
	mirror_set_method(keys, MIRROR_KEYS);
	assert_int_equal(mirror_refresh(batch), 0);
	assert_int_equal(mirror_refresh(keys), 0);
	assert_int_equal(batch->maps[0].last_method, MIRROR_BATCH);
	assert_int_equal(keys->maps[0].last_method, MIRROR_KEYS);
	check_against_kernel(&batch->maps[0], array ? MAX_ENTRIES : NR_FILL);
	check_against_kernel(&keys->maps[0], array ? MAX_ENTRIES : NR_FILL);
	check_same(&batch->maps[0], &keys->maps[0]);
	check_same(&keys->maps[0], &batch->maps[0]);

	/* a second refresh sees a deletion and a change */
	if (!array) {
		__u8 key[16];
		__u64 vals[256] = { 99 };

		make_key(type, 0, key);
		assert_int_equal(bpf_map_delete_elem(fx->fd, key), 0);
		make_key(type, 1, key);
		assert_int_equal(bpf_map_update_elem(fx->fd, key, vals, BPF_EXIST), 0);
		assert_int_equal(mirror_refresh(batch), 0);
		assert_int_equal(mirror_refresh(keys), 0);
		check_against_kernel(&batch->maps[0], NR_FILL - 1);
		check_same(&batch->maps[0], &keys->maps[0]);
	}
}

static void test_hash(void **state) { mirror_type(*state, BPF_MAP_TYPE_HASH); }
static void test_array(void **state) { mirror_type(*state, BPF_MAP_TYPE_ARRAY); }
static void test_percpu_hash(void **state) { mirror_type(*state, BPF_MAP_TYPE_PERCPU_HASH); }
static void test_percpu_array(void **state) { mirror_type(*state, BPF_MAP_TYPE_PERCPU_ARRAY); }
static void test_lru_hash(void **state) { mirror_type(*state, BPF_MAP_TYPE_LRU_HASH); }
static void test_lru_percpu_hash(void **state)
{
	mirror_type(*state, BPF_MAP_TYPE_LRU_PERCPU_HASH);
}
static void test_lpm_trie(void **state) { mirror_type(*state, BPF_MAP_TYPE_LPM_TRIE); }

static void test_not_mirrorable(void **state)
{
	struct fx *fx = *state;
	struct mirror *m = fx->m[0] = mirror_new_empty(NULL);

	fx->fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "rp_mirror_rb", 0, 0, 4096, NULL);
	assert_non_null(m);
	assert_true(fx->fd >= 0);
	assert_int_equal(mirror_add_map(m, fx->fd, "rb", NULL, 0, 0), -EOPNOTSUPP);
	assert_int_equal(m->nr_maps, 0);
	assert_false(mirror_map_type_ok(BPF_MAP_TYPE_PROG_ARRAY));
	assert_true(mirror_map_type_ok(BPF_MAP_TYPE_STACK_TRACE));
}

/* A type whose size is not the map's is not used: raw bytes instead. */
static void test_btf_size_mismatch(void **state)
{
	struct fx *fx = *state;
	struct mirror *m = fx->m[0] = mirror_new_empty(NULL);
	int u16;

	fx->btf = btf__new_empty();
	assert_non_null(fx->btf);
	u16 = btf__add_int(fx->btf, "unsigned short", 2, 0);
	fx->fd = bpf_map_create(BPF_MAP_TYPE_HASH, "rp_mirror_bad", 4, 8, 4, NULL);
	assert_true(fx->fd >= 0 && u16 > 0);
	assert_int_equal(mirror_add_map(m, fx->fd, "bad", fx->btf, u16, u16), 0);
	assert_int_equal(m->maps[0].key_type_id, 0);
	assert_int_equal(m->maps[0].value_type_id, 0);
}

/* The mirror decodes with its own copy of the BTF: the caller may free theirs. */
static void test_btf_copied(void **state)
{
	struct fx *fx = *state;
	struct mirror *m = fx->m[0] = mirror_new_empty(NULL);
	__u32 key = 3;
	__u64 val = 42;
	struct mem_out mo;
	int u32, u64;

	fx->btf = btf__new_empty();
	assert_non_null(fx->btf);
	u32 = btf__add_int(fx->btf, "unsigned int", 4, 0);
	u64 = btf__add_int(fx->btf, "long long", 8, BTF_INT_SIGNED);
	fx->fd = bpf_map_create(BPF_MAP_TYPE_HASH, "rp_mirror_copy", 4, 8, 4, NULL);
	assert_true(fx->fd >= 0 && u32 > 0 && u64 > 0);
	assert_int_equal(bpf_map_update_elem(fx->fd, &key, &val, BPF_ANY), 0);
	assert_int_equal(mirror_add_map(m, fx->fd, "copy", fx->btf, u32, u64), 0);
	btf__free(fx->btf);
	fx->btf = NULL;
	assert_int_equal(mirror_refresh(m), 0);
	mem_open(&mo);
	mirror_print_plain(m, mo.f);
	assert_string_equal(mem_close(&mo), "map copy (hash, max 4 entries): 1 entry\n"
			    "  key: 3  value: 42");
	free(mo.buf);
}

/* A copy bounded by max_map_bytes stops there and says so, either way. */
static void test_truncated(void **state)
{
	enum mirror_method methods[] = { MIRROR_BATCH, MIRROR_KEYS };
	struct fx *fx = *state;
	unsigned int i;

	fx->fd = make_map(BPF_MAP_TYPE_HASH, 1);
	for (i = 0; i < 2; i++) {
		struct mirror *m = fx->m[i] = mirror_new_empty(NULL);

		assert_non_null(m);
		assert_int_equal(mirror_add_map(m, fx->fd, "big", NULL, 0, 0), 0);
		m->max_map_bytes = 10 * (4 + 8);
		mirror_set_method(m, methods[i]);
		assert_int_equal(mirror_refresh(m), 0);
		assert_true(m->maps[0].truncated);
		/* a batch copies whole hash buckets: it may stop a bucket short of the cap */
		if (methods[i] == MIRROR_KEYS)
			assert_int_equal(m->maps[0].nr_entries, 10);
		assert_in_range(m->maps[0].nr_entries, 1, 10);
		check_against_kernel(&m->maps[0], m->maps[0].nr_entries);
	}
}

/* --- the fixture, filled by real uprobes --- */

#define CALLS	1000	/* a multiple of 16: every key of the fixture's maps gets its share */

static __u64 u64_at(const void *p)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void test_fixture(void **state)
{
	struct fx *fx = *state;
	const struct mirror_map *mm;
	struct mirror *m;
	struct mem_out mo;
	__u32 i, cpu;

	fx->obj = fixture_load(NULL, NULL);
	fx->link = fixture_attach(fx->obj, "enf_count");
	target_run(CALLS);
	m = fx->m[0] = mirror_new(fx->obj, NULL);
	assert_non_null(m);
	/* the ring buffer and .rodata are not mirrored */
	assert_null(mirror_find(m, "enf_rb"));
	assert_null(mirror_find(m, ".rodata"));
	assert_int_equal(mirror_refresh(m), 0);

	mm = mirror_find(m, "enf_hash");
	assert_non_null(mm);
	assert_int_equal(mm->nr_entries, 8);
	assert_int_equal(mm->last_method, MIRROR_BATCH);
	for (i = 0; i < mm->nr_entries; i++)
		assert_int_equal(u64_at(mirror_value(mm, i)), CALLS / 8);
	mm = mirror_find(m, "enf_array");
	assert_int_equal(mm->nr_entries, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(u64_at(mirror_value(mm, i)), CALLS / 8);
	mm = mirror_find(m, "enf_pcpu");
	assert_int_equal(mm->nr_entries, 4);
	for (i = 0; i < 4; i++) {
		__u64 sum = 0;

		for (cpu = 0; cpu < (__u32)m->nr_cpus; cpu++)
			sum += u64_at((const __u8 *)mirror_value(mm, i) + 8 * cpu);
		assert_int_equal(sum, CALLS / 4);
	}
	assert_int_equal(mirror_find(m, "enf_lru")->nr_entries, 16);
	assert_int_equal(u64_at(mirror_value(mirror_find(m, ".bss"), 0)), CALLS);

	/* decoded by BTF, in the plain summary, printable after the object is gone */
	bpf_link__destroy(fx->link);
	fx->link = NULL;
	bpf_object__close(fx->obj);
	fx->obj = NULL;
	mem_open(&mo);
	mirror_print_plain(m, mo.f);
	mem_close(&mo);
	if (getenv("RP_TEST_SHOW"))
		fprintf(stderr, "%s\n", mo.buf);
	assert_non_null(strstr(mo.buf, "map enf_hash (hash, max 64 entries): 8 entries\n"));
	assert_non_null(strstr(mo.buf, "  key: 1  value: {\"count\":125,\"last\":993,"
				"\"kind\":\"ENF_KIND_ODD\",\"comm\":\"enf_target\",\"raw\":[1,0,3],"
				"\"pair\":{\"lo\":1,\"hi\":3},\"flag\":1,\"level\":99}\n"));
	assert_non_null(strstr(mo.buf, "map .bss (array, max 1 entries): 1 entry\n"
				"  key: 0  value: {\"enf_hits\":1000}"));
	assert_non_null(strstr(mo.buf, "  key: 0  value: {\"enf_stack_id\":-1,\"enf_mode\":7}\n"));
	assert_non_null(strstr(mo.buf, "map enf_stacks (stack_trace, max 16 entries): 0 entries\n"
				"  (empty)\n"));
	free(mo.buf);
}

/* Stack maps have no batch lookup: AUTO falls back key by key, BATCH fails. */
static void test_fallback(void **state)
{
	struct fx *fx = *state;
	const struct mirror_map *mm;
	struct mirror *m;

	fx->obj = fixture_load(NULL, NULL);
	fx->link = fixture_attach(fx->obj, "enf_stack");
	target_run(16);
	m = fx->m[0] = mirror_new(fx->obj, NULL);
	assert_non_null(m);
	assert_int_equal(mirror_refresh(m), 0);
	mm = mirror_find(m, "enf_stacks");
	assert_true(mm->batch_unsupported);
	assert_int_equal(mm->last_method, MIRROR_KEYS);
	assert_true(mm->nr_entries >= 1);
	check_against_kernel(mm, mm->nr_entries);
	/* the other maps still went by batch */
	assert_int_equal(mirror_find(m, "enf_hash")->last_method, MIRROR_BATCH);

	mirror_set_method(m, MIRROR_BATCH);
	assert_int_equal(mirror_refresh(m), -524 /* ENOTSUPP */);
}

/* --- the JSON file --- */

/* Braces and brackets balance outside strings, and the text is one line. */
static void check_json_shape(const char *s)
{
	int depth = 0;
	bool in_str = false;

	for (; *s; s++) {
		if (in_str) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_str = false;
			continue;
		}
		if (*s == '"')
			in_str = true;
		else if (*s == '{' || *s == '[')
			depth++;
		else if (*s == '}' || *s == ']')
			assert_true(--depth >= 0);
		else if (*s == '\n')
			assert_true(!s[1] && !depth);
	}
	assert_false(in_str);
	assert_int_equal(depth, 0);
}

static char *read_file(const char *path)
{
	struct stat sb;
	char *buf;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &sb), 0);
	buf = calloc(1, sb.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, sb.st_size, f), sb.st_size);
	fclose(f);
	return buf;
}

static int count_dir_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_json(void **state)
{
	struct fx *fx = *state;
	mode_t old_umask;
	struct mirror *m;
	struct stat sb;
	char *text;

	strcpy(fx->dir, "/tmp/rp-mirror-test.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/mirror.json", fx->dir);
	fx->obj = fixture_load(NULL, NULL);
	fx->link = fixture_attach(fx->obj, "enf_count");
	target_run(64);
	m = fx->m[0] = mirror_new(fx->obj, fx->path);
	assert_non_null(m);
	old_umask = umask(077);
	assert_int_equal(mirror_refresh(m), 0);
	assert_int_equal(mirror_write_json(m), 0);
	assert_int_equal(mirror_refresh(m), 0);
	assert_int_equal(mirror_write_json(m), 0);
	umask(old_umask);

	/* readable by anyone whatever the umask, and no temporary file left behind */
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	assert_int_equal(count_dir_entries(fx->dir), 1);
	text = read_file(fx->path);
	check_json_shape(text);
	assert_true(!strncmp(text, "{\"seq\":2,\"time_ns\":", 19));
	assert_non_null(strstr(text, "{\"name\":\".bss\",\"id\":"));
	assert_non_null(strstr(text, "\"entries\":[{\"key\":0,\"value\":{\"enf_hits\":64}}]"));
	/* per-CPU: one value per possible CPU */
	assert_non_null(strstr(text, "\"name\":\"enf_pcpu\""));
	free(text);
}

static void test_write_json_error(void **state)
{
	struct mirror *m = mirror_new_empty("/nonexistent-rp-dir/mirror.json");

	assert_non_null(m);
	assert_int_equal(mirror_write_json(m), -ENOENT);
	mirror_free(m);
	m = mirror_new_empty(NULL);
	assert_int_equal(mirror_write_json(m), -EINVAL);
	mirror_free(m);
}

static void test_bench(void **state)
{
	struct mirror_bench_result res;

	assert_int_equal(mirror_bench(20000, 1, &res), 0);
	assert_int_equal(res.nr_entries, 20000);
	assert_true(res.batch_entries_per_s > 0);
	assert_true(res.keys_entries_per_s > 0);
	assert_true(res.json_entries_per_s > 0);
}

/*
 * Writer for the atomic-write test of 05-enforcer.bats: COUNT writes of a 2000-entry hash
 * map's mirror to PATH, one entry changed between writes.
 */
static int write_loop(const char *path, const char *count_str)
{
	int fd, i, n = atoi(count_str), err = 0;
	struct btf *btf = btf__new_empty();
	struct mirror *m;
	__u32 k;
	__u64 v;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "rp_mirror_loop", 4, 8, 2000, NULL);
	if (fd < 0 || !btf || btf__add_int(btf, "unsigned int", 4, 0) != 1 ||
	    btf__add_int(btf, "unsigned long long", 8, 0) != 2) {
		fprintf(stderr, "write-loop: cannot set up the map: %s\n", strerror(errno));
		return 1;
	}
	for (k = 0; k < 2000; k++) {
		v = k;
		bpf_map_update_elem(fd, &k, &v, BPF_ANY);
	}
	m = mirror_new_empty(path);
	if (!m || mirror_add_map(m, fd, "loop", btf, 1, 2))
		return 1;
	for (i = 0; i < n && !err; i++) {
		k = i % 2000;
		v = i;
		bpf_map_update_elem(fd, &k, &v, BPF_ANY);
		err = mirror_refresh(m) || mirror_write_json(m);
	}
	mirror_free(m);
	btf__free(btf);
	close(fd);
	return err ? 1 : 0;
}

#define FX_TEST(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_struct),
		cmocka_unit_test(test_dump_scalars),
		cmocka_unit_test(test_dump_char_arrays),
		cmocka_unit_test(test_dump_datasec),
		cmocka_unit_test(test_dump_hostile),
		cmocka_unit_test(test_dump_raw),
		FX_TEST(test_hash),
		FX_TEST(test_array),
		FX_TEST(test_percpu_hash),
		FX_TEST(test_percpu_array),
		FX_TEST(test_lru_hash),
		FX_TEST(test_lru_percpu_hash),
		FX_TEST(test_lpm_trie),
		FX_TEST(test_not_mirrorable),
		FX_TEST(test_btf_size_mismatch),
		FX_TEST(test_btf_copied),
		FX_TEST(test_truncated),
		FX_TEST(test_fixture),
		FX_TEST(test_fallback),
		FX_TEST(test_write_json),
		cmocka_unit_test(test_write_json_error),
		cmocka_unit_test(test_bench),
	};

	if (argc == 4 && !strcmp(argv[1], "--write-loop"))
		return write_loop(argv[2], argv[3]);
	if (geteuid()) {
		fprintf(stderr, "test_mirror: needs root (CAP_BPF, CAP_PERFMON) for real maps\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
