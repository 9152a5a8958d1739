// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The map mirror: batch or key-by-key copies of an extension's maps (see mirror.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_dump.h"
#include "loader.h"
#include "mirror.h"
#include "output.h"

/* The kernel's "operation not supported" (include/linux/errno.h), not in userspace headers. */
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif

/* Entries asked for per BPF_MAP_LOOKUP_BATCH call; grows when a hash bucket holds more. */
#define MIRROR_BATCH_CHUNK	8192

static __u64 now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

bool mirror_map_type_ok(__u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_STACK_TRACE:
		return true;
	default:
		return false;
	}
}

static bool map_type_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

__u64 mirror_value_bytes(__u32 type, __u32 value_size, int nr_cpus)
{
	if (!map_type_percpu(type))
		return value_size;
	return (((__u64)value_size + 7) & ~7ull) * nr_cpus;
}

static const char *map_type_str(__u32 type)
{
	const char *s = libbpf_bpf_map_type_str(type);

	return s ? s : "unknown";
}

const char *mirror_method_str(enum mirror_method method)
{
	switch (method) {
	case MIRROR_AUTO: return "auto";
	case MIRROR_BATCH: return "batch";
	case MIRROR_KEYS: return "keys";
	}
	return "?";
}

struct mirror *mirror_new_empty(const char *json_path)
{
	struct mirror *m = calloc(1, sizeof(*m));
	int err;

	if (!m) {
		err = -ENOMEM;
		goto err_out;
	}
	m->max_map_bytes = MIRROR_MAP_MAX_BYTES;
	m->nr_cpus = libbpf_num_possible_cpus();
	if (m->nr_cpus <= 0) {
		err = m->nr_cpus ? m->nr_cpus : -EINVAL;
		p_err("cannot count the possible CPUs for per-CPU maps: %s", strerror(-err));
		goto err_free;
	}
	if (json_path) {
		m->json_path = strdup(json_path);
		if (!m->json_path) {
			err = -ENOMEM;
			goto err_free;
		}
	}
	return m;

err_free:
	free(m);
err_out:
	if (err == -ENOMEM)
		p_err("out of memory for the map mirror");
	errno = -err;
	return NULL;
}

/* The BTF type @type_id when it describes exactly @size bytes, else 0 (with a warning). */
static __u32 checked_type(const struct btf *btf, __u32 type_id, __u32 size, const char *map,
			  const char *what)
{
	__s64 tsz;

	if (!btf || !type_id)
		return 0;
	tsz = btf__resolve_size(btf, type_id);
	if (tsz != size) {
		p_warn("map %s: BTF %s type [%u] is %lld bytes, the map's %s is %u: printing raw bytes",
		       map, what, type_id, (long long)tsz, what, size);
		return 0;
	}
	return type_id;
}

/*
 * A copy of @btf the mirror owns: it outlives the object the BTF came from, so the final
 * summary can be printed after everything was closed. NULL (with a warning) on failure.
 */
static const struct btf *own_btf(struct mirror *m, const struct btf *btf)
{
	struct btf **copies, *copy;
	const void *raw;
	__u32 size;
	long err;

	if (!btf)
		return NULL;
	raw = btf__raw_data(btf, &size);
	copy = raw ? btf__new(raw, size) : NULL;
	err = libbpf_get_error(copy);
	if (!raw || err) {
		p_warn("cannot copy BTF to decode maps: %s: printing raw bytes",
		       strerror(raw ? (int)-err : ENOMEM));
		return NULL;
	}
	copies = realloc(m->btfs, (m->nr_btfs + 1) * sizeof(*copies));
	if (!copies) {
		btf__free(copy);
		return NULL;
	}
	m->btfs = copies;
	m->btfs[m->nr_btfs++] = copy;
	return copy;
}

