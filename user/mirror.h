/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The map mirror (SPEC section 1, layer 3): a userspace copy of an extension's maps, taken
 * while it runs, decoded by BTF, printed at the end and written as a JSON file that
 * unprivileged readers can follow.
 *
 * Which maps: every map of a type userspace can read key by key: hash, array, per-CPU hash
 * and array, LRU hash and LRU per-CPU hash, LPM trie and stack trace maps. That includes the
 * extension's .data and .bss (its global state, one-entry arrays decoded by their DATASEC).
 * Skipped: maps read-only for the program (.rodata, .kconfig: fixed at load, not state), the
 * host library's own maps (loader_is_host_map()), and maps with no keys to read (ring
 * buffers, perf event arrays, program arrays, map-in-map, storage maps).
 *
 * How: BPF_MAP_LOOKUP_BATCH, chunk by chunk, where the kernel supports it for the map; key by
 * key (BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM) otherwise. In MIRROR_AUTO a map whose batch
 * call fails with EINVAL or ENOTSUPP falls back to key by key for good (a debug line says
 * so); any other error is an error. Per-CPU values are copied for every possible CPU.
 *
 * Consistency: a refresh is not atomic against the running extension. Batch lookups walk
 * hash buckets and see every entry that stays in the map during the walk once. Key by key,
 * a key deleted between two calls makes the kernel restart from the first key, so entries
 * may repeat under heavy churn; a map never yields more than max_entries entries.
 *
 * Lifetime: the mirror borrows the map fds of the bpf_object (it holds no reference, so
 * it never keeps an extension's maps alive) and keeps its own copy of the BTF. Refresh it
 * one last time before closing the object; the copy stays printable afterwards.
 */
#ifndef ROLEPROBE_MIRROR_H
#define ROLEPROBE_MIRROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

struct bpf_map;
struct bpf_object;
struct btf;
struct json_writer;

enum mirror_method {
	MIRROR_AUTO,	/* batch where the kernel supports it for the map, key by key otherwise */
	MIRROR_BATCH,	/* BPF_MAP_LOOKUP_BATCH only: a map that does not support it fails */
	MIRROR_KEYS,	/* key by key: BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM */
};

/*
 * A map larger than this (keys + values, all CPUs) is mirrored up to this size only
 * (struct mirror's max_map_bytes; a copy marked truncated, with a warning).
 */
#define MIRROR_MAP_MAX_BYTES	(256ull << 20)

/* One mirrored map: read-only for users of the mirror. */
struct mirror_map {
	char *name;
	int fd;				/* borrowed */
	__u32 id;
	__u32 type;			/* enum bpf_map_type */
	__u32 key_size;
	__u32 value_size;		/* as declared, for one CPU */
	__u32 max_entries;
	bool percpu;
	__u32 value_stride;		/* bytes per entry in values: value_size per CPU, rounded
					 * up to 8 for per-CPU maps, times the possible CPUs */
	const struct btf *btf;		/* the mirror's copy; NULL: raw bytes */
	__u32 key_type_id;		/* 0: no usable BTF type for the key */
	__u32 value_type_id;		/* 0: no usable BTF type for the value */
	bool batch_unsupported;		/* the kernel refused a batch lookup (MIRROR_AUTO) */
	bool truncated;			/* last refresh stopped at max_map_bytes */
	enum mirror_method last_method;	/* how the last refresh read it (BATCH or KEYS) */
	/* the copy */
	__u32 nr_entries;
	__u32 capacity;
	__u8 *keys;			/* nr_entries x key_size */
	__u8 *values;			/* nr_entries x value_stride */
};

struct mirror {
	struct mirror_map *maps;
	int nr_maps;
	int nr_cpus;			/* libbpf_num_possible_cpus() */
	enum mirror_method method;
	char *json_path;		/* NULL: no file */
	__u64 max_map_bytes;		/* per map; MIRROR_MAP_MAX_BYTES unless changed */
	struct btf **btfs;		/* copies of the BTF the maps came with */
	int nr_btfs;
	__u64 seq;			/* refreshes done */
	__u64 refresh_ns;		/* duration of the last refresh */
};

/*
 * A mirror of @obj's mirrorable maps (it must be loaded), writing @json_path (may be NULL)
 * on mirror_write_json(). Returns NULL with errno set on failure (reported).
 */
struct mirror *mirror_new(struct bpf_object *obj, const char *json_path);

/* An empty mirror, to fill with mirror_add_map(). NULL with errno set on failure. */
struct mirror *mirror_new_empty(const char *json_path);

/*
 * Add the map open as @fd (borrowed), named @name in output. @btf (may be NULL; copied, the
 * caller keeps it) with @key_type_id and @value_type_id (0 for none) decode its keys and
 * values; a type whose size does not match the map's is not used (with a warning). Returns 0, -EOPNOTSUPP for a map
 * type that cannot be mirrored, or another negative errno (reported).
 */
int mirror_add_map(struct mirror *m, int fd, const char *name, const struct btf *btf,
		   __u32 key_type_id, __u32 value_type_id);

/*
 * The name a map goes by in roleprobe's output: its own, or for the maps libbpf makes of
 * the object's sections the section (".bss", ".data"), not libbpf's "objname.bss".
 */
const char *mirror_map_name(const struct bpf_object *obj, const struct bpf_map *map);

/* True when maps of @type (enum bpf_map_type) can be mirrored. */
bool mirror_map_type_ok(__u32 type);

/*
 * Bytes of one value as userspace reads it from a map of @type: @value_size, or for per-CPU
 * maps @value_size rounded up to 8, once for each of @nr_cpus possible CPUs.
 */
__u64 mirror_value_bytes(__u32 type, __u32 value_size, int nr_cpus);

void mirror_set_method(struct mirror *m, enum mirror_method method);
const char *mirror_method_str(enum mirror_method method);

/*
 * Copy every map into userspace. Returns 0, or the first negative errno (reported; the
 * other maps are still refreshed, a failed map keeps its previous copy).
 */
int mirror_refresh(struct mirror *m);

/* The map called @name, or NULL. */
const struct mirror_map *mirror_find(const struct mirror *m, const char *name);

/* Entry @i of @mm: its key and its value (for per-CPU maps, CPU 0's; the next CPU's value
 * follows at value_size rounded up to 8). */
const void *mirror_key(const struct mirror_map *mm, __u32 i);
const void *mirror_value(const struct mirror_map *mm, __u32 i);

/*
 * The whole mirror as one JSON document, to @json_path, atomically: written to a temporary
 * file in the same directory, fsync()ed, mode 0644, then rename()d over the path, so a
 * reader always sees a complete document. Returns 0 or a negative errno (reported).
 * The document:
 *	{"seq": N, "time_ns": REALTIME, "maps": [MAP, ...]}
 * with MAP as mirror_print_json() writes it.
 */
int mirror_write_json(struct mirror *m);

/*
 * Whether mirror_write_json() could write @json_path, asked before anything is loaded: the
 * path is not a directory, and its directory exists and takes new files (where the
 * temporary file goes). Returns 0 or a negative errno (reported, with the path).
 */
int mirror_check_path(const char *json_path);

/*
 * The maps as a JSON array value at the writer's position:
 *	[{"name", "id", "type", "key_size", "value_size", "max_entries", "nr_entries",
 *	  "method", "truncated", "entries": [{"key": K, "value": V}, ...]}, ...]
 * K and V as btf_dump.h prints them; a per-CPU map's V is an array, one per possible CPU.
 */
void mirror_print_json(const struct mirror *m, struct json_writer *w);

/*
 * The maps in plain text: a line "map NAME (TYPE, max N entries): M entries", then one
 * line "  key: K  value: V" per entry (the same JSON values), or "  (empty)".
 */
void mirror_print_plain(const struct mirror *m, FILE *f);

/*
 * The final summary's map contents: a {"maps": [...]} document on json_wtr in JSON mode,
 * plain text on stdout otherwise.
 */
void mirror_print(const struct mirror *m);

void mirror_free(struct mirror *m);

/*
 * Benchmark for `roleprobe bench`: a hash map of @nr_entries __u32 -> __u64 entries (full),
 * mirrored @rounds times each way. Rates are entries copied per second.
 */
struct mirror_bench_result {
	__u32 nr_entries;
	double batch_entries_per_s;
	double keys_entries_per_s;
	double json_entries_per_s;	/* mirror_write_json(): decode + write + fsync + rename */
};

int mirror_bench(__u32 nr_entries, int rounds, struct mirror_bench_result *res);

#endif /* ROLEPROBE_MIRROR_H */
