// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The host library's three functions (the .bpf.c files of bpf/hostlib), copied into a program some
 * other tool loads. As they are, they compile to the host library's own instructions and
 * are host code whoever loaded them. Built three ways by 04-inspect.bats:
 *  - as they are;
 *  - -DKC_DELETE: handle_uprobe_event without the one instruction that stores the probe
 *    (a jump over it one shorter, as a compiler makes it);
 *  - -DKC_CHANGE: handle_uprobe_event with one instruction changed (pid_tgid >> 31).
 * `used` keeps clang from specialising these static functions for their callers (constant
 * return values, unused results), as it cannot for the host library's global ones.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe_event.h"

#define ENOSPC 28
#define EINVAL 22

#ifndef PT_REGS_PARM6
#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->r9)
#endif

#define KC_HOST_FN static __noinline __attribute__((used))

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rp_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rp_lost SEC(".maps");

KC_HOST_FN int handle_uprobe_event(const struct pt_regs *ctx)
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
#ifdef KC_CHANGE
	e->pid = pid_tgid >> 31;
#else
	e->pid = pid_tgid >> 32;
#endif
	e->tid = (__u32)pid_tgid;
#ifdef KC_DELETE
	bpf_get_attach_cookie((void *)ctx);
#else
	e->probe = bpf_get_attach_cookie((void *)ctx);
#endif
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

KC_HOST_FN int bpf_get_info(struct roleprobe_info *info)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	info->timestamp_ns = bpf_ktime_get_ns();
	info->pid = pid_tgid >> 32;
	info->tid = (__u32)pid_tgid;
	info->uid = (__u32)uid_gid;
	info->gid = uid_gid >> 32;
	info->cpu = bpf_get_smp_processor_id();
	info->__pad = 0;
	bpf_get_current_comm(info->comm, sizeof(info->comm));
	return 0;
}

KC_HOST_FN int bpf_strncpy(char *dest, const char *src, size_t len)
{
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len - 1; i++) {
		char c = src[i];

		if (!c)
			break;
		dest[i] = c;
	}
	dest[i] = '\0';
	return i;
}

SEC("uprobe")
int kc_copy_event(struct pt_regs *ctx)
{
	return handle_uprobe_event(ctx);
}

SEC("uprobe")
int kc_copy_info(struct pt_regs *ctx)
{
	struct roleprobe_info info = {};

	if (bpf_get_info(&info))
		return 0;
	return info.pid;
}

SEC("uprobe")
int kc_copy_str(struct pt_regs *ctx)
{
	char src[16] = "roleprobe", dst[16];

	return bpf_strncpy(dst, src, sizeof(dst)) + bpf_strncpy(dst, src, 8);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
