/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Output for every command: one error path that knows the output mode, levelled logging,
 * and a small streaming JSON writer that handles commas and escaping, in the manner of
 * bpftool's json_writer.
 */
#ifndef ROLEPROBE_OUTPUT_H
#define ROLEPROBE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

/* Exit codes of SPEC section 2. */
enum rp_exit {
	RP_EXIT_OK = 0,
	RP_EXIT_VIOLATION = 1,	/* extension violates the role, or detached for a violation */
	RP_EXIT_INPUT = 2,	/* usage or input error: bad role, bad ELF, missing binary/symbol */
	RP_EXIT_KERNEL = 3,	/* kernel refused to load or attach */
	RP_EXIT_PRIV = 4,	/* missing privileges */
};

extern bool json_output;	/* -j/--json */
extern bool pretty_output;	/* -p/--pretty, implies json_output */
extern int verbose;		/* -v: libbpf debug output and our debug lines */
extern const char *prog_name;	/* "roleprobe" */

/*
 * p_err() reports a failure: "Error: ..." on stderr in plain mode, {"error": "..."} on
 * stdout in JSON mode (once; later errors go to stderr so the JSON stays valid).
 * Messages start lower-case, have no trailing period and say what failed.
 */
void p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* p_warn()/p_info()/p_debug(): stderr always, so stdout stays machine-readable. */
void p_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Map a negative errno from a BPF operation to an exit code: EPERM/EACCES are missing
 * privileges (4), everything else the kernel said no (3).
 */
int exit_code_from_kernel_err(int err);

/* Streaming JSON writer. */
struct json_writer;

struct json_writer *jsonw_new(FILE *f);
void jsonw_destroy(struct json_writer **self_p);
void jsonw_pretty(struct json_writer *self, bool on);

void jsonw_start_object(struct json_writer *self);
void jsonw_end_object(struct json_writer *self);
void jsonw_start_array(struct json_writer *self);
void jsonw_end_array(struct json_writer *self);
void jsonw_name(struct json_writer *self, const char *name);

void jsonw_string(struct json_writer *self, const char *value);
void jsonw_printf(struct json_writer *self, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));	/* a raw JSON value, e.g. a number */
void jsonw_bool(struct json_writer *self, bool value);
void jsonw_null(struct json_writer *self);
void jsonw_int(struct json_writer *self, int64_t value);
void jsonw_uint(struct json_writer *self, uint64_t value);
void jsonw_float(struct json_writer *self, double value);

/* name: value shorthands */
void jsonw_string_field(struct json_writer *self, const char *name, const char *value);
void jsonw_int_field(struct json_writer *self, const char *name, int64_t value);
void jsonw_uint_field(struct json_writer *self, const char *name, uint64_t value);
void jsonw_bool_field(struct json_writer *self, const char *name, bool value);
void jsonw_float_field(struct json_writer *self, const char *name, double value);
void jsonw_null_field(struct json_writer *self, const char *name);

/* The writer on stdout used by all commands in JSON mode; NULL in plain mode. */
extern struct json_writer *json_wtr;

#endif /* ROLEPROBE_OUTPUT_H */