/* mirror_add_map() with @btf already the mirror's own. */
static int add_map(struct mirror *m, int fd, const char *name, const struct btf *btf,
		   __u32 key_type_id, __u32 value_type_id)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct mirror_map *mm, *maps;
	__u64 stride;
	int err;

	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err) {
		err = -errno;
		p_err("cannot read map info of %s: %s", name, strerror(-err));
		return err;
	}
	if (!mirror_map_type_ok(info.type))
		return -EOPNOTSUPP;

	stride = mirror_value_bytes(info.type, info.value_size, m->nr_cpus);
	if (!info.key_size || !info.value_size || stride > UINT32_MAX) {
		p_err("map %s: key size %u, value size %u: cannot mirror", name, info.key_size,
		      info.value_size);
		return -EINVAL;
	}

	maps = realloc(m->maps, (m->nr_maps + 1) * sizeof(*maps));
	if (!maps)
		goto err_nomem;
	m->maps = maps;
	mm = &m->maps[m->nr_maps];
	memset(mm, 0, sizeof(*mm));
	mm->name = strdup(name);
	if (!mm->name)
		goto err_nomem;
	mm->fd = fd;
	mm->id = info.id;
	mm->type = info.type;
	mm->key_size = info.key_size;
	mm->value_size = info.value_size;
	mm->max_entries = info.max_entries;
	mm->percpu = map_type_percpu(info.type);
	mm->value_stride = (__u32)stride;
	mm->btf = btf;
	mm->key_type_id = checked_type(mm->btf, key_type_id, info.key_size, name, "key");
	mm->value_type_id = checked_type(mm->btf, value_type_id, info.value_size, name, "value");
	mm->last_method = m->method;
	m->nr_maps++;
	return 0;

err_nomem:
	p_err("out of memory for the mirror of map %s", name);
	return -ENOMEM;
}

int mirror_add_map(struct mirror *m, int fd, const char *name, const struct btf *btf,
		   __u32 key_type_id, __u32 value_type_id)
{
	return add_map(m, fd, name, own_btf(m, btf), key_type_id, value_type_id);
}

/*
 * Maps that are not the extension's state: its constants and kernel config (.rodata*,
 * .kconfig: read-only for the program), and roleprobe's own host library maps.
 */
static bool skip_map(const struct bpf_map *map)
{
	return (bpf_map__map_flags(map) & BPF_F_RDONLY_PROG) ||
	       loader_is_host_map(bpf_map__name(map));
}

const char *mirror_map_name(const struct bpf_object *obj, const struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const char *name = bpf_map__name(map), *sec;
	const struct btf_type *t;

	if (!bpf_map__is_internal(map))
		return name;
	/* the section's DATASEC names it exactly */
	t = btf ? btf__type_by_id(btf, bpf_map__btf_value_type_id(map)) : NULL;
	if (t && btf_is_datasec(t)) {
		sec = btf__name_by_offset(btf, t->name_off);
		if (sec && *sec)
			return sec;
	}
	/* else libbpf's "objname.bss": the last dot starts the section */
	sec = strrchr(name, '.');
	return sec && name[0] != '.' ? sec : name;
}

struct mirror *mirror_new(struct bpf_object *obj, const char *json_path)
{
	const struct btf *btf;
	struct bpf_map *map;
	struct mirror *m;
	int err;

	m = mirror_new_empty(json_path);
	if (!m)
		return NULL;
	btf = own_btf(m, bpf_object__btf(obj));
	bpf_object__for_each_map(map, obj) {
		const char *name = mirror_map_name(obj, map);
		int fd = bpf_map__fd(map);

		if (!mirror_map_type_ok(bpf_map__type(map)) || skip_map(map)) {
			p_debug("mirror: skipping map %s (%s)", name,
				map_type_str(bpf_map__type(map)));
			continue;
		}
		if (fd < 0) {
			err = -EBADF;
			p_err("map %s is not loaded: load the object before mirroring it", name);
			goto err_free;
		}
		err = add_map(m, fd, name, btf, bpf_map__btf_key_type_id(map),
			      bpf_map__btf_value_type_id(map));
		if (err)
			goto err_free;
	}
	return m;

err_free:
	mirror_free(m);
	errno = -err;
	return NULL;
}

void mirror_set_method(struct mirror *m, enum mirror_method method)
{
	m->method = method;
}

/* Most entries a map's copy may hold: max_entries, bounded by m->max_map_bytes. */
static __u32 entry_cap(const struct mirror *m, const struct mirror_map *mm)
{
	__u64 cap = m->max_map_bytes / ((__u64)mm->key_size + mm->value_stride);

	return cap < mm->max_entries ? (__u32)cap : mm->max_entries;
}

/* Room for @need entries (need <= entry_cap()). */
static int reserve(const struct mirror *m, struct mirror_map *mm, __u32 need)
{
	__u64 cap = mm->capacity ? mm->capacity : 64;
	void *keys, *values;

	if (need <= mm->capacity)
		return 0;
	while (cap < need)
		cap *= 2;
	if (cap > entry_cap(m, mm))
		cap = entry_cap(m, mm);
	keys = realloc(mm->keys, cap * mm->key_size);
	if (!keys)
		return -ENOMEM;
	mm->keys = keys;
	values = realloc(mm->values, cap * mm->value_stride);
	if (!values)
		return -ENOMEM;
	mm->values = values;
	mm->capacity = (__u32)cap;
	return 0;
}

