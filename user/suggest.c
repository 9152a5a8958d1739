// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * role suggest (see suggest.h). The userspace verifier is the only judge: the role is built
 * as a model, written as YAML, loaded by the role loader like any role file and checked
 * against the extension; then adjusted until the verifier accepts it (a constraint the
 * extension does not prove is left out, an attribute it needs is relaxed, a host function
 * it calls is added) or a violation remains that no role can lift.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "extension.h"
#include "helpers.h"
#include "hostlib.h"
#include "output.h"
#include "role.h"
#include "suggest.h"
#include "vec.h"
#include "verifier.h"

#define EVENT_FN		"handle_uprobe_event"
#define EVENT_CAP		"UprobeEventCap"
#define KERNEL_STACK_MAX	512
#define VMLINUX_BTF		"/sys/kernel/btf/vmlinux"
/* rounds of check and adjust: each one lifts at least one thing, there are few to lift */
#define MAX_ROUNDS		32
/* the measuring role: room for any stack and any bound the verifier can prove */
#define PROBE_MAX_MEMORY	(1ull << 20)
#define PROBE_MAX_INSNS		1000000000000ull
/*
 * Where a loop the verifier cannot bound is: a path longer than the largest program the
 * kernel loads (its complexity limit, a million instructions) has gone round a loop.
 */
#define LOCATE_MAX_INSNS	1000000ull
/* Shown for the role of a refusal: what it says holds under any role. */
#define REFUSAL_ROLE		"(any)"
#define NAME_MAX_LEN		128

struct sg_constraint {
	enum constraint_kind kind;
	int operand;			/* parameter index, or CONSTR_RETURN */
	enum cmp_op op;
	int64_t value;
	char *text;			/* as written in function_constraints */
	bool from_type;			/* comes with the parameter's --from type */
	char *left_out;			/* why it is left out; NULL: kept */
};

struct sg_param {
	char *name;
	char *type;			/* as written: a built-in or a --from type */
	const struct role_type *rtype;	/* the --from type, whose constraints come with it */
	bool is_const;
};

struct sg_fn {
	char *name;
	enum provider_kind prov;
	bool declared;			/* a host_functions entry with a signature */
	const char *origin;		/* where the declaration comes from, for the comment */
	struct sg_param *params;
	int nr_params;
	char *ret;
	struct sg_constraint *cons;
	int nr_cons;
	int cap;			/* index into model.caps */
};

struct sg_cap {
	char *name;
	const struct capability *from;	/* the --from capability reused; NULL: a new one */
	int order;
};

/* The boolean attributes a suggestion may make permissive, in role file order. */
enum sg_attr {
	SG_WRITE,			/* allow_memory_write: true */
	SG_CONST,			/* always_const: false */
	SG_SIDE,			/* may_have_side_effect: true */
	NR_SG_ATTRS,
};

static const char *const sg_attr_names[NR_SG_ATTRS] = {
	[SG_WRITE] = "allow_memory_write",
	[SG_CONST] = "always_const",
	[SG_SIDE] = "may_have_side_effect",
};

struct model {
	const struct extension *ext;
	const struct suggest_opts *o;
	const char *role_name;
	struct sg_fn *fns;
	int nr_fns;
	struct sg_cap *caps;
	int nr_caps;
	bool probe;			/* the measuring role: every attribute permissive */
	uint64_t stack;			/* measured */
	uint64_t insns;
	uint64_t max_memory;
	uint64_t max_instructions;
	bool allow_memory_write;
	bool always_const;
	bool may_have_side_effect;
	char *why_write;		/* why each permissive boolean is needed */
	char *why_const;
	char *why_side;
	/* per attribute: the calls (or accesses) that need it permissive, "f at file:line" */
	char **because[NR_SG_ATTRS];
	int nr_because[NR_SG_ATTRS];
	const struct verdict *measured;	/* for the per-entry comments */
	bool oom;
};

/* ---- small helpers ---- */

static char *m_strdup(struct model *m, const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		m->oom = true;
	return d;
}

static char *m_printf(struct model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *m_printf(struct model *m, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		s = NULL;
		m->oom = true;
	}
	va_end(ap);
	return s;
}

static bool is_name(const char *s, bool allow_dash)
{
	size_t i;

	if (!s || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; s[i]; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' ||
		      (allow_dash && (s[i] == '-' || s[i] == '.'))))
			return false;
	return i <= NAME_MAX_LEN;
}

/* "count_calls.bpf.o" -> "CountCallsRole" */
static char *default_role_name(struct model *m, const char *path)
{
	const char *base = basename(path);
	char buf[NAME_MAX_LEN + 1];
	size_t n = 0;
	bool up = true;

	for (; *base && *base != '.' && n + 5 < sizeof(buf); base++) {
		if (!isalnum((unsigned char)*base)) {
			up = true;
			continue;
		}
		buf[n++] = up ? toupper((unsigned char)*base) : *base;
		up = false;
	}
	buf[n] = '\0';
	if (!n || !isalpha((unsigned char)buf[0]))
		return m_printf(m, "Extension%sRole", buf);
	return m_printf(m, "%sRole", buf);
}

/* The smallest of 10, 20, 50, 100, 200, 500, ... not below @n. */
static uint64_t round_insns(uint64_t n)
{
	uint64_t p;

	for (p = 10; p <= UINT64_MAX / 10; p *= 10) {
		if (n <= p)
			return p;
		if (n <= 2 * p)
			return 2 * p;
		if (n <= 5 * p)
			return 5 * p;
	}
	return n;
}

/* Up to a multiple of 16 bytes. */
static uint64_t round_stack(uint64_t n)
{
	return n > UINT64_MAX - 15 ? n : (n + 15) / 16 * 16;
}

/* ---- prototype knowledge: the helper table, vmlinux BTF, the host library's BTF ---- */

static const struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__parse(VMLINUX_BTF, NULL);
	}
	return btf;
}

static const char *const scalar_typedefs[] = {
	"size_t", "ssize_t", "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "uint8_t",
	"uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
	"uintptr_t",
};

static bool known_scalar_typedef(const char *n)
{
	size_t i;

	for (i = 0; n && i < sizeof(scalar_typedefs) / sizeof(scalar_typedefs[0]); i++)
		if (!strcmp(n, scalar_typedefs[i]))
			return true;
	return false;
}

static const char *int_spelling(const struct btf_type *t)
{
	__u8 enc = btf_int_encoding(t);
	bool sgn = enc & BTF_INT_SIGNED;

	if (enc & BTF_INT_BOOL)
		return "bool";
	switch (t->size) {
	case 1: return (enc & BTF_INT_CHAR) ? "char" : sgn ? "s8" : "u8";
	case 2: return sgn ? "s16" : "u16";
	case 4: return sgn ? "int" : "u32";
	default: return sgn ? "s64" : "u64";
	}
}

