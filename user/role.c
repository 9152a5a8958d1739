// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The role model (SPEC sections 3 and 4): a role file read once, parsed through the
 * position-keeping YAML tree of role_yaml.c into structures, constraints parsed once, host
 * functions resolved (kernel helper, kfunc of the running kernel, host library), roles
 * resolved through `inherits`, then linted. Every error and warning carries file:line:col.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "fileio.h"
#include "helpers.h"
#include "hostlib.h"
#include "names.h"
#include "output.h"
#include "role.h"
#include "role_yaml.h"

/*
 * Entries per list (types, host functions, parameters, ...), and names referenced in all
 * of `apis`, `capabilities` and `inherits` together: far above any real role, low enough
 * that no file within them makes resolution slow.
 */
#define ROLE_MAX_ENTRIES	1024
#define ROLE_MAX_REFS		8192
/* Longest name accepted for a type, function, parameter, capability or role. */
#define ROLE_MAX_NAME		128
/* The kernel's BPF stack limit: max_memory above it cannot be used. */
#define KERNEL_STACK_MAX	512
/* Diagnostics kept per list; later ones are counted, not stored. */
#define DIAG_MAX		1000
/* Unknown host function names per file that get a "did you mean" */
#define FN_HINTS_MAX		64
#define VMLINUX_BTF_PATH	"/sys/kernel/btf/vmlinux"

/* ---- diagnostics ---- */

void diag_add(struct diag_list *dl, enum diag_level level, const struct src_pos *pos,
	      const char *fmt, ...)
{
	const char *file = pos && pos->file ? pos->file : NULL;
	size_t mlen, flen = file ? strlen(file) : 0;
	struct diag *items, *d;
	char msg[1024];
	va_list ap;

	if (level == DIAG_ERROR)
		dl->nr_errors++;
	if (dl->cnt > DIAG_MAX)
		return;
	if (dl->cnt == DIAG_MAX) {
		level = DIAG_WARNING;
		snprintf(msg, sizeof(msg), "more than %d diagnostics: the rest are not shown",
			 DIAG_MAX);
	} else {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	/* names come from hostile files: no control characters reach a terminal */
	for (mlen = 0; msg[mlen]; mlen++)
		if ((unsigned char)msg[mlen] < 0x20 || msg[mlen] == 0x7f)
			msg[mlen] = '?';
	items = realloc(dl->items, (dl->cnt + 1) * sizeof(*items));
	if (!items)
		return;
	dl->items = items;
	d = &items[dl->cnt];
	mlen = strlen(msg);
	/* one block: the message, then a copy of the file name, so a diag outlives its file */
	d->msg = malloc(mlen + 1 + flen + 1);
	if (!d->msg)
		return;
	memcpy(d->msg, msg, mlen + 1);
	if (file)
		memcpy(d->msg + mlen + 1, file, flen + 1);
	d->level = level;
	d->pos = pos ? *pos : (struct src_pos){ 0 };
	d->pos.file = file ? d->msg + mlen + 1 : NULL;
	dl->cnt++;
}

void diag_list_free(struct diag_list *dl)
{
	int i;

	for (i = 0; i < dl->cnt; i++)
		free(dl->items[i].msg);
	free(dl->items);
	memset(dl, 0, sizeof(*dl));
}

static const char *diag_level_str(enum diag_level level)
{
	return level == DIAG_ERROR ? "error" : "warning";
}

void diag_list_print(const struct diag_list *dl)
{
	int i;

	if (json_output) {
		jsonw_name(json_wtr, "diagnostics");
		jsonw_start_array(json_wtr);
		for (i = 0; i < dl->cnt; i++) {
			const struct diag *d = &dl->items[i];

			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "level", diag_level_str(d->level));
			if (d->pos.file)
				jsonw_string_field(json_wtr, "file", d->pos.file);
			else
				jsonw_null_field(json_wtr, "file");
			if (d->pos.line) {
				jsonw_uint_field(json_wtr, "line", d->pos.line);
				jsonw_uint_field(json_wtr, "col", d->pos.col);
			} else {
				jsonw_null_field(json_wtr, "line");
				jsonw_null_field(json_wtr, "col");
			}
			jsonw_string_field(json_wtr, "message", d->msg);
			jsonw_end_object(json_wtr);
		}
		jsonw_end_array(json_wtr);
		return;
	}
	for (i = 0; i < dl->cnt; i++) {
		const struct diag *d = &dl->items[i];

		if (d->pos.file && d->pos.line)
			fprintf(stderr, "%s:%u:%u: ", d->pos.file, d->pos.line, d->pos.col);
		else if (d->pos.file)
			fprintf(stderr, "%s: ", d->pos.file);
		fprintf(stderr, "%s: %s\n", diag_level_str(d->level), d->msg);
	}
}

/* ---- names of enums ---- */

const char *cmp_op_str(enum cmp_op op)
{
	static const char *const names[] = {
		[CMP_GT] = ">", [CMP_GE] = ">=", [CMP_LT] = "<",
		[CMP_LE] = "<=", [CMP_EQ] = "==", [CMP_NE] = "!=",
	};

	return (unsigned int)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

const char *constraint_kind_str(enum constraint_kind kind)
{
	switch (kind) {
	case CONSTR_NON_NULL: return "non_null";
	case CONSTR_NULL_TERMINATED: return "null_terminated";
	case CONSTR_CMP: return "cmp";
	}
	return "?";
}

const char *provider_kind_str(enum provider_kind kind)
{
	switch (kind) {
	case PROV_NONE: return "none";
	case PROV_HELPER: return "helper";
	case PROV_KFUNC: return "kfunc";
	case PROV_HOSTLIB: return "hostlib";
	}
	return "?";
}

const char *on_violation_str(enum on_violation v)
{
	return v == ON_VIOLATION_WARN ? "warn" : "detach";
}

/* ---- attributes ---- */

struct attr_desc {
	struct role_attr_info info;	/* first: the name leads, for closest_name() */
	size_t off;			/* in struct role_attrs */
};

#define ATTR(n, b, t) { { #n, b, t }, offsetof(struct role_attrs, n) }
static const struct attr_desc attr_descs[] = {
	ATTR(max_memory,		ATTR_MAX_MEMORY,		ROLE_ATTR_U64),
	ATTR(max_instructions,		ATTR_MAX_INSTRUCTIONS,		ROLE_ATTR_U64),
	ATTR(allow_memory_write,	ATTR_ALLOW_MEMORY_WRITE,	ROLE_ATTR_BOOL),
	ATTR(always_const,		ATTR_ALWAYS_CONST,		ROLE_ATTR_BOOL),
	ATTR(may_have_side_effect,	ATTR_MAY_HAVE_SIDE_EFFECT,	ROLE_ATTR_BOOL),
	ATTR(skip_verification,		ATTR_SKIP_VERIFICATION,		ROLE_ATTR_BOOL),
	ATTR(max_map_memory,		ATTR_MAX_MAP_MEMORY,		ROLE_ATTR_U64),
	ATTR(max_event_ns,		ATTR_MAX_EVENT_NS,		ROLE_ATTR_U64),
	ATTR(on_violation,		ATTR_ON_VIOLATION,		ROLE_ATTR_ENUM),
};
#undef ATTR
#define NR_ATTRS ((int)(sizeof(attr_descs) / sizeof(attr_descs[0])))

static const struct role_attrs attr_defaults = {
	.max_memory = KERNEL_STACK_MAX,
	.max_instructions = 1000000,
	.max_map_memory = 0,
	.max_event_ns = 0,
	.allow_memory_write = false,
	.always_const = true,
	.may_have_side_effect = false,
	.skip_verification = false,
	.on_violation = ON_VIOLATION_DETACH,
};

const struct role_attr_info *role_attr_info(int i)
{
	return i >= 0 && i < NR_ATTRS ? &attr_descs[i].info : NULL;
}

static const struct attr_desc *attr_desc_by_bit(unsigned int bit)
{
	int i;

	for (i = 0; i < NR_ATTRS; i++)
		if (attr_descs[i].info.bit == bit)
			return &attr_descs[i];
	return NULL;
}

uint64_t role_attr_value(const struct role_attrs *attrs, unsigned int bit)
{
	const struct attr_desc *d = attr_desc_by_bit(bit);
	const char *p = (const char *)attrs;

	if (!d)
		return 0;
	switch (d->info.type) {
	case ROLE_ATTR_U64:
		return *(const uint64_t *)(p + d->off);
	case ROLE_ATTR_BOOL:
		return *(const bool *)(p + d->off);
	case ROLE_ATTR_ENUM:
		return *(const enum on_violation *)(p + d->off);
	}
	return 0;
}

static void attr_set(struct role_attrs *attrs, const struct attr_desc *d, uint64_t v)
{
	char *p = (char *)attrs;

	switch (d->info.type) {
	case ROLE_ATTR_U64:
		*(uint64_t *)(p + d->off) = v;
		break;
	case ROLE_ATTR_BOOL:
		*(bool *)(p + d->off) = v;
		break;
	case ROLE_ATTR_ENUM:
		*(enum on_violation *)(p + d->off) = (enum on_violation)v;
		break;
	}
}

void role_attr_format(const struct role_attrs *attrs, unsigned int bit, char *buf, size_t len)
{
	const struct attr_desc *d = attr_desc_by_bit(bit);
	uint64_t v = role_attr_value(attrs, bit);

	if (!d)
		snprintf(buf, len, "?");
	else if (d->info.type == ROLE_ATTR_BOOL)
		snprintf(buf, len, "%s", v ? "true" : "false");
	else if (d->info.type == ROLE_ATTR_ENUM)
		snprintf(buf, len, "%s", on_violation_str((enum on_violation)v));
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* ---- load context and small helpers ---- */

/* What the loader keeps about a role until inheritance is resolved. */
struct role_aux {
	struct capability **own_caps;
	struct src_pos *cap_pos;	/* where each own capability is named */
	int nr_own_caps;
	struct role_def **parents;	/* resolved `inherits`, NULL where unknown */
	struct src_pos *inh_pos;
	struct role_attrs own;		/* .set: the attributes the role writes itself */
	struct src_pos attr_pos[NR_ATTRS];
	enum { RS_NEW, RS_VISITING, RS_DONE } state;
};

struct load_ctx {
	struct role_file *rf;
	struct diag_list *dl;
	int nr_errors;
	bool oom;
	const struct ynode **api_seqs;	/* per capability: its `apis` sequence */
	struct role_aux *aux;		/* per role */
	int nr_refs;			/* names referenced so far, against ROLE_MAX_REFS */
	bool *seen;			/* scratch, one per capability or host function */
	bool warned_vmlinux;
	bool warned_hostlib;
	/* every host function name there is, for "did you mean"; NULL until one is needed */
	const char **known_fns;
	int nr_known_fns;
	int nr_fn_hints;		/* looked for so far, against FN_HINTS_MAX */
};

static void err_at(struct load_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn_at(struct load_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_at(struct load_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ctx->dl, DIAG_ERROR, pos, "%s", msg);
	ctx->nr_errors++;
}

static void warn_at(struct load_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ctx->dl, DIAG_WARNING, pos, "%s", msg);
}

static char *xstrdup(struct load_ctx *ctx, const char *s)
{
	char *d = strdup(s);

	if (!d)
		ctx->oom = true;
	return d;
}

static void *xcalloc(struct load_ctx *ctx, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		ctx->oom = true;
	return p;
}

/* The index of an earlier entry (of @i entries before it) named @name, or -1. */
static int find_name(const char *name, const void *arr, size_t size, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *cand = *(const char *const *)((const char *)arr + i * size);

		if (cand && !strcmp(cand, name))
			return i;
	}
	return -1;
}

/* Names lead every entry struct: find_name() and closest_name() rely on it. */
_Static_assert(offsetof(struct role_type, name) == 0, "name first");
_Static_assert(offsetof(struct host_fn, name) == 0, "name first");
_Static_assert(offsetof(struct capability, name) == 0, "name first");
_Static_assert(offsetof(struct role_def, name) == 0, "name first");

/* " (did you mean 'x'?)" into @buf, or "" */
static const char *hint(char *buf, size_t len, const char *name, const void *arr, size_t size,
			int n)
{
	return did_you_mean(buf, len, closest_name(name, arr, size, n));
}

/* Does mapping @map have the key @name? */
static bool has_key(const struct ynode *map, const char *name)
{
	int i;

	for (i = 0; i + 1 < map->nr_kids; i += 2)
		if (map->kids[i]->kind == YN_SCALAR && !strcmp(map->kids[i]->str, name))
			return true;
	return false;
}

/*
 * Fetch the values of @keys from mapping @map into @vals (NULL where absent), reporting
 * every other key as an error. False (after an error) when @map is not a mapping. With
 * @recover, an unknown key that is a likely typo of a key @map lacks is read as that key,
 * so that what follows from the key's absence is not reported too: the typo is the error.
 */
static bool map_fields_ex(struct load_ctx *ctx, const struct ynode *map, const char *what,
			  const char *const keys[], int nr_keys, const struct ynode *vals[],
			  bool recover)
{
	const char *meant;
	char buf[160];
	int i, k;

	for (k = 0; k < nr_keys; k++)
		vals[k] = NULL;
	if (map->kind != YN_MAP) {
		err_at(ctx, &map->pos, "%s must be a mapping, not %s", what,
		       ynode_is_null(map) ? "empty" : ynode_kind_str(map->kind));
		return false;
	}
	for (i = 0; i + 1 < map->nr_kids; i += 2) {
		const struct ynode *key = map->kids[i];

		if (key->kind != YN_SCALAR)
			continue;	/* reported by the YAML reader */
		k = find_name(key->str, keys, sizeof(keys[0]), nr_keys);
		if (k >= 0) {
			if (!vals[k])
				vals[k] = map->kids[i + 1];
			continue;
		}
		meant = closest_name(key->str, keys, sizeof(keys[0]), nr_keys);
		err_at(ctx, &key->pos, "unknown key '%.64s' in %s%s", key->str, what,
		       did_you_mean(buf, sizeof(buf), meant));
		if (!recover)
			continue;
		k = meant ? find_name(meant, keys, sizeof(keys[0]), nr_keys) : -1;
		if (k >= 0 && !vals[k] && !has_key(map, meant))
			vals[k] = map->kids[i + 1];
	}
	return true;
}

static bool map_fields(struct load_ctx *ctx, const struct ynode *map, const char *what,
		       const char *const keys[], int nr_keys, const struct ynode *vals[])
{
	return map_fields_ex(ctx, map, what, keys, nr_keys, vals, false);
}

static bool require(struct load_ctx *ctx, const struct ynode *map, const struct ynode *val,
		    const char *key, const char *what)
{
	if (val)
		return true;
	err_at(ctx, &map->pos, "%s has no '%s'", what, key);
	return false;
}

/* A non-empty string scalar. */
static const char *scalar_str(struct load_ctx *ctx, const struct ynode *node, const char *what)
{
	if (node->kind != YN_SCALAR) {
		err_at(ctx, &node->pos, "%s must be a string, not %s", what,
		       ynode_kind_str(node->kind));
		return NULL;
	}
	if (ynode_is_null(node) || !node->str[0]) {
		err_at(ctx, &node->pos, "%s is empty", what);
		return NULL;
	}
	return node->str;
}

static bool is_ident(const char *s, bool allow_dash)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (i = 1; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || (allow_dash && (c == '-' || c == '.'))))
			return false;
	}
	return i <= ROLE_MAX_NAME;
}

