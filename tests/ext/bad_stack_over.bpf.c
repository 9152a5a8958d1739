// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A 264-byte stack buffer under a role with max_memory: 256: just over. The compiled
 * program uses exactly 264 bytes of stack, r10-264 .. r10-1 (twin_stack_blob.h).
 * Kernel: accepts (its own limit is 512 bytes).
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: reject "max_memory: 256" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define BUF_SIZE 264
#include "twin_stack_blob.h"