/* A role-file spelling of what BTF pointer type @t points to. */
static void pointer_spelling(const struct btf *btf, __u32 id, char *buf, size_t len)
{
	const struct btf_type *t = NULL;
	bool is_const = false;
	int hops;

	for (hops = 0; hops < 32 && id; hops++) {
		t = btf__type_by_id(btf, id);
		if (!t)
			break;
		if (btf_is_const(t))
			is_const = true;
		if (!btf_is_mod(t) && !btf_is_typedef(t))
			break;
		id = t->type;
	}
	if (t && id && btf_is_int(t) && t->size == 1)
		snprintf(buf, len, "%schar*", is_const ? "const " : "");
	else if (t && id && btf_is_int(t))
		snprintf(buf, len, "%s%s*", is_const ? "const " : "", int_spelling(t));
	else if (t && id && btf_is_struct(t) && is_name(btf__name_by_offset(btf, t->name_off), false))
		snprintf(buf, len, "%sstruct %s *", is_const ? "const " : "",
			 btf__name_by_offset(btf, t->name_off));
	else
		snprintf(buf, len, "%svoid_ptr", is_const ? "const_" : "");
}

/* A role-file spelling of BTF type @id: a built-in scalar, "void" or a pointer. */
static void btf_spelling(const struct btf *btf, __u32 id, char *buf, size_t len)
{
	const struct btf_type *t;
	int hops;

	for (hops = 0; hops < 32 && id; hops++) {
		t = btf__type_by_id(btf, id);
		if (!t)
			break;
		if (btf_is_typedef(t) && known_scalar_typedef(btf__name_by_offset(btf, t->name_off))) {
			snprintf(buf, len, "%s", btf__name_by_offset(btf, t->name_off));
			return;
		}
		if (btf_is_mod(t) || btf_is_typedef(t)) {
			id = t->type;
			continue;
		}
		if (btf_is_ptr(t)) {
			pointer_spelling(btf, t->type, buf, len);
			return;
		}
		if (btf_is_int(t)) {
			snprintf(buf, len, "%s", int_spelling(t));
			return;
		}
		if (btf_is_any_enum(t)) {
			snprintf(buf, len, "%s", t->size == 8 ? "s64" : "int");
			return;
		}
		break;
	}
	snprintf(buf, len, "%s", id ? "u64" : "void");
}

static bool spelling_is_ptr(const char *s)
{
	size_t n = strlen(s);

	return (n && s[n - 1] == '*') || (n > 4 && !strcmp(s + n - 4, "_ptr"));
}

static void add_constraint(struct model *m, struct sg_fn *fn, enum constraint_kind kind,
			   int operand, enum cmp_op op, int64_t value, const char *text,
			   bool from_type)
{
	struct sg_constraint *c;

	if (vec_grow((void **)&fn->cons, fn->nr_cons, sizeof(*fn->cons))) {
		m->oom = true;
		return;
	}
	c = &fn->cons[fn->nr_cons++];
	*c = (struct sg_constraint){ .kind = kind, .operand = operand, .op = op, .value = value,
				     .from_type = from_type };
	c->text = m_strdup(m, text);
}

static void add_non_null(struct model *m, struct sg_fn *fn, int i)
{
	char text[NAME_MAX_LEN + 16];

	snprintf(text, sizeof(text), "%s.non_null", fn->params[i].name);
	add_constraint(m, fn, CONSTR_NON_NULL, i, CMP_GT, 0, text, false);
}

static bool set_params(struct model *m, struct sg_fn *fn, int n)
{
	fn->params = calloc(n ? n : 1, sizeof(*fn->params));
	if (!fn->params) {
		m->oom = true;
		return false;
	}
	fn->nr_params = n;
	return true;
}

/* Parameter names must differ: a repeated one gets its position appended. */
static void unique_param_names(struct model *m, struct sg_fn *fn)
{
	int i, j;

	for (i = 0; i < fn->nr_params; i++)
		for (j = 0; j < i; j++)
			if (fn->params[i].name && fn->params[j].name &&
			    !strcmp(fn->params[i].name, fn->params[j].name)) {
				char *s = m_printf(m, "%s%d", fn->params[i].name, i + 1);

				free(fn->params[i].name);
				fn->params[i].name = s;
				break;
			}
}

/* What a helper argument shape is called and typed when the kernel's BTF has no name. */
static const char *shape_name(enum helper_arg a)
{
	switch (a) {
	case HA_MAP: return "map";
	case HA_MAP_KEY: return "key";
	case HA_MAP_VALUE:
	case HA_MAP_VALUE_UNINIT:
	case HA_MAP_VALUE_OR_NULL: return "value";
	case HA_MEM:
	case HA_MEM_OR_NULL: return "buf";
	case HA_MEM_UNINIT: return "dst";
	case HA_SIZE:
	case HA_SIZE_OR_ZERO: return "size";
	case HA_CTX: return "ctx";
	case HA_FUNC: return "callback_fn";
	case HA_STACK_OR_NULL: return "callback_ctx";
	case HA_RINGBUF_MEM: return "data";
	case HA_CONST_STR: return "str";
	case HA_SPIN_LOCK: return "lock";
	case HA_TIMER: return "timer";
	case HA_DYNPTR: return "ptr";
	case HA_LONG_PTR: return "res";
	case HA_KERNEL_PTR: return "obj";
	default: return NULL;	/* HA_ANYTHING: argN */
	}
}

static const char *shape_type(enum helper_arg a)
{
	switch (a) {
	case HA_ANYTHING: return "u64";
	case HA_MAP_KEY:
	case HA_MAP_VALUE:
	case HA_MEM:
	case HA_MEM_OR_NULL: return "const_void_ptr";
	case HA_SIZE:
	case HA_SIZE_OR_ZERO: return "u32";
	case HA_CONST_STR: return "const char*";
	case HA_LONG_PTR: return "long*";
	default: return "void_ptr";
	}
}

/* Shapes the kernel itself refuses NULL for (no _OR_NULL in the kernel's ARG_* type). */
static bool shape_non_null(enum helper_arg a)
{
	switch (a) {
	case HA_MAP: case HA_MAP_KEY: case HA_MAP_VALUE: case HA_MAP_VALUE_UNINIT:
	case HA_MEM: case HA_MEM_UNINIT: case HA_CTX: case HA_FUNC: case HA_RINGBUF_MEM:
	case HA_CONST_STR: case HA_SPIN_LOCK: case HA_TIMER: case HA_DYNPTR: case HA_LONG_PTR:
		return true;
	default:
		return false;
	}
}

/*
 * The kernel's own parameter names of helper @name: the BPF_CALL_x function of that name
 * (or its _compat twin) in vmlinux BTF, whose padding parameters are called __ur_N.
 */
static const struct btf_type *helper_btf_proto(const char *name)
{
	const struct btf *btf = vmlinux_btf();
	const struct btf_type *f, *p;
	char alt[NAME_MAX_LEN + 16];
	int id;

	if (!btf)
		return NULL;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id <= 0) {
		snprintf(alt, sizeof(alt), "%s_compat", name);
		id = btf__find_by_name_kind(btf, alt, BTF_KIND_FUNC);
	}
	if (id <= 0 || !(f = btf__type_by_id(btf, id)) || !(p = btf__type_by_id(btf, f->type)) ||
	    !btf_is_func_proto(p))
		return NULL;
	return p;
}

static const char *btf_param_name(const struct btf_type *proto, int i)
{
	const char *n;

	if (!proto || i >= btf_vlen(proto))
		return NULL;
	n = btf__name_by_offset(vmlinux_btf(), btf_params(proto)[i].name_off);
	return n && is_name(n, false) && strncmp(n, "__ur_", 5) ? n : NULL;
}