/*
 * A name: a C identifier for types, functions and parameters; capabilities and roles may
 * also use '-' and '.'.
 */
static const char *scalar_name(struct load_ctx *ctx, const struct ynode *node, const char *what,
			       bool allow_dash)
{
	const char *s = scalar_str(ctx, node, what);

	if (s && !is_ident(s, allow_dash)) {
		err_at(ctx, &node->pos, "%s '%.64s' is not a valid name (%s, at most %d characters)",
		       what, s, allow_dash ? "letters, digits, '_', '-', '.'" :
		       "a C identifier", ROLE_MAX_NAME);
		return NULL;
	}
	return s;
}

static bool scalar_u64(struct load_ctx *ctx, const struct ynode *node, const char *what,
		       uint64_t *out)
{
	unsigned long long v;
	const char *s = node->str;
	char *end;

	if (node->kind != YN_SCALAR || !node->plain || ynode_is_null(node)) {
		err_at(ctx, &node->pos, "%s must be a non-negative integer, not %s", what,
		       node->kind != YN_SCALAR ? ynode_kind_str(node->kind) :
		       ynode_is_null(node) ? "empty" : "a quoted string");
		return false;
	}
	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
		err_at(ctx, &node->pos, "%s must not be negative, got %.64s", what, s);
		return false;
	}
	if (s[0] < '0' || s[0] > '9') {
		err_at(ctx, &node->pos, "%s must be a non-negative integer, got '%.64s'", what, s);
		return false;
	}
	errno = 0;
	v = strtoull(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
	if (*end) {
		err_at(ctx, &node->pos, "%s must be a non-negative integer, got '%.64s'", what, s);
		return false;
	}
	if (errno == ERANGE) {
		err_at(ctx, &node->pos, "%s is out of range: %.64s", what, s);
		return false;
	}
	*out = v;
	return true;
}

static bool scalar_bool(struct load_ctx *ctx, const struct ynode *node, const char *what,
			bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };

	if (node->kind == YN_SCALAR && node->plain) {
		if (find_name(node->str, yes, sizeof(yes[0]), 3) >= 0) {
			*out = true;
			return true;
		}
		if (find_name(node->str, no, sizeof(no[0]), 3) >= 0) {
			*out = false;
			return true;
		}
	}
	if (node->kind != YN_SCALAR)
		err_at(ctx, &node->pos, "%s must be true or false, not %s", what,
		       ynode_kind_str(node->kind));
	else
		err_at(ctx, &node->pos, "%s must be true or false, got %s'%.64s'", what,
		       node->plain ? "" : "the string ", node->str);
	return false;
}

/* The items of sequence @node (null: none). -1 after an error. */
static int seq_items(struct load_ctx *ctx, const struct ynode *node, const char *what)
{
	if (ynode_is_null(node))
		return 0;
	if (node->kind != YN_SEQ) {
		err_at(ctx, &node->pos, "%s must be a sequence, not %s", what,
		       ynode_kind_str(node->kind));
		return -1;
	}
	if (node->nr_kids > ROLE_MAX_ENTRIES) {
		err_at(ctx, &node->pos, "%s has %d entries, more than %d", what, node->nr_kids,
		       ROLE_MAX_ENTRIES);
		return -1;
	}
	return node->nr_kids;
}

/* Items of a list of names (seq_items()), counted against ROLE_MAX_REFS. */
static int ref_items(struct load_ctx *ctx, const struct ynode *node, const char *what)
{
	int n = seq_items(ctx, node, what);

	if (n <= 0)
		return n;
	if (ctx->nr_refs + n > ROLE_MAX_REFS) {
		/* once: every later list is over too */
		if (ctx->nr_refs <= ROLE_MAX_REFS)
			err_at(ctx, &node->pos, "more than %d names in apis, capabilities and inherits lists altogether",
			       ROLE_MAX_REFS);
		ctx->nr_refs = ROLE_MAX_REFS + 1;
		return -1;
	}
	ctx->nr_refs += n;
	return n;
}

/* ---- types ---- */

enum shape_kind {
	SHAPE_UNKNOWN,
	SHAPE_VOID,
	SHAPE_SCALAR,
	SHAPE_PTR,
};

/* What a type is made of, as far as signatures are compared. */
struct type_shape {
	enum shape_kind kind;
	bool is_const;		/* SHAPE_PTR: pointer to const */
	unsigned int size;	/* SHAPE_SCALAR: bytes, 0 when unknown */
	const char *name;	/* for messages */
};

static const struct {
	const char *name;
	unsigned int size;
} scalar_types[] = {
	{ "bool", 1 }, { "char", 1 }, { "u8", 1 }, { "s8", 1 }, { "__u8", 1 }, { "__s8", 1 },
	{ "int8_t", 1 }, { "uint8_t", 1 }, { "short", 2 }, { "u16", 2 }, { "s16", 2 },
	{ "__u16", 2 }, { "__s16", 2 }, { "int16_t", 2 }, { "uint16_t", 2 }, { "int", 4 },
	{ "uint", 4 }, { "unsigned", 4 }, { "u32", 4 }, { "s32", 4 }, { "__u32", 4 },
	{ "__s32", 4 }, { "int32_t", 4 }, { "uint32_t", 4 }, { "long", 8 }, { "ulong", 8 },
	{ "size_t", 8 }, { "ssize_t", 8 }, { "u64", 8 }, { "s64", 8 }, { "__u64", 8 },
	{ "__s64", 8 }, { "int64_t", 8 }, { "uint64_t", 8 }, { "uintptr_t", 8 },
};
#define NR_SCALAR_TYPES ((int)(sizeof(scalar_types) / sizeof(scalar_types[0])))

