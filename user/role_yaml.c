// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * libyaml events into a position-keeping tree. The event parser is used rather than the
 * document loader so that an alias is refused where it is written (an alias bomb never
 * expands) and so that depth and size are bounded while reading, not after.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "role_yaml.h"

/* A mapping has a handful of keys in a role file; bounding it keeps the duplicate check cheap. */
#define YTREE_MAX_MAP_KEYS	1024

struct ytree_ctx {
	const char *path;
	const char *buf;
	size_t len;
	struct diag_list *dl;
	struct ynode *stack[YTREE_MAX_DEPTH];
	int depth;
	int nr_nodes;
	struct ynode *root;
	bool failed;		/* an error was reported: the tree is not returned */
	/*
	 * libyaml's mark.index counts characters, not bytes: this cursor maps one to the
	 * other, moving forward only, as marks do. No mapping for UTF-16 input.
	 */
	bool utf8;
	size_t cur_char;
	size_t cur_byte;
};

const char *ynode_kind_str(enum ynode_kind kind)
{
	switch (kind) {
	case YN_SCALAR: return "a scalar";
	case YN_SEQ: return "a sequence";
	case YN_MAP: return "a mapping";
	}
	return "?";
}

void ytree_free(struct ynode *node)
{
	int i;

	if (!node)
		return;
	for (i = 0; i < node->nr_kids; i++)
		ytree_free(node->kids[i]);
	free(node->kids);
	free(node->str);
	free(node);
}

bool ynode_is_null(const struct ynode *node)
{
	return node->kind == YN_SCALAR && node->plain &&
	       (!node->str[0] || !strcmp(node->str, "~") || !strcmp(node->str, "null") ||
		!strcmp(node->str, "Null") || !strcmp(node->str, "NULL"));
}

/* Characters (not UTF-8 continuation bytes) in the first @n bytes of @s. */
static unsigned int utf8_chars(const char *s, size_t n)
{
	unsigned int cnt = 0;
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cnt++;
	return cnt;
}

struct src_pos ynode_pos_at(const struct ynode *node, size_t off)
{
	struct src_pos pos = node->pos;

	if (node->kind == YN_SCALAR && node->verbatim)
		pos.col += node->quote_cols + utf8_chars(node->str, off);
	return pos;
}

static struct src_pos mark_pos(const struct ytree_ctx *ctx, const yaml_mark_t *m)
{
	struct src_pos pos = { ctx->path, (unsigned int)m->line + 1, (unsigned int)m->column + 1 };

	return pos;
}

/* libyaml's reader reports a byte offset only: turn it into line:col. */
static struct src_pos offset_pos(const struct ytree_ctx *ctx, size_t off)
{
	struct src_pos pos = { ctx->path, 1, 1 };
	size_t i, bol = 0;

	if (off > ctx->len)
		off = ctx->len;
	for (i = 0; i < off; i++) {
		if (ctx->buf[i] == '\n') {
			pos.line++;
			bol = i + 1;
		}
	}
	pos.col += utf8_chars(ctx->buf + bol, off - bol);
	return pos;
}

static void ytree_err(struct ytree_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ytree_err(struct ytree_ctx *ctx, const struct src_pos *pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ctx->dl, DIAG_ERROR, pos, "%s", msg);
	ctx->failed = true;
}

/* The byte offset of character @index, or (size_t)-1. */
static size_t char_to_byte(struct ytree_ctx *ctx, size_t index)
{
	if (!ctx->utf8 || index < ctx->cur_char)
		return (size_t)-1;
	while (ctx->cur_char < index && ctx->cur_byte < ctx->len) {
		ctx->cur_byte++;
		while (ctx->cur_byte < ctx->len &&
		       ((unsigned char)ctx->buf[ctx->cur_byte] & 0xc0) == 0x80)
			ctx->cur_byte++;
		ctx->cur_char++;
	}
	return ctx->cur_char == index ? ctx->cur_byte : (size_t)-1;
}