static void declare_helper(struct model *m, struct sg_fn *fn)
{
	const struct helper_info *h = helper_by_name(fn->name);
	const struct btf_type *proto = helper_btf_proto(fn->name);
	int i, n;

	if (!h)
		return;
	if (!h->has_proto) {
		/* no shape known: the kernel's names, every argument a u64 */
		for (n = 0; proto && btf_param_name(proto, n); n++)
			;
		if (!proto || !set_params(m, fn, n))
			return;
		for (i = 0; i < n; i++) {
			fn->params[i].name = m_strdup(m, btf_param_name(proto, i));
			fn->params[i].type = m_strdup(m, "u64");
		}
		fn->ret = m_strdup(m, "long");
		fn->declared = true;
		fn->origin = "from the kernel's BTF (argument shapes unknown: u64)";
		return;
	}
	n = helper_nr_args(h);
	if (!set_params(m, fn, n))
		return;
	for (i = 0; i < n; i++) {
		enum helper_arg a = h->args[i];
		const char *bn = btf_param_name(proto, i);

		if (bn)
			fn->params[i].name = m_strdup(m, bn);
		else if (shape_name(a))
			fn->params[i].name = m_strdup(m, shape_name(a));
		else
			fn->params[i].name = m_printf(m, "arg%d", i + 1);
		fn->params[i].type = m_strdup(m, shape_type(a));
	}
	unique_param_names(m, fn);
	for (i = 0; i < n && !m->oom; i++) {
		char text[NAME_MAX_LEN + 16];

		if (shape_non_null(h->args[i]))
			add_non_null(m, fn, i);
		if (h->args[i] == HA_SIZE) {
			snprintf(text, sizeof(text), "%s > 0", fn->params[i].name);
			add_constraint(m, fn, CONSTR_CMP, i, CMP_GT, 0, text, false);
		}
	}
	fn->ret = m_strdup(m, h->ret == HR_VOID ? "void" : h->ret == HR_INT ? "long" : "void_ptr");
	fn->declared = true;
	fn->origin = "from the kernel's helper prototype";
}

/*
 * A kfunc or host library function from its BTF FUNC @id of @btf. Pointers are non_null
 * unless the kfunc's parameter is annotated __nullable, __opt or __ign (the kernel then
 * accepts NULL, or does not look at it); the annotation is not part of the name.
 */
static void declare_from_btf(struct model *m, struct sg_fn *fn, const struct btf *btf, int id,
			     const char *origin)
{
	const struct btf_type *f = btf__type_by_id(btf, id), *proto;
	const struct btf_param *bp;
	char type[NAME_MAX_LEN + 16];
	int i, n;

	if (!f || !btf_is_func(f) || !(proto = btf__type_by_id(btf, f->type)) ||
	    !btf_is_func_proto(proto))
		return;
	n = btf_vlen(proto);
	bp = btf_params(proto);
	if (!set_params(m, fn, n))
		return;
	for (i = 0; i < n && !m->oom; i++) {
		const char *pn = btf__name_by_offset(btf, bp[i].name_off);
		const char *sfx = pn ? strstr(pn + (pn[0] ? 1 : 0), "__") : NULL;
		bool nullable = sfx && (strstr(sfx, "nullable") || strstr(sfx, "opt") ||
					strstr(sfx, "ign"));

		if (pn && sfx)
			fn->params[i].name = m_printf(m, "%.*s", (int)(sfx - pn), pn);
		else
			fn->params[i].name = m_strdup(m, pn);
		if (!fn->params[i].name || !is_name(fn->params[i].name, false)) {
			free(fn->params[i].name);
			fn->params[i].name = m_printf(m, "arg%d", i + 1);
		}
		btf_spelling(btf, bp[i].type, type, sizeof(type));
		fn->params[i].type = m_strdup(m, type);
		fn->params[i].is_const = !strncmp(type, "const", 5);
		if (spelling_is_ptr(type) && !nullable)
			add_non_null(m, fn, i);
	}
	unique_param_names(m, fn);
	btf_spelling(btf, proto->type, type, sizeof(type));
	fn->ret = m_strdup(m, type);
	fn->declared = true;
	fn->origin = origin;
}

/* As the --from file declares it: signature, own constraints, its types' constraints. */
static void declare_from_role(struct model *m, struct sg_fn *fn, const struct host_fn *hf)
{
	int i;

	if (!set_params(m, fn, hf->nr_params))
		return;
	for (i = 0; i < hf->nr_params; i++) {
		fn->params[i].name = m_strdup(m, hf->params[i].name);
		fn->params[i].type = m_strdup(m, hf->params[i].type);
		fn->params[i].rtype = hf->params[i].rtype;
		fn->params[i].is_const = hf->params[i].is_const;
	}
	fn->ret = m_strdup(m, hf->return_type);
	for (i = 0; i < hf->nr_constraints; i++) {
		const struct constraint *c = &hf->constraints[i];

		add_constraint(m, fn, c->kind, c->operand, c->op, c->value, c->text,
			       c->from_type != NULL);
	}
	fn->declared = true;
	fn->origin = "as in the --from role file";
}

/* ---- capabilities ---- */

/* New capabilities, in the seed's vocabulary where it has a word; listed in output order. */
static const struct {
	const char *prefix;
	const char *cap;
} cap_groups[] = {
	{ "bpf_map_", "MapHelpersCap" },
	{ "bpf_for_each_map_elem", "MapHelpersCap" },
	{ "bpf_str", "StringHelpersCap" },
	{ "bpf_snprintf", "StringHelpersCap" },
	{ "bpf_probe_read", "ProbeHelpersCap" },
	{ "bpf_get_info", "ProbeHelpersCap" },
	{ "bpf_get_current_", "InfoHelpersCap" },
	{ "bpf_get_ns_current_pid_tgid", "InfoHelpersCap" },
	{ "bpf_ktime_", "InfoHelpersCap" },
	{ "bpf_jiffies64", "InfoHelpersCap" },
	{ "bpf_get_smp_processor_id", "InfoHelpersCap" },
	{ "bpf_get_prandom_u32", "InfoHelpersCap" },
	{ "bpf_get_func_ip", "InfoHelpersCap" },
	{ "bpf_get_attach_cookie", "InfoHelpersCap" },
	{ "bpf_get_stack", "StackTraceCap" },
	{ "bpf_loop", "LoopCap" },
	{ "bpf_ringbuf_", "RingbufCap" },
	{ "bpf_perf_event_output", "PerfOutputCap" },
	{ "bpf_spin_", "SpinLockCap" },
	{ "bpf_timer_", "TimerCap" },
	{ "bpf_trace_", "PrintCap" },
	{ "bpf_send_signal", "SignalCap" },
	{ "bpf_override_return", "OverrideReturnCap" },
	{ "bpf_probe_write_user", "UserWriteCap" },
	{ EVENT_FN, EVENT_CAP },
};
#define NR_CAP_GROUPS	((int)(sizeof(cap_groups) / sizeof(cap_groups[0])))

static int new_cap_group(const char *name, enum provider_kind prov, const char **cap)
{
	int i;

	for (i = 0; i < NR_CAP_GROUPS; i++)
		if (!strncmp(name, cap_groups[i].prefix, strlen(cap_groups[i].prefix))) {
			*cap = cap_groups[i].cap;
			return i;
		}
	*cap = prov == PROV_KFUNC ? "KfuncsCap" : prov == PROV_HOSTLIB ? "HostLibraryCap" :
	       "HelpersCap";
	return NR_CAP_GROUPS;
}

