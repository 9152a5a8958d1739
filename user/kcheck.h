/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The kernel-side check (SPEC section 1, layer 2): a program as the kernel holds it after
 * its verifier accepted it (xlated instructions, BTF func info, map ids), read back with
 * BPF_OBJ_GET_INFO_BY_FD and checked against a role's allowlist, so that nothing libbpf
 * relocation, linking or the kernel's own rewriting added slips through.
 *
 * Every call site is resolved to what it is:
 *  - helper calls: xlated imm is the target's address minus __bpf_call_base, named through
 *    /proc/kallsyms and mapped back to the helper it implements (the kernel calls map
 *    types' own functions, `__htab_map_lookup_elem`, and per-program-type variants,
 *    `bpf_probe_read_compat`); helpers the kernel inlines (array map lookups,
 *    bpf_get_smp_processor_id, bpf_jiffies64, bpf_loop) are recognised by the code the
 *    kernel emits for them;
 *  - kfunc calls: the same address form on x86-64, named by kallsyms and confirmed as a
 *    FUNC in the kernel's BTF (vmlinux, or the module's);
 *  - bpf-to-bpf calls: the callee's func info record, named by the program's BTF. A callee
 *    named like a host library function is host code: calling it is calling that host
 *    function, and the calls inside it are the host's own, allowed only when the host
 *    library's object code for that function makes them too.
 * Anything that resolves to nothing known is a violation (fail closed).
 *
 * A name proves nothing about a program some other tool loaded: with KCHECK_PROVE_HOST,
 * a function named like a host library function is host code only when its instructions
 * are the host library's, as the kernel rewrites them (kcheck_host_match()); otherwise it
 * is the program's own code and a violation says so.
 */
#ifndef ROLEPROBE_KCHECK_H
#define ROLEPROBE_KCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bpf_insn;
struct role_def;

#define KCHECK_NAME_MAX	128	/* names longer than this are cut in reports */

enum kcheck_call_kind {
	KCALL_HELPER,	/* a kernel helper (enum bpf_func_id) */
	KCALL_KFUNC,	/* a kfunc of the kernel or a module, named by BTF */
	KCALL_HOSTLIB,	/* a call into a host library function (SPEC section 6) */
	KCALL_SUBPROG,	/* a bpf-to-bpf call into the program's own code */
	KCALL_RUNTIME,	/* the kernel's own code for a construct (may_goto's timed check) */
	KCALL_UNKNOWN,	/* resolves to nothing known: always a violation */
};

/* How the kernel holds a helper call. */
enum kcheck_form {
	KFORM_CALL,		/* a call to the helper's implementation for this program type */
	KFORM_SPECIALISED,	/* a call to a map type's own implementation of a map helper */
	KFORM_INLINED,		/* no call: the kernel emitted the helper's work inline */
};

struct kcheck_call {
	int insn;			/* index in the xlated program */
	enum kcheck_call_kind kind;
	enum kcheck_form form;
	char name[KCHECK_NAME_MAX];	/* helper, kfunc, host function or subprogram */
	char ksym[KCHECK_NAME_MAX];	/* kernel symbol called; "" inlined or bpf-to-bpf */
	const char *inlined;		/* KFORM_INLINED: what the kernel emitted, for people */
	int helper_id;			/* KCALL_HELPER: enum bpf_func_id */
	int btf_id;			/* KCALL_KFUNC: FUNC id in its BTF */
	int target_insn;		/* KCALL_HOSTLIB, KCALL_SUBPROG: the callee's first insn */
	char caller[KCHECK_NAME_MAX];	/* the function the call is made from */
	char src[KCHECK_NAME_MAX];	/* "ext.bpf.c:42" from the program's line info, or "" */
	bool in_host;			/* made by host library code: the host's own call */
	bool granted;			/* granted by the role, or the host's own call */
};

struct kcheck_violation {
	int insn;			/* -1: about the program as a whole */
	char src[KCHECK_NAME_MAX];	/* "ext.bpf.c:42" from the program's line info, or "" */
	/*
	 * "prog NAME (id N): insn 12 (ext.bpf.c:42): call to X (kernel symbol Y) is not
	 * granted by role R"; without line info "insn 12: call to ...".
	 */
	char *msg;
};

struct kcheck_map {
	uint32_t id;
	uint32_t type;			/* enum bpf_map_type; 0 when it could not be read */
	char name[16];			/* BPF_OBJ_NAME_LEN */
};

struct kcheck_report {
	uint32_t prog_id;
	uint32_t prog_type;		/* enum bpf_prog_type */
	char prog_name[KCHECK_NAME_MAX];/* from BTF func info, else the kernel's 15-char name */
	char *role_name;
	uint32_t nr_insns;		/* xlated instructions */
	uint32_t nr_funcs;		/* func info records (entry + subprograms) */
	struct kcheck_call *calls;
	int nr_calls;
	struct kcheck_map *maps;
	int nr_maps;
	struct kcheck_violation *violations;
	int nr_violations;
	int err;			/* 0: checked; else the negative errno of what failed */
	char *errmsg;			/* err != 0: what could not be read, and what to do */
};

