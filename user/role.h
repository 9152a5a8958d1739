/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The role model (SPEC section 3): a role file parsed once with libyaml into structures,
 * host functions resolved against the running kernel and the host library, roles resolved
 * through `inherits`. Nothing downstream looks at YAML text or constraint strings again.
 */
#ifndef ROLEPROBE_ROLE_H
#define ROLEPROBE_ROLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Role files larger than this are refused before parsing. */
#define ROLE_FILE_MAX_SIZE	(1 << 20)

struct src_pos {
	const char *file;	/* points into the owning role_file, never freed separately */
	unsigned int line;	/* 1-based */
	unsigned int col;	/* 1-based */
};

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR,
};

struct diag {
	enum diag_level level;
	struct src_pos pos;	/* pos.line == 0: no position (e.g. the file could not be opened) */
	char *msg;
};

/* A list of diagnostics, in the order found. */
struct diag_list {
	struct diag *items;
	int cnt;
	int nr_errors;
};

/*
 * Append a diagnostic; @pos may be NULL (no position). The file name is copied, so a
 * diagnostic outlives the role_file it is about. Errors are counted even when memory runs
 * out; past 1000 diagnostics only the count grows.
 */
void diag_add(struct diag_list *dl, enum diag_level level, const struct src_pos *pos,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_list_free(struct diag_list *dl);

enum cmp_op {
	CMP_GT,
	CMP_GE,
	CMP_LT,
	CMP_LE,
	CMP_EQ,
	CMP_NE,
};

const char *cmp_op_str(enum cmp_op op);	/* ">", ">=", ... (ASCII spelling) */

enum constraint_kind {
	CONSTR_NON_NULL,	/* operand.non_null */
	CONSTR_NULL_TERMINATED,	/* operand.null_terminated */
	CONSTR_CMP,		/* operand relop value */
};

const char *constraint_kind_str(enum constraint_kind kind);	/* "non_null", ..., "cmp" */

/* Operand indices that are not parameters. */
#define CONSTR_RETURN	(-1)	/* "return" */
#define CONSTR_VALUE	(-2)	/* "value": the value itself, in types[].constraints */

struct constraint {
	enum constraint_kind kind;
	int operand;		/* parameter index, CONSTR_RETURN or CONSTR_VALUE */
	enum cmp_op op;		/* CONSTR_CMP only */
	int64_t value;		/* CONSTR_CMP only */
	char *text;		/* as written, for messages */
	const char *from_type;	/* non-NULL: inherited from this type's constraints */
	struct src_pos pos;
};

/* types[]: a named type with constraints on its values. */
struct role_type {
	char *name;
	char *base;
	struct constraint *constraints;	/* operand is CONSTR_VALUE */
	int nr_constraints;
	struct src_pos pos;
};

struct host_param {
	char *name;
	char *type;			/* as written: "const_char_ptr", "size_t", ... */
	const struct role_type *rtype;	/* the types[] entry, if the type names one */
	bool is_ptr;			/* the type (or its base) is a pointer */
	bool is_const;			/* pointer to const: the callee must not write through it */
};

enum provider_kind {
	PROV_NONE,	/* resolves to nothing: a warning, can never be granted */
	PROV_HELPER,	/* kernel helper, id = enum bpf_func_id */
	PROV_KFUNC,	/* kfunc of the running kernel, id = vmlinux BTF type id */
	PROV_HOSTLIB,	/* roleprobe's host library (bpf/hostlib) */
};

const char *provider_kind_str(enum provider_kind kind);

struct host_fn {
	char *name;
	bool declared;			/* has a host_functions entry (else: named by a capability only) */
	struct host_param *params;
	int nr_params;
	char *return_type;
	/*
	 * function_constraints, followed by the constraints each parameter inherits from its
	 * type (operand rewritten from "value" to the parameter index, from_type set).
	 */
	struct constraint *constraints;
	int nr_constraints;
	enum provider_kind prov;
	int prov_id;			/* helper id or kfunc BTF id; 0 for host library / none */
	struct src_pos pos;
};

struct capability {
	char *name;
	struct host_fn **apis;		/* into role_file.host_fns */
	int nr_apis;
	char **descriptions;		/* capability `constraints`: prose, kept as descriptions */
	int nr_descriptions;
	struct src_pos pos;
};

enum on_violation {
	ON_VIOLATION_WARN,
	ON_VIOLATION_DETACH,
};

const char *on_violation_str(enum on_violation v);	/* "warn", "detach" */

/* Bits of role_attrs.set */
enum role_attr_bit {
	ATTR_MAX_MEMORY			= 1u << 0,
	ATTR_MAX_INSTRUCTIONS		= 1u << 1,
	ATTR_ALLOW_MEMORY_WRITE		= 1u << 2,
	ATTR_ALWAYS_CONST		= 1u << 3,
	ATTR_MAY_HAVE_SIDE_EFFECT	= 1u << 4,
	ATTR_SKIP_VERIFICATION		= 1u << 5,
	ATTR_MAX_MAP_MEMORY		= 1u << 6,
	ATTR_MAX_EVENT_NS		= 1u << 7,
	ATTR_ON_VIOLATION		= 1u << 8,
};

/*
 * Attributes after inheritance. An attribute no role in the chain sets takes its default,
 * the least permissive one (see roles/README.md); `set` says which were written.
 */
struct role_attrs {
	unsigned int set;
	unsigned int inherited;		/* the bits of `set` that came from a parent role */
	uint64_t max_memory;		/* default 512 (the kernel's stack cap) */
	uint64_t max_instructions;	/* default 1000000 (the kernel's complexity limit) */
	uint64_t max_map_memory;	/* 0 = no limit (default) */
	uint64_t max_event_ns;		/* 0 = no limit (default) */
	bool allow_memory_write;	/* default false */
	bool always_const;		/* default true */
	bool may_have_side_effect;	/* default false */
	bool skip_verification;		/* default false */
	enum on_violation on_violation;	/* default detach */
};

enum role_attr_type {
	ROLE_ATTR_U64,
	ROLE_ATTR_BOOL,
	ROLE_ATTR_ENUM,		/* on_violation */
};

struct role_attr_info {
	const char *name;		/* as written in a role file: "max_memory" */
	unsigned int bit;		/* enum role_attr_bit */
	enum role_attr_type type;
};

/* The attributes in file order, for i = 0, 1, ... until NULL. */
const struct role_attr_info *role_attr_info(int i);
/* Attribute @bit of @attrs as a number (bools 0/1, on_violation its enum value). */
uint64_t role_attr_value(const struct role_attrs *attrs, unsigned int bit);
/* Attribute @bit of @attrs as it would be written in a role file: "512", "false", "detach". */
void role_attr_format(const struct role_attrs *attrs, unsigned int bit, char *buf, size_t len);

struct role_def {
	char *name;
	char **inherits;		/* parent names as written */
	int nr_inherits;
	struct capability **caps;	/* own and inherited, deduplicated, in order found */
	int nr_caps;
	struct role_attrs attrs;	/* after inheritance */
	struct src_pos pos;
};

struct role_file {
	char *path;
	struct role_type *types;
	int nr_types;
	struct host_fn *host_fns;	/* declared ones first, then capability-only names */
	int nr_host_fns;
	struct capability *caps;
	int nr_caps;
	struct role_def *roles;
	int nr_roles;
	bool has_extension_exports;
};

/*
 * Parse and resolve the role file at @path. Diagnostics (errors and warnings, each with a
 * position) are appended to @diags. Returns 0 and sets *@out when no error was found;
 * -EINVAL when the file has errors (see @diags), another negative errno when it could not
 * be read (also reported in @diags). *@out is NULL on failure.
 */
int role_file_load(const char *path, struct role_file **out, struct diag_list *diags);

/* Same, from a buffer already read; @path names it in messages. */
int role_file_load_buf(const char *path, const char *buf, size_t len, struct role_file **out,
		       struct diag_list *diags);

void role_file_free(struct role_file *rf);

/*
 * Resolve kfuncs against the BTF at @path instead of /sys/kernel/btf/vmlinux (NULL: back to
 * it). The kernel BTF is read once, when a name first needs it; this drops what was read.
 */
void role_set_kernel_btf(const char *path);

/*
 * The role named @name, or when @name is NULL the file's only role. NULL when there is
 * no such role or @name is NULL and the file has several (the caller reports it).
 */
const struct role_def *role_find(const struct role_file *rf, const char *name);

/*
 * For the commands that use one role (check, attach, inspect): load @path and pick the role
 * @name (NULL: the file's only role). Reports failures itself, in plain mode as the
 * diagnostics with their positions and a closing error, in JSON mode as one error object
 * carrying them; warnings are left to `role lint`. Returns 0 with *@rf and *@role set, or
 * RP_EXIT_INPUT with both NULL.
 */
int role_open(const char *path, const char *name, struct role_file **rf,
	      const struct role_def **role);

/* The host function @name when @role grants it (through one of its capabilities), else NULL. */
const struct host_fn *role_granted(const struct role_def *role, const char *name);

/* The capability of @role that grants @name, or NULL. */
const struct capability *role_granting_cap(const struct role_def *role, const char *name);

/* The host function called @name in the file, granted or not; NULL if the file never names it. */
const struct host_fn *role_file_host_fn(const struct role_file *rf, const char *name);

/*
 * Print diagnostics as "file:line:col: error: msg" / "warning: msg" on stderr, or, in JSON
 * mode, as a "diagnostics" array into the current JSON object.
 */
void diag_list_print(const struct diag_list *dl);

#endif /* ROLEPROBE_ROLE_H */