static const struct capability *from_cap(const struct role_file *rf, const char *name)
{
	int i, j;

	for (i = 0; rf && i < rf->nr_caps; i++)
		for (j = 0; j < rf->caps[i].nr_apis; j++)
			if (!strcmp(rf->caps[i].apis[j]->name, name))
				return &rf->caps[i];
	return NULL;
}

static int find_cap(const struct model *m, const char *name)
{
	int i;

	for (i = 0; i < m->nr_caps; i++)
		if (!strcmp(m->caps[i].name, name))
			return i;
	return -1;
}

/* The capability @fn goes into: the --from one that lists it, else a new one. */
static int assign_cap(struct model *m, const char *fn, enum provider_kind prov)
{
	const struct capability *fc = from_cap(m->o->from, fn);
	const char *name;
	char *alt = NULL;
	int i, order;

	if (fc) {
		name = fc->name;
		order = fc - m->o->from->caps;
	} else {
		order = m->o->from ? m->o->from->nr_caps : 0;
		order += new_cap_group(fn, prov, &name);
		/* never a --from capability's name for what that capability does not list */
		for (i = 0; m->o->from && i < m->o->from->nr_caps; i++)
			if (!strcmp(m->o->from->caps[i].name, name)) {
				alt = m_printf(m, "Suggested%s", name);
				name = alt;
				break;
			}
	}
	if (!name)
		return -1;
	i = find_cap(m, name);
	if (i < 0) {
		if (vec_grow((void **)&m->caps, m->nr_caps, sizeof(*m->caps))) {
			m->oom = true;
			free(alt);
			return -1;
		}
		i = m->nr_caps++;
		m->caps[i] = (struct sg_cap){ .from = fc, .order = order };
		m->caps[i].name = m_strdup(m, name);
	}
	free(alt);
	return i;
}

static struct sg_fn *find_fn(struct model *m, const char *name)
{
	int i;

	for (i = 0; i < m->nr_fns; i++)
		if (!strcmp(m->fns[i].name, name))
			return &m->fns[i];
	return NULL;
}

static enum provider_kind kind_prov(const char *kind)
{
	if (!strcmp(kind, "helper"))
		return PROV_HELPER;
	if (!strcmp(kind, "kfunc"))
		return PROV_KFUNC;
	return PROV_HOSTLIB;
}

/* Grant @name (provided as @prov): declared from --from, else from prototype knowledge. */
static void add_fn(struct model *m, const char *name, enum provider_kind prov)
{
	const struct host_fn *hf = m->o->from ? role_file_host_fn(m->o->from, name) : NULL;
	const struct btf *btf;
	struct sg_fn *fn;
	int id;

	if (find_fn(m, name))
		return;
	if (vec_grow((void **)&m->fns, m->nr_fns, sizeof(*m->fns))) {
		m->oom = true;
		return;
	}
	fn = &m->fns[m->nr_fns++];
	*fn = (struct sg_fn){ .prov = prov };
	fn->name = m_strdup(m, name);
	fn->cap = assign_cap(m, name, prov);
	if (hf && hf->declared) {
		declare_from_role(m, fn, hf);
		return;
	}
	switch (prov) {
	case PROV_HELPER:
		declare_helper(m, fn);
		break;
	case PROV_KFUNC:
		btf = vmlinux_btf();
		id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -ENOENT;
		if (id > 0)
			declare_from_btf(m, fn, btf, id, "from the kernel's BTF");
		break;
	case PROV_HOSTLIB:
		btf = hostlib_btf();
		id = btf ? hostlib_func_id(name) : -ENOENT;
		if (id > 0)
			declare_from_btf(m, fn, btf, id, "from the host library's BTF");
		break;
	default:
		break;
	}
}

