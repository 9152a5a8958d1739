// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bad_stack_over with a 248-byte buffer: just under max_memory: 256 (the compiled program
 * uses exactly 248 bytes of stack; 256 rounded up to 32 bytes as the kernel does).
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallStack */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define BUF_SIZE 248
#include "twin_stack_blob.h"
