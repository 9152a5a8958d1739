// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* BTF-driven value printer, JSON and plain (see btf_dump.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "btf_dump.h"
#include "output.h"

/* Nesting of arrays, structs and type chains past which the printer gives up. */
#define DUMP_MAX_DEPTH	32
/* Bitfields wider than this are printed as "?" (C allows at most the width of the type). */
#define DUMP_MAX_BITS	64

struct dump_ctx {
	const struct btf *btf;
	struct json_writer *jw;
	int err;
};

static int dump_type(struct dump_ctx *d, __u32 type_id, const __u8 *data, size_t size,
		     int depth);

static void put_bad(struct dump_ctx *d)
{
	d->err = -EINVAL;
	jsonw_null(d->jw);
}

/* @len bytes the caller checked to be printable ASCII, \t, \n or \r. */
static void put_str(struct dump_ctx *d, const char *s, size_t len)
{
	char buf[256], *tmp;

	/* the writer takes a C string */
	tmp = len < sizeof(buf) ? buf : malloc(len + 1);
	if (!tmp) {
		put_bad(d);
		return;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	jsonw_string(d->jw, tmp);
	if (tmp != buf)
		free(tmp);
}

static void put_hex(struct json_writer *w, const __u8 *data, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 * 64 + 1], *s;
	size_t i;

	s = size < 64 ? buf : malloc(2 * size + 1);
	if (!s) {
		jsonw_null(w);
		return;
	}
	for (i = 0; i < size; i++) {
		s[2 * i] = digits[data[i] >> 4];
		s[2 * i + 1] = digits[data[i] & 0xf];
	}
	s[2 * size] = '\0';
	jsonw_string(w, s);
	if (s != buf)
		free(s);
}

/* --- integers --- */

/* Little-endian hosts store bitfields from the least significant bit of the unit. */
static uint64_t load_bits(const __u8 *data, unsigned int bit_off, unsigned int nr_bits)
{
	unsigned int first = bit_off / 8, nbytes = (bit_off % 8 + nr_bits + 7) / 8, i;
	unsigned __int128 acc = 0;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (i = 0; i < nbytes; i++)
		acc |= (unsigned __int128)data[first + i] << (8 * i);
	acc >>= bit_off % 8;
#else
	for (i = 0; i < nbytes; i++)
		acc = (acc << 8) | data[first + i];
	acc >>= nbytes * 8 - bit_off % 8 - nr_bits;
#endif
	if (nr_bits < 64)
		acc &= ((unsigned __int128)1 << nr_bits) - 1;
	return (uint64_t)acc;
}

static uint64_t load_uint(const __u8 *data, size_t size)
{
	uint64_t v = 0;

	switch (size) {
	case 1: return data[0];
	case 2: { uint16_t x; memcpy(&x, data, 2); return x; }
	case 4: { uint32_t x; memcpy(&x, data, 4); return x; }
	case 8: memcpy(&v, data, 8); return v;
	}
	return 0;
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	if (bits >= 64)
		return (int64_t)v;
	if (v & (1ull << (bits - 1)))
		v |= ~0ull << bits;
	return (int64_t)v;
}

/*
 * An integer of @nr_bits bits starting @bit_off bits into @data (a bitfield, or a whole
 * int when @bit_off is 0 and @nr_bits is 8 x its size), @size bytes available at @data.
 */
static void dump_int_bits(struct dump_ctx *d, const struct btf_type *t, const __u8 *data,
			  size_t size, unsigned int bit_off, unsigned int nr_bits)
{
	__u8 enc = btf_int_encoding(t);
	uint64_t v;

	if (!nr_bits || nr_bits > DUMP_MAX_BITS || (bit_off + nr_bits + 7) / 8 > size) {
		put_bad(d);
		return;
	}
	if (!(bit_off % 8) && !(nr_bits % 8) && (nr_bits == 8 || nr_bits == 16 ||
						nr_bits == 32 || nr_bits == 64))
		v = load_uint(data + bit_off / 8, nr_bits / 8);
	else
		v = load_bits(data, bit_off, nr_bits);
	if (enc & BTF_INT_BOOL)
		jsonw_bool(d->jw, v != 0);
	else if (enc & BTF_INT_SIGNED)
		jsonw_int(d->jw, sign_extend(v, nr_bits));
	else
		jsonw_uint(d->jw, v);
}

