/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Values printed by their BTF type as JSON: a map key or value, or a whole .bss section.
 * libbpf's btf_dump__dump_type_data() prints C initialisers with casts, which is neither
 * JSON nor short; this printer gives:
 *
 *	integers	numbers (bool: true/false; 128-bit: hex digits, most significant first)
 *	enums		the enumerator's name as a string, the number when none matches
 *	char arrays	a string when they hold printable ASCII up to a NUL, else numbers
 *	arrays		arrays
 *	structs/unions	objects by member name (anonymous members merged into the parent)
 *	sections	.bss/.data (DATASEC) as objects by variable name
 *	pointers	numbers; floats: numbers
 *
 * Plain output prints the same JSON values on one line (as bpftool does for BTF maps).
 *
 * The BTF and the data are both untrusted: every access is bounds-checked against @size,
 * type chains and nesting are depth-limited, strings are ASCII (so the JSON is valid
 * UTF-8). Whatever cannot be decoded prints as null, the JSON stays well-formed, and the
 * call returns -EINVAL.
 */
#ifndef ROLEPROBE_BTF_DUMP_H
#define ROLEPROBE_BTF_DUMP_H

#include <stddef.h>
#include <linux/types.h>

struct btf;
struct json_writer;

/*
 * Write @size bytes at @data as a value of @btf's type @type_id, one JSON value at the
 * writer's position. Returns 0, or -EINVAL when some part could not be decoded (null).
 */
int btf_dump_json(struct json_writer *w, const struct btf *btf, __u32 type_id,
		  const void *data, size_t size);

/*
 * Bytes without a type: an unsigned number when @size is 1, 2, 4 or 8 (host byte order,
 * the common case of an array index or a u32/u64 key), else a string of hex digits.
 */
void btf_dump_raw_json(struct json_writer *w, const void *data, size_t size);

#endif /* ROLEPROBE_BTF_DUMP_H */