/*
 * A built-in type spelling: a scalar ("int", "size_t"), "void", or a pointer written
 * "T_ptr" / "T*" with an optional "const_" / "const " in front ("const_char_ptr",
 * "char*", "struct pt_regs *"). False when @s is none of these.
 */
static bool builtin_shape(const char *s, struct type_shape *out)
{
	char buf[ROLE_MAX_NAME + 1], *p, *e;
	bool is_const = false, is_ptr = false;
	int i;

	if (strlen(s) > ROLE_MAX_NAME)
		return false;
	strcpy(buf, s);
	p = buf;
	while (*p == ' ')
		p++;
	if (!strncmp(p, "const_", 6) || !strncmp(p, "const ", 6)) {
		is_const = true;
		p += 6;
	}
	e = p + strlen(p);
	while (e > p && e[-1] == ' ')
		*--e = '\0';
	if (e - p > 4 && !strcmp(e - 4, "_ptr")) {
		is_ptr = true;
		e -= 4;
	} else if (e > p && e[-1] == '*') {
		is_ptr = true;
		e--;
	}
	while (e > p && e[-1] == ' ')
		e--;
	*e = '\0';
	*out = (struct type_shape){ .name = s };
	if (!strcmp(p, "void")) {
		out->kind = is_ptr ? SHAPE_PTR : SHAPE_VOID;
		out->is_const = is_const;
		return is_ptr || !is_const;
	}
	if (is_ptr && !strncmp(p, "struct ", 7) && is_ident(p + 7, false)) {
		out->kind = SHAPE_PTR;
		out->is_const = is_const;
		return true;
	}
	for (i = 0; i < NR_SCALAR_TYPES; i++) {
		if (strcmp(p, scalar_types[i].name))
			continue;
		out->kind = is_ptr ? SHAPE_PTR : SHAPE_SCALAR;
		out->is_const = is_ptr && is_const;
		out->size = is_ptr ? 0 : scalar_types[i].size;
		return true;
	}
	return false;
}

static const struct role_type *type_by_name(const struct role_file *rf, const char *name)
{
	int i = find_name(name, rf->types, sizeof(rf->types[0]), rf->nr_types);

	return i < 0 ? NULL : &rf->types[i];
}

/*
 * The shape of type name @name as used in a signature: a types[] entry (through its
 * base; a name that itself reads "const_..._ptr" keeps its constness) or a built-in.
 */
static bool type_shape(const struct role_file *rf, const char *name, struct type_shape *out,
		       const struct role_type **rtype)
{
	const struct role_type *t = type_by_name(rf, name);
	struct type_shape own;

	if (rtype)
		*rtype = t;
	if (!t)
		return builtin_shape(name, out);
	if (!builtin_shape(t->base, out))
		return false;
	if (builtin_shape(name, &own) && own.is_const)
		out->is_const = true;
	out->name = name;
	return true;
}

/* ---- constraints ---- */

struct cursor {
	const char *s;
	size_t i;
};

static void skip_spaces(struct cursor *c)
{
	while (c->s[c->i] == ' ' || c->s[c->i] == '\t')
		c->i++;
}

