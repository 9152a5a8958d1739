// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strncpy of a 32-byte name under max_instructions: 1000: the host library loop
 * runs at most 9 x 31 + 10 = 289 instructions, the entry about 20 (twin_copy_name.h).
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define NAME_LEN 32
#include "twin_copy_name.h"
