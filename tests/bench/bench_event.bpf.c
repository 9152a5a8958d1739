// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The extension `roleprobe bench` times from `roleprobe attach` to its first event: one
 * trace line per hit of bench_func(), through the host library's handle_uprobe_event(). The
 * bpftrace one-liner it is compared with prints the same facts (pid, tid, comm, arguments).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

SEC("uprobe/bench_func")
int BPF_KPROBE(bench_event)
{
	handle_uprobe_event(ctx);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