static void dump_int(struct dump_ctx *d, const struct btf_type *t, const __u8 *data, size_t size)
{
	unsigned int bits = btf_int_bits(t), off = btf_int_offset(t);

	if (t->size > size) {
		put_bad(d);
		return;
	}
	/* __int128: a hex string, most significant byte first */
	if (t->size == 16 && bits == 128 && !off) {
		__u8 be[16];
		int i;

		for (i = 0; i < 16; i++)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			be[i] = data[15 - i];
#else
			be[i] = data[i];
#endif
		put_hex(d->jw, be, 16);
		return;
	}
	dump_int_bits(d, t, data, t->size, off, bits);
}

static void dump_float(struct dump_ctx *d, const struct btf_type *t, const __u8 *data,
		       size_t size)
{
	if (t->size == 4 && size >= 4) {
		float f;

		memcpy(&f, data, 4);
		jsonw_float(d->jw, f);
	} else if (t->size == 8 && size >= 8) {
		double f;

		memcpy(&f, data, 8);
		jsonw_float(d->jw, f);
	} else {
		put_bad(d);
	}
}

static void dump_enum(struct dump_ctx *d, const struct btf_type *t, const __u8 *data, size_t size)
{
	bool is_signed = btf_kflag(t);
	int i, n = btf_vlen(t);
	uint64_t v;

	if (t->size > size || !(t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8)) {
		put_bad(d);
		return;
	}
	v = load_uint(data, t->size);
	if (is_signed)
		v = (uint64_t)sign_extend(v, t->size * 8);
	for (i = 0; i < n; i++) {
		uint64_t ev;
		__u32 name_off;

		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			ev = is_signed ? (uint64_t)(int64_t)(__s32)e->val : (__u32)e->val;
			name_off = e->name_off;
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;

			ev = btf_enum64_value(e);
			name_off = e->name_off;
		}
		if (t->size < 8 && !is_signed)
			ev &= (1ull << (t->size * 8)) - 1;
		if (ev == v) {
			const char *name = btf__name_by_offset(d->btf, name_off);

			if (name && *name) {
				jsonw_string(d->jw, name);
				return;
			}
		}
	}
	if (is_signed)
		jsonw_int(d->jw, (int64_t)v);
	else
		jsonw_uint(d->jw, v);
}

/* --- aggregates --- */

/* A char (not __u8/__s8) element: print the array as a string when it reads as one. */
static bool is_char(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t;
	const char *name;
	int id = btf__resolve_type(btf, type_id);

	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	if (!t || !btf_is_int(t) || t->size != 1)
		return false;
	if (btf_int_encoding(t) & BTF_INT_CHAR)
		return true;
	name = btf__name_by_offset(btf, t->name_off);
	return name && !strcmp(name, "char");
}

/* Printable ASCII up to a NUL inside @n bytes: returns the string length, or -1. */
static long printable_len(const __u8 *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!s[i])
			return (long)i;
		if ((s[i] < 0x20 || s[i] > 0x7e) && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return -1;
	}
	return -1;
}

static void dump_array(struct dump_ctx *d, const struct btf_type *t, const __u8 *data,
		       size_t size, int depth)
{
	const struct btf_array *a = btf_array(t);
	__s64 elem_size = btf__resolve_size(d->btf, a->type);
	__u32 i;

	if (elem_size < 0 || (elem_size && a->nelems > size / elem_size)) {
		put_bad(d);
		return;
	}
	if (!elem_size) {
		/* zero-sized elements (a flexible array): nothing to show */
		jsonw_start_array(d->jw);
		jsonw_end_array(d->jw);
		return;
	}
	if (elem_size == 1 && is_char(d->btf, a->type)) {
		long len = printable_len(data, a->nelems);

		if (len >= 0) {
			put_str(d, (const char *)data, len);
			return;
		}
	}
	jsonw_start_array(d->jw);
	for (i = 0; i < a->nelems; i++) {
		dump_type(d, a->type, data + i * elem_size, elem_size, depth + 1);
	}
	jsonw_end_array(d->jw);
}

