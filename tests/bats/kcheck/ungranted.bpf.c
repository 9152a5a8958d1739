// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Programs that call what roles/uprobe.yaml does not grant: a helper, a kfunc, a helper
 * the kernel inlines, a tail call, and a subprogram that impersonates a host library
 * function (named like one, but making a call the host library's code does not make).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern int bpf_strcmp(const char *s1, const char *s2) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} kc_progs SEC(".maps");

SEC("uprobe")
int kc_pid_tgid(void *ctx)
{
	return bpf_get_current_pid_tgid() >> 32;
}

SEC("uprobe")
int kc_strcmp(void *ctx)
{
	char a[8] = "abc", b[8] = "abd";

	return bpf_strcmp(a, b);
}

SEC("uprobe")
int kc_cpu(void *ctx)
{
	return bpf_get_smp_processor_id();
}

SEC("uprobe")
int kc_tail(void *ctx)
{
	bpf_tail_call(ctx, &kc_progs, 0);
	return 0;
}

struct kc_info {
	__u64 value;
};

/* Named like the host library's bpf_get_info, but its code is not the host library's. */
static __noinline int bpf_get_info(struct kc_info *info)
{
	if (!info)
		return 0;
	info->value = bpf_get_prandom_u32();
	return 0;
}

SEC("uprobe")
int kc_impostor(void *ctx)
{
	struct kc_info info = {};

	bpf_get_info(&info);
	return info.value;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
