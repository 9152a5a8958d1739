// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Example: one trace line per call of demo_greet() and per return of demo_add(), through
 * the host library's standard event record.
 *
 *   sudo roleprobe attach --role roles/uprobe.yaml --binary build/targets/demo_app \
 *	build/examples/emit_events.bpf.o
 *
 * handle_uprobe_event() writes time, pid, tid, the probe and the first six argument
 * registers to roleprobe's ring buffer; attach prints each record as it arrives
 * (for a uretprobe it prints the return value instead of the arguments).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe/demo_greet")
int BPF_KPROBE(greet_event)
{
	handle_uprobe_event(ctx);
	return 0;
}

SEC("uretprobe/demo_add")
int BPF_KRETPROBE(add_ret_event)
{
	handle_uprobe_event(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
