/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Map contents decoded by BTF, in the manner of bpftool's map dump: every key and value is
 * written as a JSON value (integers, enums by name, char arrays as strings, arrays, structs
 * and unions as objects, data sections as objects of their variables); without BTF, as a
 * string of hex bytes. Plain output shows the same JSON values one entry per line.
 */
#ifndef ROLEPROBE_MAPDUMP_H
#define ROLEPROBE_MAPDUMP_H

#include <stdbool.h>
#include <stddef.h>

struct btf;
struct bpf_map;
struct json_writer;

/*
 * Write the value of BTF type @type_id held in @data (@size bytes) to @w as one JSON value.
 * @type_id 0 or a type that does not fit @size is written as hex bytes. Never reads
 * outside @data.
 */
void btf_value_write(struct json_writer *w, const struct btf *btf, unsigned int type_id,
		     const void *data, size_t size);

/* True for map types whose entries can be listed with get_next_key and lookup. */
bool mapdump_supported(const struct bpf_map *map);

/*
 * Dump every entry of the loaded @map: in JSON mode one object {"name", "type", "entries":
 * [{"key", "value"} ...]} into json_wtr (a per-CPU map's value is an array, one per CPU);
 * in plain mode a header line and one "key: K  value: V" line per entry, on stdout.
 * Returns the number of entries, or a negative errno (reported).
 */
int mapdump_map(const struct bpf_map *map, const struct btf *btf);

#endif /* ROLEPROBE_MAPDUMP_H */