static int refresh_batch(const struct mirror *m, struct mirror_map *mm, __u32 *nr)
{
	size_t tok_size = mm->key_size > sizeof(__u64) ? mm->key_size : sizeof(__u64);
	__u32 cap = entry_cap(m, mm), n = 0, chunk, count;
	void *in = NULL, *tok_in, *tok_out;
	int err = 0;

	tok_in = calloc(2, tok_size);
	if (!tok_in)
		return -ENOMEM;
	tok_out = (char *)tok_in + tok_size;
	chunk = cap < MIRROR_BATCH_CHUNK ? cap : MIRROR_BATCH_CHUNK;
	mm->truncated = false;
	while (n < cap) {
		if (chunk > cap - n)
			chunk = cap - n;
		err = reserve(m, mm, n + chunk);
		if (err)
			break;
		count = chunk;
		err = bpf_map_lookup_batch(mm->fd, in, tok_out, mm->keys + (size_t)n * mm->key_size,
					   mm->values + (size_t)n * mm->value_stride, &count,
					   NULL);
		if (err < 0)
			err = -errno;
		if (err == -ENOSPC && !count) {
			/* the next hash bucket holds more than chunk entries */
			if (chunk < cap - n) {
				chunk *= 2;
				continue;
			}
			/* and more than the cap leaves room for: the copy ends here */
			mm->truncated = true;
			err = 0;
			goto out;
		}
		if (err && err != -ENOENT)
			break;
		n += count > chunk ? chunk : count;
		if (err == -ENOENT) {
			err = 0;
			goto out;
		}
		memcpy(tok_in, tok_out, tok_size);
		in = tok_in;
	}
	if (!err && n >= cap && cap < mm->max_entries)
		mm->truncated = true;
out:
	free(tok_in);
	*nr = n;
	return err;
}

static int refresh_keys(const struct mirror *m, struct mirror_map *mm, __u32 *nr)
{
	__u32 cap = entry_cap(m, mm), n = 0;
	void *cur, *next;
	int err;

	cur = calloc(2, mm->key_size);
	if (!cur)
		return -ENOMEM;
	next = (char *)cur + mm->key_size;
	mm->truncated = false;
	err = bpf_map_get_next_key(mm->fd, NULL, next);
	while (!err) {
		if (n >= cap) {
			mm->truncated = cap < mm->max_entries;
			break;
		}
		err = reserve(m, mm, n + 1);
		if (err)
			break;
		err = bpf_map_lookup_elem(mm->fd, next, mm->values + (size_t)n * mm->value_stride);
		if (!err) {
			memcpy(mm->keys + (size_t)n * mm->key_size, next, mm->key_size);
			n++;
		} else if (errno != ENOENT) {
			/* ENOENT: deleted since get_next_key returned it */
			err = -errno;
			break;
		}
		memcpy(cur, next, mm->key_size);
		err = bpf_map_get_next_key(mm->fd, cur, next);
		if (err)
			err = -errno;
	}
	if (err == -ENOENT)
		err = 0;
	free(cur);
	*nr = n;
	return err;
}

static bool batch_unsupported(int err)
{
	return err == -EINVAL || err == -ENOTSUPP || err == -EOPNOTSUPP;
}

static int refresh_map(struct mirror *m, struct mirror_map *mm)
{
	enum mirror_method method = m->method;
	__u32 n = 0;
	int err = 0;

	if (method == MIRROR_AUTO)
		method = mm->batch_unsupported ? MIRROR_KEYS : MIRROR_BATCH;
	if (method == MIRROR_BATCH) {
		err = refresh_batch(m, mm, &n);
		if (err && batch_unsupported(err) && m->method == MIRROR_AUTO) {
			p_debug("mirror: map %s (%s): batch lookup refused (%s), reading it key by key",
				mm->name, map_type_str(mm->type), strerror(err == -ENOTSUPP ?
									   EOPNOTSUPP : -err));
			mm->batch_unsupported = true;
			method = MIRROR_KEYS;
		}
	}
	if (method == MIRROR_KEYS)
		err = refresh_keys(m, mm, &n);
	if (err) {
		p_err("cannot copy map %s (id %u) %s: %s", mm->name, mm->id,
		      method == MIRROR_BATCH ? "with BPF_MAP_LOOKUP_BATCH" : "key by key",
		      err == -ENOTSUPP ? "not supported by the kernel for this map" :
		      strerror(-err));
		return err;
	}
	mm->nr_entries = n;
	mm->last_method = method;
	if (mm->truncated)
		p_warn("map %s: mirror stopped at %u of up to %u entries (%llu bytes cap)",
		       mm->name, n, mm->max_entries, (unsigned long long)m->max_map_bytes);
	return 0;
}

