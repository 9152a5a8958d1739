// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Output modes, errors and the streaming JSON writer. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

bool json_output;
bool pretty_output;
int verbose;
const char *prog_name = "roleprobe";
struct json_writer *json_wtr;

/* Nesting depth past which the writer refuses to go; our documents are shallow. */
#define JSONW_MAX_DEPTH 64

struct json_writer {
	FILE *out;
	unsigned int depth;
	bool pretty;
	bool sep;	/* a value was written at this depth: the next needs a comma */
	bool after_name;
};

static bool json_error_written;

static void vprint_prefixed(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s", prefix);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
}

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json_output && json_wtr && !json_error_written) {
		char buf[1024];

		vsnprintf(buf, sizeof(buf), fmt, ap);
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "error", buf);
		jsonw_end_object(json_wtr);
		fflush(stdout);
		json_error_written = true;
	} else {
		vprint_prefixed("Error: ", fmt, ap);
	}
	va_end(ap);
}

void p_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_prefixed("Warning: ", fmt, ap);
	va_end(ap);
}

void p_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_prefixed("", fmt, ap);
	va_end(ap);
}

void p_debug(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vprint_prefixed("debug: ", fmt, ap);
	va_end(ap);
}

int exit_code_from_kernel_err(int err)
{
	if (err == -EPERM || err == -EACCES)
		return RP_EXIT_PRIV;
	return RP_EXIT_KERNEL;
}

struct json_writer *jsonw_new(FILE *f)
{
	struct json_writer *self = calloc(1, sizeof(*self));

	if (!self)
		return NULL;
	self->out = f;
	return self;
}

void jsonw_destroy(struct json_writer **self_p)
{
	struct json_writer *self = *self_p;

	if (!self)
		return;
	fflush(self->out);
	free(self);
	*self_p = NULL;
}

void jsonw_pretty(struct json_writer *self, bool on)
{
	self->pretty = on;
}

static void jsonw_indent(struct json_writer *self)
{
	unsigned int i;

	for (i = 0; i < self->depth; i++)
		fputs("    ", self->out);
}

/* Called before any value or name: emits the separator the position needs. */
static void jsonw_eor(struct json_writer *self)
{
	if (self->after_name) {
		self->after_name = false;
		return;
	}
	if (self->sep)
		fputc(',', self->out);
	if (self->pretty && self->depth) {
		fputc('\n', self->out);
		jsonw_indent(self);
	}
	self->sep = true;
}

static void jsonw_puts(struct json_writer *self, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', self->out);
	for (; *s; s++) {
		switch (*s) {
		case '"': fputs("\\\"", self->out); break;
		case '\\': fputs("\\\\", self->out); break;
		case '\n': fputs("\\n", self->out); break;
		case '\r': fputs("\\r", self->out); break;
		case '\t': fputs("\\t", self->out); break;
		case '\b': fputs("\\b", self->out); break;
		case '\f': fputs("\\f", self->out); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				fprintf(self->out, "\\u%04x", *s);
			else
				fputc(*s, self->out);
		}
	}
	fputc('"', self->out);
}

static void jsonw_begin(struct json_writer *self, int c)
{
	jsonw_eor(self);
	fputc(c, self->out);
	if (self->depth < JSONW_MAX_DEPTH)
		self->depth++;
	self->sep = false;
}

static void jsonw_finish(struct json_writer *self, int c)
{
	bool had_items = self->sep;

	if (self->depth)
		self->depth--;
	if (self->pretty && had_items) {
		fputc('\n', self->out);
		jsonw_indent(self);
	}
	fputc(c, self->out);
	self->sep = true;
	/* a top-level document ends a line, so JSON-lines readers can follow stdout */
	if (!self->depth) {
		fputc('\n', self->out);
		fflush(self->out);
		self->sep = false;
	}
}

void jsonw_start_object(struct json_writer *self) { jsonw_begin(self, '{'); }
void jsonw_end_object(struct json_writer *self) { jsonw_finish(self, '}'); }
void jsonw_start_array(struct json_writer *self) { jsonw_begin(self, '['); }
void jsonw_end_array(struct json_writer *self) { jsonw_finish(self, ']'); }

void jsonw_name(struct json_writer *self, const char *name)
{
	jsonw_eor(self);
	jsonw_puts(self, name);
	fputc(':', self->out);
	if (self->pretty)
		fputc(' ', self->out);
	self->after_name = true;
}

/* A scalar that is the whole document ends its line too, as jsonw_finish() does. */
static void jsonw_end_scalar(struct json_writer *self)
{
	if (!self->depth) {
		fputc('\n', self->out);
		fflush(self->out);
		self->sep = false;
	}
}

void jsonw_string(struct json_writer *self, const char *value)
{
	jsonw_eor(self);
	jsonw_puts(self, value ? value : "");
	jsonw_end_scalar(self);
}

void jsonw_printf(struct json_writer *self, const char *fmt, ...)
{
	va_list ap;

	jsonw_eor(self);
	va_start(ap, fmt);
	vfprintf(self->out, fmt, ap);
	va_end(ap);
	jsonw_end_scalar(self);
}

void jsonw_bool(struct json_writer *self, bool value) { jsonw_printf(self, "%s", value ? "true" : "false"); }
void jsonw_null(struct json_writer *self) { jsonw_printf(self, "null"); }
void jsonw_int(struct json_writer *self, int64_t value) { jsonw_printf(self, "%lld", (long long)value); }
void jsonw_uint(struct json_writer *self, uint64_t value) { jsonw_printf(self, "%llu", (unsigned long long)value); }

void jsonw_float(struct json_writer *self, double value)
{
	/* JSON has no NaN or infinity */
	if (value != value || value > 1e308 || value < -1e308)
		jsonw_null(self);
	else
		jsonw_printf(self, "%.6g", value);
}

void jsonw_string_field(struct json_writer *self, const char *name, const char *value)
{
	jsonw_name(self, name);
	jsonw_string(self, value);
}

void jsonw_int_field(struct json_writer *self, const char *name, int64_t value)
{
	jsonw_name(self, name);
	jsonw_int(self, value);
}

void jsonw_uint_field(struct json_writer *self, const char *name, uint64_t value)
{
	jsonw_name(self, name);
	jsonw_uint(self, value);
}

void jsonw_bool_field(struct json_writer *self, const char *name, bool value)
{
	jsonw_name(self, name);
	jsonw_bool(self, value);
}

void jsonw_float_field(struct json_writer *self, const char *name, double value)
{
	jsonw_name(self, name);
	jsonw_float(self, value);
}

void jsonw_null_field(struct json_writer *self, const char *name)
{
	jsonw_name(self, name);
	jsonw_null(self);
}
