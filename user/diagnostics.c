// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The verifier's verdict for people and for programs: compiler-style diagnostics on a
 * terminal or a pipe, and the JSON fields of `check -j`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diagnostics.h"
#include "output.h"
#include "verifier.h"

/* ---- colour ---- */

static enum diag_color color_mode = DIAG_COLOR_AUTO;

bool diag_set_color(const char *when)
{
	if (!when || !strcmp(when, "always"))
		color_mode = DIAG_COLOR_ALWAYS;
	else if (!strcmp(when, "never"))
		color_mode = DIAG_COLOR_NEVER;
	else if (!strcmp(when, "auto"))
		color_mode = DIAG_COLOR_AUTO;
	else
		return false;
	return true;
}

bool diag_color_on(FILE *f)
{
	const char *term;

	if (color_mode != DIAG_COLOR_AUTO)
		return color_mode == DIAG_COLOR_ALWAYS;
	/* https://no-color.org: set to any value, it turns colour off */
	if (getenv("NO_COLOR"))
		return false;
	term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

/* SGR sequences, gcc's choices: bold locus, red error, cyan note, green marker and hint */
#define SGR_BOLD	"\033[1m"
#define SGR_ERROR	"\033[1;31m"
#define SGR_NOTE	"\033[1;36m"
#define SGR_MARK	"\033[1;32m"
#define SGR_RESET	"\033[0m"

static const char *sgr(bool on, const char *seq)
{
	return on ? seq : "";
}

/*
 * Text from the extension (source lines, names in messages) with control characters
 * replaced by '?': a hostile object's BTF must not drive the terminal. Tabs are kept.
 */
static void put_clean(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = *s;

		fputc((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c, f);
	}
}

/* ---- locations ---- */

static const char *prog_type_str(enum ext_prog_type t)
{
	switch (t) {
	case EXT_PROG_UPROBE: return "uprobe";
	case EXT_PROG_URETPROBE: return "uretprobe";
	case EXT_PROG_OTHER: return "other";
	default: return "subprogram";
	}
}

/* A source path under the current directory, relative to it (as compilers print them). */
static const char *short_path(const char *path)
{
	static char cwd[4096];
	static bool have_cwd;
	size_t n;

	if (!have_cwd) {
		if (!getcwd(cwd, sizeof(cwd)))
			cwd[0] = '\0';
		have_cwd = true;
	}
	n = strlen(cwd);
	if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The first occurrence of identifier @name in @s that is called (followed by '('), else any. */
static const char *find_ident(const char *s, const char *name)
{
	size_t nl = strlen(name);
	const char *p, *any = NULL, *q;

	if (!nl)
		return NULL;
	for (p = strstr(s, name); p; p = strstr(p + 1, name)) {
		if ((p > s && ident_char(p[-1])) || ident_char(p[nl]))
			continue;
		for (q = p + nl; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == '(')
			return p;
		if (!any)
			any = p;
	}
	return any;
}

bool violation_marker(const struct violation *vi, unsigned int *col, unsigned int *len)
{
	const char *src = vi->src, *p;
	size_t n, c = vi->col, k;

	if (!src || !*src)
		return false;
	n = strlen(src);
	if (vi->host_fn && *vi->host_fn) {
		size_t nl = strlen(vi->host_fn);

		if (c >= 1 && c <= n && !strncmp(src + c - 1, vi->host_fn, nl)) {
			*col = c;
			*len = nl;
			return true;
		}
		p = find_ident(src, vi->host_fn);
		if (p) {
			*col = p - src + 1;
			*len = nl;
			return true;
		}
	}
	/* no column: a violation of a whole function marks its name where the line has it */
	if ((c < 1 || c > n) && vi->func && (p = find_ident(src, vi->func))) {
		*col = p - src + 1;
		*len = strlen(vi->func);
		return true;
	}
	if (c < 1 || c > n)
		return false;
	/* the token at the column: an identifier, else one character */
	for (k = c - 1; k < n && ident_char(src[k]); k++)
		;
	*col = c;
	*len = k > c - 1 ? k - (c - 1) : 1;
	return true;
}

/* ---- plain text ---- */

void violation_format(const struct verdict *v, const struct violation *vi, char *buf, size_t len)
{
	size_t n = 0;

#define PUT(...) do {								\
	int __r = snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__);	\
	if (__r > 0)								\
		n += __r;							\
} while (0)
	if (vi->file && vi->line)
		PUT("%s:%u: ", short_path(vi->file), vi->line);
	else if (vi->file)
		PUT("%s: ", short_path(vi->file));
	else
		PUT("%s: ", v->ext_path ? v->ext_path : "extension");
	if (vi->func && vi->insn >= 0 && vi->entry && strcmp(vi->entry, vi->func))
		PUT("%s+%d (in entry %s): ", vi->func, vi->insn, vi->entry);
	else if (vi->func && vi->insn >= 0)
		PUT("%s+%d: ", vi->func, vi->insn);
	PUT("%s", vi->msg);
	if (vi->clause)
		PUT(" (role %s: %s)", v->role, vi->clause);
	else
		PUT(" (role %s)", v->role);
#undef PUT
}