static size_t take_ident(struct cursor *c)
{
	size_t start = c->i;
	char ch = c->s[c->i];

	if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'))
		return 0;
	while (((ch = c->s[c->i]) >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_')
		c->i++;
	return c->i - start;
}

static bool take_relop(struct cursor *c, enum cmp_op *op)
{
	static const struct {
		const char *text;
		enum cmp_op op;
	} ops[] = {
		{ ">=", CMP_GE }, { "<=", CMP_LE }, { "==", CMP_EQ }, { "!=", CMP_NE },
		{ "\xe2\x89\xa5", CMP_GE }, { "\xe2\x89\xa4", CMP_LE },	/* U+2265, U+2264 */
		{ ">", CMP_GT }, { "<", CMP_LT },
	};
	size_t k;

	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		size_t n = strlen(ops[k].text);

		if (!strncmp(c->s + c->i, ops[k].text, n)) {
			c->i += n;
			*op = ops[k].op;
			return true;
		}
	}
	return false;
}

/* Where a constraint is being parsed: a host function's, or a type's. */
struct constr_scope {
	const struct host_fn *fn;		/* NULL for types[].constraints */
	const struct type_shape *ret;		/* fn: the return type */
	const struct type_shape *params;	/* fn: each parameter's shape */
	const struct role_type *type;		/* types: the type */
	const struct type_shape *value;		/* types: the base type's shape */
};

static bool constraint_err(struct load_ctx *ctx, const struct ynode *node, size_t off,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool constraint_err(struct load_ctx *ctx, const struct ynode *node, size_t off,
			   const char *fmt, ...)
{
	struct src_pos pos = ynode_pos_at(node, off);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_at(ctx, &pos, "constraint '%.64s': %s", node->str, msg);
	return false;
}

/* Resolve the operand @name (@len bytes at @off): its index and the shape it has. */
static bool constraint_operand(struct load_ctx *ctx, const struct ynode *node,
			       const struct constr_scope *sc, size_t off, size_t len,
			       int *operand, const struct type_shape **shape)
{
	const char *name = node->str + off;
	int i;

	if (!sc->fn) {
		if (len == 5 && !strncmp(name, "value", 5)) {
			*operand = CONSTR_VALUE;
			*shape = sc->value;
			return true;
		}
		return constraint_err(ctx, node, off,
				      "the operand of a type's constraint is 'value' (or leave it out), not '%.*s'",
				      (int)len, name);
	}
	for (i = 0; i < sc->fn->nr_params; i++) {
		if (strlen(sc->fn->params[i].name) == len &&
		    !strncmp(sc->fn->params[i].name, name, len)) {
			*operand = i;
			*shape = &sc->params[i];
			return true;
		}
	}
	if (len == 6 && !strncmp(name, "return", 6)) {
		if (sc->ret->kind == SHAPE_VOID)
			return constraint_err(ctx, node, off, "%s returns void", sc->fn->name);
		*operand = CONSTR_RETURN;
		*shape = sc->ret;
		return true;
	}
	return constraint_err(ctx, node, off, "%s has no parameter '%.*s'", sc->fn->name,
			      (int)len, name);
}

static bool is_predicate(const char *s, size_t len, enum constraint_kind *kind)
{
	if (len == 8 && !strncmp(s, "non_null", 8)) {
		*kind = CONSTR_NON_NULL;
		return true;
	}
	if (len == 15 && !strncmp(s, "null_terminated", 15)) {
		*kind = CONSTR_NULL_TERMINATED;
		return true;
	}
	return false;
}

/*
 * Parse constraint string @node in scope @sc into @c (SPEC section 3):
 *   operand "." predicate | operand relop integer
 * and, in a type's constraints, a bare predicate for "value.predicate".
 */
static bool parse_constraint(struct load_ctx *ctx, const struct ynode *node,
			     const struct constr_scope *sc, struct constraint *c)
{
	const struct type_shape *shape = NULL;
	const char *opname = node->str;
	struct cursor cur = { node->str, 0 };
	size_t op_off, op_len, pred_off, num_off;
	long long v;
	char *end;

	memset(c, 0, sizeof(*c));
	c->pos = node->pos;
	skip_spaces(&cur);
	op_off = cur.i;
	op_len = take_ident(&cur);
	if (!op_len)
		return constraint_err(ctx, node, op_off,
				      "expected an operand (a parameter name, 'return' or 'value')");
	skip_spaces(&cur);
	if (!sc->fn && node->str[cur.i] != '.' &&
	    is_predicate(node->str + op_off, op_len, &c->kind)) {
		/* a bare predicate in a type: it applies to the value */
		if (node->str[cur.i])
			return constraint_err(ctx, node, cur.i, "unexpected text after the predicate");
		c->operand = CONSTR_VALUE;
		shape = sc->value;
		pred_off = op_off;
		opname = "value";
		op_len = 5;
		goto check_predicate;
	}
	if (!constraint_operand(ctx, node, sc, op_off, op_len, &c->operand, &shape))
		return false;
	if (node->str[cur.i] == '.') {
		cur.i++;
		skip_spaces(&cur);
		pred_off = cur.i;
		opname = node->str + op_off;
		if (!is_predicate(node->str + pred_off, take_ident(&cur), &c->kind))
			return constraint_err(ctx, node, pred_off,
					      "unknown predicate (expected non_null or null_terminated)");
		skip_spaces(&cur);
		if (node->str[cur.i])
			return constraint_err(ctx, node, cur.i, "unexpected text after the predicate");
		goto check_predicate;
	}
	if (!take_relop(&cur, &c->op))
		return constraint_err(ctx, node, cur.i,
				      "expected '.non_null', '.null_terminated' or a comparison (> >= \xe2\x89\xa5 < <= \xe2\x89\xa4 == !=) after '%.*s'",
				      (int)op_len, node->str + op_off);
	skip_spaces(&cur);
	num_off = cur.i;
	if (!((node->str[cur.i] >= '0' && node->str[cur.i] <= '9') ||
	      ((node->str[cur.i] == '-' || node->str[cur.i] == '+') &&
	       node->str[cur.i + 1] >= '0' && node->str[cur.i + 1] <= '9')))
		return constraint_err(ctx, node, num_off, "expected an integer");
	errno = 0;
	v = strtoll(node->str + num_off, &end, 0);
	if (errno == ERANGE)
		return constraint_err(ctx, node, num_off, "the integer is out of range");
	cur.i = end - node->str;
	skip_spaces(&cur);
	if (node->str[cur.i])
		return constraint_err(ctx, node, cur.i, "unexpected text after the integer");
	if (shape->kind == SHAPE_PTR)
		return constraint_err(ctx, node, op_off,
				      "'%.*s' is a pointer: compare integers, or use '%.*s.non_null'",
				      (int)op_len, node->str + op_off, (int)op_len,
				      node->str + op_off);
	c->kind = CONSTR_CMP;
	c->value = v;
	goto done;

check_predicate:
	if (shape->kind != SHAPE_PTR)
		return constraint_err(ctx, node, pred_off,
				      "%s applies to pointers, and '%.*s' is %s",
				      constraint_kind_str(c->kind), (int)op_len, opname, shape->name);
done:
	c->text = xstrdup(ctx, node->str);
	return c->text != NULL;
}

/* Parse a `constraints` sequence into a new array. */
static int parse_constraints(struct load_ctx *ctx, const struct ynode *seq, const char *what,
			     const struct constr_scope *sc, struct constraint **out, int *nr)
{
	int n = seq_items(ctx, seq, what), i;

	*out = NULL;
	*nr = 0;
	if (n <= 0)
		return n;
	*out = xcalloc(ctx, n, sizeof(**out));
	if (!*out)
		return -1;
	for (i = 0; i < n; i++) {
		const struct ynode *item = seq->kids[i];

		if (!scalar_str(ctx, item, "a constraint"))
			continue;
		if (parse_constraint(ctx, item, sc, &(*out)[*nr]))
			(*nr)++;
	}
	return 0;
}

static void constraints_free(struct constraint *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(c[i].text);
	free(c);
}

/* ---- sections ---- */

/*
 * The name (value @node) of a new entry of a section of @n entries of @size bytes at @arr,
 * each with its name first and its position at @pos_off; NULL after an error when it is
 * no valid name or an earlier entry has it.
 */
static const char *entry_name(struct load_ctx *ctx, const struct ynode *node, const char *noun,
			      bool allow_dash, const void *arr, size_t size, int n, size_t pos_off)
{
	const struct src_pos *first;
	char what[48];
	const char *name;
	int dup;

	snprintf(what, sizeof(what), "%s name", noun);
	name = scalar_name(ctx, node, what, allow_dash);
	if (!name)
		return NULL;
	dup = find_name(name, arr, size, n);
	if (dup < 0)
		return name;
	first = (const struct src_pos *)((const char *)arr + dup * size + pos_off);
	err_at(ctx, &node->pos, "duplicate %s '%s' (first at %u:%u)", noun, name, first->line,
	       first->col);
	return NULL;
}

#define ENTRY_NAME(ctx, node, noun, dash, arr, n) \
	entry_name(ctx, node, noun, dash, arr, sizeof(*(arr)), n, offsetof(typeof(*(arr)), pos))

static void parse_type(struct load_ctx *ctx, const struct ynode *node)
{
	static const char *const keys[] = { "name", "base", "constraints" };
	struct role_file *rf = ctx->rf;
	struct role_type *t = &rf->types[rf->nr_types];
	const struct ynode *v[3];
	struct type_shape shape;
	struct constr_scope sc = { .value = &shape };
	const char *name, *base;

	if (!map_fields(ctx, node, "a types entry", keys, 3, v))
		return;
	if (!require(ctx, node, v[0], "name", "this types entry") ||
	    !require(ctx, node, v[1], "base", "this types entry"))
		return;
	name = ENTRY_NAME(ctx, v[0], "type", false, rf->types, rf->nr_types);
	base = scalar_str(ctx, v[1], "base");
	if (!name || !base)
		return;
	if (!builtin_shape(base, &shape)) {
		err_at(ctx, &v[1]->pos, "unknown base type '%.64s' (a scalar such as int or size_t, void, or a pointer such as char* or const_void_ptr)",
		       base);
		return;
	}
	t->pos = v[0]->pos;
	t->name = xstrdup(ctx, name);
	t->base = xstrdup(ctx, base);
	if (!t->name || !t->base) {
		free(t->name);
		free(t->base);
		t->name = t->base = NULL;
		return;
	}
	sc.type = t;
	rf->nr_types++;
	if (v[2])
		parse_constraints(ctx, v[2], "constraints", &sc, &t->constraints,
				  &t->nr_constraints);
}

static bool parse_param(struct load_ctx *ctx, const struct ynode *node, struct host_fn *fn,
			struct type_shape *shape)
{
	static const char *const keys[] = { "type", "name" };
	struct host_param *p = &fn->params[fn->nr_params];
	const struct ynode *v[2];
	const char *name, *type;
	int i;

	if (!map_fields(ctx, node, "a parameter", keys, 2, v))
		return false;
	if (!require(ctx, node, v[0], "type", "this parameter") ||
	    !require(ctx, node, v[1], "name", "this parameter"))
		return false;
	name = scalar_name(ctx, v[1], "parameter name", false);
	type = scalar_str(ctx, v[0], "parameter type");
	if (!name || !type)
		return false;
	if (!strcmp(name, "return")) {
		err_at(ctx, &v[1]->pos, "'return' cannot name a parameter: constraints use it for the return value");
		return false;
	}
	for (i = 0; i < fn->nr_params; i++) {
		if (!strcmp(fn->params[i].name, name)) {
			err_at(ctx, &v[1]->pos, "duplicate parameter '%s' of %s", name, fn->name);
			return false;
		}
	}
	if (!type_shape(ctx->rf, type, shape, &p->rtype)) {
		char buf[160];

		err_at(ctx, &v[0]->pos, "unknown type '%.64s' of parameter %s%s", type, name,
		       hint(buf, sizeof(buf), type, ctx->rf->types, sizeof(ctx->rf->types[0]),
			    ctx->rf->nr_types));
		return false;
	}
	if (shape->kind == SHAPE_VOID) {
		err_at(ctx, &v[0]->pos, "parameter %s cannot have type void", name);
		return false;
	}
	p->name = xstrdup(ctx, name);
	p->type = xstrdup(ctx, type);
	p->is_ptr = shape->kind == SHAPE_PTR;
	p->is_const = shape->is_const;
	fn->nr_params++;
	return p->name && p->type;
}

/* Append to @fn the constraints its parameters inherit from their types. */
static void inherit_type_constraints(struct load_ctx *ctx, struct host_fn *fn)
{
	struct constraint *all;
	int i, j, k, n = fn->nr_constraints;

	for (i = 0; i < fn->nr_params; i++)
		if (fn->params[i].rtype)
			n += fn->params[i].rtype->nr_constraints;
	if (n == fn->nr_constraints)
		return;
	all = realloc(fn->constraints, n * sizeof(*all));
	if (!all) {
		ctx->oom = true;
		return;
	}
	fn->constraints = all;
	for (i = 0; i < fn->nr_params; i++) {
		const struct role_type *t = fn->params[i].rtype;

		for (j = 0; t && j < t->nr_constraints; j++) {
			struct constraint c = t->constraints[j];
			char text[ROLE_MAX_NAME * 2 + 64];

			c.operand = i;
			c.from_type = t->name;
			/* one already written in function_constraints needs no copy */
			for (k = 0; k < fn->nr_constraints; k++) {
				const struct constraint *o = &fn->constraints[k];

				if (o->operand == i && o->kind == c.kind &&
				    (c.kind != CONSTR_CMP || (o->op == c.op && o->value == c.value)))
					break;
			}
			if (k < fn->nr_constraints)
				continue;
			if (c.kind == CONSTR_CMP)
				snprintf(text, sizeof(text), "%s %s %lld", fn->params[i].name,
					 cmp_op_str(c.op), (long long)c.value);
			else
				snprintf(text, sizeof(text), "%s.%s", fn->params[i].name,
					 constraint_kind_str(c.kind));
			c.text = xstrdup(ctx, text);
			if (!c.text)
				return;
			fn->constraints[fn->nr_constraints++] = c;
		}
	}
}

static void parse_host_fn(struct load_ctx *ctx, const struct ynode *node)
{
	static const char *const keys[] = { "name", "signature", "function_constraints" };
	static const char *const sig_keys[] = { "params", "return_type" };
	struct role_file *rf = ctx->rf;
	struct host_fn *fn = &rf->host_fns[rf->nr_host_fns];
	struct type_shape *shapes = NULL, ret;
	const struct ynode *v[3], *s[2];
	const char *name, *rtype;
	int n, i;

	if (!map_fields(ctx, node, "a host_functions entry", keys, 3, v))
		return;
	if (!require(ctx, node, v[0], "name", "this host_functions entry") ||
	    !require(ctx, node, v[1], "signature", "this host_functions entry"))
		return;
	name = ENTRY_NAME(ctx, v[0], "host function", false, rf->host_fns, rf->nr_host_fns);
	if (!name)
		return;
	if (!map_fields(ctx, v[1], "the signature", sig_keys, 2, s))
		return;
	if (!require(ctx, v[1], s[0], "params", "the signature of this host function") ||
	    !require(ctx, v[1], s[1], "return_type", "the signature of this host function"))
		return;
	rtype = scalar_str(ctx, s[1], "return_type");
	if (!rtype)
		return;
	if (!type_shape(rf, rtype, &ret, NULL)) {
		err_at(ctx, &s[1]->pos, "unknown return type '%.64s' of %s", rtype, name);
		return;
	}
	n = seq_items(ctx, s[0], "params");
	if (n < 0)
		return;
	fn->name = xstrdup(ctx, name);
	fn->return_type = xstrdup(ctx, rtype);
	fn->params = xcalloc(ctx, n, sizeof(*fn->params));
	shapes = xcalloc(ctx, n, sizeof(*shapes));
	fn->declared = true;
	fn->pos = v[0]->pos;
	rf->nr_host_fns++;	/* from here on it is freed with the file */
	if (!fn->name || !fn->return_type || !fn->params || !shapes)
		goto out;
	for (i = 0; i < n; i++)
		parse_param(ctx, s[0]->kids[i], fn, &shapes[fn->nr_params]);
	if (fn->nr_params == n && v[2]) {
		struct constr_scope sc = { .fn = fn, .ret = &ret, .params = shapes };

		parse_constraints(ctx, v[2], "function_constraints", &sc, &fn->constraints,
				  &fn->nr_constraints);
	}
	inherit_type_constraints(ctx, fn);
out:
	free(shapes);
}

static void parse_cap(struct load_ctx *ctx, const struct ynode *node)
{
	static const char *const keys[] = { "name", "apis", "constraints" };
	struct role_file *rf = ctx->rf;
	struct capability *cap = &rf->caps[rf->nr_caps];
	const struct ynode *v[3];
	const char *name;
	int n, i;

	if (!map_fields(ctx, node, "a capabilities entry", keys, 3, v))
		return;
	if (!require(ctx, node, v[0], "name", "this capabilities entry") ||
	    !require(ctx, node, v[1], "apis", "this capabilities entry"))
		return;
	name = ENTRY_NAME(ctx, v[0], "capability", true, rf->caps, rf->nr_caps);
	if (!name)
		return;
	if (ref_items(ctx, v[1], "apis") < 0)
		return;
	n = v[2] ? seq_items(ctx, v[2], "constraints") : 0;
	if (n < 0)
		return;
	cap->name = xstrdup(ctx, name);
	cap->pos = v[0]->pos;
	cap->descriptions = xcalloc(ctx, n, sizeof(char *));
	ctx->api_seqs[rf->nr_caps] = v[1];
	rf->nr_caps++;
	if (!cap->name || !cap->descriptions)
		return;
	/* capability constraints are prose: kept to be shown, never enforced */
	for (i = 0; i < n; i++) {
		const char *d = scalar_str(ctx, v[2]->kids[i], "a capability constraint");

		if (d && !(cap->descriptions[cap->nr_descriptions++] = xstrdup(ctx, d)))
			return;
	}
}

/* Look up each name of sequence @seq in @arr; report unknown and repeated names. */
static int resolve_refs(struct load_ctx *ctx, const struct ynode *seq, const char *what,
			const void *arr, size_t size, int n, int *idx, struct src_pos *pos)
{
	char buf[160];
	int cnt = 0, i, j, k;

	for (i = 0; i < seq->nr_kids; i++) {
		const struct ynode *item = seq->kids[i];
		const char *name = scalar_str(ctx, item, what);

		if (!name)
			continue;
		k = find_name(name, arr, size, n);
		if (k < 0) {
			err_at(ctx, &item->pos, "unknown %s '%.64s'%s", what, name,
			       hint(buf, sizeof(buf), name, arr, size, n));
			continue;
		}
		for (j = 0; j < cnt && idx[j] != k; j++)
			;
		if (j < cnt) {
			err_at(ctx, &item->pos, "%s '%s' is listed twice (first at %u:%u)", what,
			       name, pos[j].line, pos[j].col);
			continue;
		}
		idx[cnt] = k;
		pos[cnt++] = item->pos;
	}
	return cnt;
}

/* The attributes, in the order written, so that diagnostics come in file order. */
static void parse_role_attrs(struct load_ctx *ctx, const struct ynode *map, struct role_aux *a)
{
	const char *keys[NR_ATTRS];
	const struct ynode *v[NR_ATTRS], *val_node;
	int i, k;

	for (i = 0; i < NR_ATTRS; i++)
		keys[i] = attr_descs[i].info.name;
	if (ynode_is_null(map) || !map_fields(ctx, map, "role attributes", keys, NR_ATTRS, v))
		return;
	for (k = 0; k + 1 < map->nr_kids; k += 2) {
		const struct attr_desc *d;
		uint64_t val = 0;
		bool b = false, ok = false;

		i = map->kids[k]->kind == YN_SCALAR ?
		    find_name(map->kids[k]->str, keys, sizeof(keys[0]), NR_ATTRS) : -1;
		if (i < 0 || v[i] != map->kids[k + 1])
			continue;	/* unknown (reported) or a duplicate key (reported) */
		d = &attr_descs[i];
		val_node = v[i];
		switch (d->info.type) {
		case ROLE_ATTR_U64:
			ok = scalar_u64(ctx, val_node, d->info.name, &val);
			if (ok && !val && d->info.bit == ATTR_MAX_INSTRUCTIONS) {
				err_at(ctx, &val_node->pos, "max_instructions must be at least 1");
				ok = false;
			}
			break;
		case ROLE_ATTR_BOOL:
			ok = scalar_bool(ctx, val_node, d->info.name, &b);
			val = b;
			break;
		case ROLE_ATTR_ENUM:
			if (val_node->kind == YN_SCALAR && !strcmp(val_node->str, "warn")) {
				val = ON_VIOLATION_WARN;
				ok = true;
			} else if (val_node->kind == YN_SCALAR && !strcmp(val_node->str, "detach")) {
				val = ON_VIOLATION_DETACH;
				ok = true;
			} else {
				err_at(ctx, &val_node->pos, "on_violation must be warn or detach");
			}
			break;
		}
		if (!ok)
			continue;
		attr_set(&a->own, d, val);
		a->own.set |= d->info.bit;
		a->attr_pos[i] = val_node->pos;
	}
}

static void parse_role(struct load_ctx *ctx, const struct ynode *node)
{
	static const char *const keys[] = { "name", "inherits", "capabilities", "attributes" };
	struct role_file *rf = ctx->rf;
	struct role_def *role = &rf->roles[rf->nr_roles];
	struct role_aux *a = &ctx->aux[rf->nr_roles];
	const struct ynode *v[4];
	int n, i, *idx;
	const char *name;

	if (!map_fields(ctx, node, "a roles entry", keys, 4, v))
		return;
	if (!require(ctx, node, v[0], "name", "this roles entry"))
		return;
	name = ENTRY_NAME(ctx, v[0], "role", true, rf->roles, rf->nr_roles);
	if (!name)
		return;
	role->name = xstrdup(ctx, name);
	role->pos = v[0]->pos;
	rf->nr_roles++;
	if (!role->name)
		return;
	if (!v[1] && !v[2])
		warn_at(ctx, &node->pos, "role %s has no capabilities and inherits none: it grants nothing",
			name);

	n = v[2] ? ref_items(ctx, v[2], "capabilities") : 0;
	n = n < 0 ? 0 : n;
	idx = xcalloc(ctx, n, sizeof(*idx));
	a->own_caps = xcalloc(ctx, n, sizeof(*a->own_caps));
	a->cap_pos = xcalloc(ctx, n, sizeof(*a->cap_pos));
	if (n > 0 && idx && a->own_caps && a->cap_pos) {
		a->nr_own_caps = resolve_refs(ctx, v[2], "capability", rf->caps, sizeof(rf->caps[0]),
					      rf->nr_caps, idx, a->cap_pos);
		for (i = 0; i < a->nr_own_caps; i++)
			a->own_caps[i] = &rf->caps[idx[i]];
	}
	free(idx);

	/* parents are looked up once every role is known */
	n = v[1] ? ref_items(ctx, v[1], "inherits") : 0;
	n = n < 0 ? 0 : n;
	role->inherits = xcalloc(ctx, n, sizeof(char *));
	a->inh_pos = xcalloc(ctx, n, sizeof(*a->inh_pos));
	a->parents = xcalloc(ctx, n, sizeof(*a->parents));
	for (i = 0; i < n && role->inherits && a->inh_pos && a->parents; i++) {
		const char *p = scalar_name(ctx, v[1]->kids[i], "parent role", true);

		if (!p)
			continue;
		a->inh_pos[role->nr_inherits] = v[1]->kids[i]->pos;
		role->inherits[role->nr_inherits] = xstrdup(ctx, p);
		if (role->inherits[role->nr_inherits])
			role->nr_inherits++;
	}
	if (v[3])
		parse_role_attrs(ctx, v[3], a);
}

/* Parse the @n items of section @seq into an array of @size-byte entries (+@extra). */
static void parse_section(struct load_ctx *ctx, const struct ynode *seq, int n, void **arr,
			  size_t size, int extra,
			  void (*parse)(struct load_ctx *ctx, const struct ynode *node))
{
	int i;

	*arr = xcalloc(ctx, n + extra, size);
	if (!*arr)
		return;
	for (i = 0; i < n && !ctx->oom; i++)
		parse(ctx, seq->kids[i]);
}

/* ---- host function resolution ---- */

/* vmlinux BTF, read once per process and only when a name is not a helper. */
static struct {
	bool tried;
	int err;
	struct btf *btf;
	int *kfuncs;		/* FUNC ids a DECL_TAG "bpf_kfunc" points at */
	int nr_kfuncs;
	char *path;		/* NULL: VMLINUX_BTF_PATH */
} kbtf;

void role_set_kernel_btf(const char *path)
{
	btf__free(kbtf.btf);
	free(kbtf.kfuncs);
	free(kbtf.path);
	memset(&kbtf, 0, sizeof(kbtf));
	kbtf.path = path ? strdup(path) : NULL;
}

static const char *kernel_btf_path(void)
{
	return kbtf.path ? kbtf.path : VMLINUX_BTF_PATH;
}

static int kernel_btf_load(void)
{
	int i, n, *ids;

	if (kbtf.tried)
		return kbtf.err;
	kbtf.tried = true;
	kbtf.btf = btf__parse(kernel_btf_path(), NULL);
	if (!kbtf.btf) {
		kbtf.err = -errno;
		return kbtf.err;
	}
	n = btf__type_cnt(kbtf.btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(kbtf.btf, i);
		const struct btf_type *f;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 ||
		    strcmp(btf__name_by_offset(kbtf.btf, t->name_off), "bpf_kfunc"))
			continue;
		f = btf__type_by_id(kbtf.btf, t->type);
		if (!f || !btf_is_func(f))
			continue;
		ids = realloc(kbtf.kfuncs, (kbtf.nr_kfuncs + 1) * sizeof(*ids));
		if (!ids) {
			kbtf.err = -ENOMEM;
			return kbtf.err;
		}
		kbtf.kfuncs = ids;
		kbtf.kfuncs[kbtf.nr_kfuncs++] = t->type;
	}
	return 0;
}

/* The vmlinux BTF id of kfunc @name, 0 when there is none (or no BTF, warned once). */
static int kfunc_lookup(struct load_ctx *ctx, const char *name)
{
	int err = kernel_btf_load(), i, id;

	if (err) {
		if (!ctx->warned_vmlinux) {
			struct src_pos pos = { ctx->rf->path, 0, 0 };

			warn_at(ctx, &pos, "cannot read kernel BTF %s (%s): no name resolves to a kfunc",
				kernel_btf_path(), strerror(-err));
			ctx->warned_vmlinux = true;
		}
		return 0;
	}
	if (!kbtf.nr_kfuncs) {
		if (!ctx->warned_vmlinux) {
			struct src_pos pos = { ctx->rf->path, 0, 0 };

			warn_at(ctx, &pos, "kernel BTF %s has no bpf_kfunc tags: any kernel function it lists is taken for a kfunc",
				kernel_btf_path());
			ctx->warned_vmlinux = true;
		}
		id = btf__find_by_name_kind(kbtf.btf, name, BTF_KIND_FUNC);
		return id > 0 ? id : 0;
	}
	for (i = 0; i < kbtf.nr_kfuncs; i++) {
		const struct btf_type *t = btf__type_by_id(kbtf.btf, kbtf.kfuncs[i]);

		if (!strcmp(btf__name_by_offset(kbtf.btf, t->name_off), name))
			return kbtf.kfuncs[i];
	}
	return 0;
}

/* The shape of BTF type @id, through typedefs and modifiers. */
static void btf_shape(const struct btf *btf, __u32 id, struct type_shape *s)
{
	const struct btf_type *t;
	int hops;

	memset(s, 0, sizeof(*s));
	for (hops = 0; hops < 32; hops++) {
		if (!id) {
			s->kind = s->kind == SHAPE_PTR ? SHAPE_PTR : SHAPE_VOID;
			s->name = s->name ? s->name : "void";
			return;
		}
		t = btf__type_by_id(btf, id);
		if (!t)
			return;
		if (btf_is_const(t) && s->kind == SHAPE_PTR)
			s->is_const = true;
		if (btf_is_mod(t) || btf_is_typedef(t)) {
			if (!s->name && btf_is_typedef(t))
				s->name = btf__name_by_offset(btf, t->name_off);
			id = t->type;
			continue;
		}
		if (s->kind == SHAPE_PTR)
			return;
		if (btf_is_ptr(t)) {
			s->kind = SHAPE_PTR;
			s->name = "a pointer";
			id = t->type;
			continue;
		}
		if (btf_is_int(t) || btf_is_any_enum(t)) {
			s->kind = SHAPE_SCALAR;
			s->size = t->size;
			if (!s->name)
				s->name = btf__name_by_offset(btf, t->name_off);
			return;
		}
		s->name = s->name ? s->name : "an aggregate";
		return;
	}
}

static const char *shape_kind_str(const struct type_shape *s)
{
	switch (s->kind) {
	case SHAPE_VOID: return "void";
	case SHAPE_SCALAR: return "an integer";
	case SHAPE_PTR: return "a pointer";
	default: return "something else";
	}
}

/* Warn where declared shape @decl and real shape @real of @what differ. */
static void compare_shape(struct load_ctx *ctx, const struct host_fn *fn, const char *what,
			  const struct type_shape *decl, const struct type_shape *real,
			  const char *who)
{
	if (decl->kind != real->kind) {
		warn_at(ctx, &fn->pos, "%s: %s is declared %s (%s), %s has %s (%s)", fn->name, what,
			decl->name, shape_kind_str(decl), who, real->name, shape_kind_str(real));
		return;
	}
	if (decl->kind == SHAPE_SCALAR && decl->size && real->size && decl->size != real->size)
		warn_at(ctx, &fn->pos, "%s: %s is declared %s (%u bytes), %s has %s (%u bytes)",
			fn->name, what, decl->name, decl->size, who, real->name, real->size);
	else if (decl->kind == SHAPE_PTR && decl->is_const && !real->is_const)
		warn_at(ctx, &fn->pos, "%s: %s is declared %s (pointer to const), %s does not promise const: it may write through it",
			fn->name, what, decl->name, who);
}

/* Compare @fn's declared signature with BTF FUNC @func_id of @btf. */
static void compare_signature(struct load_ctx *ctx, const struct host_fn *fn,
			      const struct btf *btf, int func_id, const char *who)
{
	const struct btf_type *func = btf__type_by_id(btf, func_id), *proto;
	const struct btf_param *bp;
	struct type_shape decl, real;
	char what[ROLE_MAX_NAME + 32];
	int i, n;

	if (!func || !btf_is_func(func))
		return;
	proto = btf__type_by_id(btf, func->type);
	if (!proto || !btf_is_func_proto(proto))
		return;
	n = btf_vlen(proto);
	bp = btf_params(proto);
	if (n != fn->nr_params) {
		warn_at(ctx, &fn->pos, "%s: declared with %d parameter%s, %s has %d", fn->name,
			fn->nr_params, fn->nr_params == 1 ? "" : "s", who, n);
	} else {
		for (i = 0; i < n; i++) {
			if (!type_shape(ctx->rf, fn->params[i].type, &decl, NULL))
				continue;
			btf_shape(btf, bp[i].type, &real);
			snprintf(what, sizeof(what), "parameter %s", fn->params[i].name);
			compare_shape(ctx, fn, what, &decl, &real, who);
		}
	}
	if (type_shape(ctx->rf, fn->return_type, &decl, NULL)) {
		btf_shape(btf, proto->type, &real);
		compare_shape(ctx, fn, "the return type", &decl, &real, who);
	}
}

static void resolve_host_fn(struct load_ctx *ctx, struct host_fn *fn)
{
	const struct helper_info *h = helper_by_name(fn->name);
	const struct btf *hbtf;
	int id;

	if (h) {
		fn->prov = PROV_HELPER;
		fn->prov_id = h->id;
		return;
	}
	id = kfunc_lookup(ctx, fn->name);
	if (id > 0) {
		fn->prov = PROV_KFUNC;
		fn->prov_id = id;
		if (fn->declared)
			compare_signature(ctx, fn, kbtf.btf, id, "the kernel's kfunc");
		return;
	}
	if (hostlib_has_func(fn->name)) {
		fn->prov = PROV_HOSTLIB;
		fn->prov_id = 0;
		if (!fn->declared)
			return;
		hbtf = hostlib_btf();
		id = hostlib_func_id(fn->name);
		if (hbtf && id > 0) {
			compare_signature(ctx, fn, hbtf, id, "the host library");
		} else if (!ctx->warned_hostlib) {
			struct src_pos pos = { ctx->rf->path, 0, 0 };

			warn_at(ctx, &pos, "cannot read the host library's BTF: host function signatures are not compared");
			ctx->warned_hostlib = true;
		}
		return;
	}
	fn->prov = PROV_NONE;
	fn->prov_id = 0;
}

/*
 * The names a host function can have: kernel helpers, kfuncs of the kernel's BTF (as
 * kfunc_lookup() takes them), host library functions. They point into the helper table and
 * into BTF kept for the process.
 */
static void known_fns_collect(struct load_ctx *ctx)
{
	const struct btf *hb = hostlib_btf();
	const struct btf *kb = kernel_btf_load() ? NULL : kbtf.btf;
	int nr_helpers = helper_id_max(), nr_kb = kb ? btf__type_cnt(kb) : 0;
	int nr_hb = hb ? btf__type_cnt(hb) : 0, i, n = 0;
	const struct helper_info *h;
	const struct btf_type *t;
	const char **names;

	names = xcalloc(ctx, nr_helpers + nr_kb + nr_hb, sizeof(*names));
	if (!names)
		return;
	for (i = 0; i < nr_helpers; i++)
		if ((h = helper_by_id(i)))
			names[n++] = h->name;
	for (i = 0; kb && i < kbtf.nr_kfuncs; i++)
		names[n++] = btf__name_by_offset(kb, btf__type_by_id(kb, kbtf.kfuncs[i])->name_off);
	/* no bpf_kfunc tags: kfunc_lookup() takes any kernel function for one */
	for (i = 1; kb && !kbtf.nr_kfuncs && i < nr_kb; i++)
		if ((t = btf__type_by_id(kb, i)) && btf_is_func(t))
			names[n++] = btf__name_by_offset(kb, t->name_off);
	for (i = 1; i < nr_hb; i++) {
		t = btf__type_by_id(hb, i);
		if (t && btf_is_func(t) && hostlib_has_func(btf__name_by_offset(hb, t->name_off)))
			names[n++] = btf__name_by_offset(hb, t->name_off);
	}
	ctx->known_fns = names;
	ctx->nr_known_fns = n;
}

/* " (did you mean 'x'?)" for @name that no host function has, or "" */
static const char *host_fn_hint(struct load_ctx *ctx, const char *name, char *buf, size_t len)
{
	buf[0] = '\0';
	/* each looks through thousands of names: a hostile file of unknown ones gets a few */
	if (ctx->nr_fn_hints++ >= FN_HINTS_MAX)
		return buf;
	if (!ctx->known_fns)
		known_fns_collect(ctx);
	return hint(buf, len, name, ctx->known_fns, sizeof(*ctx->known_fns), ctx->nr_known_fns);
}

/*
 * Capability APIs: each name a host function; names without a host_functions entry
 * become undeclared host functions appended after the declared ones.
 */
static void resolve_cap_apis(struct load_ctx *ctx)
{
	struct role_file *rf = ctx->rf;
	char buf[160];
	int c, i, j, k;

	for (c = 0; c < rf->nr_caps; c++) {
		const struct ynode *seq = ctx->api_seqs[c];

		for (i = 0; i < seq->nr_kids; i++) {
			const char *name = seq->kids[i]->kind == YN_SCALAR ? seq->kids[i]->str : "";

			if (!is_ident(name, false) ||
			    find_name(name, rf->host_fns, sizeof(rf->host_fns[0]), rf->nr_host_fns) >= 0)
				continue;
			/* room was made for every api name when the array was allocated */
			rf->host_fns[rf->nr_host_fns].name = xstrdup(ctx, name);
			rf->host_fns[rf->nr_host_fns].pos = seq->kids[i]->pos;
			if (!rf->host_fns[rf->nr_host_fns].name)
				return;
			rf->nr_host_fns++;
		}
	}
	for (i = 0; i < rf->nr_host_fns; i++)
		resolve_host_fn(ctx, &rf->host_fns[i]);

	for (c = 0; c < rf->nr_caps; c++) {
		struct capability *cap = &rf->caps[c];
		const struct ynode *seq = ctx->api_seqs[c];

		cap->apis = xcalloc(ctx, seq->nr_kids, sizeof(*cap->apis));
		if (!cap->apis)
			return;
		if (!seq->nr_kids)
			warn_at(ctx, &cap->pos, "capability %s lists no apis: it grants nothing",
				cap->name);
		for (i = 0; i < seq->nr_kids; i++) {
			const struct ynode *item = seq->kids[i];
			const char *name = scalar_name(ctx, item, "api name", false);
			struct host_fn *fn;

			if (!name)
				continue;
			k = find_name(name, rf->host_fns, sizeof(rf->host_fns[0]), rf->nr_host_fns);
			fn = &rf->host_fns[k];
			for (j = 0; j < cap->nr_apis && cap->apis[j] != fn; j++)
				;
			if (j < cap->nr_apis) {
				err_at(ctx, &item->pos, "api '%s' is listed twice in capability %s",
				       name, cap->name);
				continue;
			}
			cap->apis[cap->nr_apis++] = fn;
			if (fn->declared)
				continue;
			/* warn once, where the name first appears */
			if (fn->pos.line != item->pos.line || fn->pos.col != item->pos.col)
				continue;
			if (fn->prov == PROV_NONE)
				warn_at(ctx, &item->pos, "%s has no host_functions entry and no kernel helper, kfunc or host library function has this name: capability %s grants nothing by it%s",
					name, cap->name, host_fn_hint(ctx, name, buf, sizeof(buf)));
			else
				warn_at(ctx, &item->pos, "%s has no host_functions entry: granted as %s, without constraints",
					name, fn->prov == PROV_HELPER ? "a kernel helper" :
					fn->prov == PROV_KFUNC ? "a kfunc" : "a host library function");
		}
	}
	for (i = 0; i < rf->nr_host_fns; i++) {
		const struct host_fn *fn = &rf->host_fns[i];

		if (fn->declared && fn->prov == PROV_NONE)
			warn_at(ctx, &fn->pos, "%s: no kernel helper, kfunc of this kernel or host library function has this name: it can never be granted%s",
				fn->name, host_fn_hint(ctx, fn->name, buf, sizeof(buf)));
	}
}

/* ---- roles and inheritance ---- */

/* Add @cap to @role once; ctx->seen marks the capabilities it has. */
static void add_cap(struct load_ctx *ctx, struct role_def *role, struct capability *cap)
{
	int c = cap - ctx->rf->caps;

	if (ctx->seen[c])
		return;
	ctx->seen[c] = true;
	role->caps[role->nr_caps++] = cap;
}

/* "A -> B -> C -> A" for the cycle that closes at @to, into @buf. */
static void cycle_text(const struct role_file *rf, const int *path, int depth,
		       const struct role_def *to, char *buf, size_t size)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k <= depth && &rf->roles[path[k]] != to; k++)
		;
	for (; k <= depth && len < size; k++)
		len += snprintf(buf + len, size - len, "%s -> ", rf->roles[path[k]].name);
	if (len < size)
		snprintf(buf + len, size - len, "%s", to->name);
}

