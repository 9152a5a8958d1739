// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * `roleprobe role lint R` and `roleprobe role show R [--role-name N]`: a role file
 * validated with every diagnostic at file:line:col, and each role shown resolved.
 * `roleprobe role suggest EXT.o [--from R] [--role-name N] [-o FILE]`: the least-privilege
 * role that accepts an extension, as a role file (user/suggest.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diagnostics.h"
#include "extension.h"
#include "output.h"
#include "role.h"
#include "suggest.h"
#include "verifier.h"

static int do_role_help(int argc, char **argv)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return RP_EXIT_OK;
	}
	fprintf(stderr,
		"Usage: %s role lint ROLE.yaml\n"
		"       %s role show ROLE.yaml [--role-name NAME]\n"
		"       %s role suggest EXT.o [--from ROLE.yaml] [--role-name NAME] [-o FILE]\n"
		"       %s role help\n"
		"\n"
		"  lint     validate a role file: errors and warnings as file:line:col, exit 0 when\n"
		"           it has no errors, 2 otherwise\n"
		"  show     each role resolved: inherited roles, capabilities, the host functions it\n"
		"           grants with what provides them (kernel helper id, kfunc BTF id, host\n"
		"           library), their constraints, and attributes after inheritance\n"
		"  suggest  write the least-privilege role that accepts EXT.o: exactly the host\n"
		"           functions it calls, with their signatures and constraints, its stack and\n"
		"           instruction bound rounded up, each attribute only as permissive as it\n"
		"           needs; checked against EXT.o before it is written. Exit 1 when no role\n"
		"           can accept it (the reasons as diagnostics)\n"
		"\n"
		"Options:\n"
		"  -n, --role-name NAME   show: only this role; suggest: the role's name (default:\n"
		"                         from the object's name, count_calls.bpf.o: CountCallsRole)\n"
		"  -f, --from ROLE.yaml   suggest: reuse this file's capabilities (for each function\n"
		"                         called, the capability that lists it), declarations, types\n"
		"  -o, --output FILE      suggest: write the role to FILE instead of stdout\n"
		"  -j, --json             JSON output;  -p, --pretty  pretty JSON\n"
		"      --color[=WHEN]     colour diagnostics: auto, always, never\n"
		"\n"
		"EXAMPLES\n"
		"  %s role lint roles/uprobe.yaml\n"
		"  %s -j role show roles/uprobe.yaml --role-name UprobeRole\n"
		"  %s role suggest build/examples/count_calls.bpf.o --from roles/uprobe.yaml -o my.yaml\n",
		prog_name, prog_name, prog_name, prog_name, prog_name, prog_name, prog_name);
	return RP_EXIT_OK;
}

struct role_opts {
	const char *file;
	const char *role_name;
};

/* Options of `role CMD`: argv[0] is CMD. Returns -1 to go on, else an exit code. */
static int parse_role_opts(int argc, char **argv, bool with_name, struct role_opts *o)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "role-name", required_argument, NULL, 'n' },
		{ 0 }
	};
	const char *cmd = with_name ? "role show" : "role lint";
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "n:", opts, NULL)) != -1) {
		r = common_opt(c);
		if (r > 0)
			continue;
		if (r < 0)
			return do_role_help(0, NULL);
		if (c == 'n' && with_name) {
			o->role_name = optarg;
			continue;
		}
		if (c == 'n')
			return usage_error(cmd, "--role-name applies to 'role show' only");
		return usage_bad_option(cmd, COMMON_SHORTOPTS "n:", opts, argv);
	}
	if (optind == argc)
		return usage_error(cmd, "expects a role file");
	if (optind + 1 != argc)
		return usage_error(cmd, "expects one role file, got '%s' after it",
				   argv[optind + 1]);
	o->file = argv[optind];
	return -1;
}

static int nr_warnings(const struct diag_list *dl)
{
	int i, n = 0;

	for (i = 0; i < dl->cnt; i++)
		n += dl->items[i].level == DIAG_WARNING;
	return n;
}

