/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Roles built by hand for the verifier's unit tests: one capability granting the host
 * functions a test names, with the constraints and attributes it sets, so that a verdict
 * depends on nothing but the rule under test (and not on the YAML loader).
 */
#ifndef ROLEPROBE_TESTS_VF_ROLE_H
#define ROLEPROBE_TESTS_VF_ROLE_H

#include <string.h>

#include "role.h"

#define TR_MAX_FNS	32
#define TR_MAX_CONSTR	4
#define TR_MAX_PARAMS	5

struct trole {
	struct role_def role;
	struct capability cap;
	struct capability *caps[1];
	struct host_fn fns[TR_MAX_FNS];
	struct host_fn *apis[TR_MAX_FNS];
	struct constraint cons[TR_MAX_FNS][TR_MAX_CONSTR];
	struct host_param params[TR_MAX_FNS][TR_MAX_PARAMS];
};

/* The seed's attributes: 512 bytes of stack, 100000 instructions, nothing permissive. */
static inline void trole_init(struct trole *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->role.name = (char *)name;
	r->cap.name = (char *)"TestCap";
	r->cap.apis = r->apis;
	r->caps[0] = &r->cap;
	r->role.caps = r->caps;
	r->role.nr_caps = 1;
	r->role.attrs.max_memory = 512;
	r->role.attrs.max_instructions = 100000;
	r->role.attrs.always_const = true;
}

static inline struct host_fn *trole_grant(struct trole *r, const char *name,
					  enum provider_kind prov)
{
	int i = r->cap.nr_apis++;
	struct host_fn *fn = &r->fns[i];

	fn->name = (char *)name;
	fn->declared = true;
	fn->prov = prov;
	fn->return_type = (char *)"int";
	fn->params = r->params[i];
	fn->constraints = r->cons[i];
	r->apis[i] = fn;
	return fn;
}

static inline void trole_param(struct host_fn *fn, const char *name, const char *type,
			       bool is_ptr, bool is_const)
{
	struct host_param *p = &fn->params[fn->nr_params++];

	p->name = (char *)name;
	p->type = (char *)type;
	p->is_ptr = is_ptr;
	p->is_const = is_const;
}

static inline void trole_constr(struct host_fn *fn, enum constraint_kind kind, int operand,
				enum cmp_op op, int64_t value, const char *text)
{
	struct constraint *c = &fn->constraints[fn->nr_constraints++];

	c->kind = kind;
	c->operand = operand;
	c->op = op;
	c->value = value;
	c->text = (char *)text;
}

#endif /* ROLEPROBE_TESTS_VF_ROLE_H */
