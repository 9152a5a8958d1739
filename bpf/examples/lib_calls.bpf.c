// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * Example: count calls of a shared library's function, demo_lib_mul() in libdemo.so.
 *
 *   sudo roleprobe attach --role roles/uprobe.yaml --binary build/targets/libdemo.so \
 *	build/examples/lib_calls.bpf.o
 *
 * A plain SEC("uprobe") attaches to the symbol named like the program: demo_lib_mul.
 * Every process that maps the library is traced unless --pid restricts it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lib_calls SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(demo_lib_mul, long a, long b)
{
	__u32 key = 0;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&lib_calls, &key);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