/* The members of a struct or union, into the object already opened by the caller. */
static void dump_members(struct dump_ctx *d, const struct btf_type *t, const __u8 *data,
			 size_t size, int depth)
{
	const struct btf_member *m = btf_members(t);
	int i, n = btf_vlen(t);

	if (depth > DUMP_MAX_DEPTH) {
		jsonw_name(d->jw, "?");
		put_bad(d);
		return;
	}
	for (i = 0; i < n; i++, m++) {
		__u32 bit_off = btf_member_bit_offset(t, i);
		__u32 bits = btf_member_bitfield_size(t, i);
		const char *name = btf__name_by_offset(d->btf, m->name_off);
		const struct btf_type *mt;
		int mid;

		mid = btf__resolve_type(d->btf, m->type);
		mt = mid < 0 ? NULL : btf__type_by_id(d->btf, mid);
		/* an anonymous struct or union: its members belong to this object */
		if ((!name || !*name) && mt && btf_is_composite(mt) && !bits) {
			if (bit_off % 8 || bit_off / 8 > size) {
				jsonw_name(d->jw, "?");
				put_bad(d);
				continue;
			}
			dump_members(d, mt, data + bit_off / 8, size - bit_off / 8, depth + 1);
			continue;
		}
		jsonw_name(d->jw, name && *name ? name : "?");
		if (bits) {
			if (mt && btf_is_int(mt))
				dump_int_bits(d, mt, data, size, bit_off, bits);
			else if (mt && btf_is_any_enum(mt) && bits <= DUMP_MAX_BITS &&
				 (bit_off + bits + 7) / 8 <= size)
				/* an enum bitfield: its number */
				jsonw_uint(d->jw, load_bits(data, bit_off, bits));
			else
				put_bad(d);
			continue;
		}
		if (bit_off % 8 || bit_off / 8 > size) {
			put_bad(d);
			continue;
		}
		dump_type(d, m->type, data + bit_off / 8, size - bit_off / 8, depth + 1);
	}
}

static void dump_datasec(struct dump_ctx *d, const struct btf_type *t, const __u8 *data,
			 size_t size, int depth)
{
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);
	int i, n = btf_vlen(t);

	jsonw_start_object(d->jw);
	for (i = 0; i < n; i++, vs++) {
		const struct btf_type *vt = btf__type_by_id(d->btf, vs->type);
		const char *name = vt ? btf__name_by_offset(d->btf, vt->name_off) : NULL;

		jsonw_name(d->jw, name && *name ? name : "?");
		if (!vt || !btf_is_var(vt) || vs->offset > size || vs->size > size - vs->offset) {
			put_bad(d);
			continue;
		}
		dump_type(d, vt->type, data + vs->offset, vs->size, depth + 1);
	}
	jsonw_end_object(d->jw);
}

static int dump_type(struct dump_ctx *d, __u32 type_id, const __u8 *data, size_t size,
		     int depth)
{
	const struct btf_type *t;
	int id;

	if (depth > DUMP_MAX_DEPTH)
		goto bad;
	id = btf__resolve_type(d->btf, type_id);
	if (id < 0)
		goto bad;
	t = btf__type_by_id(d->btf, id);
	if (!t)
		goto bad;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		dump_int(d, t, data, size);
		break;
	case BTF_KIND_FLOAT:
		dump_float(d, t, data, size);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		dump_enum(d, t, data, size);
		break;
	case BTF_KIND_PTR:
		if (size < sizeof(void *))
			goto bad;
		jsonw_uint(d->jw, load_uint(data, sizeof(void *)));
		break;
	case BTF_KIND_ARRAY:
		dump_array(d, t, data, size, depth);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (t->size > size)
			goto bad;
		jsonw_start_object(d->jw);
		dump_members(d, t, data, t->size, depth);
		jsonw_end_object(d->jw);
		break;
	case BTF_KIND_DATASEC:
		dump_datasec(d, t, data, size, depth);
		break;
	default:
		/* void, a forward declaration, a function: nothing to decode */
		goto bad;
	}
	return d->err;
bad:
	put_bad(d);
	return d->err;
}

int btf_dump_json(struct json_writer *w, const struct btf *btf, __u32 type_id,
		  const void *data, size_t size)
{
	struct dump_ctx d = { .btf = btf, .jw = w };

	return dump_type(&d, type_id, data, size, 0);
}

void btf_dump_raw_json(struct json_writer *w, const void *data, size_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8)
		jsonw_uint(w, load_uint(data, size));
	else
		put_hex(w, data, size);
}
