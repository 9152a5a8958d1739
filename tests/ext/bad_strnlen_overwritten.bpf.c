// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A buffer filled and terminated by bpf_probe_read_user_str, then overwritten whole by
 * bpf_probe_read of another argument (raw bytes, no NUL): the NUL it held is gone, and
 * bpf_strnlen's str is no longer provably terminated. A verifier that remembers "filled
 * by a string reader" without forgetting it on later writes gets it wrong.
 * Kernel: accepts (__ign argument).
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(second_len, const char *name, const void *raw)
{
	char buf[32];

	bpf_probe_read_user_str(buf, sizeof(buf), name);
	if (bpf_probe_read(buf, sizeof(buf), raw))
		return 0;
	record_len(bpf_strnlen(buf, sizeof(buf)));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