int mirror_refresh(struct mirror *m)
{
	__u64 t0 = now_ns(CLOCK_MONOTONIC);
	int i, err, first_err = 0;

	for (i = 0; i < m->nr_maps; i++) {
		err = refresh_map(m, &m->maps[i]);
		if (err && !first_err)
			first_err = err;
	}
	m->seq++;
	m->refresh_ns = now_ns(CLOCK_MONOTONIC) - t0;
	return first_err;
}

const struct mirror_map *mirror_find(const struct mirror *m, const char *name)
{
	int i;

	for (i = 0; i < m->nr_maps; i++)
		if (!strcmp(m->maps[i].name, name))
			return &m->maps[i];
	return NULL;
}

const void *mirror_key(const struct mirror_map *mm, __u32 i)
{
	return i < mm->nr_entries ? mm->keys + (size_t)i * mm->key_size : NULL;
}

const void *mirror_value(const struct mirror_map *mm, __u32 i)
{
	return i < mm->nr_entries ? mm->values + (size_t)i * mm->value_stride : NULL;
}

/* Bytes from one CPU's value to the next in a per-CPU entry. */
static __u32 cpu_stride(const struct mirror_map *mm)
{
	return (mm->value_size + 7) & ~7u;
}

static void write_key(const struct mirror_map *mm, struct json_writer *w, __u32 e)
{
	if (mm->key_type_id)
		btf_dump_json(w, mm->btf, mm->key_type_id, mirror_key(mm, e), mm->key_size);
	else
		btf_dump_raw_json(w, mirror_key(mm, e), mm->key_size);
}

static void write_one_value(const struct mirror_map *mm, struct json_writer *w, const void *v)
{
	if (mm->value_type_id)
		btf_dump_json(w, mm->btf, mm->value_type_id, v, mm->value_size);
	else
		btf_dump_raw_json(w, v, mm->value_size);
}

/* An entry's value; a per-CPU map's is an array with one value per possible CPU. */
static void write_value(const struct mirror_map *mm, struct json_writer *w, __u32 e)
{
	const __u8 *val = mirror_value(mm, e);
	__u32 cpu, nr_cpus;

	if (!mm->percpu) {
		write_one_value(mm, w, val);
		return;
	}
	nr_cpus = mm->value_stride / cpu_stride(mm);
	jsonw_start_array(w);
	for (cpu = 0; cpu < nr_cpus; cpu++)
		write_one_value(mm, w, val + (size_t)cpu * cpu_stride(mm));
	jsonw_end_array(w);
}