static int do_lint(int argc, char **argv)
{
	struct role_opts o = { 0 };
	struct diag_list dl = { 0 };
	struct role_file *rf = NULL;
	int ret, nw;

	ret = parse_role_opts(argc, argv, false, &o);
	if (ret >= 0)
		return ret;
	role_file_load(o.file, &rf, &dl);
	nw = nr_warnings(&dl);
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "file", o.file);
		jsonw_bool_field(json_wtr, "valid", !dl.nr_errors);
		jsonw_int_field(json_wtr, "errors", dl.nr_errors);
		jsonw_int_field(json_wtr, "warnings", nw);
		if (rf)
			jsonw_int_field(json_wtr, "roles", rf->nr_roles);
		diag_list_print(&dl);
		jsonw_end_object(json_wtr);
	} else {
		diag_list_print(&dl);
		if (rf)
			printf("%s: valid, %d role%s, %d warning%s\n", o.file, rf->nr_roles,
			       rf->nr_roles == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
		else
			printf("%s: invalid, %d error%s, %d warning%s\n", o.file, dl.nr_errors,
			       dl.nr_errors == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
	}
	ret = dl.nr_errors ? RP_EXIT_INPUT : RP_EXIT_OK;
	role_file_free(rf);
	diag_list_free(&dl);
	return ret;
}

/* "helper 4", "kfunc btf_id 65824", "hostlib", "none" */
static void provider_text(const struct host_fn *fn, char *buf, size_t len)
{
	switch (fn->prov) {
	case PROV_HELPER:
		snprintf(buf, len, "helper id %d", fn->prov_id);
		break;
	case PROV_KFUNC:
		snprintf(buf, len, "kfunc btf_id %d", fn->prov_id);
		break;
	case PROV_HOSTLIB:
		snprintf(buf, len, "host library");
		break;
	case PROV_NONE:
		snprintf(buf, len, "nothing (never granted)");
		break;
	}
}

static const char *operand_name(const struct host_fn *fn, int operand)
{
	if (operand == CONSTR_RETURN)
		return "return";
	if (operand == CONSTR_VALUE)
		return "value";
	return operand >= 0 && operand < fn->nr_params ? fn->params[operand].name : "?";
}

static const char *attr_source(const struct role_attrs *a, unsigned int bit)
{
	if (!(a->set & bit))
		return "default";
	return (a->inherited & bit) ? "inherited" : "set";
}

static void show_fn_json(const struct capability *cap, const struct host_fn *fn)
{
	int i;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", fn->name);
	jsonw_bool_field(json_wtr, "granted", fn->prov != PROV_NONE);
	jsonw_bool_field(json_wtr, "declared", fn->declared);
	jsonw_string_field(json_wtr, "capability", cap->name);
	jsonw_string_field(json_wtr, "provider", provider_kind_str(fn->prov));
	if (fn->prov == PROV_HELPER)
		jsonw_int_field(json_wtr, "helper_id", fn->prov_id);
	else if (fn->prov == PROV_KFUNC)
		jsonw_int_field(json_wtr, "btf_id", fn->prov_id);
	if (fn->declared) {
		jsonw_name(json_wtr, "params");
		jsonw_start_array(json_wtr);
		for (i = 0; i < fn->nr_params; i++) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "name", fn->params[i].name);
			jsonw_string_field(json_wtr, "type", fn->params[i].type);
			jsonw_bool_field(json_wtr, "pointer", fn->params[i].is_ptr);
			jsonw_bool_field(json_wtr, "const", fn->params[i].is_const);
			jsonw_end_object(json_wtr);
		}
		jsonw_end_array(json_wtr);
		jsonw_string_field(json_wtr, "return_type", fn->return_type);
	}
	jsonw_name(json_wtr, "constraints");
	jsonw_start_array(json_wtr);
	for (i = 0; i < fn->nr_constraints; i++) {
		const struct constraint *c = &fn->constraints[i];

		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "text", c->text);
		jsonw_string_field(json_wtr, "operand", operand_name(fn, c->operand));
		jsonw_string_field(json_wtr, "kind", constraint_kind_str(c->kind));
		if (c->kind == CONSTR_CMP) {
			jsonw_string_field(json_wtr, "op", cmp_op_str(c->op));
			jsonw_int_field(json_wtr, "value", c->value);
		}
		if (c->from_type)
			jsonw_string_field(json_wtr, "from_type", c->from_type);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_end_object(json_wtr);
}

/*
 * Call @fn for each host function @role's capabilities list, once, with the first
 * capability that lists it; then return in @shown (one per host function of @rf) which.
 */
