// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Map contents decoded by BTF, as JSON values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/btf.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "mapdump.h"
#include "output.h"

/* Deeper nesting than this in a map's types is printed as bytes: BTF is input too. */
#define BTF_VALUE_MAX_DEPTH	16

static void write_hex_bytes(struct json_writer *w, const unsigned char *data, size_t size)
{
	char *s = malloc(size * 3 + 1), *p = s;
	size_t i;

	if (!s) {
		jsonw_null(w);
		return;
	}
	*p = '\0';
	for (i = 0; i < size; i++)
		p += sprintf(p, i ? " %02x" : "%02x", data[i]);
	jsonw_string(w, s);
	free(s);
}

/* Little-endian unsigned value of @bits bits at bit @bit_off of @data. */
static unsigned long long read_bits(const unsigned char *data, unsigned int bit_off,
				    unsigned int bits)
{
	unsigned long long v = 0;
	unsigned int i;

	for (i = 0; i < bits; i++) {
		unsigned int b = bit_off + i;

		if (data[b / 8] & (1u << (b % 8)))
			v |= 1ULL << i;
	}
	return v;
}

static void write_int(struct json_writer *w, const struct btf_type *t, const void *data)
{
	__u32 enc = btf_int_encoding(t);
	unsigned int bits = btf_int_bits(t), off = btf_int_offset(t);
	unsigned long long u;

	if (bits > 64 || t->size > 8 || off + bits > t->size * 8) {
		write_hex_bytes(w, data, t->size);	/* __int128 and odd encodings */
		return;
	}
	u = read_bits(data, off, bits);
	if (enc & BTF_INT_BOOL) {
		jsonw_bool(w, u != 0);
	} else if ((enc & BTF_INT_SIGNED) && bits && bits < 64 && (u >> (bits - 1)) & 1) {
		jsonw_int(w, (long long)(u | (~0ULL << bits)));
	} else if (enc & BTF_INT_SIGNED) {
		jsonw_int(w, (long long)u);
	} else {
		jsonw_uint(w, u);
	}
}

static bool is_char_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t && btf_is_int(t) && t->size == 1 &&
	       ((btf_int_encoding(t) & BTF_INT_CHAR) ||
		!strcmp(btf__name_by_offset(btf, t->name_off) ?: "", "char"));
}

/* A char array: a string up to its first NUL, or bytes when it holds no NUL. */
static void write_char_array(struct json_writer *w, const char *data, size_t n)
{
	size_t len = strnlen(data, n);
	char *s;

	if (len == n) {
		write_hex_bytes(w, (const unsigned char *)data, n);
		return;
	}
	s = strndup(data, len);
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_string(w, s);
	free(s);
}

static void write_value(struct json_writer *w, const struct btf *btf, __u32 id,
			const unsigned char *data, size_t size, int depth);

static void write_enum(struct json_writer *w, const struct btf *btf, const struct btf_type *t,
		       const unsigned char *data)
{
	bool is_signed = btf_kflag(t);
	unsigned long long u;
	__u16 i, n = btf_vlen(t);

	u = read_bits(data, 0, t->size * 8);
	for (i = 0; i < n; i++) {
		unsigned long long v;
		__u32 name_off;

		if (btf_is_enum(t)) {
			v = (__u32)btf_enum(t)[i].val;
			name_off = btf_enum(t)[i].name_off;
		} else {
			v = btf_enum64_value(&btf_enum64(t)[i]);
			name_off = btf_enum64(t)[i].name_off;
		}
		if (t->size < 8)
			v &= (1ULL << (t->size * 8)) - 1;
		if (v == u) {
			jsonw_string(w, btf__name_by_offset(btf, name_off) ?: "");
			return;
		}
	}
	if (is_signed && t->size < 8 && (u >> (t->size * 8 - 1)) & 1)
		jsonw_int(w, (long long)(u | (~0ULL << (t->size * 8))));
	else if (is_signed)
		jsonw_int(w, (long long)u);
	else
		jsonw_uint(w, u);
}

