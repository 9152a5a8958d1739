/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Shared by the bench extension (bench_hit.bpf.c), the bench target (bench_target.c, which
 * also runs the extension in a userspace eBPF runtime) and `roleprobe bench`
 * (user/bench_percall.c): the probed functions, the entry program, and its one map value.
 * Include after vmlinux.h (BPF) or <linux/types.h> (userspace).
 */
#ifndef ROLEPROBE_BENCH_HIT_H
#define ROLEPROBE_BENCH_HIT_H

/* The probed functions of bench_target */
#define BENCH_FUNC		"bench_func"	/* begins with push %rbp: an emulated uprobe */
#define BENCH_NOP5_FUNC		"bench_nop5"	/* begins with a 5-byte nop: 6.18's fast path */

/* The entry program of bench_hit.bpf.o, its ELF section and its map */
#define BENCH_HIT_PROG		"bench_hit"
#define BENCH_HIT_SEC		"uprobe/" BENCH_FUNC
#define BENCH_HIT_MAP		"hits"

/* The one value of the one-entry array map `hits`: what every hit leaves behind. */
struct bench_hits {
	__u64 calls;		/* hits */
	__u64 sum;		/* sum of the probed function's two arguments */
};

#endif /* ROLEPROBE_BENCH_HIT_H */