void mirror_print_json(const struct mirror *m, struct json_writer *w)
{
	int i;
	__u32 e;

	jsonw_start_array(w);
	for (i = 0; i < m->nr_maps; i++) {
		const struct mirror_map *mm = &m->maps[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "name", mm->name);
		jsonw_uint_field(w, "id", mm->id);
		jsonw_string_field(w, "type", map_type_str(mm->type));
		jsonw_uint_field(w, "key_size", mm->key_size);
		jsonw_uint_field(w, "value_size", mm->value_size);
		jsonw_uint_field(w, "max_entries", mm->max_entries);
		jsonw_uint_field(w, "nr_entries", mm->nr_entries);
		jsonw_string_field(w, "method", mirror_method_str(mm->last_method));
		jsonw_bool_field(w, "truncated", mm->truncated);
		jsonw_name(w, "entries");
		jsonw_start_array(w);
		for (e = 0; e < mm->nr_entries; e++) {
			jsonw_start_object(w);
			jsonw_name(w, "key");
			write_key(mm, w, e);
			jsonw_name(w, "value");
			write_value(mm, w, e);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* Entry @e's key or value as one line of JSON text (malloc()ed), or NULL. */
static char *json_text(const struct mirror_map *mm, __u32 e, bool key)
{
	struct json_writer *w;
	size_t len = 0;
	char *buf = NULL;
	bool ok;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	w = jsonw_new(f);
	ok = w != NULL;
	if (ok) {
		if (key)
			write_key(mm, w, e);
		else
			write_value(mm, w, e);
		jsonw_destroy(&w);
	}
	if (fclose(f) || !ok) {
		free(buf);
		return NULL;
	}
	/* a top-level object or array ends its line */
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

void mirror_print_plain(const struct mirror *m, FILE *f)
{
	int i;
	__u32 e;

	for (i = 0; i < m->nr_maps; i++) {
		const struct mirror_map *mm = &m->maps[i];

		fprintf(f, "map %s (%s, max %u entries): %u entr%s%s\n", mm->name,
			map_type_str(mm->type), mm->max_entries, mm->nr_entries,
			mm->nr_entries == 1 ? "y" : "ies", mm->truncated ? " (truncated)" : "");
		for (e = 0; e < mm->nr_entries; e++) {
			char *k = json_text(mm, e, true), *v = json_text(mm, e, false);

			fprintf(f, "  key: %s  value: %s\n", k ? k : "?", v ? v : "?");
			free(k);
			free(v);
		}
		if (!mm->nr_entries)
			fprintf(f, "  (empty)\n");
	}
}

void mirror_print(const struct mirror *m)
{
	if (json_output && json_wtr) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "maps");
		mirror_print_json(m, json_wtr);
		jsonw_end_object(json_wtr);
	} else {
		mirror_print_plain(m, stdout);
	}
}

int mirror_check_path(const char *json_path)
{
	char *dir_copy = strdup(json_path);
	const char *dir;
	struct stat st;
	int err = 0;

	if (!dir_copy)
		return -ENOMEM;
	dir = dirname(dir_copy);
	if (!stat(json_path, &st) && S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		p_err("--mirror %s cannot be written: not attached (a directory: give the path of "
		      "the file to write)", json_path);
	} else if (access(dir, W_OK | X_OK)) {
		err = -errno;
		p_err("--mirror %s cannot be written: not attached (its directory %s: %s)",
		      json_path, dir, strerror(-err));
	}
	free(dir_copy);
	return err;
}

int mirror_write_json(struct mirror *m)
{
	char *dir_copy = NULL, *tmp = NULL;
	struct json_writer *w = NULL;
	FILE *f = NULL;
	int fd = -1, err = 0;

	if (!m->json_path)
		return -EINVAL;
	dir_copy = strdup(m->json_path);
	if (!dir_copy || asprintf(&tmp, "%s/.%s.XXXXXX", dirname(dir_copy),
				  basename(m->json_path)) < 0) {
		tmp = NULL;
		err = -ENOMEM;
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		p_err("cannot create a temporary file for the mirror next to %s: %s",
		      m->json_path, strerror(-err));
		goto out;
	}
	/* readable by anyone: the mirror is for unprivileged readers to follow */
	if (fchmod(fd, 0644)) {
		err = -errno;
		goto out_unlink;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		goto out_unlink;
	}
	fd = -1;
	w = jsonw_new(f);
	if (!w) {
		err = -ENOMEM;
		goto out_unlink;
	}
	jsonw_start_object(w);
	jsonw_uint_field(w, "seq", m->seq);
	jsonw_uint_field(w, "time_ns", now_ns(CLOCK_REALTIME));
	jsonw_name(w, "maps");
	mirror_print_json(m, w);
	jsonw_end_object(w);
	jsonw_destroy(&w);
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		err = errno ? -errno : -EIO;
		goto out_unlink;
	}
	err = fclose(f);
	f = NULL;
	if (err) {
		err = -errno;
		goto out_unlink;
	}
	if (rename(tmp, m->json_path)) {
		err = -errno;
		goto out_unlink;
	}
	goto out;

out_unlink:
	p_err("cannot write the mirror to %s: %s", m->json_path, strerror(-err));
	unlink(tmp);
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (err == -ENOMEM)
		p_err("out of memory writing the mirror to %s", m->json_path);
	free(tmp);
	free(dir_copy);
	return err;
}

void mirror_free(struct mirror *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->nr_maps; i++) {
		free(m->maps[i].name);
		free(m->maps[i].keys);
		free(m->maps[i].values);
	}
	for (i = 0; i < m->nr_btfs; i++)
		btf__free(m->btfs[i]);
	free(m->btfs);
	free(m->maps);
	free(m->json_path);
	free(m);
}