static void write_members(struct json_writer *w, const struct btf *btf, const struct btf_type *t,
			  const unsigned char *data, size_t size, int depth)
{
	const struct btf_member *m = btf_members(t);
	__u16 i, n = btf_vlen(t);

	jsonw_start_object(w);
	for (i = 0; i < n; i++) {
		__u32 bit_off = btf_member_bit_offset(t, i);
		__u32 bf_size = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(btf, m[i].name_off);

		jsonw_name(w, name && *name ? name : "(anon)");
		if (bf_size || bit_off % 8) {
			unsigned int bits = bf_size ? bf_size : 8;

			if (bits > 64 || (bit_off + bits + 7) / 8 > size)
				jsonw_null(w);
			else
				jsonw_uint(w, read_bits(data, bit_off, bits));
			continue;
		}
		if (bit_off / 8 > size)
			jsonw_null(w);
		else
			write_value(w, btf, m[i].type, data + bit_off / 8, size - bit_off / 8,
				    depth + 1);
	}
	jsonw_end_object(w);
}

static void write_datasec(struct json_writer *w, const struct btf *btf, const struct btf_type *t,
			  const unsigned char *data, size_t size, int depth)
{
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);
	__u16 i, n = btf_vlen(t);

	jsonw_start_object(w);
	for (i = 0; i < n; i++) {
		const struct btf_type *var = btf__type_by_id(btf, vs[i].type);
		const char *name;

		if (!var || !btf_is_var(var))
			continue;
		name = btf__name_by_offset(btf, var->name_off);
		jsonw_name(w, name && *name ? name : "(anon)");
		if (vs[i].offset > size || vs[i].size > size - vs[i].offset)
			jsonw_null(w);
		else
			write_value(w, btf, var->type, data + vs[i].offset, vs[i].size, depth + 1);
	}
	jsonw_end_object(w);
}