static void report_parser_error(struct ytree_ctx *ctx, const yaml_parser_t *p)
{
	struct src_pos pos;
	size_t off;
	const char *problem = p->problem ? p->problem : "unknown error";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		pos = (struct src_pos){ ctx->path, 0, 0 };
		ytree_err(ctx, &pos, "out of memory while parsing YAML");
		return;
	case YAML_READER_ERROR:
		pos = offset_pos(ctx, p->problem_offset);
		if (p->problem_value != -1)
			ytree_err(ctx, &pos, "not YAML text: %s (byte 0x%02x)", problem,
				  (unsigned int)p->problem_value & 0xff);
		else
			ytree_err(ctx, &pos, "not YAML text: %s", problem);
		return;
	default:
		pos = mark_pos(ctx, &p->problem_mark);
		/*
		 * libyaml names a tab where indentation is expected in several ways ("found
		 * character that cannot start any token", "found a tab character that violates
		 * indentation", ...): none says it is a tab
		 */
		off = char_to_byte(ctx, p->problem_mark.index);
		if (off < ctx->len && ctx->buf[off] == '\t')
			ytree_err(ctx, &pos,
				  "tabs are not allowed in YAML indentation; use spaces");
		else if (p->context)
			ytree_err(ctx, &pos, "%s (%s at %zu:%zu)", problem, p->context,
				  p->context_mark.line + 1, p->context_mark.column + 1);
		else
			ytree_err(ctx, &pos, "%s", problem);
	}
}

/* True when the source of a scalar between the marks reads exactly as its value. */
static bool scalar_verbatim(struct ytree_ctx *ctx, const yaml_event_t *ev,
			    unsigned int *quote_cols)
{
	size_t vlen = ev->data.scalar.length, start, end;
	unsigned int q = 0;

	if (ev->start_mark.line != ev->end_mark.line)
		return false;
	start = char_to_byte(ctx, ev->start_mark.index);
	end = start == (size_t)-1 ? start : char_to_byte(ctx, ev->end_mark.index);
	if (end == (size_t)-1 || end > ctx->len || start > end)
		return false;
	switch (ev->data.scalar.style) {
	case YAML_PLAIN_SCALAR_STYLE:
		break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		q = 1;
		break;
	default:
		return false;
	}
	if (end - start != vlen + 2 * q)
		return false;
	if (memcmp(ctx->buf + start + q, ev->data.scalar.value, vlen))
		return false;
	*quote_cols = q;
	return true;
}

static struct ynode *node_new(struct ytree_ctx *ctx, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *node;

	if (++ctx->nr_nodes > YTREE_MAX_NODES) {
		struct src_pos pos = mark_pos(ctx, m);

		ytree_err(ctx, &pos, "more than %d YAML nodes: not a role file", YTREE_MAX_NODES);
		return NULL;
	}
	node = calloc(1, sizeof(*node));
	if (!node)
		return NULL;
	node->kind = kind;
	node->pos = mark_pos(ctx, m);
	return node;
}

/* Check a new mapping key against the earlier ones of the same mapping. */
static void check_key(struct ytree_ctx *ctx, const struct ynode *map, const struct ynode *key)
{
	int i;

	if (key->kind != YN_SCALAR) {
		ytree_err(ctx, &key->pos, "a mapping key must be a scalar, not %s",
			  ynode_kind_str(key->kind));
		return;
	}
	for (i = 0; i < map->nr_kids; i += 2) {
		const struct ynode *prev = map->kids[i];

		if (prev->kind == YN_SCALAR && !strcmp(prev->str, key->str)) {
			ytree_err(ctx, &key->pos, "duplicate key '%s' (first at %u:%u)", key->str,
				  prev->pos.line, prev->pos.col);
			return;
		}
	}
}

/* Attach @node to the open collection (or make it the root). Takes ownership of @node. */
static int node_attach(struct ytree_ctx *ctx, struct ynode *node)
{
	struct ynode *parent, **kids;

	if (!ctx->depth) {
		ctx->root = node;
		return 0;
	}
	parent = ctx->stack[ctx->depth - 1];
	if (parent->kind == YN_MAP && !(parent->nr_kids & 1)) {
		if (parent->nr_kids / 2 >= YTREE_MAX_MAP_KEYS) {
			ytree_err(ctx, &node->pos, "mapping with more than %d keys",
				  YTREE_MAX_MAP_KEYS);
			ytree_free(node);
			return -EINVAL;
		}
		check_key(ctx, parent, node);
	}
	if (parent->nr_kids == parent->cap_kids) {
		int cap = parent->cap_kids ? parent->cap_kids * 2 : 8;

		kids = realloc(parent->kids, cap * sizeof(*kids));
		if (!kids) {
			ytree_free(node);
			return -ENOMEM;
		}
		parent->kids = kids;
		parent->cap_kids = cap;
	}
	parent->kids[parent->nr_kids++] = node;
	return 0;
}