/* Resolve role @r after its parents: capabilities and attributes (SPEC section 3). */
static void resolve_role(struct load_ctx *ctx, int r, int *path, int depth)
{
	struct role_file *rf = ctx->rf;
	struct role_def *role = &rf->roles[r];
	struct role_aux *a = &ctx->aux[r];
	int i, j, k;

	if (a->state == RS_DONE)
		return;
	a->state = RS_VISITING;
	path[depth] = r;
	for (i = 0; i < role->nr_inherits; i++) {
		struct role_def *p = a->parents[i];
		int pi;

		if (!p)
			continue;
		pi = p - rf->roles;
		if (ctx->aux[pi].state == RS_VISITING) {
			char chain[512];

			cycle_text(rf, path, depth, p, chain, sizeof(chain));
			err_at(ctx, &a->inh_pos[i], "inherits cycle: %s", chain);
			a->parents[i] = NULL;
			continue;
		}
		resolve_role(ctx, pi, path, depth + 1);
	}

	/* capabilities: own first, then each parent's, each once */
	role->caps = xcalloc(ctx, rf->nr_caps, sizeof(*role->caps));
	if (role->caps) {
		memset(ctx->seen, 0, rf->nr_caps * sizeof(*ctx->seen));
		for (i = 0; i < a->nr_own_caps; i++)
			add_cap(ctx, role, a->own_caps[i]);
		for (i = 0; i < role->nr_inherits; i++)
			for (j = 0; a->parents[i] && j < a->parents[i]->nr_caps; j++)
				add_cap(ctx, role, a->parents[i]->caps[j]);
	}

	/* attributes: the role's own win; parents must agree on the rest */
	role->attrs = a->own;
	for (k = 0; k < NR_ATTRS; k++) {
		const struct attr_desc *d = &attr_descs[k];
		const struct role_def *from = NULL;
		char v1[32], v2[32];

		if (role->attrs.set & d->info.bit)
			continue;
		for (i = 0; i < role->nr_inherits; i++) {
			const struct role_def *p = a->parents[i];

			if (!p || !(p->attrs.set & d->info.bit) || p == from)
				continue;
			if (!from) {
				from = p;
				attr_set(&role->attrs, d, role_attr_value(&p->attrs, d->info.bit));
				role->attrs.set |= d->info.bit;
				role->attrs.inherited |= d->info.bit;
				continue;
			}
			if (role_attr_value(&p->attrs, d->info.bit) ==
			    role_attr_value(&from->attrs, d->info.bit))
				continue;
			role_attr_format(&from->attrs, d->info.bit, v1, sizeof(v1));
			role_attr_format(&p->attrs, d->info.bit, v2, sizeof(v2));
			err_at(ctx, &role->pos, "role %s inherits %s = %s from %s but %s from %s: set it in %s",
			       role->name, d->info.name, v1, from->name, v2, p->name, role->name);
			break;
		}
		if (!(role->attrs.set & d->info.bit))
			attr_set(&role->attrs, d, role_attr_value(&attr_defaults, d->info.bit));
	}
	a->state = RS_DONE;
}

