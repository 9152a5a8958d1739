// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A harmless uprobe entry under a role without UprobeEventCap (the capability holding
 * handle_uprobe_event, the event signature): the role lets nothing be an entry point.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml NoEvents */
/* EXPECT: reject "grants no event handler" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hits.h"

SEC("uprobe")
int BPF_KPROBE(count_calls)
{
	count_hit();
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
