// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * bpf_strncpy of a 32-byte name under max_instructions: 1000: the host library loop
 * runs at most 9 x 31 + 10 = 289 instructions, the entry about 20.
 *
 * Host library code counts toward max_instructions (SPEC section 4). bpf_strncpy as
 * compiled in build/hostlib/string.bpf.o (llvm-objdump -d) runs 7 instructions before its
 * loop, 9 per byte copied and 3 after it: for len L, 9 x (L - 1) + 10 at most, since the
 * verifier cannot know where the NUL of a string read from user space falls.
 * Kernel: not loadable alone (calls the host library); linked with it by roleprobe's
 * loader (attached to demo_greet in a copy), the kernel accepts it.
 */
/* ROLE: tests/ext/roles/corpus.yaml SmallBudget */
/* EXPECT: accept */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"

#define NAME_LEN 32

struct name {
	char s[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct name);
	__type(value, __u64);
} seen SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(copy_name, const char *user_name)
{
	char raw[NAME_LEN];
	struct name n;
	__u64 one = 1;

	bpf_probe_read_user_str(raw, sizeof(raw), user_name);
	bpf_strncpy(n.s, raw, sizeof(n.s));
	bpf_map_update_elem(&seen, &n, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
