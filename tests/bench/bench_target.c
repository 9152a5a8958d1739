// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The program `roleprobe bench` probes: calls a non-inlined function in a tight loop and
 * says what a call cost, on average, with whatever was attached to it meanwhile.
 *
 *   bench_target MODE [-n CALLS] [-e EXT.o] [-d USEC] [-w]
 *	native	CALLS calls of bench_func()
 *	nop5	CALLS calls of bench_nop5(), whose first instruction is a 5-byte nop
 *	jit	before each call of bench_func(), run EXT.o's SEC("uprobe/bench_func") program
 *		in this process with DPDK's librte_bpf, JIT-compiled
 *	interp	the same with librte_bpf's interpreter
 *	spin	call bench_func() every USEC microseconds (default 100) until killed
 *	info	print which userspace eBPF runtime this build has
 *	-w	wait for a line on stdin before the first call: `roleprobe bench` attaches to
 *		this process (by pid) meanwhile
 *
 * Timed modes first make min(CALLS, 10000) untimed calls (the first hits of a uprobe do
 * one-time work: the 5-byte-nop fast path rewrites the call site on its first hit), then
 * print one line on stdout:
 *	ns_per_call=NS cpu_ns_per_call=CPU calls=CALLS warmup=W [hits=H]
 * NS: CLOCK_MONOTONIC over the timed loop; CPU: this thread's CPU time over it, which a
 * uprobe's trap and handler are charged to but time spent waiting for the CPU is not;
 * H: what the userspace-run program counted, checked to be W + CALLS. Exit 0; 2 for bad
 * usage; 3 when the userspace program cannot be loaded or run; 4 when this build has no
 * userspace runtime (built without librte_bpf).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include "bench_hit.h"

#ifdef HAVE_RTE_BPF
#include <asm/ptrace.h>
#include <linux/bpf.h>
#include <rte_bpf.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_version.h>
#endif

#define WARMUP_CALLS	10000UL

/* The sink keeps the calls and their results from being optimised away. */
static volatile long sink;

/*
 * The first instruction decides what a uprobe hit costs: the kernel emulates a few (push,
 * nops, jumps) and single-steps every other one out of line, which costs ~15 us in this
 * VM. A function built with frame pointers begins with push %rbp; GCC 12 at -O1/-O2 drops
 * it in leaf functions even with -fno-omit-frame-pointer, so the push is written out.
 */
__attribute__((noinline, noclone)) long bench_func(long a, long b)
{
#if defined(__x86_64__)
	asm volatile("push %%rbp\n\tpop %%rbp" ::: "memory");
#endif
	sink += a;
	return a + b;
}

/*
 * Linux 6.18 turns a uprobe on a 5-byte nop (nopl 0x0(%rax,%rax,1), what
 * -fpatchable-function-entry and ftrace-style patch sites hold) into a call to a
 * trampoline on its first hit. GCC's patchable_function_entry attribute emits single-byte
 * nops, so the 5-byte one is written out, first in a function without a frame.
 */
__attribute__((noinline, noclone, optimize("omit-frame-pointer"))) long bench_nop5(long a, long b)
{
#if defined(__x86_64__)
	asm volatile(".byte 0x0f, 0x1f, 0x44, 0x00, 0x00" ::: "memory");
#endif
	sink += a;
	return a + b;
}

/* Every mode calls through this pointer, so the call site is the same for all of them. */
static long (*volatile call_fn)(long, long) = bench_func;

static double now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- the userspace runtime: DPDK's librte_bpf ---- */

#ifdef HAVE_RTE_BPF

/*
 * A userspace array map standing for the extension's `hits`: librte_bpf resolves the
 * ld_imm64 of a map symbol to the address of the xsym variable of that name.
 */
struct ub_array {
	__u32 value_size;
	__u32 max_entries;
	struct bench_hits values[1];
};

static struct ub_array hits_map = { sizeof(struct bench_hits), 1, { { 0, 0 } } };

/* bpf_map_lookup_elem() for ub_array maps, as the kernel's array map does it */
static uint64_t ub_map_lookup_elem(uint64_t map, uint64_t key, uint64_t a3, uint64_t a4,
				   uint64_t a5)
{
	struct ub_array *m = (struct ub_array *)(uintptr_t)map;
	__u32 k = *(const __u32 *)(uintptr_t)key;

	(void)a3;
	(void)a4;
	(void)a5;
	if (k >= m->max_entries)
		return 0;
	return (uintptr_t)&m->values[k];
}

