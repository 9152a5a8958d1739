// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The loader's one edit of a linked object: host library functions demoted from global to
 * static in raw BTF, and nothing else, whatever the bytes. And its reading of a --pid's
 * /proc/PID/maps: the binary is mapped by device and inode under any name, or by its path.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <cmocka.h>

#include <linux/btf.h>
#include <bpf/btf.h>

#include "loader.h"

/*
 * Raw BTF: an int, a struct, a FUNC_PROTO, and FUNCs bpf_strncpy, my_entry and
 * handle_uprobe_event (global) and bpf_get_info (static).
 */
static unsigned char *make_btf(size_t *size)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	unsigned char *copy;
	__u32 len;
	int i32, proto, st;

	assert_non_null(btf);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	st = btf__add_struct(btf, "pair", 8);
	btf__add_field(btf, "a", i32, 0, 0);
	btf__add_field(btf, "b", i32, 32, 0);
	proto = btf__add_func_proto(btf, i32);
	btf__add_func_param(btf, "x", st);
	assert_true(btf__add_func(btf, "bpf_strncpy", BTF_FUNC_GLOBAL, proto) > 0);
	assert_true(btf__add_func(btf, "my_entry", BTF_FUNC_GLOBAL, proto) > 0);
	assert_true(btf__add_func(btf, "handle_uprobe_event", BTF_FUNC_GLOBAL, proto) > 0);
	assert_true(btf__add_func(btf, "bpf_get_info", BTF_FUNC_STATIC, proto) > 0);
	raw = btf__raw_data(btf, &len);
	assert_non_null(raw);
	copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, raw, len);
	btf__free(btf);
	*size = len;
	return copy;
}

static int linkage_of(const struct btf *btf, const char *name)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);

	assert_true(id > 0);
	return btf_vlen(btf__type_by_id(btf, id));
}

static void test_demotes_host_functions_only(void **state)
{
	unsigned char *raw;
	struct btf *btf;
	size_t size;

	(void)state;
	raw = make_btf(&size);
	assert_int_equal(loader_demote_host_funcs(raw, size), 2);
	btf = btf__new(raw, size);
	assert_non_null(btf);
	assert_int_equal(linkage_of(btf, "bpf_strncpy"), BTF_FUNC_STATIC);
	assert_int_equal(linkage_of(btf, "handle_uprobe_event"), BTF_FUNC_STATIC);
	/* the extension's own entry keeps its linkage; an already static one stays static */
	assert_int_equal(linkage_of(btf, "my_entry"), BTF_FUNC_GLOBAL);
	assert_int_equal(linkage_of(btf, "bpf_get_info"), BTF_FUNC_STATIC);
	btf__free(btf);
	/* idempotent */
	assert_int_equal(loader_demote_host_funcs(raw, size), 0);
	free(raw);
}

static void test_truncated(void **state)
{
	unsigned char *raw, *cut;
	size_t size, n;

	(void)state;
	raw = make_btf(&size);
	/* every prefix is refused (the header's lengths point past it), never read past */
	for (n = 0; n < size; n++) {
		cut = malloc(n ? n : 1);
		assert_non_null(cut);
		memcpy(cut, raw, n);
		assert_int_equal(loader_demote_host_funcs(cut, n), -EINVAL);
		free(cut);
	}
	free(raw);
}

static void test_malformed(void **state)
{
	struct btf_header hdr;
	struct btf_type t;
	unsigned char *raw;
	size_t size, off;

	(void)state;
	raw = make_btf(&size);
	memcpy(&hdr, raw, sizeof(hdr));

	/* wrong magic */
	raw[0] ^= 0xff;
	assert_int_equal(loader_demote_host_funcs(raw, size), -EINVAL);
	raw[0] ^= 0xff;

	/* the struct (second type) claims 0xffff members: runs past the type section */
	off = hdr.hdr_len + hdr.type_off + sizeof(struct btf_type) + 4;
	memcpy(&t, raw + off, sizeof(t));
	assert_int_equal(BTF_INFO_KIND(t.info), BTF_KIND_STRUCT);
	t.info |= 0xffff;
	memcpy(raw + off, &t, sizeof(t));
	assert_int_equal(loader_demote_host_funcs(raw, size), -EINVAL);

	/* an unknown kind */
	t.info = (31u << 24);
	memcpy(raw + off, &t, sizeof(t));
	assert_int_equal(loader_demote_host_funcs(raw, size), -EINVAL);

	/* a string section that is not NUL-terminated */
	free(raw);
	raw = make_btf(&size);
	raw[hdr.hdr_len + hdr.str_off + hdr.str_len - 1] = 'x';
	assert_int_equal(loader_demote_host_funcs(raw, size), -EINVAL);
	free(raw);
}

static bool maps_has(const char *text, const char *path, const struct stat *st)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	bool ret;

	assert_non_null(f);
	ret = loader_maps_file(f, path, st);
	fclose(f);
	return ret;
}

static void test_maps_file(void **state)
{
	struct stat st = { .st_dev = makedev(0x103, 0x1a), .st_ino = 248056 };

	(void)state;
	/* under another name (a hard link, a bind mount): device and inode say it is */
	assert_true(maps_has("55d0-55d2 r--p 00000000 103:1a 248056   /usr/bin/old-name\n",
			     "/usr/bin/app", &st));
	/* the same inode number on another device is another file */
	assert_false(maps_has("55d0-55d2 r--p 00000000 fe:00 248056   /usr/bin/other\n",
			      "/usr/bin/app", &st));
	/* another inode under the path itself (overlayfs shows the layer's): it is */
	assert_true(maps_has("7f00-7f10 r-xp 00001000 00:2f 99 /usr/bin/app\n",
			     "/usr/bin/app", &st));
	/* a path that only starts like it, or a deleted file, is not */
	assert_false(maps_has("7f00-7f10 r-xp 00001000 00:2f 99 /usr/bin/app2\n"
			      "7f10-7f20 r-xp 00001000 00:2f 98 /usr/bin/app (deleted)\n",
			      "/usr/bin/app", &st));
	/* anonymous mappings, garbage and a last line without its newline are passed over */
	assert_true(maps_has("7ffd-7ffe rw-p 00000000 00:00 0   [stack]\n"
			     "nonsense\n\n7f00-7f10 r-xp 00001000 103:1a 248056",
			     "/usr/bin/app", &st));
	assert_false(maps_has("", "/usr/bin/app", &st));
}

/* This process maps its own executable, and not a file it only has open. */
static void test_maps_self(void **state)
{
	char exe[4096];
	struct stat st;
	FILE *maps;
	ssize_t n;

	(void)state;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = '\0';
	assert_int_equal(stat(exe, &st), 0);
	maps = fopen("/proc/self/maps", "r");
	assert_non_null(maps);
	assert_true(loader_maps_file(maps, exe, &st));
	fclose(maps);

	assert_int_equal(stat("/proc/self/maps", &st), 0);
	maps = fopen("/proc/self/maps", "r");
	assert_non_null(maps);
	assert_false(loader_maps_file(maps, "/proc/self/maps", &st));
	fclose(maps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demotes_host_functions_only),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_maps_file),
		cmocka_unit_test(test_maps_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
