// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Fuzz harness: the extension reader (extension_open_mem: ELF through libelf, BTF, func and
 * line info, relocations, maps) on arbitrary bytes, and the userspace verifier on whatever
 * it accepts, under roles/uprobe.yaml, with the verdict printed (JSON into /dev/null).
 * Built with libFuzzer for `make fuzz`, and with replay.c for `make unit`, which replays
 * the seeds and tests/fuzz/regress/extension.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "extension.h"
#include "fuzz.h"
#include "role.h"
#include "verifier.h"

/* Steps per entry: enough for every real object in the corpus, small enough to be quick. */
#define FUZZ_MAX_STEPS	200000

static struct role_file *rf;
static const struct role_def *role;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("ROLEPROBE_SRCDIR");
	struct diag_list dl;
	char path[PATH_MAX];

	memset(&dl, 0, sizeof(dl));
	snprintf(path, sizeof(path), "%s/roles/uprobe.yaml", src ? src : ".");
	if (role_file_load(path, &rf, &dl) || !(role = role_find(rf, NULL))) {
		fprintf(stderr, "fuzz_extension: cannot load %s (run from the source tree or set "
			"ROLEPROBE_SRCDIR)\n", path);
		exit(1);
	}
	diag_list_free(&dl);
	fuzz_output_sink();
	return 0;
}

static void exercise(const struct extension *ext, const struct verdict *v)
{
	char line[512];
	int i;

	for (i = 0; i < ext->nr_insns; i++) {
		(void)extension_func_at(ext, i);
		(void)extension_line_at(ext, i);
	}
	for (i = 0; i < ext->nr_funcs; i++)
		if (extension_func_by_name(ext, ext->funcs[i].name) == NULL)
			abort();	/* a function is found by its name */
	for (i = 0; i < ext->nr_maps; i++)
		if (extension_map_by_name(ext, ext->maps[i].name) == NULL)
			abort();
	if (!v)
		return;
	for (i = 0; i < v->nr_violations; i++)
		violation_format(v, &v->violations[i], line, sizeof(line));
	jsonw_start_object(json_wtr);
	verdict_print(v);
	jsonw_end_object(json_wtr);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct verifier_opts opts = { .max_steps = FUZZ_MAX_STEPS };
	struct extension *ext = NULL;
	struct verdict *v = NULL;

	if (extension_open_mem("fuzz.bpf.o", data, size, &ext))
		return 0;
	if (verifier_check(ext, role, &opts, &v))
		v = NULL;
	exercise(ext, v);
	verdict_free(v);
	extension_free(ext);
	return 0;
}
