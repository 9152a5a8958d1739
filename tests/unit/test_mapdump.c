// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The BTF value printer of map dumps: every kind it decodes, and input that does not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bpf/btf.h>

#include "mapdump.h"
#include "output.h"

/* Render @data of BTF type @id as the JSON value btf_value_write() writes. */
static char *render(const struct btf *btf, int id, const void *data, size_t size)
{
	struct json_writer *w;
	size_t len = 0;
	char *buf = NULL;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	w = jsonw_new(f);
	assert_non_null(w);
	/* inside an array, so a scalar is written like a nested one */
	jsonw_start_array(w);
	btf_value_write(w, btf, id, data, size);
	jsonw_end_array(w);
	jsonw_destroy(&w);
	fclose(f);
	/* strip "[" and "]\n" */
	assert_true(len >= 3);
	buf[len - 2] = '\0';
	memmove(buf, buf + 1, len - 2);
	return buf;
}

static void expect(const struct btf *btf, int id, const void *data, size_t size,
		   const char *want)
{
	char *got = render(btf, id, data, size);

	assert_string_equal(got, want);
	free(got);
}

struct fixture {
	struct btf *btf;
	int u32, s32, u64, chr, char8, u32x3, st, bf, en, ptr, tdef;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct btf *btf = btf__new_empty();

	assert_non_null(fx);
	assert_non_null(btf);
	fx->btf = btf;
	fx->u32 = btf__add_int(btf, "unsigned int", 4, 0);
	fx->s32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	fx->u64 = btf__add_int(btf, "unsigned long long", 8, 0);
	fx->chr = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	fx->char8 = btf__add_array(btf, fx->u32, fx->chr, 8);
	fx->u32x3 = btf__add_array(btf, fx->u32, fx->u32, 3);

	/* struct s { unsigned int a; char name[8]; int neg; } */
	fx->st = btf__add_struct(btf, "s", 16);
	btf__add_field(btf, "a", fx->u32, 0, 0);
	btf__add_field(btf, "name", fx->char8, 32, 0);
	btf__add_field(btf, "neg", fx->s32, 96, 0);

	/* struct b { unsigned int lo:3, hi:5; } */
	fx->bf = btf__add_struct(btf, "b", 4);
	btf__add_field(btf, "lo", fx->u32, 0, 3);
	btf__add_field(btf, "hi", fx->u32, 3, 5);

	fx->en = btf__add_enum(btf, "color", 4);
	btf__add_enum_value(btf, "RED", 0);
	btf__add_enum_value(btf, "GREEN", 7);

	fx->ptr = btf__add_ptr(btf, fx->u32);
	fx->tdef = btf__add_typedef(btf, "__u64", fx->u64);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	btf__free(fx->btf);
	free(fx);
	return 0;
}

static void test_ints(void **state)
{
	struct fixture *fx = *state;
	unsigned int u = 4000000000u;
	int s = -5;
	unsigned long long q = 1ULL << 40;

	expect(fx->btf, fx->u32, &u, sizeof(u), "4000000000");
	expect(fx->btf, fx->s32, &s, sizeof(s), "-5");
	expect(fx->btf, fx->tdef, &q, sizeof(q), "1099511627776");
}

static void test_strings_and_arrays(void **state)
{
	struct fixture *fx = *state;
	char name[8] = "bob";
	char full[8] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' };
	unsigned int arr[3] = { 1, 2, 3 };

	expect(fx->btf, fx->char8, name, sizeof(name), "\"bob\"");
	/* no NUL inside: bytes, never a read past the end */
	expect(fx->btf, fx->char8, full, sizeof(full), "\"61 62 63 64 65 66 67 68\"");
	expect(fx->btf, fx->u32x3, arr, sizeof(arr), "[1,2,3]");
}

static void test_struct_bitfield_enum_ptr(void **state)
{
	struct fixture *fx = *state;
	struct { unsigned int a; char name[8]; int neg; } s = { 7, "carol", -1 };
	unsigned int bits = 5 | (17 << 3);
	unsigned int color = 7, other = 3;
	unsigned long long p = 0x1234;

	expect(fx->btf, fx->st, &s, sizeof(s), "{\"a\":7,\"name\":\"carol\",\"neg\":-1}");
	expect(fx->btf, fx->bf, &bits, sizeof(bits), "{\"lo\":5,\"hi\":17}");
	expect(fx->btf, fx->en, &color, sizeof(color), "\"GREEN\"");
	expect(fx->btf, fx->en, &other, sizeof(other), "3");
	expect(fx->btf, fx->ptr, &p, sizeof(p), "\"0x1234\"");
}

static void test_does_not_fit(void **state)
{
	struct fixture *fx = *state;
	unsigned char b[3] = { 1, 2, 0xff };

	/* a type larger than the data, no type, and a bad type id: hex bytes */
	expect(fx->btf, fx->st, b, sizeof(b), "\"01 02 ff\"");
	expect(fx->btf, 0, b, sizeof(b), "\"01 02 ff\"");
	expect(fx->btf, 99999, b, sizeof(b), "\"01 02 ff\"");
	expect(NULL, fx->u32, b, sizeof(b), "\"01 02 ff\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_strings_and_arrays),
		cmocka_unit_test(test_struct_bitfield_enum_ptr),
		cmocka_unit_test(test_does_not_fit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