/* Where @cap is named in role @r: its own capabilities list, else the role's name. */
static const struct src_pos *cap_ref_pos(const struct load_ctx *ctx, int r,
					 const struct capability *cap)
{
	const struct role_aux *a = &ctx->aux[r];
	int i;

	for (i = 0; i < a->nr_own_caps; i++)
		if (a->own_caps[i] == cap)
			return &a->cap_pos[i];
	return &ctx->rf->roles[r].pos;
}

static int attr_index(unsigned int bit)
{
	return attr_desc_by_bit(bit) - attr_descs;
}

/* The lints of SPEC section 4 on one resolved role. */
static void lint_role(struct load_ctx *ctx, int r)
{
	const struct role_def *role = &ctx->rf->roles[r];
	const struct role_aux *a = &ctx->aux[r];
	const struct role_attrs *at = &role->attrs;
	int i, j;

	if ((a->own.set & ATTR_MAX_MEMORY) && at->max_memory > KERNEL_STACK_MAX)
		warn_at(ctx, &a->attr_pos[attr_index(ATTR_MAX_MEMORY)], "max_memory %llu is above the kernel's %d-byte BPF stack: no extension can use more than %d",
			(unsigned long long)at->max_memory, KERNEL_STACK_MAX, KERNEL_STACK_MAX);
	if ((a->own.set & ATTR_SKIP_VERIFICATION) && at->skip_verification)
		warn_at(ctx, &a->attr_pos[attr_index(ATTR_SKIP_VERIFICATION)], "skip_verification is true: the userspace verifier will not run for role %s (the kernel's checks still do)",
			role->name);
	for (i = 0; i < role->nr_caps; i++) {
		const struct capability *cap = role->caps[i];

		for (j = 0; j < cap->nr_apis; j++) {
			const struct host_fn *fn = cap->apis[j];
			const struct helper_info *h;

			if (fn->prov != PROV_HELPER || !(h = helper_by_id(fn->prov_id)))
				continue;
			if ((h->flags & HF_WRITES_HOST_MEM) && !at->allow_memory_write)
				err_at(ctx, cap_ref_pos(ctx, r, cap), "role %s: allow_memory_write is false but capability %s grants %s, which writes host memory",
				       role->name, cap->name, fn->name);
			else if ((h->flags & HF_SIDE_EFFECT) && !at->may_have_side_effect)
				warn_at(ctx, cap_ref_pos(ctx, r, cap), "role %s: may_have_side_effect is false but capability %s grants %s, which has side effects: calls to it will be rejected",
					role->name, cap->name, fn->name);
		}
	}
}