static int on_scalar(struct ytree_ctx *ctx, const yaml_event_t *ev)
{
	size_t vlen = ev->data.scalar.length;
	struct ynode *node;

	if (memchr(ev->data.scalar.value, '\0', vlen)) {
		struct src_pos pos = mark_pos(ctx, &ev->start_mark);

		ytree_err(ctx, &pos, "a scalar contains a NUL character");
		return -EINVAL;
	}
	node = node_new(ctx, YN_SCALAR, &ev->start_mark);
	if (!node)
		return ctx->failed ? -EINVAL : -ENOMEM;
	node->str = strndup((const char *)ev->data.scalar.value, vlen);
	if (!node->str) {
		free(node);
		return -ENOMEM;
	}
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		      ev->data.scalar.plain_implicit && !ev->data.scalar.tag;
	node->verbatim = scalar_verbatim(ctx, ev, &node->quote_cols);
	return node_attach(ctx, node);
}

static int on_start(struct ytree_ctx *ctx, const yaml_event_t *ev, enum ynode_kind kind)
{
	struct ynode *node;
	int err;

	if (ctx->depth >= YTREE_MAX_DEPTH) {
		struct src_pos pos = mark_pos(ctx, &ev->start_mark);

		ytree_err(ctx, &pos, "nesting deeper than %d levels", YTREE_MAX_DEPTH);
		return -EINVAL;
	}
	node = node_new(ctx, kind, &ev->start_mark);
	if (!node)
		return ctx->failed ? -EINVAL : -ENOMEM;
	err = node_attach(ctx, node);
	if (err)
		return err;
	ctx->stack[ctx->depth++] = node;
	return 0;
}

/* One event; returns 1 at the end of the stream, 0 to go on, a negative errno to stop. */
static int on_event(struct ytree_ctx *ctx, const yaml_event_t *ev)
{
	struct src_pos pos = mark_pos(ctx, &ev->start_mark);

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (ctx->root) {
			ytree_err(ctx, &pos, "a role file holds one YAML document, this is a second");
			return -EINVAL;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		ytree_err(ctx, &pos, "YAML aliases are not allowed in role files (*%s)",
			  (const char *)ev->data.alias.anchor);
		return -EINVAL;
	case YAML_SCALAR_EVENT:
		return on_scalar(ctx, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ctx, ev, YN_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(ctx, ev, YN_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (ctx->depth > 0)
			ctx->depth--;
		return 0;
	default:
		return 0;
	}
}

int ytree_parse(const char *path, const char *buf, size_t len, struct ynode **root,
		struct diag_list *dl)
{
	struct ytree_ctx ctx = { .path = path, .buf = buf, .len = len, .dl = dl };
	yaml_parser_t parser;
	yaml_event_t ev;
	int err = 0;

	*root = NULL;
	/* libyaml skips a UTF-8 BOM before counting; UTF-16 input has no byte mapping */
	ctx.utf8 = !(len >= 2 && (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
				  ((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff)));
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		ctx.cur_byte = 3;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!err) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&ctx, &parser);
			err = -EINVAL;
			break;
		}
		err = on_event(&ctx, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (err == 1)
		err = 0;
	if (!err && !ctx.root) {
		struct src_pos pos = { path, 0, 0 };

		ytree_err(&ctx, &pos, "empty role file: no YAML document");
	}
	if (err == -ENOMEM) {
		struct src_pos pos = { path, 0, 0 };

		ytree_err(&ctx, &pos, "out of memory while reading YAML");
	}
	if (ctx.failed) {
		ytree_free(ctx.root);
		return err == -ENOMEM ? -ENOMEM : -EINVAL;
	}
	*root = ctx.root;
	return 0;
}
