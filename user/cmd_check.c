// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* PLACEHOLDER: replaced by the real command; must not land. */
#include "cli.h"
#include "output.h"

int do_check(int argc, char **argv)
{
	p_err("'check' is not built yet");
	return RP_EXIT_INPUT;
}
