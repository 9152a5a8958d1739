// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A bounded loop of 50 trips under a role with max_instructions: 1000: just under, 915
 * instructions on the longest path (966 counting ld_imm64 as two). The program and its
 * measured figures are in twin_insn_loop.h, shared with bad_insn_loop_over.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define TRIPS 50
#include "twin_insn_loop.h"