static void for_each_listed(const struct role_file *rf, const struct role_def *role, bool *shown,
			    void (*fn)(const struct capability *cap, const struct host_fn *fn))
{
	int i, j;

	for (i = 0; i < role->nr_caps; i++)
		for (j = 0; j < role->caps[i]->nr_apis; j++) {
			const struct host_fn *f = role->caps[i]->apis[j];

			if (shown[f - rf->host_fns])
				continue;
			shown[f - rf->host_fns] = true;
			fn(role->caps[i], f);
		}
}

static void show_role_json(const struct role_file *rf, const struct role_def *role, bool *shown)
{
	const struct role_attr_info *ai;
	int i, j;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", role->name);
	jsonw_uint_field(json_wtr, "line", role->pos.line);
	jsonw_name(json_wtr, "inherits");
	jsonw_start_array(json_wtr);
	for (i = 0; i < role->nr_inherits; i++)
		jsonw_string(json_wtr, role->inherits[i]);
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "capabilities");
	jsonw_start_array(json_wtr);
	for (i = 0; i < role->nr_caps; i++) {
		const struct capability *cap = role->caps[i];

		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", cap->name);
		jsonw_name(json_wtr, "apis");
		jsonw_start_array(json_wtr);
		for (j = 0; j < cap->nr_apis; j++)
			jsonw_string(json_wtr, cap->apis[j]->name);
		jsonw_end_array(json_wtr);
		jsonw_name(json_wtr, "descriptions");
		jsonw_start_array(json_wtr);
		for (j = 0; j < cap->nr_descriptions; j++)
			jsonw_string(json_wtr, cap->descriptions[j]);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "host_functions");
	jsonw_start_array(json_wtr);
	for_each_listed(rf, role, shown, show_fn_json);
	jsonw_end_array(json_wtr);
	/* defined in the file and resolvable, but no capability of this role lists them */
	jsonw_name(json_wtr, "not_granted");
	jsonw_start_array(json_wtr);
	for (i = 0; i < rf->nr_host_fns; i++)
		if (rf->host_fns[i].prov != PROV_NONE && !shown[i])
			jsonw_string(json_wtr, rf->host_fns[i].name);
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "attributes");
	jsonw_start_object(json_wtr);
	for (i = 0; (ai = role_attr_info(i)); i++) {
		uint64_t v = role_attr_value(&role->attrs, ai->bit);
		char buf[32];

		jsonw_name(json_wtr, ai->name);
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "value");
		if (ai->type == ROLE_ATTR_U64) {
			jsonw_uint(json_wtr, v);
		} else if (ai->type == ROLE_ATTR_BOOL) {
			jsonw_bool(json_wtr, v);
		} else {
			role_attr_format(&role->attrs, ai->bit, buf, sizeof(buf));
			jsonw_string(json_wtr, buf);
		}
		jsonw_string_field(json_wtr, "source", attr_source(&role->attrs, ai->bit));
		jsonw_end_object(json_wtr);
	}
	jsonw_end_object(json_wtr);
	jsonw_end_object(json_wtr);
}

static void show_fn_plain(const struct capability *cap, const struct host_fn *fn)
{
	char prov[64];
	int i;

	provider_text(fn, prov, sizeof(prov));
	printf("    %-26s %-22s via %s%s\n", fn->name, prov, cap->name,
	       fn->declared ? "" : " (no host_functions entry: no constraints)");
	if (fn->declared) {
		printf("        signature: %s %s(", fn->return_type, fn->name);
		for (i = 0; i < fn->nr_params; i++)
			printf("%s%s%s%s", i ? ", " : "", fn->params[i].type,
			       fn->params[i].type[strlen(fn->params[i].type) - 1] == '*' ? "" : " ",
			       fn->params[i].name);
		printf(")\n");
	}
	for (i = 0; i < fn->nr_constraints; i++) {
		const struct constraint *c = &fn->constraints[i];

		if (c->from_type)
			printf("        requires:  %s (from type %s)\n", c->text, c->from_type);
		else if (c->operand == CONSTR_RETURN)
			printf("        ensures:   %s\n", c->text);
		else
			printf("        requires:  %s\n", c->text);
	}
}

