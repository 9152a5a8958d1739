/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Records the host library writes and roleprobe reads: shared, byte for byte, by the BPF
 * side (compiled with vmlinux.h) and user space (compiled with <linux/types.h>).
 */
#ifndef ROLEPROBE_EVENT_H
#define ROLEPROBE_EVENT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Arguments of the probed function a record carries (the x86-64/arm64 register arguments). */
#define ROLEPROBE_EVENT_NR_ARGS	6
#define ROLEPROBE_COMM_LEN	16

/*
 * What handle_uprobe_event() emits to roleprobe's ring buffer (map "rp_events"), one per
 * call. @probe is the BPF cookie roleprobe's loader gives each attachment: 1 + the index of
 * the entry program in the loaded object (loader_entry()); 0 when the program was attached
 * by something other than roleprobe.
 */
struct roleprobe_event {
	__u64 ts_ns;				/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 pid;				/* thread group id (the process id) */
	__u32 tid;				/* thread id */
	__u64 probe;				/* attach cookie, see above */
	__u64 args[ROLEPROBE_EVENT_NR_ARGS];	/* first six integer arguments, at function entry */
	__u64 ret;				/* return value register (for a uretprobe) */
	char comm[ROLEPROBE_COMM_LEN];		/* task command name, NUL-terminated */
};

/* What bpf_get_info() fills in. */
struct roleprobe_info {
	__u64 timestamp_ns;			/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 pid;				/* thread group id (the process id) */
	__u32 tid;				/* thread id (the kernel's pid) */
	__u32 uid;
	__u32 gid;
	__u32 cpu;
	__u32 __pad;
	char comm[ROLEPROBE_COMM_LEN];		/* task command name, NUL-terminated */
};

/*
 * The host library's maps (BPF map names hold 15 characters): the ring buffer, and a
 * one-entry array counting the records lost to a full ring buffer.
 */
#define ROLEPROBE_EVENTS_MAP	"rp_events"
#define ROLEPROBE_LOST_MAP	"rp_lost"

#endif /* ROLEPROBE_EVENT_H */
