/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The YAML reader under the role model: libyaml's event parser turned into a small tree
 * whose every node keeps its source position. It refuses what a role file never needs and
 * a hostile one could abuse: aliases, nesting deeper than YTREE_MAX_DEPTH, more than
 * YTREE_MAX_NODES nodes, several documents, NUL bytes in scalars, duplicate mapping keys.
 */
#ifndef ROLEPROBE_ROLE_YAML_H
#define ROLEPROBE_ROLE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "role.h"

#define YTREE_MAX_DEPTH	32
#define YTREE_MAX_NODES	100000

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
};

struct ynode {
	enum ynode_kind kind;
	struct src_pos pos;	/* where the node starts; pos.file is the path given to ytree_parse */
	/* YN_SCALAR */
	char *str;		/* NUL-terminated, never contains a NUL */
	bool plain;		/* plain style and no tag: may be a number, a boolean or null */
	/*
	 * The scalar stands on one line exactly as its value reads (no escapes, no folding),
	 * opening quote excluded: the character at value offset k is at column pos.col +
	 * quote_cols + k (in characters).
	 */
	bool verbatim;
	unsigned int quote_cols;
	/* YN_SEQ: items; YN_MAP: keys at even indices, each followed by its value */
	struct ynode **kids;
	int nr_kids;
	int cap_kids;
};

/*
 * Parse the single YAML document in @buf into *@root. Errors go to @dl with positions
 * (file @path, 1-based line:col). Returns 0, or -EINVAL after a reported error, or
 * -ENOMEM; *@root is NULL unless 0 is returned. An empty stream is an error.
 */
int ytree_parse(const char *path, const char *buf, size_t len, struct ynode **root,
		struct diag_list *dl);
void ytree_free(struct ynode *node);

/* A plain scalar that YAML reads as null: empty, "~", "null". */
bool ynode_is_null(const struct ynode *node);

/* The position of character offset @off (in bytes) of scalar @node's value. */
struct src_pos ynode_pos_at(const struct ynode *node, size_t off);

const char *ynode_kind_str(enum ynode_kind kind);

#endif /* ROLEPROBE_ROLE_YAML_H */