static int fn_cmp(const void *a, const void *b, void *arg)
{
	const struct sg_fn *x = a, *y = b;
	const struct model *m = arg;
	int ox = x->cap >= 0 ? m->caps[x->cap].order : 0;
	int oy = y->cap >= 0 ? m->caps[y->cap].order : 0;

	if (ox != oy)
		return ox < oy ? -1 : 1;
	if (x->cap != y->cap)
		return x->cap < y->cap ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* ---- the role as YAML ---- */

/* A YAML double-quoted scalar: quotes, backslashes and control characters escaped. */
static void yq(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Text in a YAML comment: one line, no control characters. */
static void ycomment(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* Is a constraint of parameter @i taken from its type left out (the type is then not used)? */
static bool type_broken(const struct sg_fn *fn, int i)
{
	int k;

	for (k = 0; k < fn->nr_cons; k++)
		if (fn->cons[k].operand == i && fn->cons[k].from_type && fn->cons[k].left_out)
			return true;
	return false;
}

/* Does parameter @i keep its --from type (whose constraints then come with it)? */
static bool keeps_type(const struct sg_fn *fn, int i)
{
	return fn->params[i].rtype && !type_broken(fn, i);
}

static void emit_param_type(FILE *f, const struct sg_fn *fn, int i)
{
	const struct sg_param *p = &fn->params[i];
	char buf[NAME_MAX_LEN * 2 + 16];

	if (!p->rtype || keeps_type(fn, i)) {
		yq(f, p->type);
		return;
	}
	/* the type's base, keeping a const the type's name promised */
	snprintf(buf, sizeof(buf), "%s%s", p->is_const && strncmp(p->rtype->base, "const", 5) ?
		 "const " : "", p->rtype->base);
	yq(f, buf);
}

static void emit_fn(FILE *f, const struct model *m, const struct sg_fn *fn)
{
	int i, n = 0;

	fprintf(f, "  - name: ");
	yq(f, fn->name);
	fprintf(f, "\n    # %s; signature and constraints %s\n",
		fn->prov == PROV_HOSTLIB ? "host library function" : provider_kind_str(fn->prov),
		fn->origin);
	fprintf(f, "    signature:\n      params:%s\n", fn->nr_params ? "" : " []");
	for (i = 0; i < fn->nr_params; i++) {
		fprintf(f, "        - {type: ");
		emit_param_type(f, fn, i);
		fprintf(f, ", name: ");
		yq(f, fn->params[i].name);
		fprintf(f, "}\n");
	}
	fprintf(f, "      return_type: ");
	yq(f, fn->ret);
	fprintf(f, "\n");
	for (i = 0; i < fn->nr_cons; i++) {
		const struct sg_constraint *c = &fn->cons[i];

		if (c->from_type && keeps_type(fn, c->operand))
			continue;
		if (c->left_out) {
			fprintf(f, "    # left out, not proven: \"");
			ycomment(f, c->text);
			fprintf(f, "\" (");
			ycomment(f, c->left_out);
			fprintf(f, ")\n");
			continue;
		}
		if (!n++)
			fprintf(f, "    function_constraints:\n");
		fprintf(f, "      - ");
		yq(f, c->text);
		fprintf(f, "\n");
	}
	(void)m;
}

static void emit_types(FILE *f, const struct model *m)
{
	const struct role_type **seen = NULL;
	int i, j, k, n = 0;

	for (i = 0; i < m->nr_fns; i++)
		for (j = 0; j < m->fns[i].nr_params; j++) {
			const struct role_type *t = m->fns[i].params[j].rtype;

			if (!t || !keeps_type(&m->fns[i], j))
				continue;
			for (k = 0; k < n && seen[k] != t; k++)
				;
			if (k < n)
				continue;
			if (vec_grow((void **)&seen, n, sizeof(*seen))) {
				free(seen);
				return;
			}
			seen[n++] = t;
		}
	if (n)
		fprintf(f, "types:\n");
	for (k = 0; k < n; k++) {
		fprintf(f, "  - name: ");
		yq(f, seen[k]->name);
		fprintf(f, "\n    base: ");
		yq(f, seen[k]->base);
		fprintf(f, "\n    constraints: [");
		for (j = 0; j < seen[k]->nr_constraints; j++) {
			fprintf(f, "%s", j ? ", " : "");
			yq(f, seen[k]->constraints[j].text);
		}
		fprintf(f, "]\n");
	}
	if (n)
		fprintf(f, "\n");
	free(seen);
}

static void emit_header(FILE *f, const struct model *m)
{
	const struct verdict *v = m->measured;
	int i, j;

	fprintf(f, "# Generated by `");
	ycomment(f, m->o->command ? m->o->command : "roleprobe role suggest");
	fprintf(f, "`.\n# The least-privilege role that accepts ");
	ycomment(f, m->ext->path);
	fprintf(f, ":\n"
		"# - exactly the host functions it calls, and %s (the entry contract),\n"
		"#   each declared as %s declares it;\n"
		"#   a constraint the extension does not prove is left out, with the reason;\n"
		"# - max_memory: the deepest stack, rounded up to a multiple of 16 bytes;\n"
		"# - max_instructions: the proven bound per event, rounded up to 10, 20, 50, 100, ...;\n"
		"# - allow_memory_write, always_const, may_have_side_effect: permissive only where\n"
		"#   a call or an access of the extension needs it (the reason beside it);\n"
		"# - max_map_memory, max_event_ns: not set; they are runtime budgets the enforcer\n"
		"#   applies (see roles/README.md): set your own.\n#\n", EVENT_FN,
		m->o->from ? "the --from role file, else the kernel or the host library," :
		"the kernel or the host library");
	for (i = 0; v && i < v->nr_entries; i++) {
		const struct entry_verdict *e = &v->entries[i];

		fprintf(f, "# entry ");
		ycomment(f, e->name);
		fprintf(f, " (");
		ycomment(f, e->sec_name);
		fprintf(f, "): stack %llu bytes, at most %llu instructions per event\n",
			(unsigned long long)e->stack_bytes, (unsigned long long)e->max_insns);
		for (j = 0; j < e->nr_calls; j++) {
			fprintf(f, "%s", j ? ", " : "#   calls ");
			ycomment(f, e->calls[j].name);
		}
		if (e->nr_calls)
			fprintf(f, "\n");
	}
	fprintf(f, "\n");
}

static void emit_attr_bool(FILE *f, const char *name, bool v, bool permissive, const char *why)
{
	fprintf(f, "      %s: %s", name, v ? "true" : "false");
	if (v == permissive && why) {
		fprintf(f, "  # needed: ");
		ycomment(f, why);
	}
	fprintf(f, "\n");
}

/* The model as a role file, into *@buf (malloc'ed, NUL-terminated). */
static int emit(const struct model *m, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	int i, j, n;

	if (!f)
		return -errno;
	if (!m->probe)
		emit_header(f, m);
	emit_types(f, m);
	for (i = 0, n = 0; i < m->nr_fns; i++) {
		if (!m->fns[i].declared)
			continue;
		if (!n++)
			fprintf(f, "host_functions:\n");
		emit_fn(f, m, &m->fns[i]);
	}
	fprintf(f, "%scapabilities:\n", n ? "\n" : "");
	for (i = 0; i < m->nr_caps; i++) {
		const struct sg_cap *c = &m->caps[i];

		fprintf(f, "  - name: ");
		yq(f, c->name);
		fprintf(f, "%s\n    apis: [", c->from ? "  # as in the --from role file" :
			!strcmp(c->name, EVENT_CAP) ? "  # the entry contract: entries attach with it" :
			"");
		for (j = 0, n = 0; j < m->nr_fns; j++) {
			if (m->fns[j].cap != i)
				continue;
			fprintf(f, "%s", n++ ? ", " : "");
			yq(f, m->fns[j].name);
		}
		fprintf(f, "]\n");
		for (j = 0; c->from && j < c->from->nr_descriptions; j++) {
			fprintf(f, "%s", j ? ", " : "    constraints: [");
			yq(f, c->from->descriptions[j]);
		}
		if (c->from && c->from->nr_descriptions)
			fprintf(f, "]\n");
		for (j = 0; j < m->nr_fns; j++)
			if (m->fns[j].cap == i && !m->fns[j].declared) {
				fprintf(f, "    # ");
				ycomment(f, m->fns[j].name);
				fprintf(f, ": no prototype known, granted without constraints\n");
			}
	}
	fprintf(f, "\nroles:\n  - name: ");
	yq(f, m->role_name);
	fprintf(f, "\n    capabilities: [");
	for (i = 0; i < m->nr_caps; i++) {
		fprintf(f, "%s", i ? ", " : "");
		yq(f, m->caps[i].name);
	}
	fprintf(f, "]\n    attributes:\n");
	if (m->probe) {
		fprintf(f, "      max_memory: %llu\n      max_instructions: %llu\n",
			(unsigned long long)m->max_memory, (unsigned long long)m->max_instructions);
	} else {
		fprintf(f, "      max_memory: %llu  # measured: %llu bytes of stack\n",
			(unsigned long long)m->max_memory, (unsigned long long)m->stack);
		fprintf(f, "      max_instructions: %llu  # measured: at most %llu per event\n",
			(unsigned long long)m->max_instructions, (unsigned long long)m->insns);
	}
	emit_attr_bool(f, "allow_memory_write", m->allow_memory_write, true, m->why_write);
	emit_attr_bool(f, "always_const", m->always_const, false, m->why_const);
	emit_attr_bool(f, "may_have_side_effect", m->may_have_side_effect, true, m->why_side);
	fprintf(f, "      skip_verification: false\n");
	if (fclose(f))
		return -errno;
	return 0;
}

/* ---- checking the model ---- */

/*
 * Write @m, load it as a role file and verify the extension under it. Returns 0, the role
 * file in *@rfp and the verdict in *@out (the caller frees both), or a negative errno after
 * reporting (a role that does not load is a bug here, shown with the loader's diagnostics).
 */
static int check_model(struct model *m, struct role_file **rfp, struct verdict **out)
{
	struct diag_list dl = { 0 };
	struct role_file *rf = NULL;
	const struct role_def *role;
	char *yaml = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	*rfp = NULL;
	if (m->oom)
		return -ENOMEM;
	err = emit(m, &yaml, &len);
	if (err) {
		p_err("cannot write the suggested role: %s", strerror(-err));
		return err;
	}
	err = role_file_load_buf("<suggested role>", yaml, len, &rf, &dl);
	if (err) {
		diag_list_print(&dl);
		p_err("the suggested role does not load (a bug in roleprobe): %s", strerror(-err));
		if (verbose)
			fprintf(stderr, "%s", yaml);
		goto out;
	}
	role = role_find(rf, m->role_name);
	if (!role) {
		p_err("the suggested role has no role %s (a bug in roleprobe)", m->role_name);
		err = -EINVAL;
		goto out;
	}
	err = verifier_check(m->ext, role, NULL, out);
	if (err)
		p_err("cannot verify %s: %s", m->ext->path, strerror(-err));
out:
	if (err) {
		role_file_free(rf);
		rf = NULL;
	}
	*rfp = rf;
	diag_list_free(&dl);
	free(yaml);
	return err;
}

/* "file:line" of a violation, or the object. */
static char *where(struct model *m, const struct violation *vi)
{
	/* GNU basename(), from <string.h>: the part after the last '/', never modified */
	const char *file = vi->file ? basename(vi->file) : NULL;

	if (file && vi->line)
		return m_printf(m, "%s:%u: %s", file, vi->line, vi->msg);
	return m_printf(m, "%s", vi->msg);
}

/* "@what at file:line", or @what alone when the line is not known. */
static char *site(struct model *m, const char *what, const char *file, unsigned int line)
{
	if (file && line)
		return m_printf(m, "%s at %s:%u", what, basename(file), line);
	return m_strdup(m, what);
}

/* Record @item (taken over) as needing attribute @a permissive; each item once. */
static void add_because(struct model *m, enum sg_attr a, char *item)
{
	int i;

	if (!item)
		return;
	for (i = 0; i < m->nr_because[a]; i++)
		if (!strcmp(m->because[a][i], item)) {
			free(item);
			return;
		}
	if (vec_grow((void **)&m->because[a], m->nr_because[a], sizeof(*m->because[a]))) {
		m->oom = true;
		free(item);
		return;
	}
	m->because[a][m->nr_because[a]++] = item;
}

/* What violation @vi points at: its host function, else what happened (up to a ':'). */
static void because_violation(struct model *m, enum sg_attr a, const struct violation *vi)
{
	size_t n = strcspn(vi->msg, ":");
	char *what = vi->host_fn ? m_strdup(m, vi->host_fn) : m_printf(m, "%.*s", (int)n, vi->msg);

	if (what)
		add_because(m, a, site(m, what, vi->file, vi->line));
	free(what);
}

/* Every call of helper @h in the extension (its code, not the host library's). */
static void because_helper(struct model *m, enum sg_attr a, const struct helper_info *h)
{
	const struct extension *ext = m->ext;
	const struct ext_line *l;
	int i, n = 0;

	for (i = 0; i < ext->nr_insns; i++) {
		const struct bpf_insn *in = &ext->insns[i];

		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg || in->imm != h->id)
			continue;
		l = extension_line_at(ext, i);
		add_because(m, a, site(m, h->name, l ? l->file : NULL, l ? l->line : 0));
		n++;
	}
	if (!n)
		add_because(m, a, m_strdup(m, h->name));
}

/* The constraint of @fn that violation clause @clause names; -1 when none does. */
static int clause_constraint(const struct role_def *role, const struct sg_fn *fn,
			     const char *clause)
{
	const struct host_fn *hf = role_granted(role, fn->name);
	char buf[256];
	int i, k;

	for (i = 0; hf && i < hf->nr_constraints; i++) {
		const struct constraint *c = &hf->constraints[i];

		snprintf(buf, sizeof(buf), "%s: %s", hf->name, c->text);
		if (c->from_type) {
			size_t l = strlen(buf);

			snprintf(buf + l, sizeof(buf) - l, ", from type %s", c->from_type);
		}
		if (strcmp(buf, clause))
			continue;
		for (k = 0; k < fn->nr_cons; k++)
			if (fn->cons[k].operand == c->operand && fn->cons[k].kind == c->kind &&
			    !fn->cons[k].left_out && (c->kind != CONSTR_CMP ||
			     (fn->cons[k].op == c->op && fn->cons[k].value == c->value)))
				return k;
	}
	return -1;
}

/* Violations no role lifts. */
static bool fatal(enum violation_kind kind)
{
	switch (kind) {
	case VIOL_UNKNOWN_CALL:
	case VIOL_UNBOUNDED:
	case VIOL_TAIL_CALL:
	case VIOL_ENTRY_TYPE:
	case VIOL_ENTRY_SIGNATURE:
	case VIOL_IMPERSONATION:
	case VIOL_UNSUPPORTED:
	case VIOL_MAP_MEMORY:
		return true;
	default:
		return false;
	}
}

/* The kind of host function @name in the calls of @v ("helper", ...); NULL when not called. */
static const char *call_kind(const struct verdict *v, const char *name)
{
	int i, j;

	for (i = 0; i < v->nr_entries; i++)
		for (j = 0; j < v->entries[i].nr_calls; j++)
			if (!strcmp(v->entries[i].calls[j].name, name))
				return v->entries[i].calls[j].kind;
	return NULL;
}

/* Grant every host function the verdict shows called. */
static void add_calls(struct model *m, const struct verdict *v)
{
	int i, j;

	for (i = 0; i < v->nr_entries; i++)
		for (j = 0; j < v->entries[i].nr_calls; j++)
			add_fn(m, v->entries[i].calls[j].name,
			       kind_prov(v->entries[i].calls[j].kind));
}

/*
 * Lift what violation @vi of verdict @v (under the role @m wrote) asks for. Returns true
 * when the model changed; false when nothing a role may do lifts it.
 */
static bool lift(struct model *m, const struct role_def *role, const struct verdict *v,
		 const struct violation *vi)
{
	struct sg_fn *fn = vi->host_fn ? find_fn(m, vi->host_fn) : NULL;
	const char *kind;
	int k, changed = 0;

	if (fatal(vi->kind))
		return false;
	switch (vi->kind) {
	case VIOL_NOT_GRANTED:
		kind = vi->host_fn ? call_kind(v, vi->host_fn) : NULL;
		if (fn || !kind)
			return false;	/* granted, but as another kind: nothing to grant */
		add_fn(m, vi->host_fn, kind_prov(kind));
		return true;
	case VIOL_CONSTRAINT:
		if (!fn)
			return false;
		k = clause_constraint(role, fn, vi->clause ? vi->clause : "");
		if (k >= 0) {
			fn->cons[k].left_out = where(m, vi);
			return true;
		}
		/* a clause this code cannot place: every argument constraint of fn goes */
		for (k = 0; k < fn->nr_cons; k++)
			if (fn->cons[k].operand >= 0 && !fn->cons[k].left_out) {
				fn->cons[k].left_out = where(m, vi);
				changed++;
			}
		return changed;
	/* every violation of the attribute names what needs it, the first one relaxes it */
	case VIOL_MEMORY_WRITE:
		because_violation(m, SG_WRITE, vi);
		if (m->allow_memory_write)
			return false;
		m->allow_memory_write = true;
		m->why_write = where(m, vi);
		return true;
	case VIOL_CONST:
		because_violation(m, SG_CONST, vi);
		if (!m->always_const)
			return false;
		m->always_const = false;
		m->why_const = where(m, vi);
		return true;
	case VIOL_SIDE_EFFECT:
	case VIOL_RESOURCE:
		because_violation(m, SG_SIDE, vi);
		if (m->may_have_side_effect)
			return false;
		m->may_have_side_effect = true;
		m->why_side = where(m, vi);
		return true;
	default:
		/* max_memory over the kernel's stack, a role without events: none to lift */
		return false;
	}
}

/* ---- the suggestion ---- */

static void model_free(struct model *m)
{
	int i, j;

	for (i = 0; i < m->nr_fns; i++) {
		struct sg_fn *fn = &m->fns[i];

		for (j = 0; j < fn->nr_params; j++) {
			free(fn->params[j].name);
			free(fn->params[j].type);
		}
		for (j = 0; j < fn->nr_cons; j++) {
			free(fn->cons[j].text);
			free(fn->cons[j].left_out);
		}
		free(fn->params);
		free(fn->cons);
		free(fn->ret);
		free(fn->name);
	}
	for (i = 0; i < m->nr_caps; i++)
		free(m->caps[i].name);
	for (i = 0; i < NR_SG_ATTRS; i++) {
		for (j = 0; j < m->nr_because[i]; j++)
			free(m->because[i][j]);
		free(m->because[i]);
	}
	free(m->fns);
	free(m->caps);
	free(m->why_write);
	free(m->why_const);
	free(m->why_side);
}

/* Attributes the helper table says a call needs: so that the role lints without errors. */
static void helper_attrs(struct model *m)
{
	int i;

	for (i = 0; i < m->nr_fns; i++) {
		const struct helper_info *h = m->fns[i].prov == PROV_HELPER ?
					      helper_by_name(m->fns[i].name) : NULL;

		if (!h)
			continue;
		if (h->flags & HF_WRITES_HOST_MEM) {
			because_helper(m, SG_WRITE, h);
			if (!m->allow_memory_write)
				m->why_write = m_printf(m, "%s writes host memory", h->name);
			m->allow_memory_write = true;
		}
		if (h->flags & HF_SIDE_EFFECT) {
			because_helper(m, SG_SIDE, h);
			if (!m->may_have_side_effect)
				m->why_side = m_printf(m, "%s has side effects", h->name);
			m->may_have_side_effect = true;
		}
	}
}

/* The attributes @m makes permissive, with what needs each, into @s. */
static void fill_permissive(struct model *m, struct suggestion *s)
{
	const bool permissive[NR_SG_ATTRS] = {
		[SG_WRITE] = m->allow_memory_write,
		[SG_CONST] = !m->always_const,
		[SG_SIDE] = m->may_have_side_effect,
	};
	struct suggest_permissive *p;
	int a, i;

	s->permissive = calloc(NR_SG_ATTRS, sizeof(*s->permissive));
	if (!s->permissive) {
		m->oom = true;
		return;
	}
	for (a = 0; a < NR_SG_ATTRS; a++) {
		if (!permissive[a])
			continue;
		p = &s->permissive[s->nr_permissive++];
		p->attribute = sg_attr_names[a];
		p->value = a != SG_CONST;
		p->because = calloc(m->nr_because[a] ? m->nr_because[a] : 1, sizeof(char *));
		if (!p->because) {
			m->oom = true;
			return;
		}
		for (i = 0; i < m->nr_because[a]; i++)
			p->because[p->nr_because++] = m_strdup(m, m->because[a][i]);
	}
}

static void fill_suggestion(struct model *m, struct suggestion *s)
{
	int i, j;

	s->max_memory = m->max_memory;
	s->max_instructions = m->max_instructions;
	s->allow_memory_write = m->allow_memory_write;
	s->always_const = m->always_const;
	s->may_have_side_effect = m->may_have_side_effect;
	s->role_name = m_strdup(m, m->role_name);
	s->caps = calloc(m->nr_caps ? m->nr_caps : 1, sizeof(*s->caps));
	if (!s->caps) {
		m->oom = true;
		return;
	}
	s->nr_caps = m->nr_caps;
	for (i = 0; i < m->nr_caps; i++) {
		s->caps[i].name = m_strdup(m, m->caps[i].name);
		s->caps[i].reused = m->caps[i].from != NULL;
		s->caps[i].apis = calloc(m->nr_fns ? m->nr_fns : 1, sizeof(char *));
		if (!s->caps[i].apis) {
			m->oom = true;
			return;
		}
		for (j = 0; j < m->nr_fns; j++)
			if (m->fns[j].cap == i)
				s->caps[i].apis[s->caps[i].nr_apis++] = m_strdup(m, m->fns[j].name);
	}
	for (i = 0; i < m->nr_fns; i++)
		for (j = 0; j < m->fns[i].nr_cons; j++) {
			const struct sg_constraint *c = &m->fns[i].cons[j];
			struct suggest_left_out *l;

			if (!c->left_out)
				continue;
			if (vec_grow((void **)&s->left_out, s->nr_left_out, sizeof(*s->left_out))) {
				m->oom = true;
				return;
			}
			l = &s->left_out[s->nr_left_out++];
			l->function = m_strdup(m, m->fns[i].name);
			l->constraint = m_strdup(m, c->text);
			l->reason = m_strdup(m, c->left_out);
		}
	fill_permissive(m, s);
}

/* Sort the functions by capability (--from ones first, in its order), then by name. */
static void sort_model(struct model *m)
{
	int i, *map;
	struct sg_cap *caps;

	/* capabilities by order; function cap indices follow */
	map = calloc(m->nr_caps ? m->nr_caps : 1, sizeof(*map));
	caps = calloc(m->nr_caps ? m->nr_caps : 1, sizeof(*caps));
	if (!map || !caps) {
		free(map);
		free(caps);
		m->oom = true;
		return;
	}
	for (i = 0; i < m->nr_caps; i++) {
		int j, rank = 0;

		for (j = 0; j < m->nr_caps; j++)
			rank += m->caps[j].order < m->caps[i].order ||
				(m->caps[j].order == m->caps[i].order && j < i);
		map[i] = rank;
		caps[rank] = m->caps[i];
	}
	for (i = 0; i < m->nr_fns; i++)
		if (m->fns[i].cap >= 0)
			m->fns[i].cap = map[m->fns[i].cap];
	free(m->caps);
	m->caps = caps;
	free(map);
	qsort_r(m->fns, m->nr_fns, sizeof(*m->fns), fn_cmp, m);
}

/* Is @vi the measuring role's verifier out of interpretation steps on an entry? */
static bool out_of_steps(const struct violation *vi)
{
	char clause[64];

	/* the one unbounded violation that names the role's bound: the probe's own */
	snprintf(clause, sizeof(clause), "max_instructions: %llu", PROBE_MAX_INSNS);
	return vi->kind == VIOL_UNBOUNDED && vi->clause && !strcmp(vi->clause, clause);
}

static int replace_str(char **dst, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return -ENOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

/*
 * Out-of-steps violation @vi stands at its entry's first line and names the measuring
 * role's bound. Say it as the user can act on it: where the path that would not end is
 * (@at, the first instruction past LOCATE_MAX_INSNS on it; NULL: not found, the control
 * flow has too many paths rather than one too long) and no role's number.
 */
static int restate_unbounded(struct violation *vi, struct violation *at)
{
	struct violation tmp;
	int err;

	if (!at)
		return replace_str(&vi->clause, "max_instructions");
	tmp = *vi;
	vi->file = at->file;
	vi->line = at->line;
	vi->col = at->col;
	vi->src = at->src;
	vi->func = at->func;
	vi->insn = at->insn;
	/* @at keeps the entry's first line: each string is freed once, with its verdict */
	at->file = tmp.file;
	at->src = tmp.src;
	at->func = tmp.func;
	err = replace_str(&vi->msg, "no bound on instructions per event can be proven");
	if (!err)
		err = replace_str(&vi->hint, "bound the loop (a constant trip count, or bpf_loop)");
	if (!err)
		err = replace_str(&vi->clause, "max_instructions");
	return err;
}

/*
 * The measuring role's verifier ran out of steps on some entry of @probe: find the loop.
 * Verified again under LOCATE_MAX_INSNS, which a path passes only by going round a loop,
 * the instruction where one first does is in the loop.
 */
static int locate_unbounded(struct model *m, struct verdict *probe)
{
	struct role_file *rf = NULL;
	struct verdict *loc = NULL;
	struct violation *at;
	int i, j, err = 0;

	for (i = 0; i < probe->nr_violations && !err; i++) {
		struct violation *vi = &probe->violations[i];

		if (!out_of_steps(vi))
			continue;
		if (!loc) {
			m->max_instructions = LOCATE_MAX_INSNS;
			err = check_model(m, &rf, &loc);
			m->max_instructions = PROBE_MAX_INSNS;
			role_file_free(rf);
			if (err)
				return err;
		}
		for (j = 0, at = NULL; j < loc->nr_violations && !at; j++) {
			struct violation *lv = &loc->violations[j];

			if (lv->kind == VIOL_INSNS && vi->entry && lv->entry &&
			    !strcmp(lv->entry, vi->entry))
				at = lv;
		}
		err = restate_unbounded(vi, at);
	}
	verdict_free(loc);
	return err;
}

/*
 * Refuse with @v: the violations @blocks says no role lifts go first. They hold under any
 * role: the role tried is not named, nor are its limits given.
 */
static int refuse(struct suggest_refusal *r, struct verdict *v,
		  bool (*blocks)(enum violation_kind))
{
	struct violation tmp;
	int i, n = 0;

	if (replace_str(&v->role, REFUSAL_ROLE))
		return -ENOMEM;
	v->max_instructions = 0;
	v->max_memory = 0;

	for (i = 0; i < v->nr_violations; i++) {
		if (blocks && !blocks(v->violations[i].kind))
			continue;
		tmp = v->violations[n];
		v->violations[n++] = v->violations[i];
		v->violations[i] = tmp;
	}
	r->verdict = v;
	r->nr_blocking = n;
	return 0;
}

int suggest_role(const struct extension *ext, const struct suggest_opts *opts,
		 struct suggestion **out, struct suggest_refusal *refused)
{
	struct model m = { .ext = ext, .o = opts };
	struct verdict *probe = NULL, *v = NULL;
	struct suggestion *s = NULL;
	struct role_file *rf = NULL;
	char *name = NULL;
	int i, round, err;

	*out = NULL;
	*refused = (struct suggest_refusal){ 0 };
	if (opts->role_name && !is_name(opts->role_name, true)) {
		p_err("'%s' is not a valid role name (letters, digits, '_', '-', '.'; a letter or '_' first)",
		      opts->role_name);
		return -EINVAL;
	}
	name = opts->role_name ? m_strdup(&m, opts->role_name) : default_role_name(&m, ext->path);
	if (!name)
		return -ENOMEM;
	m.role_name = name;

	/* 1. what it calls, its stack and its bound, under a role that grants only events */
	m.probe = true;
	m.max_memory = PROBE_MAX_MEMORY;
	m.max_instructions = PROBE_MAX_INSNS;
	m.allow_memory_write = true;
	m.may_have_side_effect = true;
	add_fn(&m, EVENT_FN, PROV_HOSTLIB);
	err = check_model(&m, &rf, &probe);
	if (err)
		goto out;
	role_file_free(rf);
	rf = NULL;
	for (i = 0; i < probe->nr_violations; i++)
		if (fatal(probe->violations[i].kind))
			break;
	if (i < probe->nr_violations) {
		err = locate_unbounded(&m, probe);
		if (!err)
			err = refuse(refused, probe, fatal);
		if (err)
			goto out;
		probe = NULL;
		err = -EACCES;
		goto out;
	}
	for (i = 0; i < probe->nr_entries; i++) {
		const struct entry_verdict *e = &probe->entries[i];

		if (e->stack_bytes > m.stack)
			m.stack = e->stack_bytes;
		if (e->max_insns > m.insns)
			m.insns = e->max_insns;
	}
	add_calls(&m, probe);

	/* 2. the least the extension needs, checked and lifted until the verifier accepts */
	m.probe = false;
	m.measured = probe;
	/* over the kernel's stack: max_memory 512, and the check says what is too deep */
	m.max_memory = round_stack(m.stack);
	if (m.max_memory > KERNEL_STACK_MAX)
		m.max_memory = KERNEL_STACK_MAX;
	m.max_instructions = round_insns(m.insns);
	m.allow_memory_write = false;
	m.always_const = true;
	m.may_have_side_effect = false;
	helper_attrs(&m);
	for (round = 0; round < MAX_ROUNDS; round++) {
		bool changed = false;

		sort_model(&m);
		err = check_model(&m, &rf, &v);
		if (err)
			goto out;
		if (v->accepted)
			break;
		/* the verdict's clauses name constraints of the role as it was loaded */
		for (i = 0; i < v->nr_violations; i++)
			changed |= lift(&m, role_find(rf, m.role_name), v, &v->violations[i]);
		role_file_free(rf);
		rf = NULL;
		if (m.oom) {
			err = -ENOMEM;
			goto out;
		}
		if (!changed) {
			err = refuse(refused, v, NULL);
			if (err)
				goto out;
			v = NULL;
			err = -EACCES;
			goto out;
		}
		verdict_free(v);
		v = NULL;
	}
	if (!v) {
		p_err("no role for %s after %d rounds of checking (a bug in roleprobe)", ext->path,
		      MAX_ROUNDS);
		err = -ELOOP;
		goto out;
	}

	s = calloc(1, sizeof(*s));
	if (!s) {
		err = -ENOMEM;
		goto out;
	}
	err = emit(&m, &s->yaml, &s->yaml_len);
	if (err) {
		p_err("cannot write the suggested role: %s", strerror(-err));
		goto out;
	}
	fill_suggestion(&m, s);
	if (m.oom) {
		err = -ENOMEM;
		goto out;
	}
	s->verdict = v;
	v = NULL;
	*out = s;
	s = NULL;
	err = 0;
out:
	if (err == -ENOMEM || (m.oom && err))
		p_err("role suggest: out of memory");
	role_file_free(rf);
	suggestion_free(s);
	verdict_free(probe);
	verdict_free(v);
	model_free(&m);
	free(name);
	return err;
}

void suggestion_free(struct suggestion *s)
{
	int i, j;

	if (!s)
		return;
	for (i = 0; i < s->nr_caps; i++) {
		for (j = 0; j < s->caps[i].nr_apis; j++)
			free(s->caps[i].apis[j]);
		free(s->caps[i].apis);
		free(s->caps[i].name);
	}
	for (i = 0; i < s->nr_left_out; i++) {
		free(s->left_out[i].function);
		free(s->left_out[i].constraint);
		free(s->left_out[i].reason);
	}
	for (i = 0; i < s->nr_permissive; i++) {
		for (j = 0; j < s->permissive[i].nr_because; j++)
			free(s->permissive[i].because[j]);
		free(s->permissive[i].because);
	}
	free(s->permissive);
	free(s->caps);
	free(s->left_out);
	free(s->role_name);
	free(s->yaml);
	verdict_free(s->verdict);
	free(s);
}
