// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * A flood of events for 09-faults.bats: every call of demo_add() emits FLOOD_PER_CALL
 * records through handle_uprobe_event(), about three times what roleprobe's ring buffer
 * (256 KiB, some 2500 records) holds, faster than any reader empties it. Records must then
 * be lost, and every one of them counted: records read + records lost = records emitted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define FLOOD_PER_CALL	8000

SEC("uprobe/demo_add")
int BPF_KPROBE(flood)
{
	int i;

	for (i = 0; i < FLOOD_PER_CALL; i++)
		handle_uprobe_event(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
