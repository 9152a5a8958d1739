// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Clears an int in the traced process through its pointer argument with
 * bpf_probe_write_user: a write to host memory under allow_memory_write: false. (A role
 * cannot grant bpf_probe_write_user while allow_memory_write is false: role lint refuses
 * that, so here it is simply not granted.)
 * Kernel: refuses here ("program of this type cannot use helper bpf_probe_write_user#36":
 * lockdown=integrity removes it); a kernel without lockdown accepts it.
 */
/* ROLE: tests/ext/roles/corpus.yaml Base */
/* EXPECT: reject "allow_memory_write: false" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(patch_flag, int *flag)
{
	int zero = 0;

	bpf_probe_write_user(flag, &zero, sizeof(zero));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
