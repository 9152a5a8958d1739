// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Host library: the standard uprobe event record and roleprobe's ring buffer (SPEC section 6). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define ENOSPC 28

/* libbpf 1.1's bpf_tracing.h stops at PT_REGS_PARM5; the sixth argument register: */
#ifndef PT_REGS_PARM6
#if defined(__TARGET_ARCH_x86)
#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->r9)
#elif defined(__TARGET_ARCH_arm64)
#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->regs[5])
#else
#error "roleprobe's host library knows the sixth argument register of x86 and arm64 only"
#endif
#endif

/* 256 KiB: about 2000 records in flight between two reads by `attach`. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rp_events SEC(".maps");

/* records that found the ring buffer full; attach reports them */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rp_lost SEC(".maps");

__noinline int handle_uprobe_event(const struct pt_regs *ctx)
{
	struct roleprobe_event *e;
	__u64 pid_tgid;

	e = bpf_ringbuf_reserve(&rp_events, sizeof(*e), 0);
	if (!e) {
		__u32 key = 0;
		__u64 *lost = bpf_map_lookup_elem(&rp_lost, &key);

		if (lost)
			__sync_fetch_and_add(lost, 1);
		return -ENOSPC;
	}
	pid_tgid = bpf_get_current_pid_tgid();
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = pid_tgid >> 32;
	e->tid = (__u32)pid_tgid;
	e->probe = bpf_get_attach_cookie((void *)ctx);	/* the helper only reads it */
	e->args[0] = PT_REGS_PARM1(ctx);
	e->args[1] = PT_REGS_PARM2(ctx);
	e->args[2] = PT_REGS_PARM3(ctx);
	e->args[3] = PT_REGS_PARM4(ctx);
	e->args[4] = PT_REGS_PARM5(ctx);
	e->args[5] = PT_REGS_PARM6(ctx);
	e->ret = PT_REGS_RC(ctx);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