/* Display columns of the first @bytes bytes of @s: tabs to the next multiple of 8, UTF-8 once. */
static size_t display_width(const char *s, size_t bytes)
{
	size_t i, w = 0;

	for (i = 0; i < bytes && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '\t')
			w = (w / 8 + 1) * 8;
		else if ((c & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* @s with tabs expanded (the gutter in front would shift the terminal's tab stops). */
static void put_expanded(FILE *f, const char *s)
{
	char buf[2];
	size_t w = 0;

	buf[1] = '\0';
	for (; *s; s++) {
		if (*s == '\t') {
			do
				fputc(' ', f);
			while (++w % 8);
			continue;
		}
		buf[0] = *s;
		put_clean(f, buf);
		if ((*s & 0xc0) != 0x80)
			w++;
	}
}

void violation_print(FILE *f, const struct verdict *v, const struct violation *vi)
{
	bool color = diag_color_on(f);
	unsigned int mcol = 0, mlen = 0, i;
	bool marked = violation_marker(vi, &mcol, &mlen);
	unsigned int col = marked ? mcol : vi->col;
	char gutter[16];
	int gw;

	/* file:line:col: error: func+insn (in entry E): what happened */
	fputs(sgr(color, SGR_BOLD), f);
	if (vi->file) {
		put_clean(f, short_path(vi->file));
		if (vi->line)
			fprintf(f, ":%u", vi->line);
		if (vi->line && col)
			fprintf(f, ":%u", col);
	} else {
		put_clean(f, v->ext_path ? v->ext_path : "extension");
	}
	fprintf(f, ":%s %serror:%s ", sgr(color, SGR_RESET), sgr(color, SGR_ERROR),
		sgr(color, SGR_RESET));
	if (vi->func && vi->insn >= 0) {
		put_clean(f, vi->func);
		fprintf(f, "+%d", vi->insn);
		if (vi->entry && strcmp(vi->entry, vi->func)) {
			fputs(" (in entry ", f);
			put_clean(f, vi->entry);
			fputc(')', f);
		}
		fputs(": ", f);
	}
	put_clean(f, vi->msg);
	fputc('\n', f);

	/* the source line under a gutter holding its number, and the marker */
	gw = snprintf(gutter, sizeof(gutter), "%u", vi->line);
	if (gw < 4)
		gw = 4;
	if (vi->src && *vi->src) {
		fprintf(f, " %*u | ", gw, vi->line);
		put_expanded(f, vi->src);
		fputc('\n', f);
		if (marked) {
			size_t pad = display_width(vi->src, mcol - 1);
			size_t w = display_width(vi->src + mcol - 1, mlen);

			fprintf(f, " %*s | %*s%s^", gw, "", (int)pad, "", sgr(color, SGR_MARK));
			for (i = 1; i < (w ? w : 1); i++)
				fputc('~', f);
			fprintf(f, "%s\n", sgr(color, SGR_RESET));
		}
	}
	fprintf(f, " %*s = %snote:%s role ", gw, "", sgr(color, SGR_NOTE), sgr(color, SGR_RESET));
	put_clean(f, v->role);
	if (vi->clause) {
		fputs(": ", f);
		put_clean(f, vi->clause);
	}
	fputc('\n', f);
	if (vi->hint) {
		fprintf(f, " %*s = %shint:%s ", gw, "", sgr(color, SGR_MARK), sgr(color, SGR_RESET));
		put_clean(f, vi->hint);
		fputc('\n', f);
	}
}

static void print_plain(const struct verdict *v)
{
	bool color = diag_color_on(stdout);
	int i, j;

	fprintf(stdout, "%s", sgr(color, SGR_BOLD));
	put_clean(stdout, v->ext_path);
	printf(": role ");
	put_clean(stdout, v->role);
	printf(":%s %s%s%s", sgr(color, SGR_RESET),
	       sgr(color, v->accepted ? SGR_MARK : SGR_ERROR),
	       v->accepted ? "accepted" : "rejected", sgr(color, SGR_RESET));
	if (!v->accepted)
		printf(" (%d violation%s)", v->nr_violations, v->nr_violations == 1 ? "" : "s");
	printf("\n");
	if (v->skip_verification)
		printf("note: the role sets skip_verification: attach would skip this check\n");
	for (i = 0; i < v->nr_entries; i++) {
		const struct entry_verdict *e = &v->entries[i];

		printf("  entry ");
		put_clean(stdout, e->name);
		printf(" (");
		put_clean(stdout, e->sec_name);
		printf(")");
		if (!e->explored) {
			printf(": not explored\n");
			continue;
		}
		printf(": stack %llu bytes, ", (unsigned long long)e->stack_bytes);
		if (e->bounded)
			printf("at most %llu instructions per event\n",
			       (unsigned long long)e->max_insns);
		else if (e->over_budget)
			printf("more than %llu instructions per event\n",
			       (unsigned long long)v->max_instructions);
		else
			printf("no instruction bound\n");
		if (e->nr_calls) {
			printf("    calls");
			for (j = 0; j < e->nr_calls; j++) {
				printf("%s ", j ? "," : "");
				put_clean(stdout, e->calls[j].name);
				printf(" (%s, %d site%s)", e->calls[j].kind, e->calls[j].sites,
				       e->calls[j].sites == 1 ? "" : "s");
			}
			printf("\n");
		}
	}
	for (i = 0; i < v->nr_violations; i++)
		violation_print(stdout, v, &v->violations[i]);
}

/* ---- JSON ---- */

static void json_str_or_null(const char *name, const char *s)
{
	if (s)
		jsonw_string_field(json_wtr, name, s);
	else
		jsonw_null_field(json_wtr, name);
}

static void print_json(const struct verdict *v)
{
	int i, j;

	jsonw_string_field(json_wtr, "extension", v->ext_path);
	jsonw_string_field(json_wtr, "role", v->role);
	jsonw_bool_field(json_wtr, "accepted", v->accepted);
	jsonw_bool_field(json_wtr, "skip_verification", v->skip_verification);
	jsonw_uint_field(json_wtr, "steps", v->steps);
	jsonw_name(json_wtr, "limits");
	jsonw_start_object(json_wtr);
	jsonw_uint_field(json_wtr, "max_instructions", v->max_instructions);
	jsonw_uint_field(json_wtr, "max_memory", v->max_memory);
	jsonw_end_object(json_wtr);
	jsonw_name(json_wtr, "entries");
	jsonw_start_array(json_wtr);
	for (i = 0; i < v->nr_entries; i++) {
		const struct entry_verdict *e = &v->entries[i];

		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", e->name);
		jsonw_string_field(json_wtr, "section", e->sec_name);
		jsonw_string_field(json_wtr, "type", prog_type_str(e->type));
		json_str_or_null("attach_symbol", e->attach_sym);
		jsonw_uint_field(json_wtr, "attach_offset", e->attach_off);
		jsonw_bool_field(json_wtr, "explored", e->explored);
		jsonw_bool_field(json_wtr, "bounded", e->bounded);
		jsonw_bool_field(json_wtr, "over_budget", e->over_budget);
		if (e->explored && e->bounded)
			jsonw_uint_field(json_wtr, "max_instructions", e->max_insns);
		else
			jsonw_null_field(json_wtr, "max_instructions");
		jsonw_uint_field(json_wtr, "stack_bytes", e->stack_bytes);
		jsonw_name(json_wtr, "calls");
		jsonw_start_array(json_wtr);
		for (j = 0; j < e->nr_calls; j++) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "name", e->calls[j].name);
			jsonw_string_field(json_wtr, "kind", e->calls[j].kind);
			jsonw_int_field(json_wtr, "sites", e->calls[j].sites);
			jsonw_end_object(json_wtr);
		}
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "violations");
	jsonw_start_array(json_wtr);
	for (i = 0; i < v->nr_violations; i++) {
		const struct violation *vi = &v->violations[i];
		unsigned int mcol = 0, mlen = 0;
		bool marked = violation_marker(vi, &mcol, &mlen);

		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "kind", violation_kind_str(vi->kind));
		json_str_or_null("file", vi->file);
		jsonw_uint_field(json_wtr, "line", vi->line);
		/* the marker's column: BTF's, or where the line names the host function */
		jsonw_uint_field(json_wtr, "col", marked ? mcol : vi->col);
		jsonw_uint_field(json_wtr, "marker_len", marked ? mlen : 0);
		json_str_or_null("source", vi->src);
		json_str_or_null("entry", vi->entry);
		json_str_or_null("function", vi->func);
		jsonw_int_field(json_wtr, "insn", vi->insn);
		json_str_or_null("host_function", vi->host_fn);
		jsonw_string_field(json_wtr, "message", vi->msg);
		json_str_or_null("clause", vi->clause);
		json_str_or_null("hint", vi->hint);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
}

void verdict_print(const struct verdict *v)
{
	if (json_output && json_wtr)
		print_json(v);
	else
		print_plain(v);
}
