// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The user string read with bpf_probe_read, which copies exactly 32 bytes and does not
 * terminate them, then passed to bpf_strnlen whose str is a const_char_ptr: not provably
 * NUL-terminated (the twin of ok_strnlen_read_str).
 * Kernel: accepts (the kfunc's pointer argument is __ign: the kernel does not check it).
 */
/* ROLE: roles/uprobe.yaml */
/* EXPECT: reject "str.null_terminated is not proven" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kfuncs.h"
#include "record_len.h"

SEC("uprobe")
int BPF_KPROBE(user_len, const char *name)
{
	char buf[32];

	if (bpf_probe_read(buf, sizeof(buf), name))
		return 0;
	record_len(bpf_strnlen(buf, sizeof(buf)));	/* VIOLATION */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