/*
 * librte_bpf takes a helper call's immediate (the kernel helper id) as an index into its
 * xsym table, so each helper sits at its kernel id; the slots before it are variables
 * named so that no ELF symbol can match them. The map variables follow.
 */
#define XSYM_LOOKUP	BPF_FUNC_map_lookup_elem
#define XSYM_HITS	(BPF_FUNC_map_lookup_elem + 1)
#define NR_XSYM		(XSYM_HITS + 1)

static struct rte_bpf_xsym xsym[NR_XSYM];
static __u64 xsym_unused;

static struct rte_bpf *ub_prog;
static uint64_t (*ub_jit)(void *);

static void xsym_init(void)
{
	int i;

	for (i = 0; i < NR_XSYM; i++) {
		xsym[i].name = "(no helper at this id)";
		xsym[i].type = RTE_BPF_XTYPE_VAR;
		xsym[i].var.val = &xsym_unused;
		xsym[i].var.desc.type = RTE_BPF_ARG_RAW;
		xsym[i].var.desc.size = sizeof(xsym_unused);
	}
	xsym[XSYM_LOOKUP].name = "bpf_map_lookup_elem";
	xsym[XSYM_LOOKUP].type = RTE_BPF_XTYPE_FUNC;
	xsym[XSYM_LOOKUP].func.val = ub_map_lookup_elem;
	xsym[XSYM_LOOKUP].func.nb_args = 2;
	xsym[XSYM_LOOKUP].func.args[0].type = RTE_BPF_ARG_PTR;
	xsym[XSYM_LOOKUP].func.args[0].size = sizeof(struct ub_array);
	xsym[XSYM_LOOKUP].func.args[1].type = RTE_BPF_ARG_PTR;
	xsym[XSYM_LOOKUP].func.args[1].size = sizeof(__u32);
	xsym[XSYM_LOOKUP].func.ret.type = RTE_BPF_ARG_PTR;
	xsym[XSYM_LOOKUP].func.ret.size = sizeof(struct bench_hits);

	xsym[XSYM_HITS].name = BENCH_HIT_MAP;
	xsym[XSYM_HITS].type = RTE_BPF_XTYPE_VAR;
	xsym[XSYM_HITS].var.val = &hits_map;
	xsym[XSYM_HITS].var.desc.type = RTE_BPF_ARG_PTR;
	xsym[XSYM_HITS].var.desc.size = sizeof(hits_map);
}

/*
 * Load @path's bench program; no EAL initialisation is needed for librte_bpf (its log goes
 * to stderr, warnings and worse only). Returns 0, or 3 after saying what failed.
 */
static int ub_load(const char *path, int jit)
{
	struct rte_bpf_prm prm = {
		.xsym = xsym,
		.nb_xsym = NR_XSYM,
		.prog_arg = { .type = RTE_BPF_ARG_PTR, .size = sizeof(struct pt_regs) },
	};
	struct rte_bpf_jit j = {};

	rte_openlog_stream(stderr);
	rte_log_set_global_level(RTE_LOG_WARNING);
	xsym_init();
	ub_prog = rte_bpf_elf_load(&prm, path, BENCH_HIT_SEC);
	if (!ub_prog) {
		fprintf(stderr, "bench_target: librte_bpf cannot load section %s of %s: %s\n",
			BENCH_HIT_SEC, path, strerror(rte_errno));
		return 3;
	}
	if (jit) {
		if (rte_bpf_get_jit(ub_prog, &j) || !j.func) {
			fprintf(stderr, "bench_target: librte_bpf has no JIT code for %s\n", path);
			return 3;
		}
		ub_jit = j.func;
	}
	return 0;
}

/*
 * The hook a userspace uprobe runtime puts at the function's entry: the registers as a
 * struct pt_regs (the argument registers, the stack pointer and the address; the rest
 * zero), the program run on them, then the function itself.
 */
static inline void ub_regs(struct pt_regs *regs, long a, long b, void *fn)
{
	memset(regs, 0, sizeof(*regs));
	regs->rdi = a;
	regs->rsi = b;
	regs->rip = (unsigned long)fn;
	regs->rsp = (unsigned long)__builtin_frame_address(0);
}