/*
 * Check the loaded program @prog_fd against @role. Reads /proc/kallsyms, the kernel's BTF
 * and the host library's object code on first use and keeps them for later calls
 * (kcheck_release() drops them); not thread-safe.
 *
 * Returns 0 when the program was checked: *@out holds every call resolved and the
 * violations found (none: it passed). Returns a negative errno when it could not be
 * checked: *@out (when memory allowed one) has err and errmsg set, and the program must be
 * treated as not passing: -EPERM when the kernel withheld the instructions or the helper
 * addresses (privileges, kptr_restrict), -EINVAL for a malformed program or bad arguments,
 * -ENOENT when the kernel's symbols or BTF cannot be read. Nothing is printed.
 */
int kcheck_prog(int prog_fd, const struct role_def *role, struct kcheck_report **out);

/*
 * Host-named functions are host code only when their code is the host library's: for
 * programs that roleprobe attach did not link (inspect). attach needs no proof: its loader
 * refuses an extension that defines a function of a host library name.
 */
#define KCHECK_PROVE_HOST	(1u << 0)

/* kcheck_prog() with KCHECK_* @flags. */
int kcheck_prog_flags(int prog_fd, const struct role_def *role, unsigned int flags,
		      struct kcheck_report **out);

/* True when @r was checked and has no violation. */
bool kcheck_passed(const struct kcheck_report *r);

void kcheck_report_free(struct kcheck_report *r);

/*
 * Print @r: plain text on stdout (the verdict, every call resolved, the maps, each
 * violation), or, in JSON mode, one object into json_wtr: {"id", "name", "type", "role",
 * "verdict": "pass" | "violation" | "error", "error"?, "insns", "calls": [{"insn", "kind",
 * "name", "ksym", "helper_id"?, "form"?, "inlined"?, "btf_id"?, "target_insn"?, "caller",
 * "source", "host", "granted"}], "maps": [{"id", "type", "name"}], "violations": [{"insn",
 * "source", "message"}]}.
 */
void kcheck_report_print(const struct kcheck_report *r);

/* Drop the kernel symbols and BTF read by kcheck_prog(). */
void kcheck_release(void);

/*
 * The helper that a program's call to kernel symbol @sym is (the table measured on 6.18,
 * see kcheck.c): its enum bpf_func_id and, when @form is not NULL, the form of the call.
 * -ENOENT when @sym implements no helper known here.
 */
int kcheck_ksym_helper(const char *sym, enum kcheck_form *form);

/* True when a call to kernel symbol @sym is the kernel's own runtime support (KCALL_RUNTIME). */
bool kcheck_ksym_runtime(const char *sym);

/* What a call or an ld_imm64 of one function's code refers to. */
enum kcheck_ref_kind {
	KREF_NONE,	/* nothing outside the instruction: compared as it is */
	KREF_HELPER,	/* a helper call: helper_id, name the kernel symbol called ("" if none) */
	KREF_KFUNC,	/* a kfunc call: name */
	KREF_FUNC,	/* a bpf-to-bpf call: name of the function called */
	KREF_MAP,	/* ld_imm64 of a map's address */
	KREF_OTHER,	/* anything else (data, an unresolved call): matches nothing */
};

struct kcheck_ref {
	enum kcheck_ref_kind kind;
	int helper_id;
	const char *name;
};

/* One function's code: its instructions and what each call and ld_imm64 refers to. */
struct kcheck_code {
	const struct bpf_insn *insns;
	const struct kcheck_ref *refs;	/* [n] */
	uint32_t n;
	uint32_t base;			/* index of insns[0] in its program, for messages */
};

/*
 * Is @x (one function as the kernel holds it, xlated) the kernel's rewrite of @o (the same
 * function in the host library's object code) for a privileged program? Allowed, and
 * nothing else:
 *  - a helper call to the same helper in any form kcheck knows (specialised, inlined, the
 *    code the kernel adds after __htab_map_lookup_elem); an inline array map lookup only
 *    with r1 loaded with a map just before it (a program cannot do pointer arithmetic on a
 *    map: only the kernel can have written it);
 *  - an ld_imm64 of a map referring to another map (every other bit equal);
 *  - kfunc and bpf-to-bpf calls to the callee of the same name;
 *  - dead code removal (opt_hard_wire_dead_code_branches, opt_remove_dead_code,
 *    opt_remove_nops): an instruction of @o may be missing only when it is unreachable
 *    once the branches @x hard-wired are taken as hard-wired, a conditional jump may be a
 *    `ja` or gone only when the way it no longer takes is unreachable, and every jump and
 *    fallthrough of @x lands where @o's would (past removed no-ops).
 * @array_value_off is offsetof(struct bpf_array, value) of the running kernel. @x's
 * instructions and refs are not read when it is longer than any rewrite of @o.
 * Returns 0 when it is, 1 when it is not (@why says where), -EINVAL for bad arguments,
 * -ENOMEM.
 */
int kcheck_host_match(const struct kcheck_code *o, const struct kcheck_code *x,
		      int array_value_off, char *why, size_t why_len);

/*
 * The host library's object code for host function @name into *@out (owned by kcheck
 * until kcheck_release()). -ENOENT when the host library has no such function.
 */
int kcheck_host_code(const char *name, struct kcheck_code *out);

const char *kcheck_call_kind_str(enum kcheck_call_kind kind);	/* "helper", "kfunc", ... */
const char *kcheck_form_str(enum kcheck_form form);		/* "call", "specialised", ... */

#endif /* ROLEPROBE_KCHECK_H */