/* --- benchmark --- */

#define BENCH_FILL_CHUNK	65536

static int bench_fill(int fd, __u32 nr)
{
	__u32 *keys, i, start, n;
	__u64 *vals;
	int err = 0;

	keys = calloc(BENCH_FILL_CHUNK, sizeof(*keys));
	vals = calloc(BENCH_FILL_CHUNK, sizeof(*vals));
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	for (start = 0; start < nr; start += n) {
		n = nr - start < BENCH_FILL_CHUNK ? nr - start : BENCH_FILL_CHUNK;
		for (i = 0; i < n; i++) {
			keys[i] = start + i;
			vals[i] = (__u64)(start + i) * 3;
		}
		if (bpf_map_update_batch(fd, keys, vals, &n, NULL)) {
			err = -errno;
			p_err("cannot fill the benchmark map: %s", strerror(-err));
			break;
		}
	}
out:
	free(keys);
	free(vals);
	return err;
}

static int bench_method(struct mirror *m, enum mirror_method method, __u32 nr, int rounds,
			double *rate)
{
	__u64 t0, total = 0;
	int r, err;

	mirror_set_method(m, method);
	for (r = 0; r < rounds; r++) {
		t0 = now_ns(CLOCK_MONOTONIC);
		err = mirror_refresh(m);
		total += now_ns(CLOCK_MONOTONIC) - t0;
		if (err)
			return err;
		if (m->maps[0].nr_entries != nr) {
			p_err("benchmark: mirror (%s) copied %u of %u entries",
			      mirror_method_str(method), m->maps[0].nr_entries, nr);
			return -EIO;
		}
	}
	*rate = total ? (double)nr * rounds * 1e9 / total : 0;
	return 0;
}

int mirror_bench(__u32 nr_entries, int rounds, struct mirror_bench_result *res)
{
	char dir[] = "/tmp/roleprobe-mirror-bench.XXXXXX", *path = NULL;
	struct mirror *m = NULL;
	struct btf *btf = NULL;
	int fd = -1, err, u32_id, u64_id;
	__u64 t0;

	memset(res, 0, sizeof(*res));
	res->nr_entries = nr_entries;
	if (!nr_entries || rounds <= 0)
		return -EINVAL;
	if (!mkdtemp(dir)) {
		err = -errno;
		p_err("benchmark: cannot create %s: %s", dir, strerror(-err));
		return err;
	}
	if (asprintf(&path, "%s/mirror.json", dir) < 0) {
		path = NULL;
		err = -ENOMEM;
		goto out;
	}
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "rp_mirror_bench", sizeof(__u32), sizeof(__u64),
			    nr_entries, NULL);
	if (fd < 0) {
		err = -errno;
		p_err("benchmark: cannot create a %u-entry hash map: %s", nr_entries,
		      strerror(-err));
		goto out;
	}
	err = bench_fill(fd, nr_entries);
	if (err)
		goto out;
	btf = btf__new_empty();
	err = libbpf_get_error(btf);
	if (err) {
		btf = NULL;
		goto out;
	}
	u32_id = btf__add_int(btf, "unsigned int", 4, 0);
	u64_id = btf__add_int(btf, "unsigned long long", 8, 0);
	if (u32_id < 0 || u64_id < 0) {
		err = u32_id < 0 ? u32_id : u64_id;
		goto out;
	}
	m = mirror_new_empty(path);
	if (!m) {
		err = -errno;
		goto out;
	}
	err = mirror_add_map(m, fd, "rp_mirror_bench", btf, u32_id, u64_id);
	if (err)
		goto out;
	err = bench_method(m, MIRROR_BATCH, nr_entries, rounds, &res->batch_entries_per_s);
	if (err)
		goto out;
	err = bench_method(m, MIRROR_KEYS, nr_entries, rounds, &res->keys_entries_per_s);
	if (err)
		goto out;
	t0 = now_ns(CLOCK_MONOTONIC);
	err = mirror_write_json(m);
	if (err)
		goto out;
	t0 = now_ns(CLOCK_MONOTONIC) - t0;
	res->json_entries_per_s = t0 ? (double)nr_entries * 1e9 / t0 : 0;
out:
	if (err == -ENOMEM)
		p_err("benchmark: out of memory");
	mirror_free(m);
	btf__free(btf);
	if (fd >= 0)
		close(fd);
	if (path)
		unlink(path);
	free(path);
	rmdir(dir);
	return err;
}