static void write_value(struct json_writer *w, const struct btf *btf, __u32 id,
			const unsigned char *data, size_t size, int depth)
{
	const struct btf_type *t = btf && id ? btf__type_by_id(btf, id) : NULL;
	__s64 tsize;

	while (t && (btf_is_mod(t) || btf_is_typedef(t) || btf_is_var(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	tsize = t ? btf__resolve_size(btf, id) : -1;
	if (!t || tsize <= 0 || (size_t)tsize > size || depth > BTF_VALUE_MAX_DEPTH) {
		write_hex_bytes(w, data, size);
		return;
	}

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		write_int(w, t, data);
		break;
	case BTF_KIND_PTR: {
		char s[24];

		snprintf(s, sizeof(s), "0x%llx", read_bits(data, 0, tsize > 8 ? 64 : tsize * 8));
		jsonw_string(w, s);
		break;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (t->size > 8)
			write_hex_bytes(w, data, t->size);
		else
			write_enum(w, btf, t, data);
		break;
	case BTF_KIND_FLOAT:
		if (t->size == sizeof(double)) {
			double d;

			memcpy(&d, data, sizeof(d));
			jsonw_float(w, d);
		} else if (t->size == sizeof(float)) {
			float f;

			memcpy(&f, data, sizeof(f));
			jsonw_float(w, f);
		} else {
			write_hex_bytes(w, data, t->size);
		}
		break;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		__s64 esize = btf__resolve_size(btf, a->type);
		__u32 i;

		if (esize <= 0 || (__u64)esize * a->nelems > (__u64)tsize) {
			write_hex_bytes(w, data, tsize);
			break;
		}
		if (esize == 1 && is_char_type(btf, a->type)) {
			write_char_array(w, (const char *)data, a->nelems);
			break;
		}
		jsonw_start_array(w);
		for (i = 0; i < a->nelems; i++)
			write_value(w, btf, a->type, data + i * esize, esize, depth + 1);
		jsonw_end_array(w);
		break;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		write_members(w, btf, t, data, tsize, depth);
		break;
	case BTF_KIND_DATASEC:
		write_datasec(w, btf, t, data, size, depth);
		break;
	default:
		write_hex_bytes(w, data, tsize);
		break;
	}
}

void btf_value_write(struct json_writer *w, const struct btf *btf, unsigned int type_id,
		     const void *data, size_t size)
{
	write_value(w, btf, type_id, data, size, 0);
}

bool mapdump_supported(const struct bpf_map *map)
{
	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

static bool map_is_percpu(const struct bpf_map *map)
{
	enum bpf_map_type type = bpf_map__type(map);

	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* The value of one entry; a per-CPU map's is an array with one value per possible CPU. */
static void write_map_value(struct json_writer *w, const struct bpf_map *map,
			    const struct btf *btf, const unsigned char *value, int ncpus)
{
	__u32 vsize = bpf_map__value_size(map);
	__u32 vtype = bpf_map__btf_value_type_id(map);
	int cpu;

	if (!map_is_percpu(map)) {
		btf_value_write(w, btf, vtype, value, vsize);
		return;
	}
	jsonw_start_array(w);
	for (cpu = 0; cpu < ncpus; cpu++)
		btf_value_write(w, btf, vtype, value + (size_t)cpu * ((vsize + 7) & ~7u), vsize);
	jsonw_end_array(w);
}

/* Plain mode: "key: K  value: V", each a JSON value on one line. */
static void print_plain_entry(const struct bpf_map *map, const struct btf *btf,
			      const void *key, const unsigned char *value, int ncpus)
{
	struct json_writer *w;
	size_t len = 0;
	char *buf = NULL;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	w = jsonw_new(f);
	if (w) {
		/* an array keeps the writer's separators: [K,V] */
		jsonw_start_array(w);
		btf_value_write(w, btf, bpf_map__btf_key_type_id(map), key, bpf_map__key_size(map));
		fputc('\t', f);	/* marks the split between key and value */
		write_map_value(w, map, btf, value, ncpus);
		jsonw_end_array(w);
		jsonw_destroy(&w);
	}
	fclose(f);
	if (buf) {
		char *tab = strchr(buf, '\t');

		while (len && buf[len - 1] == '\n')
			len--;
		/* buf is "[K\t,V]" (a tab never appears inside a JSON value: it is escaped) */
		if (tab && tab > buf + 1 && tab[1] == ',' && len >= 4 && buf[0] == '[' &&
		    buf[len - 1] == ']')
			printf("  key: %.*s  value: %.*s\n", (int)(tab - buf - 1), buf + 1,
			       (int)(buf + len - 1 - (tab + 2)), tab + 2);
	}
	free(buf);
}

int mapdump_map(const struct bpf_map *map, const struct btf *btf)
{
	__u32 ksize = bpf_map__key_size(map), vsize = bpf_map__value_size(map);
	__u32 max = bpf_map__max_entries(map), n = 0;
	int fd = bpf_map__fd(map), ncpus = 1, err = 0;
	const char *type = libbpf_bpf_map_type_str(bpf_map__type(map));
	void *key = NULL, *next = NULL, *value = NULL;
	size_t value_len = vsize;
	bool first = true;

	if (map_is_percpu(map)) {
		ncpus = libbpf_num_possible_cpus();
		if (ncpus <= 0) {
			p_err("cannot count the possible CPUs to read per-CPU map '%s'",
			      bpf_map__name(map));
			return ncpus ? ncpus : -EINVAL;
		}
		value_len = (size_t)((vsize + 7) & ~7u) * ncpus;
	}
	key = calloc(1, ksize ? ksize : 1);
	next = calloc(1, ksize ? ksize : 1);
	value = calloc(1, value_len ? value_len : 1);
	if (!key || !next || !value) {
		err = -ENOMEM;
		goto out;
	}

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", bpf_map__name(map));
		jsonw_string_field(json_wtr, "type", type ?: "unknown");
		jsonw_name(json_wtr, "entries");
		jsonw_start_array(json_wtr);
	} else {
		printf("map %s (%s, max %u entries):\n", bpf_map__name(map), type ?: "unknown", max);
	}
	/* at most max_entries: a map changing under us cannot make this loop forever */
	while (n < max) {
		if (bpf_map_get_next_key(fd, first ? NULL : key, next)) {
			if (errno != ENOENT) {
				err = -errno;
				p_err("cannot walk map '%s': %s", bpf_map__name(map), strerror(-err));
			}
			break;
		}
		first = false;
		memcpy(key, next, ksize);
		if (bpf_map_lookup_elem(fd, key, value))
			continue;	/* deleted meanwhile */
		n++;
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_name(json_wtr, "key");
			btf_value_write(json_wtr, btf, bpf_map__btf_key_type_id(map), key, ksize);
			jsonw_name(json_wtr, "value");
			write_map_value(json_wtr, map, btf, value, ncpus);
			jsonw_end_object(json_wtr);
		} else {
			print_plain_entry(map, btf, key, value, ncpus);
		}
	}
	if (json_output) {
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	} else if (!n) {
		printf("  (empty)\n");
	}
out:
	free(key);
	free(next);
	free(value);
	return err ? err : (int)n;
}
