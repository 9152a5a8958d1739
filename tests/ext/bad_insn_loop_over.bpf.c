// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * ok_insn_loop_under with 56 trips: just over max_instructions: 1000, 1023 instructions
 * on the longest path (1080 counting ld_imm64 as two). The program and its measured
 * figures are in twin_insn_loop.h.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: reject "max_instructions: 1000" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define TRIPS 56
#include "twin_insn_loop.h"
