// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bad_write_user under a role that grants bpf_probe_write_user with allow_memory_write:
 * true, always_const: false and may_have_side_effect: true: roleprobe's verifier accepts.
 * Kernel: refuses here ("program of this type cannot use helper bpf_probe_write_user#36":
 * lockdown=integrity removes it), so `roleprobe attach` would fail with exit 3; `roleprobe
 * check` judges against the role only.
 */
/* ROLE: tests/ext/roles/corpus.yaml UserWriter */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(patch_flag, int *flag)
{
	int zero = 0;

	bpf_probe_write_user(flag, &zero, sizeof(zero));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
