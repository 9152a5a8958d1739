/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Shared by the fuzz harnesses: JSON output into /dev/null, so that every input also goes
 * through the printers (escaping of hostile strings) without flooding the terminal.
 */
#ifndef ROLEPROBE_FUZZ_H
#define ROLEPROBE_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "output.h"

/* libFuzzer's entry points (replay.c calls them the same way). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Output for the harness: JSON mode into /dev/null. Exits when it cannot be set up. */
static inline void fuzz_output_sink(void)
{
	FILE *f = fopen("/dev/null", "we");

	if (!f) {
		perror("fuzz: /dev/null");
		exit(1);
	}
	json_wtr = jsonw_new(f);
	if (!json_wtr) {
		perror("fuzz: JSON writer");
		exit(1);
	}
	json_output = true;
}

#endif /* ROLEPROBE_FUZZ_H */