static void resolve_roles(struct load_ctx *ctx)
{
	struct role_file *rf = ctx->rf;
	int r, i, *path;

	for (r = 0; r < rf->nr_roles; r++) {
		struct role_def *role = &rf->roles[r];
		struct role_aux *a = &ctx->aux[r];
		char buf[160];
		int k;

		for (i = 0; i < role->nr_inherits; i++) {
			k = find_name(role->inherits[i], rf->roles, sizeof(rf->roles[0]),
				      rf->nr_roles);
			if (k < 0)
				err_at(ctx, &a->inh_pos[i], "unknown parent role '%s'%s",
				       role->inherits[i],
				       hint(buf, sizeof(buf), role->inherits[i], rf->roles,
					    sizeof(rf->roles[0]), rf->nr_roles));
			else if (find_name(role->inherits[i], role->inherits, sizeof(char *), i) >= 0)
				err_at(ctx, &a->inh_pos[i], "parent role '%s' is listed twice",
				       role->inherits[i]);
			else
				a->parents[i] = &rf->roles[k];
		}
	}
	path = xcalloc(ctx, rf->nr_roles, sizeof(*path));
	if (!path || !ctx->seen)
		goto out;
	for (r = 0; r < rf->nr_roles; r++)
		resolve_role(ctx, r, path, 0);
	for (r = 0; r < rf->nr_roles; r++)
		lint_role(ctx, r);
out:
	free(path);
}

/* Host functions no capability lists, and capabilities no role names. */
static void lint_unused(struct load_ctx *ctx)
{
	struct role_file *rf = ctx->rf;
	bool *seen = ctx->seen;
	int f, c, i, r;

	if (!seen)
		return;
	memset(seen, 0, rf->nr_host_fns * sizeof(*seen));
	for (c = 0; c < rf->nr_caps; c++)
		for (i = 0; i < rf->caps[c].nr_apis; i++)
			seen[rf->caps[c].apis[i] - rf->host_fns] = true;
	for (f = 0; f < rf->nr_host_fns; f++)
		if (!seen[f] && rf->host_fns[f].declared)
			warn_at(ctx, &rf->host_fns[f].pos, "%s is defined but no capability grants it",
				rf->host_fns[f].name);

	memset(seen, 0, rf->nr_caps * sizeof(*seen));
	for (r = 0; r < rf->nr_roles; r++)
		for (i = 0; i < ctx->aux[r].nr_own_caps; i++)
			seen[ctx->aux[r].own_caps[i] - rf->caps] = true;
	for (c = 0; c < rf->nr_caps; c++)
		if (!seen[c])
			warn_at(ctx, &rf->caps[c].pos, "capability %s is granted to no role",
				rf->caps[c].name);
}