static void show_role_plain(const struct role_file *rf, const struct role_def *role, bool *shown)
{
	const struct role_attr_info *ai;
	int i, j;

	printf("role %s (%s:%u)\n", role->name, rf->path, role->pos.line);
	if (role->nr_inherits) {
		printf("  inherits:");
		for (i = 0; i < role->nr_inherits; i++)
			printf(" %s", role->inherits[i]);
		printf("\n");
	}
	printf("  capabilities:");
	for (i = 0; i < role->nr_caps; i++)
		printf(" %s", role->caps[i]->name);
	printf("%s\n", role->nr_caps ? "" : " (none)");
	for (i = 0; i < role->nr_caps; i++)
		for (j = 0; j < role->caps[i]->nr_descriptions; j++)
			printf("    %s: %s\n", role->caps[i]->name, role->caps[i]->descriptions[j]);
	printf("  host functions:\n");
	/* a function two capabilities grant is shown once, under the first */
	for_each_listed(rf, role, shown, show_fn_plain);
	for (i = 0, j = 0; i < rf->nr_host_fns; i++) {
		const struct host_fn *fn = &rf->host_fns[i];

		if (fn->prov == PROV_NONE || shown[i])
			continue;
		printf("%s %s", j++ ? "" : "  not granted:", fn->name);
	}
	if (j)
		printf("\n");
	printf("  attributes:\n");
	for (i = 0; (ai = role_attr_info(i)); i++) {
		char buf[32];

		role_attr_format(&role->attrs, ai->bit, buf, sizeof(buf));
		printf("    %-22s %-10s %s\n", ai->name, buf, attr_source(&role->attrs, ai->bit));
	}
}

static bool *shown_reset(bool *shown, const struct role_file *rf)
{
	memset(shown, 0, rf->nr_host_fns * sizeof(*shown));
	return shown;
}

static int do_show(int argc, char **argv)
{
	struct role_opts o = { 0 };
	struct diag_list dl = { 0 };
	struct role_file *rf = NULL;
	const struct role_def *only = NULL;
	bool *shown = NULL;
	int ret, i;

	ret = parse_role_opts(argc, argv, true, &o);
	if (ret >= 0)
		return ret;
	role_file_load(o.file, &rf, &dl);
	if (!rf) {
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "error", "the role file has errors");
			jsonw_string_field(json_wtr, "file", o.file);
			diag_list_print(&dl);
			jsonw_end_object(json_wtr);
		} else {
			diag_list_print(&dl);
			p_err("%s has %d error%s", o.file, dl.nr_errors, dl.nr_errors == 1 ? "" : "s");
		}
		ret = RP_EXIT_INPUT;
		goto out;
	}
	shown = calloc(rf->nr_host_fns ? rf->nr_host_fns : 1, sizeof(*shown));
	if (!shown) {
		p_err("out of memory showing %s", o.file);
		ret = RP_EXIT_INPUT;
		goto out;
	}
	if (o.role_name) {
		only = role_find(rf, o.role_name);
		if (!only) {
			if (!json_output)
				diag_list_print(&dl);
			p_err("%s has no role '%s'", o.file, o.role_name);
			ret = RP_EXIT_INPUT;
			goto out;
		}
	}
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "file", rf->path);
		jsonw_name(json_wtr, "roles");
		jsonw_start_array(json_wtr);
		for (i = 0; i < rf->nr_roles; i++)
			if (!only || only == &rf->roles[i])
				show_role_json(rf, &rf->roles[i], shown_reset(shown, rf));
		jsonw_end_array(json_wtr);
		diag_list_print(&dl);
		jsonw_end_object(json_wtr);
	} else {
		for (i = 0; i < rf->nr_roles; i++) {
			if (only && only != &rf->roles[i])
				continue;
			if (i && !only)
				printf("\n");
			show_role_plain(rf, &rf->roles[i], shown_reset(shown, rf));
		}
		if (dl.cnt) {
			fflush(stdout);
			diag_list_print(&dl);
		}
	}
	ret = RP_EXIT_OK;
out:
	free(shown);
	role_file_free(rf);
	diag_list_free(&dl);
	return ret;
}

/* ---- role suggest ---- */

struct suggest_cli {
	const char *ext_path;
	const char *from;
	const char *role_name;
	const char *output;
};

/* Returns -1 to go on, else an exit code. */
static int parse_suggest_opts(int argc, char **argv, struct suggest_cli *o)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "from", required_argument, NULL, 'f' },
		{ "role-name", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 }
	};
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "f:n:o:", opts, NULL)) != -1) {
		r = common_opt(c);
		if (r > 0)
			continue;
		if (r < 0)
			return do_role_help(0, NULL);
		switch (c) {
		case 'f':
			o->from = optarg;
			continue;
		case 'n':
			o->role_name = optarg;
			continue;
		case 'o':
			o->output = optarg;
			continue;
		default:
			return usage_bad_option("role suggest", COMMON_SHORTOPTS "f:n:o:", opts, argv);
		}
	}
	if (optind == argc)
		return usage_error("role suggest", "the extension object is missing");
	if (optind + 1 != argc)
		return usage_error("role suggest", "one extension object, not %d operands",
				   argc - optind);
	o->ext_path = argv[optind];
	return -1;
}

