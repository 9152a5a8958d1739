// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Reads kernel memory without a call the kernel keeps: bpf_rdonly_cast() becomes a register
 * move in the xlated code (fixup_kfunc_call), and the loads through its result read the
 * kernel's utsname. Only the extern declaration in the program's BTF shows the kfunc.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
extern const void __start_rodata __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[16]);
} kc_uts SEC(".maps");

SEC("uprobe")
int kc_rdonly_cast(struct pt_regs *ctx)
{
	struct new_utsname *u = bpf_rdonly_cast(&__start_rodata,
						bpf_core_type_id_kernel(struct new_utsname));
	char buf[16];
	__u32 key = 0;

	__builtin_memcpy(buf, u->sysname, sizeof(buf));
	bpf_map_update_elem(&kc_uts, &key, buf, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