/* ---- the file ---- */

static void parse_extension_exports(struct load_ctx *ctx, const struct ynode *node)
{
	ctx->rf->has_extension_exports = true;
	if (ynode_is_null(node) || (node->kind != YN_SCALAR && !node->nr_kids))
		return;
	err_at(ctx, &node->pos, "extension_exports must be empty: entry points are the extension's global functions, typed from its BTF");
}

static void parse_file(struct load_ctx *ctx, const struct ynode *root)
{
	static const char *const keys[] = {
		"types", "host_functions", "capabilities", "roles", "extension_exports",
	};
	struct role_file *rf = ctx->rf;
	const struct ynode *v[5];
	int nr_api_names = 0, n[4], i;

	/* a misspelled section is read as meant: its typo is one error, not one per use */
	if (!map_fields_ex(ctx, root, "the top level of a role file", keys, 5, v, true))
		return;
	for (i = 0; i < 4; i++) {
		n[i] = v[i] ? seq_items(ctx, v[i], keys[i]) : 0;
		if (n[i] < 0)
			return;
	}
	if (!n[3]) {
		err_at(ctx, v[3] ? &v[3]->pos : &root->pos,
		       "no roles: a role file defines at least one role under 'roles'");
		return;
	}
	if (v[4])
		parse_extension_exports(ctx, v[4]);

	/* order matters: types before host functions, capabilities before roles */
	parse_section(ctx, v[0], n[0], (void **)&rf->types, sizeof(*rf->types), 0, parse_type);
	/* room for the capability api names without a host_functions entry */
	for (i = 0; i < n[2]; i++) {
		const struct ynode *c = v[2]->kids[i], *apis = NULL;
		int k;

		for (k = 0; c->kind == YN_MAP && k + 1 < c->nr_kids; k += 2)
			if (c->kids[k]->kind == YN_SCALAR && !strcmp(c->kids[k]->str, "apis"))
				apis = c->kids[k + 1];
		if (apis && apis->kind == YN_SEQ)
			nr_api_names += apis->nr_kids;
	}
	/* no more can be parsed (ref_items()) */
	if (nr_api_names > ROLE_MAX_REFS)
		nr_api_names = ROLE_MAX_REFS;
	parse_section(ctx, v[1], n[1], (void **)&rf->host_fns, sizeof(*rf->host_fns),
		      nr_api_names, parse_host_fn);
	ctx->api_seqs = xcalloc(ctx, n[2], sizeof(*ctx->api_seqs));
	ctx->aux = xcalloc(ctx, n[3], sizeof(*ctx->aux));
	if (!ctx->api_seqs || !ctx->aux)
		return;
	parse_section(ctx, v[2], n[2], (void **)&rf->caps, sizeof(*rf->caps), 0, parse_cap);
	parse_section(ctx, v[3], n[3], (void **)&rf->roles, sizeof(*rf->roles), 0, parse_role);
	if (ctx->oom || !rf->host_fns || !rf->caps || !rf->roles)
		return;
	resolve_cap_apis(ctx);
	if (ctx->oom)
		return;
	ctx->seen = xcalloc(ctx, rf->nr_caps > rf->nr_host_fns ? rf->nr_caps : rf->nr_host_fns,
			    sizeof(*ctx->seen));
	resolve_roles(ctx);
	lint_unused(ctx);
}

static void load_ctx_free(struct load_ctx *ctx)
{
	int r;

	for (r = 0; ctx->aux && r < ctx->rf->nr_roles; r++) {
		free(ctx->aux[r].own_caps);
		free(ctx->aux[r].cap_pos);
		free(ctx->aux[r].parents);
		free(ctx->aux[r].inh_pos);
	}
	free(ctx->aux);
	free(ctx->api_seqs);
	free(ctx->seen);
	free(ctx->known_fns);
}

int role_file_load_buf(const char *path, const char *buf, size_t len, struct role_file **out,
		       struct diag_list *diags)
{
	struct load_ctx ctx = { .dl = diags };
	struct ynode *root = NULL;
	struct role_file *rf;
	int err;

	*out = NULL;
	if (len > ROLE_FILE_MAX_SIZE) {
		struct src_pos pos = { path, 0, 0 };

		diag_add(diags, DIAG_ERROR, &pos, "role file is %zu bytes, more than the %d a role file may have",
			 len, ROLE_FILE_MAX_SIZE);
		return -EFBIG;
	}
	rf = calloc(1, sizeof(*rf));
	if (!rf || !(rf->path = strdup(path))) {
		free(rf);
		diag_add(diags, DIAG_ERROR, NULL, "out of memory loading %s", path);
		return -ENOMEM;
	}
	ctx.rf = rf;
	err = ytree_parse(rf->path, buf, len, &root, diags);
	if (!err) {
		parse_file(&ctx, root);
		if (ctx.oom) {
			struct src_pos pos = { path, 0, 0 };

			err_at(&ctx, &pos, "out of memory");
			err = -ENOMEM;
		} else if (ctx.nr_errors) {
			err = -EINVAL;
		}
	}
	load_ctx_free(&ctx);
	ytree_free(root);
	if (err) {
		role_file_free(rf);
		return err;
	}
	*out = rf;
	return 0;
}

int role_file_load(const char *path, struct role_file **out, struct diag_list *diags)
{
	static const struct fileio_spec spec = {
		.what = "role file",
		.hint = "a role file is a YAML file",
		.max_size = ROLE_FILE_MAX_SIZE,
	};
	struct src_pos pos = { path, 0, 0 };
	char why[512], *buf;
	size_t len;
	int err;

	*out = NULL;
	/* one open, checked, read once: what is parsed is what was checked (fileio.h) */
	err = fileio_read(path, &spec, &buf, &len, why, sizeof(why));
	if (err) {
		diag_add(diags, DIAG_ERROR, &pos, "%s", why);
		return err;
	}
	err = role_file_load_buf(path, buf, len, out, diags);
	free(buf);
	return err;
}

void role_file_free(struct role_file *rf)
{
	int i, j;

	if (!rf)
		return;
	for (i = 0; rf->types && i < rf->nr_types; i++) {
		free(rf->types[i].name);
		free(rf->types[i].base);
		constraints_free(rf->types[i].constraints, rf->types[i].nr_constraints);
	}
	for (i = 0; rf->host_fns && i < rf->nr_host_fns; i++) {
		struct host_fn *fn = &rf->host_fns[i];

		for (j = 0; j < fn->nr_params; j++) {
			free(fn->params[j].name);
			free(fn->params[j].type);
		}
		free(fn->params);
		free(fn->name);
		free(fn->return_type);
		constraints_free(fn->constraints, fn->nr_constraints);
	}
	for (i = 0; rf->caps && i < rf->nr_caps; i++) {
		free(rf->caps[i].name);
		free(rf->caps[i].apis);
		for (j = 0; j < rf->caps[i].nr_descriptions; j++)
			free(rf->caps[i].descriptions[j]);
		free(rf->caps[i].descriptions);
	}
	for (i = 0; rf->roles && i < rf->nr_roles; i++) {
		free(rf->roles[i].name);
		for (j = 0; j < rf->roles[i].nr_inherits; j++)
			free(rf->roles[i].inherits[j]);
		free(rf->roles[i].inherits);
		free(rf->roles[i].caps);
	}
	free(rf->types);
	free(rf->host_fns);
	free(rf->caps);
	free(rf->roles);
	free(rf->path);
	free(rf);
}

/* ---- queries ---- */

const struct role_def *role_find(const struct role_file *rf, const char *name)
{
	int i;

	if (!name)
		return rf->nr_roles == 1 ? &rf->roles[0] : NULL;
	i = find_name(name, rf->roles, sizeof(rf->roles[0]), rf->nr_roles);
	return i < 0 ? NULL : &rf->roles[i];
}

int role_open(const char *path, const char *name, struct role_file **rf,
	      const struct role_def **role)
{
	struct diag_list dl = { 0 };
	char list[512] = "";
	size_t n = 0;
	int i, err;

	*role = NULL;
	err = role_file_load(path, rf, &dl);
	if (err) {
		/* warnings are for `role lint`; a command that uses the role shows its errors */
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "error", "invalid role file");
			jsonw_string_field(json_wtr, "role_file", path);
			diag_list_print(&dl);
			jsonw_end_object(json_wtr);
		} else {
			diag_list_print(&dl);
			/* lint would only say again why the file could not be read */
			if (dl.cnt && dl.items[0].pos.line)
				p_err("cannot use role file '%s': %d error%s (see `%s role lint %s`)",
				      path, dl.nr_errors, dl.nr_errors == 1 ? "" : "s", prog_name,
				      path);
			else
				p_err("cannot use role file '%s'", path);
		}
		diag_list_free(&dl);
		return RP_EXIT_INPUT;
	}
	diag_list_free(&dl);

	*role = role_find(*rf, name);
	if (*role)
		return 0;
	for (i = 0; i < (*rf)->nr_roles && n < sizeof(list); i++) {
		int w = snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
				 (*rf)->roles[i].name);

		if (w > 0)
			n += w;
	}
	if (name)
		p_err("role file '%s' has no role '%s' (it has: %s)", path, name, list);
	else
		p_err("role file '%s' has %d roles: choose one with --role-name (%s)", path,
		      (*rf)->nr_roles, list);
	role_file_free(*rf);
	*rf = NULL;
	return RP_EXIT_INPUT;
}

const struct capability *role_granting_cap(const struct role_def *role, const char *name)
{
	int i, j;

	for (i = 0; i < role->nr_caps; i++)
		for (j = 0; j < role->caps[i]->nr_apis; j++)
			if (role->caps[i]->apis[j]->prov != PROV_NONE &&
			    !strcmp(role->caps[i]->apis[j]->name, name))
				return role->caps[i];
	return NULL;
}

const struct host_fn *role_granted(const struct role_def *role, const char *name)
{
	const struct capability *cap = role_granting_cap(role, name);
	int j;

	for (j = 0; cap && j < cap->nr_apis; j++)
		if (!strcmp(cap->apis[j]->name, name))
			return cap->apis[j];
	return NULL;
}

const struct host_fn *role_file_host_fn(const struct role_file *rf, const char *name)
{
	int i = find_name(name, rf->host_fns, sizeof(rf->host_fns[0]), rf->nr_host_fns);

	return i < 0 ? NULL : &rf->host_fns[i];
}