/* "roleprobe role suggest ARGS...", for the header comment (argv[0] is "suggest"). */
static char *command_line(int argc, char **argv)
{
	size_t len = strlen(prog_name) + 8;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 3;
	s = malloc(len);
	if (!s)
		return NULL;
	p = s + sprintf(s, "%s role", prog_name);
	for (i = 0; i < argc; i++)
		p += sprintf(p, strpbrk(argv[i], " \t'\"") ? " '%s'" : " %s", argv[i]);
	return s;
}

static void print_refusal(const char *ext_path, struct suggest_refusal *r)
{
	struct verdict *v = r->verdict;
	int i, all = v->nr_violations;

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "error", "no role accepts this extension");
		/* only what no role lifts: the rest belongs to the role that was being tried */
		v->nr_violations = r->nr_blocking;
		verdict_print(v);
		v->nr_violations = all;
		jsonw_end_object(json_wtr);
		return;
	}
	for (i = 0; i < r->nr_blocking; i++)
		violation_print(stderr, v, &v->violations[i]);
	p_err("no role accepts %s: %d violation%s no role can lift", ext_path, r->nr_blocking,
	      r->nr_blocking == 1 ? "" : "s");
}

static void print_suggestion_json(const struct suggestion *s, const struct suggest_cli *o)
{
	const struct verdict *v = s->verdict;
	int i, j;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "extension", o->ext_path);
	jsonw_string_field(json_wtr, "role", s->role_name);
	if (o->output)
		jsonw_string_field(json_wtr, "output", o->output);
	else
		jsonw_null_field(json_wtr, "output");
	jsonw_name(json_wtr, "attributes");
	jsonw_start_object(json_wtr);
	jsonw_uint_field(json_wtr, "max_memory", s->max_memory);
	jsonw_uint_field(json_wtr, "max_instructions", s->max_instructions);
	jsonw_bool_field(json_wtr, "allow_memory_write", s->allow_memory_write);
	jsonw_bool_field(json_wtr, "always_const", s->always_const);
	jsonw_bool_field(json_wtr, "may_have_side_effect", s->may_have_side_effect);
	jsonw_bool_field(json_wtr, "skip_verification", false);
	jsonw_end_object(json_wtr);
	jsonw_name(json_wtr, "capabilities");
	jsonw_start_array(json_wtr);
	for (i = 0; i < s->nr_caps; i++) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", s->caps[i].name);
		jsonw_bool_field(json_wtr, "reused", s->caps[i].reused);
		jsonw_name(json_wtr, "apis");
		jsonw_start_array(json_wtr);
		for (j = 0; j < s->caps[i].nr_apis; j++)
			jsonw_string(json_wtr, s->caps[i].apis[j]);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "left_out");
	jsonw_start_array(json_wtr);
	for (i = 0; i < s->nr_left_out; i++) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "function", s->left_out[i].function);
		jsonw_string_field(json_wtr, "constraint", s->left_out[i].constraint);
		jsonw_string_field(json_wtr, "reason", s->left_out[i].reason);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "permissive");
	jsonw_start_array(json_wtr);
	for (i = 0; i < s->nr_permissive; i++) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "attribute", s->permissive[i].attribute);
		jsonw_bool_field(json_wtr, "value", s->permissive[i].value);
		jsonw_name(json_wtr, "because");
		jsonw_start_array(json_wtr);
		for (j = 0; j < s->permissive[i].nr_because; j++)
			jsonw_string(json_wtr, s->permissive[i].because[j]);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "entries");
	jsonw_start_array(json_wtr);
	for (i = 0; i < v->nr_entries; i++) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", v->entries[i].name);
		jsonw_uint_field(json_wtr, "stack_bytes", v->entries[i].stack_bytes);
		jsonw_uint_field(json_wtr, "max_instructions", v->entries[i].max_insns);
		jsonw_name(json_wtr, "calls");
		jsonw_start_array(json_wtr);
		for (j = 0; j < v->entries[i].nr_calls; j++)
			jsonw_string(json_wtr, v->entries[i].calls[j].name);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_string_field(json_wtr, "yaml", s->yaml);
	jsonw_end_object(json_wtr);
}

