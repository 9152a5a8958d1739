// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Fuzz harness: the role loader (role_file_load_buf: libyaml, the YAML tree, the role model,
 * constraint parsing, inheritance, host function resolution) on arbitrary bytes, then the
 * queries and printers over whatever it accepted. The buffer is not NUL-terminated, as a
 * read file need not be. Built with libFuzzer for `make fuzz`, and with replay.c for
 * `make unit`, which replays the seeds and tests/fuzz/regress/role.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "role.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_output_sink();
	return 0;
}

static void exercise(const struct role_file *rf)
{
	char buf[64];
	int i, j, k;

	for (i = 0; i < rf->nr_roles; i++) {
		const struct role_def *r = role_find(rf, rf->roles[i].name);
		const struct role_attr_info *a;

		if (!r)
			abort();	/* a role the file defines is found by its name */
		for (k = 0; (a = role_attr_info(k)); k++) {
			role_attr_format(&r->attrs, a->bit, buf, sizeof(buf));
			(void)role_attr_value(&r->attrs, a->bit);
		}
		for (j = 0; j < r->nr_caps; j++)
			for (k = 0; k < r->caps[j]->nr_apis; k++)
				(void)role_granted(r, r->caps[j]->apis[k]->name);
	}
	for (i = 0; i < rf->nr_host_fns; i++)
		if (role_file_host_fn(rf, rf->host_fns[i].name) != &rf->host_fns[i])
			abort();	/* names are unique */
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct diag_list dl;
	struct role_file *rf = NULL;

	memset(&dl, 0, sizeof(dl));
	if (role_file_load_buf("fuzz.yaml", (const char *)data, size, &rf, &dl) == 0)
		exercise(rf);
	jsonw_start_object(json_wtr);
	diag_list_print(&dl);
	jsonw_end_object(json_wtr);
	role_file_free(rf);
	diag_list_free(&dl);
	return 0;
}
