// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strncpy of a 200-byte name under max_instructions: 1000: the entry runs about 20
 * instructions, but the host library loop may run 9 x 199 + 10 = 1801 (twin_copy_name.h).
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: reject "max_instructions: 1000" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define NAME_LEN 200
#include "twin_copy_name.h"