/*
 * Each attribute the role makes permissive, on stderr: the operator grants more than the
 * defaults there, and should know which calls ask for it before using the role.
 */
static void warn_permissive(const struct suggestion *s)
{
	const struct suggest_permissive *p;
	char because[1024];
	size_t len;
	int i, j;

	for (i = 0; i < s->nr_permissive; i++) {
		p = &s->permissive[i];
		because[0] = '\0';
		for (j = 0, len = 0; j < p->nr_because && len < sizeof(because); j++)
			len += snprintf(because + len, sizeof(because) - len, "%s%s", j ? ", " : "",
					p->because[j]);
		p_warn("%s: %s, because of %s", p->attribute, p->value ? "true" : "false",
		       p->nr_because ? because : "what the extension does");
	}
}

/* The role file to @path (written whole, then renamed over it: never half a role). */
static int write_role(const char *path, const char *yaml, size_t len)
{
	char *tmp = NULL;
	FILE *f;
	int err = 0;

	if (!strcmp(path, "-"))
		return fwrite(yaml, 1, len, stdout) == len ? 0 : -EIO;
	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "w");
	if (!f) {
		err = -errno;
		goto out;
	}
	if (fwrite(yaml, 1, len, f) != len)
		err = errno ? -errno : -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
out:
	if (err)
		p_err("cannot write %s: %s", path, strerror(-err));
	free(tmp);
	return err;
}

static int do_suggest(int argc, char **argv)
{
	struct suggest_cli o = { 0 };
	struct suggest_opts so = { 0 };
	struct suggest_refusal refusal = { 0 };
	struct diag_list dl = { 0 };
	struct role_file *from = NULL;
	struct extension *ext = NULL;
	struct suggestion *s = NULL;
	char *cmdline = NULL;
	int ret, err, i;

	/* before getopt_long permutes argv */
	cmdline = command_line(argc, argv);
	ret = parse_suggest_opts(argc, argv, &o);
	if (ret >= 0)
		goto out;
	ret = RP_EXIT_INPUT;
	if (o.from && role_file_load(o.from, &from, &dl)) {
		diag_list_print(&dl);
		p_err("cannot use role file '%s': %d error%s (see `%s role lint`)", o.from,
		      dl.nr_errors, dl.nr_errors == 1 ? "" : "s", prog_name);
		goto out;
	}
	if (extension_open(o.ext_path, &ext))
		goto out;
	so.from = from;
	so.role_name = o.role_name;
	so.command = cmdline;
	err = suggest_role(ext, &so, &s, &refusal);
	if (err == -EACCES) {
		print_refusal(o.ext_path, &refusal);
		ret = RP_EXIT_VIOLATION;
		goto out;
	}
	if (err)
		goto out;
	for (i = 0; i < s->nr_left_out && !json_output; i++)
		p_warn("%s: '%s' is left out of the role, the extension does not prove it: %s",
		       s->left_out[i].function, s->left_out[i].constraint, s->left_out[i].reason);
	if (!json_output)
		warn_permissive(s);
	if (o.output && write_role(o.output, s->yaml, s->yaml_len))
		goto out;
	if (json_output)
		print_suggestion_json(s, &o);
	else if (!o.output && write_role("-", s->yaml, s->yaml_len))
		goto out;
	else if (o.output && strcmp(o.output, "-"))
		p_info("%s: role %s for %s (%d capabilit%s, %d constraint%s left out)", o.output,
		       s->role_name, o.ext_path, s->nr_caps, s->nr_caps == 1 ? "y" : "ies",
		       s->nr_left_out, s->nr_left_out == 1 ? "" : "s");
	ret = RP_EXIT_OK;
out:
	suggestion_free(s);
	verdict_free(refusal.verdict);
	extension_free(ext);
	role_file_free(from);
	diag_list_free(&dl);
	free(cmdline);
	return ret;
}

static const struct cmd role_cmds[] = {
	{ "lint",	do_lint },
	{ "show",	do_show },
	{ "suggest",	do_suggest },
	{ "help",	do_role_help },
	{ 0 }
};

int do_role(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return do_role_help(0, NULL);
	return cmd_select("role", role_cmds, argc - 1, argv + 1, do_role_help);
}
