/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The program of ok_insn_hostlib_short and bad_insn_hostlib_long: a user string of up to
 * NAME_LEN bytes (defined by the includer) read onto the stack, copied with the host
 * library's bpf_strncpy into a map key, counted.
 *
 * Host library code counts toward max_instructions (SPEC section 4). bpf_strncpy as
 * compiled in build/hostlib/string.bpf.o (llvm-objdump -d) runs 7 instructions before its
 * loop, 9 per byte copied and 3 after it: for len L, 9 x (L - 1) + 10 at most, since no
 * verifier can know where the NUL of a string read from user space falls. The entry
 * itself runs about 20.
 */
#ifndef NAME_LEN
#error "define NAME_LEN before including twin_copy_name.h"
#endif

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