__attribute__((noinline)) static long hooked_jit(long a, long b)
{
	struct pt_regs regs;

	ub_regs(&regs, a, b, bench_func);
	ub_jit(&regs);
	return bench_func(a, b);
}

__attribute__((noinline)) static long hooked_interp(long a, long b)
{
	struct pt_regs regs;

	ub_regs(&regs, a, b, bench_func);
	rte_bpf_exec(ub_prog, &regs);
	return bench_func(a, b);
}

static const char *runtime_name(void)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s librte_bpf", rte_version());
	return buf;
}

#endif /* HAVE_RTE_BPF */

static int usage(void)
{
	fprintf(stderr, "usage: bench_target native|nop5|jit|interp|spin|info [-n CALLS] "
		"[-e EXT.o] [-d USEC] [-w]\n");
	return 2;
}

static int spin(unsigned long usec)
{
	struct timespec ts = { .tv_sec = usec / 1000000, .tv_nsec = (usec % 1000000) * 1000 };
	long i;

	for (i = 0;; i++) {
		call_fn(i, 1);
		if (usec)
			nanosleep(&ts, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long calls = 1000000, usec = 100, warmup, i;
	const char *mode, *ext = NULL;
	int opt, userspace = 0, wait_stdin = 0;
	char line[16];
	double t0, t1, c0, c1;
	long acc = 0;
	char *end;

	if (argc < 2)
		return usage();
	mode = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "n:e:d:w")) != -1) {
		switch (opt) {
		case 'n':
		case 'd':
			errno = 0;
			*(opt == 'n' ? &calls : &usec) = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-') {
				fprintf(stderr, "bench_target: bad number '%s'\n", optarg);
				return 2;
			}
			break;
		case 'e':
			ext = optarg;
			break;
		case 'w':
			wait_stdin = 1;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();

	if (!strcmp(mode, "info")) {
#ifdef HAVE_RTE_BPF
		printf("userspace_runtime=%s\n", runtime_name());
#else
		printf("userspace_runtime=none\n");
#endif
		return 0;
	} else if (!strcmp(mode, "native") || !strcmp(mode, "spin")) {
		call_fn = bench_func;
	} else if (!strcmp(mode, "nop5")) {
		call_fn = bench_nop5;
	} else if (!strcmp(mode, "jit") || !strcmp(mode, "interp")) {
#ifdef HAVE_RTE_BPF
		int err;

		if (!ext) {
			fprintf(stderr, "bench_target: %s needs -e EXT.o\n", mode);
			return 2;
		}
		err = ub_load(ext, mode[0] == 'j');
		if (err)
			return err;
		call_fn = mode[0] == 'j' ? hooked_jit : hooked_interp;
		userspace = 1;
#else
		(void)ext;
		fprintf(stderr, "bench_target: built without librte_bpf: no userspace eBPF runtime "
			"(scripts/install-deps.sh --bench, then rebuild)\n");
		return 4;
#endif
	} else {
		return usage();
	}
	if (wait_stdin && !fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "bench_target: no line on stdin to start on\n");
		return 2;
	}
	if (!strcmp(mode, "spin"))
		return spin(usec);

	warmup = calls < WARMUP_CALLS ? calls : WARMUP_CALLS;
	for (i = 0; i < warmup; i++)
		acc += call_fn((long)i, 1);
	c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	for (i = 0; i < calls; i++)
		acc += call_fn((long)i, 1);
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	sink = acc;

	printf("ns_per_call=%.3f cpu_ns_per_call=%.3f calls=%lu warmup=%lu",
	       calls ? (t1 - t0) / calls : 0.0, calls ? (c1 - c0) / calls : 0.0, calls, warmup);
#ifdef HAVE_RTE_BPF
	if (userspace) {
		printf(" hits=%llu\n", (unsigned long long)hits_map.values[0].calls);
		if (hits_map.values[0].calls != warmup + calls) {
			fprintf(stderr, "bench_target: the userspace program counted %llu hits, "
				"not %lu\n", (unsigned long long)hits_map.values[0].calls,
				warmup + calls);
			return 3;
		}
		rte_bpf_destroy(ub_prog);
		return 0;
	}
#endif
	(void)userspace;
	printf("\n");
	return 0;
}
