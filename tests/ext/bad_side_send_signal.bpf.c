// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Sends SIGUSR1 to the traced process when its argument is negative: an effect on the
 * host that escapes the extension. Granted by the role, refused by
 * may_have_side_effect: false.
 * Kernel: accepts.
 */
/* ROLE: tests/ext/roles/corpus.yaml QuietPrinter */
/* EXPECT: reject "may_have_side_effect: false" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define SIGUSR1 10

SEC("uprobe")
int BPF_KPROBE(poke, long arg)
{
	if (arg < 0)
		bpf_send_signal(SIGUSR1);	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
