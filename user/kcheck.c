// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The kernel-side check. What the kernel gives back (BPF_OBJ_GET_INFO_BY_FD) is read with
 * every length bounded, resolved against /proc/kallsyms and the kernel's BTF, and judged
 * against the role. Whatever cannot be resolved is a violation, never a pass.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "hostlib.h"
#include "kcheck.h"
#include "ksyms.h"
#include "output.h"
#include "role.h"

#define KALLSYMS_PATH		"/proc/kallsyms"
#define KPTR_RESTRICT_PATH	"/proc/sys/kernel/kptr_restrict"
#define MODULE_BTF_DIR		"/sys/kernel/btf"

/* Bounds on what the kernel reports, far above anything a verifier accepts. */
#define KCHECK_MAX_INSNS	(4u << 20)
#define KCHECK_MAX_MAPS		1024u
#define KCHECK_MAX_MODULES	16

/*
 * Kernel-internal encodings (6.10+) that <linux/bpf.h> 6.1 does not have: the off of a
 * MOV64 that turns a per-CPU offset into this CPU's address, and the constants of the
 * kernel's inline bpf_loop (its iteration cap and the -E2BIG it returns above it).
 */
#define BPF_ADDR_PERCPU		(-1)
#define KERNEL_BPF_JCOND	0xe0	/* may_goto's jump op (6.9+) */
#define KERNEL_BPF_MAX_LOOPS	(8 * 1024 * 1024)
#define KERNEL_E2BIG		7

/* How far after a map lookup the kernel's inline per-CPU translation of its result sits. */
#define LOOKUP_PERCPU_WINDOW	12

/*
 * Kernel symbols that implement helpers under another name, measured on Linux 6.18
 * (x86-64) by loading programs that call each helper and reading their xlated code
 * (tests/bats/kcheck/ does it again on every run). A helper implemented by the function
 * named like it (BPF_CALL_x(bpf_get_current_pid_tgid, ...)) needs no entry: see
 * kcheck_ksym_helper().
 */
struct ksym_helper {
	const char *sym;
	int helper_id;
	enum kcheck_form form;
};

static const struct ksym_helper ksym_helpers[] = {
	/* map helpers: the kernel calls the map type's implementation when the map is known */
	{ "__htab_map_lookup_elem",		BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "htab_lru_percpu_map_lookup_elem",	BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "array_map_lookup_elem",		BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "trie_lookup_elem",			BPF_FUNC_map_lookup_elem, KFORM_SPECIALISED },
	{ "htab_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_percpu_map_update_elem",	BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_lru_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_lru_percpu_map_update_elem",	BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "array_map_update_elem",		BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "trie_update_elem",			BPF_FUNC_map_update_elem, KFORM_SPECIALISED },
	{ "htab_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "htab_lru_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "array_map_delete_elem",		BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "trie_delete_elem",			BPF_FUNC_map_delete_elem, KFORM_SPECIALISED },
	{ "percpu_array_map_lookup_percpu_elem",
		BPF_FUNC_map_lookup_percpu_elem, KFORM_SPECIALISED },
	{ "htab_percpu_map_lookup_percpu_elem",
		BPF_FUNC_map_lookup_percpu_elem, KFORM_SPECIALISED },
	{ "queue_stack_map_push_elem",		BPF_FUNC_map_push_elem, KFORM_SPECIALISED },
	{ "bloom_map_push_elem",		BPF_FUNC_map_push_elem, KFORM_SPECIALISED },
	{ "queue_map_pop_elem",			BPF_FUNC_map_pop_elem, KFORM_SPECIALISED },
	{ "stack_map_pop_elem",			BPF_FUNC_map_pop_elem, KFORM_SPECIALISED },
	{ "queue_map_peek_elem",		BPF_FUNC_map_peek_elem, KFORM_SPECIALISED },
	{ "stack_map_peek_elem",		BPF_FUNC_map_peek_elem, KFORM_SPECIALISED },
	{ "bloom_map_peek_elem",		BPF_FUNC_map_peek_elem, KFORM_SPECIALISED },
	{ "bpf_for_each_hash_elem",		BPF_FUNC_for_each_map_elem, KFORM_SPECIALISED },
	{ "bpf_for_each_array_elem",		BPF_FUNC_for_each_map_elem, KFORM_SPECIALISED },
	/* per-program-type implementations */
	{ "bpf_probe_read_compat",		BPF_FUNC_probe_read, KFORM_CALL },
	{ "bpf_probe_read_compat_str",		BPF_FUNC_probe_read_str, KFORM_CALL },
	{ "bpf_user_rnd_u32",			BPF_FUNC_get_prandom_u32, KFORM_CALL },
	{ "bpf_get_attach_cookie_trace",	BPF_FUNC_get_attach_cookie, KFORM_CALL },
	{ "bpf_get_func_ip_kprobe",		BPF_FUNC_get_func_ip, KFORM_CALL },
	{ "bpf_task_storage_get_recur",		BPF_FUNC_task_storage_get, KFORM_CALL },
	{ "bpf_task_storage_delete_recur",	BPF_FUNC_task_storage_delete, KFORM_CALL },
	{ "bpf_perf_event_output_tp",		BPF_FUNC_perf_event_output, KFORM_CALL },
	{ "bpf_perf_event_output_raw_tp",	BPF_FUNC_perf_event_output, KFORM_CALL },
	{ "bpf_get_stack_tp",			BPF_FUNC_get_stack, KFORM_CALL },
	{ "bpf_get_stack_raw_tp",		BPF_FUNC_get_stack, KFORM_CALL },
	{ "bpf_get_stack_pe",			BPF_FUNC_get_stack, KFORM_CALL },
	{ "bpf_get_stackid_tp",			BPF_FUNC_get_stackid, KFORM_CALL },
	{ "bpf_get_stackid_raw_tp",		BPF_FUNC_get_stackid, KFORM_CALL },
	{ "bpf_get_stackid_pe",			BPF_FUNC_get_stackid, KFORM_CALL },
	/*
	 * Not measurable here without turning the JIT off for the whole machine: when the
	 * kernel does not inline bpf_get_smp_processor_id it calls its proto's function,
	 * bpf_get_raw_cpu_id (kernel/bpf/helpers.c).
	 */
	{ "bpf_get_raw_cpu_id",			BPF_FUNC_get_smp_processor_id, KFORM_CALL },
};

/* The kernel's own support calls, emitted for a construct rather than a helper (measured). */
static const char *const runtime_syms[] = {
	"arch_bpf_timed_may_goto",	/* may_goto (bpf_for, can_loop): the timed loop check */
};

int kcheck_ksym_helper(const char *sym, enum kcheck_form *form)
{
	const struct helper_info *h;
	size_t i;

	if (!sym)
		return -ENOENT;
	for (i = 0; i < sizeof(ksym_helpers) / sizeof(ksym_helpers[0]); i++) {
		if (strcmp(sym, ksym_helpers[i].sym))
			continue;
		if (form)
			*form = ksym_helpers[i].form;
		return ksym_helpers[i].helper_id;
	}
	/* BPF_CALL_x(bpf_NAME, ...) defines the function that implements helper bpf_NAME */
	h = helper_by_name(sym);
	if (!h)
		return -ENOENT;
	if (form)
		*form = KFORM_CALL;
	return h->id;
}

bool kcheck_ksym_runtime(const char *sym)
{
	size_t i;

	for (i = 0; sym && i < sizeof(runtime_syms) / sizeof(runtime_syms[0]); i++)
		if (!strcmp(sym, runtime_syms[i]))
			return true;
	return false;
}

const char *kcheck_call_kind_str(enum kcheck_call_kind kind)
{
	switch (kind) {
	case KCALL_HELPER:	return "helper";
	case KCALL_KFUNC:	return "kfunc";
	case KCALL_HOSTLIB:	return "hostlib";
	case KCALL_SUBPROG:	return "subprog";
	case KCALL_RUNTIME:	return "runtime";
	case KCALL_UNKNOWN:	return "unknown";
	}
	return "unknown";
}

const char *kcheck_form_str(enum kcheck_form form)
{
	switch (form) {
	case KFORM_CALL:	return "call";
	case KFORM_SPECIALISED:	return "specialised";
	case KFORM_INLINED:	return "inlined";
	}
	return "call";
}

/* ---- what the kernel and the host library are: read once ---- */

/* One host library function: its object code and what it calls. */
struct host_code {
	char *name;
	bool *helpers;		/* [helper_id_max()] */
	char **kfuncs;
	int nr_kfuncs;
	struct bpf_insn *insns;	/* its instructions, as in the object */
	struct kcheck_ref *refs;	/* [n]: names are owned (strdup) */
	uint32_t n;
};

struct module_btf {
	char *name;
	struct btf *btf;
};

/* What kcheck_prog() reads once per process: the kernel's symbols and BTF, the host's code. */
static struct {
	bool tried;
	int err;
	char errmsg[256];
	struct ksyms *ksyms;
	uint64_t call_base;		/* address of __bpf_call_base */
	struct btf *vmlinux;
	int array_value_off;		/* offsetof(struct bpf_array, value) */
	struct module_btf mods[KCHECK_MAX_MODULES];
	int nr_mods;
	bool host_tried;
	int host_err;
	struct host_code *host;
	int nr_host;
} kk;

static int read_kptr_restrict(void)
{
	char buf[16] = "";
	FILE *f = fopen(KPTR_RESTRICT_PATH, "re");
	int v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = atoi(buf);
	fclose(f);
	return v;
}

/* Byte offset of member @name of struct @id, looking through anonymous members; -1 if none. */
static long btf_member_off(const struct btf *btf, __u32 id, const char *name, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i, vlen;

	if (!t || depth > 8 || (!btf_is_struct(t) && !btf_is_union(t)))
		return -1;
	m = btf_members(t);
	vlen = btf_vlen(t);
	for (i = 0; i < vlen; i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		__u32 bit = btf_member_bit_offset(t, i);
		long inner;
		int tid;

		if (bit % 8)
			continue;
		if (mname && *mname) {
			if (!strcmp(mname, name))
				return (long)(bit / 8);
			continue;
		}
		tid = btf__resolve_type(btf, m->type);
		if (tid <= 0)
			continue;
		inner = btf_member_off(btf, (__u32)tid, name, depth + 1);
		if (inner >= 0)
			return inner + bit / 8;
	}
	return -1;
}

static int kernel_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int kernel_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kk.errmsg, sizeof(kk.errmsg), fmt, ap);
	va_end(ap);
	kk.err = err;
	return err;
}

static int kernel_load(void)
{
	const struct ksym *base;
	int err, bad = 0, id;

	if (kk.tried)
		return kk.err;
	kk.tried = true;
	kk.array_value_off = -1;

	err = ksyms__load(KALLSYMS_PATH, &kk.ksyms, &bad);
	if (err == -EPERM)
		return kernel_fail(-EPERM, "the kernel hides the addresses in %s "
				   "(kernel.kptr_restrict=%d): run as root, with kptr_restrict 0 "
				   "or 1", KALLSYMS_PATH, read_kptr_restrict());
	if (err)
		return kernel_fail(err, "cannot read %s: %s", KALLSYMS_PATH, strerror(-err));
	if (bad)
		p_debug("%s: %d malformed lines skipped", KALLSYMS_PATH, bad);
	base = ksyms__by_name(kk.ksyms, "__bpf_call_base");
	if (!base)
		return kernel_fail(-ENOENT, "%s has no __bpf_call_base: helper calls cannot be "
				   "resolved", KALLSYMS_PATH);
	kk.call_base = base->addr;

	kk.vmlinux = btf__load_vmlinux_btf();
	err = libbpf_get_error(kk.vmlinux);
	if (err) {
		kk.vmlinux = NULL;
		return kernel_fail(err, "cannot read the kernel's BTF (%s/vmlinux): %s; the "
				   "check needs a kernel built with CONFIG_DEBUG_INFO_BTF",
				   MODULE_BTF_DIR, strerror(-err));
	}
	id = btf__find_by_name_kind(kk.vmlinux, "bpf_array", BTF_KIND_STRUCT);
	if (id > 0)
		kk.array_value_off = btf_member_off(kk.vmlinux, id, "value", 0);
	/* without it an inlined array lookup would go unseen: refuse rather than miss it */
	if (kk.array_value_off < 0)
		return kernel_fail(-ENOENT, "the kernel's BTF has no struct bpf_array with a value "
				   "member: inlined array map lookups cannot be recognised");
	return 0;
}

/* The BTF of module @name (split on vmlinux), read once; NULL when it has none. */
static struct btf *module_btf(const char *name)
{
	char path[256];
	struct btf *btf;
	int i;

	for (i = 0; i < kk.nr_mods; i++)
		if (!strcmp(kk.mods[i].name, name))
			return kk.mods[i].btf;
	if (kk.nr_mods == KCHECK_MAX_MODULES || strchr(name, '/'))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", MODULE_BTF_DIR, name);
	btf = btf__parse_split(path, kk.vmlinux);
	if (libbpf_get_error(btf))
		btf = NULL;
	kk.mods[kk.nr_mods].name = strdup(name);
	if (!kk.mods[kk.nr_mods].name) {
		btf__free(btf);
		return NULL;
	}
	kk.mods[kk.nr_mods++].btf = btf;
	return btf;
}

static void host_code_free(struct host_code *hc)
{
	int i;

	free(hc->name);
	free(hc->helpers);
	for (i = 0; i < hc->nr_kfuncs; i++)
		free(hc->kfuncs[i]);
	free(hc->kfuncs);
	for (i = 0; hc->refs && i < (int)hc->n; i++)
		free((char *)hc->refs[i].name);
	free(hc->refs);
	free(hc->insns);
}

static int host_code_add_kfunc(struct host_code *hc, const char *name)
{
	char **k;
	int i;

	for (i = 0; i < hc->nr_kfuncs; i++)
		if (!strcmp(hc->kfuncs[i], name))
			return 0;
	k = realloc(hc->kfuncs, (hc->nr_kfuncs + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	hc->kfuncs = k;
	k[hc->nr_kfuncs] = strdup(name);
	if (!k[hc->nr_kfuncs])
		return -ENOMEM;
	hc->nr_kfuncs++;
	return 0;
}

/* The name of the function symbol that starts at byte @off of section @shndx, or NULL. */
static const char *func_sym_at(Elf *elf, Elf_Data *symtab, size_t strndx, size_t shndx,
			       uint64_t off)
{
	GElf_Sym fs;
	size_t k;

	for (k = 0; gelf_getsym(symtab, (int)k, &fs); k++) {
		if (GELF_ST_TYPE(fs.st_info) == STT_FUNC && fs.st_shndx == shndx &&
		    fs.st_value == off)
			return elf_strptr(elf, strndx, fs.st_name);
	}
	return NULL;
}

static int ref_set_name(struct kcheck_ref *ref, enum kcheck_ref_kind kind, const char *name)
{
	ref->kind = kind;
	ref->name = strdup(name);
	return ref->name ? 0 : -ENOMEM;
}

/*
 * Read host function @sym: its instructions, and what each call and ld_imm64 refers to
 * (helper ids, the undefined symbols its calls are relocated against (kfuncs), the
 * functions it calls, the maps it loads). @rel is the relocation section of its code
 * section, or NULL. What it cannot name is KREF_OTHER, which nothing matches.
 */
static int host_code_scan(Elf *elf, const GElf_Sym *sym, Elf_Data *text, Elf_Scn *rel,
			  size_t symtab_strndx, Elf_Data *symtab, struct host_code *hc)
{
	const struct bpf_insn *insns = text->d_buf;
	size_t first, last, i, nr_rel = 0;
	Elf_Data *rdata = NULL;
	GElf_Shdr rshdr;
	int err;

	if (sym->st_value % sizeof(struct bpf_insn) || sym->st_size % sizeof(struct bpf_insn) ||
	    sym->st_value > text->d_size || sym->st_size > text->d_size - sym->st_value ||
	    !sym->st_size)
		return -EINVAL;
	first = sym->st_value / sizeof(struct bpf_insn);
	last = first + sym->st_size / sizeof(struct bpf_insn);
	hc->n = (uint32_t)(last - first);
	hc->insns = calloc(hc->n, sizeof(*hc->insns));
	hc->refs = calloc(hc->n, sizeof(*hc->refs));
	if (!hc->insns || !hc->refs)
		return -ENOMEM;
	memcpy(hc->insns, &insns[first], hc->n * sizeof(*hc->insns));
	if (rel && gelf_getshdr(rel, &rshdr) && rshdr.sh_entsize) {
		rdata = elf_getdata(rel, NULL);
		if (rdata)
			nr_rel = rdata->d_size / rshdr.sh_entsize;
	}
	for (i = first; i < last; i++) {
		const struct bpf_insn *in = &insns[i];
		struct kcheck_ref *ref = &hc->refs[i - first];
		const char *name = NULL;
		bool relocated = false;
		GElf_Sym rs;
		size_t r;

		for (r = 0; r < nr_rel; r++) {
			GElf_Rel gr;

			if (!gelf_getrel(rdata, (int)r, &gr) || gr.r_offset != i * sizeof(*in))
				continue;
			if (!gelf_getsym(symtab, (int)GELF_R_SYM(gr.r_info), &rs))
				return -EINVAL;
			name = elf_strptr(elf, symtab_strndx, rs.st_name);
			relocated = true;
			break;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			GElf_Shdr ms;
			Elf_Scn *mscn;
			const char *sec;
			size_t shstrndx;

			if (i + 1 >= last)
				return -EINVAL;
			ref->kind = KREF_NONE;
			i++;
			if (!relocated)
				continue;
			/* a map: a symbol in .maps; data (.rodata, .bss) is not compared */
			ref->kind = KREF_OTHER;
			mscn = rs.st_shndx != SHN_UNDEF ? elf_getscn(elf, rs.st_shndx) : NULL;
			if (mscn && gelf_getshdr(mscn, &ms) && !elf_getshdrstrndx(elf, &shstrndx)) {
				sec = elf_strptr(elf, shstrndx, ms.sh_name);
				if (sec && !strcmp(sec, ".maps"))
					ref->kind = KREF_MAP;
			}
			continue;
		}
		if (in->code != (BPF_JMP | BPF_CALL)) {
			ref->kind = relocated ? KREF_OTHER : KREF_NONE;
			continue;
		}
		ref->kind = KREF_OTHER;
		if (relocated && rs.st_shndx == SHN_UNDEF) {
			if (!name || !*name)
				continue;
			err = host_code_add_kfunc(hc, name);
			if (!err)
				err = ref_set_name(ref, KREF_KFUNC, name);
			if (err)
				return err;
			continue;
		}
		if (relocated || in->src_reg == BPF_PSEUDO_CALL) {
			/* libbpf's rule: the callee starts imm + 1 after the symbol's offset */
			uint64_t base = relocated ? rs.st_value / sizeof(*in) : i;
			int64_t target = (int64_t)base + in->imm + 1;

			if (in->src_reg != BPF_PSEUDO_CALL || target < 0 ||
			    (relocated && rs.st_shndx != sym->st_shndx))
				continue;
			name = func_sym_at(elf, symtab, symtab_strndx, sym->st_shndx,
					   (uint64_t)target * sizeof(*in));
			if (name && *name) {
				err = ref_set_name(ref, KREF_FUNC, name);
				if (err)
					return err;
			}
			continue;
		}
		if (in->src_reg == 0 && in->imm > 0 && in->imm < helper_id_max()) {
			hc->helpers[in->imm] = true;
			ref->kind = KREF_HELPER;
			ref->helper_id = in->imm;
		}
	}
	return 0;
}

static int host_code_parse(Elf *elf)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	Elf_Data *symtab;
	GElf_Shdr shdr;
	size_t i, nsyms, strndx;
	int err = 0;

	while ((scn = elf_nextscn(elf, scn))) {
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == SHT_SYMTAB) {
			symscn = scn;
			break;
		}
	}
	if (!symscn || !shdr.sh_entsize)
		return -ENOENT;
	strndx = shdr.sh_link;
	symtab = elf_getdata(symscn, NULL);
	if (!symtab)
		return -EINVAL;
	nsyms = symtab->d_size / shdr.sh_entsize;
	for (i = 0; i < nsyms; i++) {
		GElf_Sym sym;
		GElf_Shdr tshdr;
		Elf_Scn *text, *rel = NULL;
		Elf_Data *tdata;
		struct host_code *hc, *nh;
		const char *name;

		if (!gelf_getsym(symtab, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    GELF_ST_BIND(sym.st_info) != STB_GLOBAL || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, strndx, sym.st_name);
		if (!name || !hostlib_has_func(name))
			continue;
		text = elf_getscn(elf, sym.st_shndx);
		if (!text || !gelf_getshdr(text, &tshdr) || !(tshdr.sh_flags & SHF_EXECINSTR))
			return -EINVAL;
		tdata = elf_getdata(text, NULL);
		if (!tdata || !tdata->d_buf)
			return -EINVAL;
		scn = NULL;
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr rs;

			if (gelf_getshdr(scn, &rs) && rs.sh_type == SHT_REL &&
			    rs.sh_info == sym.st_shndx) {
				rel = scn;
				break;
			}
		}
		nh = realloc(kk.host, (kk.nr_host + 1) * sizeof(*nh));
		if (!nh)
			return -ENOMEM;
		kk.host = nh;
		hc = &kk.host[kk.nr_host];
		memset(hc, 0, sizeof(*hc));
		hc->name = strdup(name);
		hc->helpers = calloc(helper_id_max(), sizeof(bool));
		kk.nr_host++;
		if (!hc->name || !hc->helpers)
			return -ENOMEM;
		err = host_code_scan(elf, &sym, tdata, rel, strndx, symtab, hc);
		if (err)
			return err;
	}
	return 0;
}

/* Read what every host library function calls from the embedded object, once. */
static int host_code_load(void)
{
	const void *bytes;
	size_t size;
	char *image;
	Elf *elf;
	int err;

	if (kk.host_tried)
		return kk.host_err;
	kk.host_tried = true;
	bytes = hostlib_elf_bytes(&size);
	if (!bytes || !size)
		return kk.host_err = -ENOENT;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return kk.host_err = -EINVAL;
	/* libelf takes a writable image */
	image = malloc(size);
	if (!image)
		return kk.host_err = -ENOMEM;
	memcpy(image, bytes, size);
	elf = elf_memory(image, size);
	if (!elf) {
		free(image);
		return kk.host_err = -EINVAL;
	}
	err = host_code_parse(elf);
	elf_end(elf);
	free(image);
	return kk.host_err = err;
}

static const struct host_code *host_code_find(const char *name)
{
	int i;

	for (i = 0; i < kk.nr_host; i++)
		if (!strcmp(kk.host[i].name, name))
			return &kk.host[i];
	return NULL;
}

int kcheck_host_code(const char *name, struct kcheck_code *out)
{
	const struct host_code *hc;
	int err;

	if (!name || !out)
		return -EINVAL;
	err = host_code_load();
	if (err)
		return err;
	hc = host_code_find(name);
	if (!hc)
		return -ENOENT;
	out->insns = hc->insns;
	out->refs = hc->refs;
	out->n = hc->n;
	out->base = 0;
	return 0;
}

void kcheck_release(void)
{
	int i;

	ksyms__free(kk.ksyms);
	btf__free(kk.vmlinux);
	for (i = 0; i < kk.nr_mods; i++) {
		free(kk.mods[i].name);
		btf__free(kk.mods[i].btf);
	}
	for (i = 0; i < kk.nr_host; i++)
		host_code_free(&kk.host[i]);
	free(kk.host);
	memset(&kk, 0, sizeof(kk));
}

/* ---- the report ---- */

static void copy_name(char *dst, const char *src)
{
	snprintf(dst, KCHECK_NAME_MAX, "%s", src ? src : "");
}

static int report_fail(struct kcheck_report *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int report_fail(struct kcheck_report *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(r->errmsg);
	if (vasprintf(&r->errmsg, fmt, ap) < 0)
		r->errmsg = NULL;
	va_end(ap);
	r->err = err;
	return err;
}

static struct kcheck_call *report_add_call(struct kcheck_report *r)
{
	struct kcheck_call *c = realloc(r->calls, (r->nr_calls + 1) * sizeof(*c));

	if (!c)
		return NULL;
	r->calls = c;
	c = &r->calls[r->nr_calls++];
	memset(c, 0, sizeof(*c));
	c->helper_id = -1;
	c->target_insn = -1;
	return c;
}

void kcheck_report_free(struct kcheck_report *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->nr_violations; i++)
		free(r->violations[i].msg);
	free(r->violations);
	free(r->calls);
	free(r->maps);
	free(r->role_name);
	free(r->errmsg);
	free(r);
}

bool kcheck_passed(const struct kcheck_report *r)
{
	return r && !r->err && !r->nr_violations;
}

/* ---- the program as the kernel holds it ---- */

struct prog_view {
	struct bpf_insn *insns;
	uint32_t n;
	struct bpf_func_info *fi;
	uint32_t nr_fi;
	char (*fname)[KCHECK_NAME_MAX];		/* [nr_fi] */
	const struct host_code **fhost;		/* [nr_fi]: non-NULL for host library code */
	struct bpf_line_info *li;		/* sorted by insn_off; NULL: no line info */
	uint32_t nr_li;
	uint32_t *map_ids;
	uint32_t nr_map_ids;
	bool jited;
	struct btf *btf;
};

static void prog_view_free(struct prog_view *pv)
{
	free(pv->insns);
	free(pv->fi);
	free(pv->li);
	free(pv->fname);
	free(pv->fhost);
	free(pv->map_ids);
	btf__free(pv->btf);
}

/* Read the program back: first the lengths, then everything into buffers of those lengths. */
static int prog_view_read(int fd, struct kcheck_report *r, struct prog_view *pv)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), xlated_len, nr_fi, nr_li, nr_maps, i;
	int err;

	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return report_fail(r, err, "cannot read the program's info: %s", strerror(-err));
	r->prog_id = info.id;
	r->prog_type = info.type;
	snprintf(r->prog_name, sizeof(r->prog_name), "%.*s", (int)sizeof(info.name), info.name);
	xlated_len = info.xlated_prog_len;
	nr_fi = info.nr_func_info;
	nr_li = info.nr_line_info;
	nr_maps = info.nr_map_ids;
	pv->jited = info.jited_prog_len > 0;

	if (!xlated_len)
		return report_fail(r, -EPERM, "the kernel gave no instructions for the program: "
				   "reading them needs CAP_BPF or CAP_SYS_ADMIN");
	if (xlated_len % sizeof(struct bpf_insn) ||
	    xlated_len / sizeof(struct bpf_insn) > KCHECK_MAX_INSNS)
		return report_fail(r, -EINVAL, "the kernel reports %u bytes of instructions",
				   xlated_len);
	pv->n = xlated_len / sizeof(struct bpf_insn);
	if (nr_fi > pv->n)
		return report_fail(r, -EINVAL, "the kernel reports %u func info records for %u "
				   "instructions", nr_fi, pv->n);
	if (nr_li > pv->n)
		return report_fail(r, -EINVAL, "the kernel reports %u line info records for %u "
				   "instructions", nr_li, pv->n);
	if (nr_maps > KCHECK_MAX_MAPS)
		return report_fail(r, -EINVAL, "the kernel reports %u maps", nr_maps);

	pv->insns = calloc(pv->n, sizeof(*pv->insns));
	pv->fi = calloc(nr_fi + 1, sizeof(*pv->fi));
	pv->li = calloc(nr_li + 1, sizeof(*pv->li));
	pv->map_ids = calloc(nr_maps + 1, sizeof(*pv->map_ids));
	if (!pv->insns || !pv->fi || !pv->li || !pv->map_ids)
		return report_fail(r, -ENOMEM, "out of memory");

	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = xlated_len;
	info.xlated_prog_insns = (__u64)(unsigned long)pv->insns;
	info.nr_func_info = nr_fi;
	info.func_info_rec_size = sizeof(struct bpf_func_info);
	info.func_info = (__u64)(unsigned long)pv->fi;
	info.nr_line_info = nr_li;
	info.line_info_rec_size = sizeof(struct bpf_line_info);
	info.line_info = (__u64)(unsigned long)pv->li;
	info.nr_map_ids = nr_maps;
	info.map_ids = (__u64)(unsigned long)pv->map_ids;
	len = sizeof(info);
	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return report_fail(r, err, "cannot read the program's instructions: %s",
				   strerror(-err));
	/* a program never changes once loaded; anything else is not a program to trust */
	if (info.xlated_prog_len != xlated_len || info.nr_func_info != nr_fi ||
	    info.nr_line_info != nr_li || info.nr_map_ids != nr_maps ||
	    (nr_fi && info.func_info_rec_size != sizeof(struct bpf_func_info)) ||
	    (nr_li && info.line_info_rec_size != sizeof(struct bpf_line_info)))
		return report_fail(r, -EINVAL, "the program's info changed between two reads");
	pv->nr_fi = nr_fi;
	pv->nr_map_ids = nr_maps;
	pv->nr_li = nr_li;
	/* line info only names source lines in messages: out of order, it is not used */
	for (i = 1; i < nr_li; i++) {
		if (pv->li[i].insn_off < pv->li[i - 1].insn_off || pv->li[i].insn_off >= pv->n) {
			p_debug("prog %u: line info out of order; messages will not name lines",
				r->prog_id);
			pv->nr_li = 0;
			break;
		}
	}

	for (i = 0; i < nr_fi; i++) {
		if (pv->fi[i].insn_off >= pv->n || (i == 0 && pv->fi[i].insn_off != 0) ||
		    (i > 0 && pv->fi[i].insn_off <= pv->fi[i - 1].insn_off))
			return report_fail(r, -EINVAL, "func info record %u (insn %u) is out of "
					   "order or out of the program", i, pv->fi[i].insn_off);
	}
	if (nr_fi || pv->nr_li) {
		if (!info.btf_id)
			return report_fail(r, -EINVAL, "the program has func or line info but no "
					   "BTF");
		pv->btf = btf__load_from_kernel_by_id(info.btf_id);
		err = libbpf_get_error(pv->btf);
		if (err) {
			pv->btf = NULL;
			return report_fail(r, err, "cannot read the program's BTF (id %u): %s",
					   info.btf_id, strerror(-err));
		}
	}
	return 0;
}

/* Name every function of the program and find which are host library code. */
static int prog_view_name_funcs(struct prog_view *pv, struct kcheck_report *r)
{
	uint32_t i;
	int err;

	if (!pv->nr_fi)
		return 0;
	pv->fname = calloc(pv->nr_fi, sizeof(*pv->fname));
	pv->fhost = calloc(pv->nr_fi, sizeof(*pv->fhost));
	if (!pv->fname || !pv->fhost)
		return report_fail(r, -ENOMEM, "out of memory");
	for (i = 0; i < pv->nr_fi; i++) {
		const struct btf_type *t = btf__type_by_id(pv->btf, pv->fi[i].type_id);
		const char *name = t ? btf__name_by_offset(pv->btf, t->name_off) : NULL;

		if (!t || !btf_is_func(t) || !name || !*name)
			return report_fail(r, -EINVAL, "func info record %u names no BTF function",
					   i);
		copy_name(pv->fname[i], name);
		/* the entry is always the extension's own code, whatever its name */
		if (i == 0 || !hostlib_has_func(name))
			continue;
		err = host_code_load();
		if (err)
			return report_fail(r, err, "cannot read the host library's code: %s",
					   strerror(-err));
		pv->fhost[i] = host_code_find(name);
		if (!pv->fhost[i])
			return report_fail(r, -ENOENT, "host library function %s has no code in "
					   "the host library object", name);
	}
	copy_name(r->prog_name, pv->fname[0]);
	return 0;
}

static int prog_view_maps(struct prog_view *pv, struct kcheck_report *r)
{
	uint32_t i;

	r->maps = calloc(pv->nr_map_ids + 1, sizeof(*r->maps));
	if (!r->maps)
		return report_fail(r, -ENOMEM, "out of memory");
	for (i = 0; i < pv->nr_map_ids; i++) {
		struct bpf_map_info mi = {};
		__u32 len = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(pv->map_ids[i]);

		r->maps[i].id = pv->map_ids[i];
		if (fd < 0)
			continue;	/* gone, or not ours to open: the id still says which */
		if (!bpf_obj_get_info_by_fd(fd, &mi, &len)) {
			r->maps[i].type = mi.type;
			snprintf(r->maps[i].name, sizeof(r->maps[i].name), "%.*s",
				 (int)sizeof(mi.name), mi.name);
		}
		close(fd);
	}
	r->nr_maps = pv->nr_map_ids;
	return 0;
}

/* "file.bpf.c:42" for the source line of @insn from the line info, or "" without one. */
static void source_of(const struct prog_view *pv, uint32_t insn, char *buf, size_t len)
{
	uint32_t lo = 0, hi = pv->nr_li;
	const struct bpf_line_info *l;
	const char *file;

	buf[0] = '\0';
	while (lo < hi) {	/* the last record at or before @insn */
		uint32_t mid = lo + (hi - lo) / 2;

		if (pv->li[mid].insn_off <= insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || !pv->btf)
		return;
	l = &pv->li[lo - 1];
	file = btf__name_by_offset(pv->btf, l->file_name_off);
	if (!file || !*file)
		return;
	snprintf(buf, len, "%s:%u", basename(file), BPF_LINE_INFO_LINE_NUM(l->line_col));
}

/* Index of the function that starts at @insn, or -1. */
static int func_at(const struct prog_view *pv, uint32_t insn)
{
	uint32_t lo = 0, hi = pv->nr_fi;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (pv->fi[mid].insn_off == insn)
			return (int)mid;
		if (pv->fi[mid].insn_off < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- recognising what the kernel emitted ---- */

static bool insn_is(const struct bpf_insn *in, __u8 code, __u8 dst, __u8 src, __s16 off)
{
	return in->code == code && in->dst_reg == dst && in->src_reg == src && in->off == off;
}

/* array_map_gen_lookup() and its per-CPU and map-in-map forms: r1 += value; r0 = index; ... */
static bool is_inline_array_lookup(const struct bpf_insn *in, uint32_t n, uint32_t i,
				   int value_off)
{
	return i + 2 < n &&
	       insn_is(&in[i], BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0) &&
	       in[i].imm == value_off &&
	       insn_is(&in[i + 1], BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_2, 0) &&
	       insn_is(&in[i + 2], BPF_JMP | BPF_JGE | BPF_K, BPF_REG_0, 0, in[i + 2].off);
}

static bool is_percpu_mov(const struct bpf_insn *in)
{
	return in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == BPF_ADDR_PERCPU;
}

/* bpf_get_smp_processor_id() inlined: r0 = &cpu_number; r0 = this CPU's r0; r0 = *(u32 *)r0 */
static bool is_inline_cpu_id(const struct bpf_insn *in, uint32_t n, uint32_t i)
{
	return i + 2 < n &&
	       (insn_is(&in[i], BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0) ||
		insn_is(&in[i], BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0)) &&
	       is_percpu_mov(&in[i + 1]) && in[i + 1].dst_reg == BPF_REG_0 &&
	       in[i + 1].src_reg == BPF_REG_0 &&
	       insn_is(&in[i + 2], BPF_LDX | BPF_W | BPF_MEM, BPF_REG_0, BPF_REG_0, 0);
}

/*
 * bpf_jiffies64() inlined: r0 = &jiffies (an ld_imm64 of a kernel address); r0 = *(u64 *)r0.
 * A program cannot write this itself: the verifier refuses a load through a scalar.
 */
static bool is_inline_jiffies(const struct bpf_insn *in, uint32_t n, uint32_t i)
{
	return i + 2 < n && insn_is(&in[i], BPF_LD | BPF_IMM | BPF_DW, BPF_REG_0, 0, 0) &&
	       insn_is(&in[i + 2], BPF_LDX | BPF_DW | BPF_MEM, BPF_REG_0, BPF_REG_0, 0);
}

/* bpf_loop() inlined: if r1 <= BPF_MAX_LOOPS goto +2; w0 = -E2BIG; goto end; ... */
static bool is_inline_loop(const struct prog_view *pv, uint32_t i)
{
	const struct bpf_insn *in = pv->insns;

	return i + 2 < pv->n && insn_is(&in[i], BPF_JMP | BPF_JLE | BPF_K, BPF_REG_1, 0, 2) &&
	       in[i].imm == KERNEL_BPF_MAX_LOOPS &&
	       insn_is(&in[i + 1], BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0) &&
	       in[i + 1].imm == -KERNEL_E2BIG && in[i + 2].code == (BPF_JMP | BPF_JA);
}

/* ---- is a function named like host code the host library's code? ---- */

/*
 * How many xlated instructions one host instruction may become: the longest expansion
 * kcheck accepts is the per-CPU inline array lookup (10). Anything longer is not a rewrite.
 */
#define HM_MAX_EXPANSION	16

enum hm_how {
	HM_SAME = 1,		/* the instruction itself (a jump: the same condition) */
	HM_HARDWIRED,		/* a conditional jump the kernel made a `ja` */
};

struct host_match {
	const struct kcheck_code *o;	/* the host library's function */
	const struct kcheck_code *x;	/* the function as the kernel holds it */
	int array_value_off;
	bool *ostart;			/* [o->n]: an instruction starts here (not an ld_imm64's half) */
	int32_t *o2x;			/* [o->n]: its first xlated insn, -1 when missing */
	uint32_t *xlen;			/* [o->n]: how many xlated insns it became */
	uint8_t *how;			/* [o->n]: enum hm_how, when present */
	int64_t *edge;			/* [o->n]: a missing but reachable jump's one successor */
	bool *reach;			/* [o->n]: reachable with the hard-wired branches as they are */
	int64_t *stack;			/* [o->n]: reachability worklist */
	int32_t *x2o;			/* [x->n]: the host insn an xlated insn starts, or -1 */
	bool *xtarget;			/* [x->n]: an xlated jump lands here */
	char *why;
	size_t why_len;
};

static int hm_fail(struct host_match *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Say why the function is not the host library's code; returns 1 (no match). */
static int hm_fail(struct host_match *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, m->why_len, fmt, ap);
	va_end(ap);
	return 1;
}

static uint32_t insn_slots(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
}

/* A jump, conditional or not (not a call, exit or may_goto). */
static bool is_jump(const struct bpf_insn *in)
{
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT &&
	       !(cls == BPF_JMP && op == KERNEL_BPF_JCOND);
}

static bool is_ja(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_JA) || in->code == (BPF_JMP32 | BPF_JA);
}

static int64_t jump_target(const struct bpf_insn *in, int64_t i)
{
	return i + 1 + (in->code == (BPF_JMP32 | BPF_JA) ? in->imm : in->off);
}

/* What the kernel adds after a call to __htab_map_lookup_elem at @k - 1: its length, or 0. */
static uint32_t htab_lookup_tail(const struct bpf_insn *x, uint32_t n, uint32_t k)
{
	const struct bpf_insn *in = &x[k];

	if (k >= n || !insn_is(in, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, in->off) || in->imm ||
	    in->off < 1 || in->off > 4 || k + (uint32_t)in->off >= n)
		return 0;
	switch (in->off) {
	case 1:		/* htab_map_gen_lookup(): r0 += the value's offset */
		return insn_is(&in[1], BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_0, 0, 0) ? 2 : 0;
	case 2:		/* htab_of_map_gen_lookup(): ... r0 = *(u64 *)(r0 + 0) */
	case 3:		/* htab_percpu_map_gen_lookup(): ... r0 = this CPU's r0 */
		if (!insn_is(&in[1], BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_0, 0, 0) ||
		    !insn_is(&in[2], BPF_LDX | BPF_DW | BPF_MEM, BPF_REG_0, BPF_REG_0, 0) ||
		    in[2].imm)
			return 0;
		if (in->off == 2)
			return 3;
		return is_percpu_mov(&in[3]) && in[3].dst_reg == BPF_REG_0 &&
		       in[3].src_reg == BPF_REG_0 && !in[3].imm ? 4 : 0;
	default:	/* htab_lru_map_gen_lookup(): mark the element referenced, then r0 += */
		return insn_is(&in[1], BPF_LDX | BPF_B | BPF_MEM, BPF_REG_1, BPF_REG_0, in[1].off) &&
		       !in[1].imm &&
		       insn_is(&in[2], BPF_JMP | BPF_JNE | BPF_K, BPF_REG_1, 0, 1) && !in[2].imm &&
		       insn_is(&in[3], BPF_ST | BPF_B | BPF_MEM, BPF_REG_0, 0, in[1].off) &&
		       in[3].imm == 1 &&
		       insn_is(&in[4], BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_0, 0, 0) ? 5 : 0;
	}
}

/*
 * The whole inline array lookup at @i (array_map_gen_lookup(), percpu_array_map_gen_lookup()
 * in kernel/bpf/arraymap.c): its length, or 0.
 */
static uint32_t inline_array_len(const struct bpf_insn *x, uint32_t n, uint32_t i, int value_off)
{
	uint32_t k = i + 3, jge = i + 2;

	if (!is_inline_array_lookup(x, n, i, value_off) || x[i + 1].imm ||
	    x[i].src_reg || x[jge].src_reg)
		return 0;
	/* the index mask against speculation, when the loader could not bypass it */
	if (k < n && insn_is(&x[k], BPF_ALU | BPF_AND | BPF_K, BPF_REG_0, 0, 0))
		k++;
	if (k + 4 > n || (!insn_is(&x[k], BPF_ALU64 | BPF_LSH | BPF_K, BPF_REG_0, 0, 0) &&
			  !insn_is(&x[k], BPF_ALU64 | BPF_MUL | BPF_K, BPF_REG_0, 0, 0)))
		return 0;
	k++;
	if (!insn_is(&x[k], BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, BPF_REG_1, 0) || x[k].imm)
		return 0;
	k++;
	/* per-CPU: r0 = *(u64 *)(r0 + 0); r0 = this CPU's r0 */
	if (k + 2 < n && insn_is(&x[k], BPF_LDX | BPF_DW | BPF_MEM, BPF_REG_0, BPF_REG_0, 0) &&
	    !x[k].imm && is_percpu_mov(&x[k + 1]) && x[k + 1].dst_reg == BPF_REG_0 &&
	    x[k + 1].src_reg == BPF_REG_0 && !x[k + 1].imm)
		k += 2;
	if (k + 2 > n || !insn_is(&x[k], BPF_JMP | BPF_JA, 0, 0, 1) || x[k].imm ||
	    !insn_is(&x[k + 1], BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0) || x[k + 1].imm)
		return 0;
	/* an index out of range goes to r0 = 0 */
	if ((int64_t)jge + x[jge].off + 1 != (int64_t)k + 1)
		return 0;
	return k + 2 - i;
}

/* May @in write r1 (conservatively: any atomic naming it, any call)? */
static bool writes_r1(const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LDX:
	case BPF_LD:
		return in->dst_reg == BPF_REG_1;
	case BPF_STX:
		return BPF_MODE(in->code) == BPF_ATOMIC &&
		       (in->dst_reg == BPF_REG_1 || in->src_reg == BPF_REG_1);
	case BPF_ST:
		return false;
	default:
		return BPF_OP(in->code) == BPF_CALL;
	}
}

/*
 * Does r1 hold a map's address at xlated insn @xi: loaded by an ld_imm64 of a map in the
 * straight-line code before it, with nothing landing in between? Only then is an inline
 * array lookup there the kernel's: a program cannot do arithmetic on a map's address.
 */
static bool map_in_r1(const struct host_match *m, uint32_t xi)
{
	const struct bpf_insn *x = m->x->insns;
	uint32_t end = xi, k;

	if (m->xtarget[xi])
		return false;
	while (end > 0) {
		k = end - 1;
		while (k > 0 && m->x2o[k] < 0)
			k--;
		if (m->x2o[k] < 0)
			return false;
		if (x[k].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (x[k].dst_reg == BPF_REG_1)
				return x[k].src_reg == BPF_PSEUDO_MAP_FD &&
				       m->x->refs[k].kind == KREF_MAP;
		} else if (end - k != 1 || writes_r1(&x[k])) {
			return false;
		}
		if (m->xtarget[k])
			return false;
		end = k;
	}
	return false;
}

/* The kernel's form at xlated insn @xi of a call to helper @id: its length, or 0. */
static uint32_t match_helper(const struct host_match *m, int id, uint32_t xi)
{
	const struct bpf_insn *x = m->x->insns;
	const struct kcheck_ref *xr = &m->x->refs[xi];
	uint32_t n = m->x->n, len;

	if (x[xi].code == (BPF_JMP | BPF_CALL) && x[xi].src_reg == 0 &&
	    xr->kind == KREF_HELPER && xr->helper_id == id) {
		if (!xr->name || strcmp(xr->name, "__htab_map_lookup_elem"))
			return 1;
		/* always followed by the code its map type's map_gen_lookup() adds */
		len = htab_lookup_tail(x, n, xi + 1);
		return len ? 1 + len : 0;
	}
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		len = inline_array_len(x, n, xi, m->array_value_off);
		return len && map_in_r1(m, xi) ? len : 0;
	case BPF_FUNC_get_smp_processor_id:
		return is_inline_cpu_id(x, n, xi) && !x[xi + 2].imm ? 3 : 0;
	case BPF_FUNC_jiffies64:
		return is_inline_jiffies(x, n, xi) && !x[xi + 2].imm ? 3 : 0;
	default:
		return 0;
	}
}

static bool same_name(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Does xlated insn @xi start the kernel's form of host insn @o? Its length, or 0. */
static uint32_t match_unit(const struct host_match *m, uint32_t o, uint32_t xi, uint8_t *how)
{
	const struct bpf_insn *oi = &m->o->insns[o], *xs = &m->x->insns[xi];
	const struct kcheck_ref *orf = &m->o->refs[o], *xrf = &m->x->refs[xi];

	*how = HM_SAME;
	if (oi->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		if (xi + 1 >= m->x->n || xs->code != oi->code || xs->dst_reg != oi->dst_reg ||
		    xs->off != oi->off || memcmp(&xs[1], &oi[1], offsetof(struct bpf_insn, imm)))
			return 0;
		if (orf->kind == KREF_NONE)
			return xrf->kind == KREF_NONE && xs->src_reg == oi->src_reg &&
			       xs->imm == oi->imm && xs[1].imm == oi[1].imm ? 2 : 0;
		/* a map: the object's relocation becomes the map's id, all else is equal */
		if (orf->kind == KREF_MAP)
			return xrf->kind == KREF_MAP && !oi->src_reg && !oi->imm && !oi[1].imm &&
			       xs->src_reg == BPF_PSEUDO_MAP_FD && !xs[1].imm ? 2 : 0;
		return 0;
	}
	if (oi->code == (BPF_JMP | BPF_CALL)) {
		switch (orf->kind) {
		case KREF_HELPER:
			return match_helper(m, orf->helper_id, xi);
		case KREF_KFUNC:
			return xs->code == oi->code && xs->src_reg == BPF_PSEUDO_KFUNC_CALL &&
			       xrf->kind == KREF_KFUNC && same_name(xrf->name, orf->name) ? 1 : 0;
		case KREF_FUNC:
			return xs->code == oi->code && xs->src_reg == BPF_PSEUDO_CALL &&
			       xrf->kind == KREF_FUNC && same_name(xrf->name, orf->name) ? 1 : 0;
		default:
			return 0;
		}
	}
	if (orf->kind != KREF_NONE || xrf->kind != KREF_NONE)
		return 0;
	if (is_jump(oi)) {
		/* offsets are compared by where they land (hm_landings()) */
		if (xs->code == oi->code && xs->dst_reg == oi->dst_reg &&
		    xs->src_reg == oi->src_reg &&
		    (oi->code == (BPF_JMP32 | BPF_JA) ? xs->off == oi->off : xs->imm == oi->imm))
			return 1;
		if (is_ja(oi) || xs->code != (BPF_JMP | BPF_JA) || xs->dst_reg || xs->src_reg ||
		    xs->imm)
			return 0;
		*how = HM_HARDWIRED;
		return 1;
	}
	return !memcmp(xs, oi, sizeof(*oi)) ? 1 : 0;
}

/* The host function's own shape: ld_imm64 whole, every jump inside it. */
static int hm_check_orig(struct host_match *m)
{
	const struct bpf_insn *oi = m->o->insns;
	uint32_t o, n = m->o->n;

	for (o = 0; o < n; o += insn_slots(&oi[o])) {
		m->ostart[o] = true;
		if (o + insn_slots(&oi[o]) > n)
			return hm_fail(m, "the host library's code ends inside an ld_imm64");
		if (oi[o].code == (BPF_JMP | KERNEL_BPF_JCOND))
			return hm_fail(m, "the host library's code has a may_goto, whose rewrite "
				       "kcheck does not compare");
	}
	for (o = 0; o < n; o += insn_slots(&oi[o])) {
		int64_t t = jump_target(&oi[o], o);

		if (is_jump(&oi[o]) && (t < 0 || t >= n || !m->ostart[t]))
			return hm_fail(m, "the host library's insn %u jumps out of its function", o);
	}
	return 0;
}

/* Pair host insns with xlated units in order; what has no unit is missing. */
static int hm_align(struct host_match *m)
{
	const struct bpf_insn *oi = m->o->insns, *xi_insns = m->x->insns;
	uint32_t o, k, xi = 0, len;
	uint8_t how;

	for (k = 0; k < m->x->n; k++) {
		int64_t t = jump_target(&xi_insns[k], k);

		m->x2o[k] = -1;
		if (is_jump(&xi_insns[k]) && t >= 0 && t < m->x->n)
			m->xtarget[t] = true;
	}
	for (o = 0; o < m->o->n; o += insn_slots(&oi[o])) {
		m->o2x[o] = -1;
		len = xi < m->x->n ? match_unit(m, o, xi, &how) : 0;
		if (!len)
			continue;
		m->o2x[o] = (int32_t)xi;
		m->xlen[o] = len;
		m->how[o] = how;
		m->x2o[xi] = (int32_t)o;
		xi += len;
	}
	if (xi < m->x->n)
		return hm_fail(m, "xlated insn %u (code 0x%02x) is not the host library's code",
			       m->x->base + xi, m->x->insns[xi].code);
	return 0;
}

static int hm_push(struct host_match *m, uint32_t *top, uint32_t from, int64_t s)
{
	if (s < 0 || s >= m->o->n || !m->ostart[s])
		return hm_fail(m, "the host library's insn %u leaves its function", from);
	if (!m->reach[s]) {
		m->reach[s] = true;
		m->stack[(*top)++] = s;
	}
	return 0;
}

/*
 * Which host insns are reachable, with the branches as the xlated code has them: a `ja`
 * for a conditional jump is taken always; a jump that is gone goes where the code after it
 * goes. A missing instruction that is reachable is a deleted one: not the kernel's doing.
 */
static int hm_reach(struct host_match *m)
{
	const struct bpf_insn *oi = m->o->insns;
	uint32_t top = 0, o;
	int err;

	m->reach[0] = true;
	m->stack[top++] = 0;
	while (top) {
		const struct bpf_insn *in;
		int64_t t;

		o = (uint32_t)m->stack[--top];
		in = &oi[o];
		t = jump_target(in, o);
		if (m->o2x[o] >= 0) {
			if (in->code == (BPF_JMP | BPF_EXIT))
				continue;
			if (!is_jump(in)) {
				err = hm_push(m, &top, o, o + insn_slots(in));
			} else {
				err = 0;
				if (!is_ja(in) && m->how[o] == HM_SAME)
					err = hm_push(m, &top, o, o + 1);
				if (!err)
					err = hm_push(m, &top, o, t);
			}
			if (err)
				return err;
			continue;
		}
		if (!is_jump(in))
			return hm_fail(m, "the host library's insn %u (code 0x%02x) is missing, "
				       "though it is reachable", o, in->code);
		/*
		 * A jump the kernel removed: a `ja 0` once the dead code it jumped over was
		 * removed (it goes to its target), or a branch whose target was dead (it
		 * falls through). The target tells which.
		 */
		if (is_ja(in) || (t > o + 1 && m->o2x[t] >= 0))
			m->edge[o] = t;
		else
			m->edge[o] = o + 1;
		err = hm_push(m, &top, o, m->edge[o]);
		if (err)
			return err;
	}
	/* what the kernel hard-wired or removed must be what it could prove unreachable */
	for (o = 0; o < m->o->n; o += insn_slots(&oi[o])) {
		const struct bpf_insn *in = &oi[o];
		int64_t t = jump_target(in, o), k;

		if (m->o2x[o] >= 0 && !m->reach[o])
			return hm_fail(m, "xlated insn %u is the host library's insn %u, which "
				       "cannot be reached there (the kernel removes such code)",
				       m->x->base + m->o2x[o], o);
		if (!m->reach[o] || !is_jump(in))
			continue;
		if (m->o2x[o] >= 0 && m->how[o] == HM_HARDWIRED && m->reach[o + 1])
			return hm_fail(m, "xlated insn %u always jumps where the host library's "
				       "insn %u branches, though its other way is reachable",
				       m->x->base + m->o2x[o], o);
		if (m->o2x[o] >= 0)
			continue;
		if (m->edge[o] == t) {
			for (k = o + 1; k < t; k++)
				if (m->reach[k])
					return hm_fail(m, "the jump at the host library's insn %u "
						       "is gone, though insn %lld it jumps over "
						       "is reachable", o, (long long)k);
			if (t <= o)
				return hm_fail(m, "the backward jump at the host library's insn "
					       "%u is gone", o);
		} else if (m->reach[t]) {
			return hm_fail(m, "the branch at the host library's insn %u is gone, though "
				       "its target, insn %lld, is reachable", o, (long long)t);
		}
	}
	return 0;
}

/* The host insn that execution arriving at host insn @s runs first (past removed jumps). */
static int64_t hm_land(const struct host_match *m, int64_t s)
{
	uint32_t steps;

	for (steps = 0; steps <= m->o->n; steps++) {
		if (s < 0 || s >= m->o->n || !m->reach[s])
			return -1;
		if (m->o2x[s] >= 0)
			return m->o2x[s];
		s = m->edge[s];
	}
	return -1;
}

/* Every fallthrough and jump of the xlated code goes where the host library's goes. */
static int hm_landings(struct host_match *m)
{
	const struct bpf_insn *oi = m->o->insns;
	uint32_t o, base = m->x->base;

	if (hm_land(m, 0) != 0)
		return hm_fail(m, "the function does not start where the host library's does");
	for (o = 0; o < m->o->n; o += insn_slots(&oi[o])) {
		const struct bpf_insn *in = &oi[o];
		int64_t xs = m->o2x[o], xe = xs + m->xlen[o], xt, want;

		if (xs < 0 || in->code == (BPF_JMP | BPF_EXIT))
			continue;
		if (!is_jump(in) || (!is_ja(in) && m->how[o] == HM_SAME)) {
			want = hm_land(m, o + insn_slots(in));
			if (xe >= m->x->n || want != xe)
				return hm_fail(m, "xlated insn %lld goes on to xlated insn %lld, not "
					       "where the host library's insn %u goes on to",
					       (long long)(base + xs), (long long)(base + xe), o);
		}
		if (!is_jump(in))
			continue;
		xt = jump_target(&m->x->insns[xs], xs);
		want = hm_land(m, jump_target(in, o));
		if (xt < 0 || xt >= m->x->n || want != xt)
			return hm_fail(m, "the jump at xlated insn %lld lands on xlated insn %lld, "
				       "not where the host library's insn %u lands",
				       (long long)(base + xs), (long long)(base + xt), o);
	}
	return 0;
}

int kcheck_host_match(const struct kcheck_code *o, const struct kcheck_code *x,
		      int array_value_off, char *why, size_t why_len)
{
	struct host_match m = { .o = o, .x = x, .array_value_off = array_value_off,
				.why = why, .why_len = why_len };
	int err;

	if (!o || !x || !o->insns || !o->refs || !o->n || !why || !why_len)
		return -EINVAL;
	why[0] = '\0';
	if (!x->n)
		return hm_fail(&m, "it has no instructions");
	if ((uint64_t)x->n > (uint64_t)o->n * HM_MAX_EXPANSION)
		return hm_fail(&m, "its %u instructions are far more than the kernel makes of the "
			       "host library's %u", x->n, o->n);
	if (!x->insns || !x->refs)
		return -EINVAL;
	m.ostart = calloc(o->n, sizeof(*m.ostart));
	m.o2x = calloc(o->n, sizeof(*m.o2x));
	m.xlen = calloc(o->n, sizeof(*m.xlen));
	m.how = calloc(o->n, sizeof(*m.how));
	m.edge = calloc(o->n, sizeof(*m.edge));
	m.reach = calloc(o->n, sizeof(*m.reach));
	m.stack = calloc(o->n, sizeof(*m.stack));
	m.x2o = calloc(x->n, sizeof(*m.x2o));
	m.xtarget = calloc(x->n, sizeof(*m.xtarget));
	err = -ENOMEM;
	if (!m.ostart || !m.o2x || !m.xlen || !m.how || !m.edge || !m.reach || !m.stack ||
	    !m.x2o || !m.xtarget)
		goto out;
	err = hm_check_orig(&m);
	if (!err)
		err = hm_align(&m);
	if (!err)
		err = hm_reach(&m);
	if (!err)
		err = hm_landings(&m);
out:
	free(m.ostart);
	free(m.o2x);
	free(m.xlen);
	free(m.how);
	free(m.edge);
	free(m.reach);
	free(m.stack);
	free(m.x2o);
	free(m.xtarget);
	return err;
}

/* ---- resolving and judging calls ---- */

struct walk {
	const struct prog_view *pv;
	const struct role_def *role;
	struct kcheck_report *r;
	int func;			/* function of the current insn; -1: no func info */
	const struct host_code *host;	/* its host code, NULL for the extension's own */
	int64_t last_lookup;		/* last map lookup: per-CPU translations follow it */
};

static int walk_violation(struct walk *w, int insn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record a violation at @insn: "prog NAME (id N): insn I (file.bpf.c:42): what". */
static int walk_violation(struct walk *w, int insn, const char *fmt, ...)
{
	struct kcheck_report *r = w->r;
	struct kcheck_violation *v;
	char src[KCHECK_NAME_MAX] = "", at[KCHECK_NAME_MAX + 32] = "";
	char *what, *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	if (insn >= 0) {
		source_of(w->pv, (uint32_t)insn, src, sizeof(src));
		snprintf(at, sizeof(at), src[0] ? "insn %d (%s): " : "insn %d: ", insn, src);
	}
	n = asprintf(&msg, "prog %s (id %u): %s%s", r->prog_name, r->prog_id, at, what);
	free(what);
	if (n < 0)
		return -ENOMEM;
	v = realloc(r->violations, (r->nr_violations + 1) * sizeof(*v));
	if (!v) {
		free(msg);
		return -ENOMEM;
	}
	r->violations = v;
	v = &r->violations[r->nr_violations++];
	v->insn = insn;
	v->msg = msg;
	copy_name(v->src, src);
	return 0;
}

static const char *walk_func_name(const struct walk *w)
{
	return w->func >= 0 ? w->pv->fname[w->func] : w->r->prog_name;
}

/* "call to bpf_map_lookup_elem (kernel symbol __htab_map_lookup_elem)", for messages */
static void describe_call(const struct kcheck_call *c, char *buf, size_t len)
{
	const char *what = c->kind == KCALL_KFUNC ? "kfunc " :
			   c->kind == KCALL_HOSTLIB ? "host function " : "";

	if (c->kind == KCALL_UNKNOWN && c->ksym[0])
		snprintf(buf, len, "call to kernel function %s", c->ksym);
	else if (c->form == KFORM_INLINED)
		snprintf(buf, len, "call to %s%s (inlined by the kernel: %s)", what, c->name,
			 c->inlined);
	else if (c->ksym[0])
		snprintf(buf, len, "call to %s%s (kernel symbol %s)", what, c->name, c->ksym);
	else
		snprintf(buf, len, "call to %s%s", what, c->name);
}

static const char *provider_what(enum provider_kind prov)
{
	switch (prov) {
	case PROV_HELPER:	return "a helper";
	case PROV_KFUNC:	return "a kfunc";
	case PROV_HOSTLIB:	return "a host library function";
	default:		return "nothing";
	}
}

/* Is @c granted by the role? On refusal, a violation saying why. */
static int judge_by_role(struct walk *w, struct kcheck_call *c, const char *desc)
{
	const struct role_def *role = w->role;
	const struct host_fn *hf = role_granted(role, c->name);
	enum provider_kind want;

	want = c->kind == KCALL_HELPER ? PROV_HELPER :
	       c->kind == KCALL_KFUNC ? PROV_KFUNC : PROV_HOSTLIB;
	if (hf && hf->prov == want &&
	    (want != PROV_HELPER || hf->prov_id == c->helper_id)) {
		c->granted = true;
		return 0;
	}
	if (hf)
		return walk_violation(w, c->insn, "%s is not granted by role %s: the role's %s "
					"resolves to %s", desc, role->name, c->name,
					provider_what(hf->prov));
	return walk_violation(w, c->insn, "%s is not granted by role %s", desc, role->name);
}

/* Host code may make the calls the host library's object code for it makes, no others. */
static int judge_host_call(struct walk *w, struct kcheck_call *c, const char *desc)
{
	const struct host_code *hc = w->host;
	int i;

	c->in_host = true;
	switch (c->kind) {
	case KCALL_HELPER:
		c->granted = c->helper_id > 0 && c->helper_id < helper_id_max() &&
			     hc->helpers[c->helper_id];
		break;
	case KCALL_KFUNC:
		for (i = 0; i < hc->nr_kfuncs; i++)
			if (!strcmp(hc->kfuncs[i], c->name))
				c->granted = true;
		break;
	case KCALL_HOSTLIB:
	case KCALL_RUNTIME:
		c->granted = true;
		break;
	default:
		break;
	}
	if (c->granted)
		return 0;
	return walk_violation(w, c->insn, "%s in host library function %s is not a call the "
				"host library's %s makes", desc, hc->name, hc->name);
}

static int judge_call(struct walk *w, struct kcheck_call *c)
{
	const struct helper_info *h;
	char desc[2 * KCHECK_NAME_MAX + 96];
	int err = 0;

	copy_name(c->caller, walk_func_name(w));
	describe_call(c, desc, sizeof(desc));
	switch (c->kind) {
	case KCALL_UNKNOWN:
		return walk_violation(w, c->insn, "%s resolves to nothing known to roleprobe",
					desc);
	case KCALL_SUBPROG:
		if (w->host)
			return walk_violation(w, c->insn, "host library function %s calls %s, "
						"which is not host code", w->host->name, c->name);
		c->granted = true;
		return 0;
	case KCALL_RUNTIME:
		c->granted = true;
		c->in_host = w->host != NULL;
		return 0;
	default:
		break;
	}
	err = w->host ? judge_host_call(w, c, desc) : judge_by_role(w, c, desc);
	if (err || c->kind != KCALL_HELPER)
		return err;
	/* the role's attributes hold for host code too: it runs on the role's behalf */
	h = helper_by_id(c->helper_id);
	if (h && (h->flags & HF_WRITES_HOST_MEM) && !w->role->attrs.allow_memory_write) {
		c->granted = false;
		err = walk_violation(w, c->insn, "%s writes host memory, and role %s has "
				       "allow_memory_write: false", desc, w->role->name);
		if (err)
			return err;
	}
	if (h && (h->flags & HF_SIDE_EFFECT) && !w->role->attrs.may_have_side_effect) {
		c->granted = false;
		err = walk_violation(w, c->insn, "%s has an effect outside the extension, and "
				       "role %s has may_have_side_effect: false", desc,
				       w->role->name);
	}
	return err;
}

static struct kcheck_call *new_call(struct walk *w, uint32_t insn, enum kcheck_call_kind kind)
{
	struct kcheck_call *c = report_add_call(w->r);

	if (c) {
		c->insn = (int)insn;
		c->kind = kind;
		source_of(w->pv, insn, c->src, sizeof(c->src));
	}
	return c;
}

/* A helper the kernel inlined at @insn. */
static int add_inlined(struct walk *w, uint32_t insn, int helper_id, const char *what)
{
	const struct helper_info *h = helper_by_id(helper_id);
	struct kcheck_call *c = new_call(w, insn, KCALL_HELPER);

	if (!c || !h)
		return -ENOMEM;
	c->form = KFORM_INLINED;
	c->helper_id = helper_id;
	c->inlined = what;
	copy_name(c->name, h->name);
	return judge_call(w, c);
}

/* Name the kernel address @addr for a message: "sym", "sym+0x10" or the bare address. */
static void name_addr(uint64_t addr, char *buf)
{
	const struct ksym *s = ksyms__covering(kk.ksyms, addr);

	if (s && s->addr == addr)
		copy_name(buf, s->name);
	else if (s && addr - s->addr < (1u << 20))
		snprintf(buf, KCHECK_NAME_MAX, "%s+0x%llx", s->name,
			 (unsigned long long)(addr - s->addr));
	else
		snprintf(buf, KCHECK_NAME_MAX, "0x%llx", (unsigned long long)addr);
}

/*
 * What a call with src_reg 0 and @imm calls, named through kallsyms: KCALL_HELPER (*@id, *@form,
 * *@sym the kernel symbol), KCALL_RUNTIME (*@sym) or KCALL_UNKNOWN.
 */
static enum kcheck_call_kind helper_at(int32_t imm, int *id, enum kcheck_form *form,
				       const char **sym)
{
	const struct ksym *first;
	enum kcheck_call_kind kind = KCALL_UNKNOWN;
	int n, k;

	*id = -1;
	*form = KFORM_CALL;
	*sym = NULL;
	n = ksyms__at(kk.ksyms, kk.call_base + (int64_t)imm, &first);
	for (k = 0; k < n; k++) {
		enum kcheck_form f;
		int hid = kcheck_ksym_helper(first[k].name, &f);

		if (kcheck_ksym_runtime(first[k].name)) {
			*sym = first[k].name;
			return KCALL_RUNTIME;
		}
		if (hid < 0)
			continue;
		/* aliases that implement two helpers: say neither */
		if (*id >= 0 && hid != *id)
			return KCALL_UNKNOWN;
		*id = hid;
		*form = f;
		*sym = first[k].name;
		kind = KCALL_HELPER;
	}
	return kind;
}

/*
 * The kfunc a kfunc call (@imm, @off) calls: the same address form as helpers, confirmed
 * as a FUNC in the kernel's or the module's BTF. Its name, or NULL; *@btf_id its FUNC id.
 */
static const char *kfunc_at(int32_t imm, int16_t off, int *btf_id)
{
	const struct ksym *first;
	int n, k;

	n = ksyms__at(kk.ksyms, kk.call_base + (int64_t)imm, &first);
	for (k = 0; k < n; k++) {
		const struct btf *btf = first[k].module ? module_btf(first[k].module) : kk.vmlinux;
		int id;

		/* off 0 means vmlinux's BTF; a module kfunc carries its BTF's fd_array slot */
		if (!btf || (off == 0) != (first[k].module == NULL))
			continue;
		id = btf__find_by_name_kind(btf, first[k].name, BTF_KIND_FUNC);
		if (id <= 0)
			continue;
		*btf_id = id;
		return first[k].name;
	}
	return NULL;
}

/* A call with src_reg 0: a helper, named through kallsyms. */
static int resolve_helper(struct walk *w, uint32_t i)
{
	const struct bpf_insn *in = &w->pv->insns[i];
	enum kcheck_call_kind kind;
	enum kcheck_form form;
	struct kcheck_call *c;
	const char *sym;
	int id;

	/* the kernel shows a tail call (its own jump instruction) as this call */
	if (in->imm == BPF_FUNC_tail_call) {
		c = new_call(w, i, KCALL_HELPER);
		if (!c)
			return -ENOMEM;
		c->helper_id = BPF_FUNC_tail_call;
		copy_name(c->name, helper_by_id(BPF_FUNC_tail_call)->name);
		return judge_call(w, c);
	}
	kind = helper_at(in->imm, &id, &form, &sym);
	c = new_call(w, i, kind);
	if (!c)
		return -ENOMEM;
	if (kind == KCALL_HELPER) {
		c->form = form;
		c->helper_id = id;
		copy_name(c->ksym, sym);
		copy_name(c->name, helper_by_id(id)->name);
	} else if (kind == KCALL_RUNTIME) {
		copy_name(c->ksym, sym);
		copy_name(c->name, sym);
	} else {
		name_addr(kk.call_base + (int64_t)in->imm, c->ksym);
		copy_name(c->name, c->ksym);
	}
	if (c->kind == KCALL_HELPER && c->helper_id == BPF_FUNC_map_lookup_elem)
		w->last_lookup = i;
	return judge_call(w, c);
}

/* A kfunc call: the same address form, confirmed as a FUNC in the kernel's or module's BTF. */
static int resolve_kfunc(struct walk *w, uint32_t i)
{
	const struct bpf_insn *in = &w->pv->insns[i];
	struct kcheck_call *c = new_call(w, i, KCALL_UNKNOWN);
	const char *name;
	int id = 0;

	if (!c)
		return -ENOMEM;
	name = kfunc_at(in->imm, in->off, &id);
	if (name) {
		c->kind = KCALL_KFUNC;
		c->btf_id = id;
		copy_name(c->ksym, name);
		copy_name(c->name, name);
	} else {
		name_addr(kk.call_base + (int64_t)in->imm, c->ksym);
		copy_name(c->name, c->ksym);
	}
	return judge_call(w, c);
}

/* The function that starts at @target, as a call made at @i (bpf-to-bpf or callback). */
static int resolve_func(struct walk *w, uint32_t i, int64_t target, int subprog_idx)
{
	const struct prog_view *pv = w->pv;
	struct kcheck_call *c = new_call(w, i, KCALL_UNKNOWN);
	int f;

	if (!c)
		return -ENOMEM;
	c->target_insn = target >= 0 && target < pv->n ? (int)target : -1;
	if (c->target_insn < 0) {
		snprintf(c->name, sizeof(c->name), "insn %lld", (long long)target);
		return judge_call(w, c);
	}
	if (!pv->nr_fi) {	/* no BTF: a subprogram of the extension, unnamed */
		c->kind = KCALL_SUBPROG;
		snprintf(c->name, sizeof(c->name), "subprog@%lld", (long long)target);
		return judge_call(w, c);
	}
	f = func_at(pv, (uint32_t)target);
	if (f < 0 || (subprog_idx >= 0 && subprog_idx != f)) {
		snprintf(c->name, sizeof(c->name), "insn %lld, where no function starts",
			 (long long)target);
		return judge_call(w, c);
	}
	copy_name(c->name, pv->fname[f]);
	c->kind = pv->fhost[f] ? KCALL_HOSTLIB : KCALL_SUBPROG;
	return judge_call(w, c);
}

static int check_ld_imm64(struct walk *w, uint32_t i)
{
	const struct prog_view *pv = w->pv;
	const struct bpf_insn *in = &pv->insns[i];
	uint32_t k;

	if (i + 1 >= pv->n)
		return walk_violation(w, (int)i, "ld_imm64 without its second half");
	switch (in->src_reg) {
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_VALUE:
		/* the kernel shows a map reference as the map's id */
		for (k = 0; k < pv->nr_map_ids; k++)
			if (pv->map_ids[k] == (uint32_t)in->imm)
				return 0;
		return walk_violation(w, (int)i, "reference to map id %u, which is not one of "
					"the program's maps", (uint32_t)in->imm);
	case BPF_PSEUDO_FUNC:
		/* a callback: passing a host function counts as calling it */
		if (pv->nr_fi) {
			int f = func_at(pv, (uint32_t)((int64_t)i + in->imm + 1));

			if (f >= 0 && pv->fhost[f])
				return resolve_func(w, i, (int64_t)i + in->imm + 1, f);
		}
		return 0;
	default:
		return 0;
	}
}

/* A per-CPU translation is the kernel's: it must belong to something recognised. */
static int check_percpu_mov(struct walk *w, uint32_t i)
{
	const struct bpf_insn *in = w->pv->insns;

	/* after a per-CPU map lookup: r0 = *(u64 *)(r0 + 0); r0 = this CPU's r0 */
	if (i >= 1 && insn_is(&in[i - 1], BPF_LDX | BPF_DW | BPF_MEM, BPF_REG_0, BPF_REG_0, 0) &&
	    w->last_lookup >= 0 && (int64_t)i - w->last_lookup <= LOOKUP_PERCPU_WINDOW)
		return 0;
	/* per-CPU global data: rX = map value (ld_imm64); rX = this CPU's rX */
	if (i >= 2 && in[i - 2].code == (BPF_LD | BPF_IMM | BPF_DW) &&
	    in[i - 2].src_reg == BPF_PSEUDO_MAP_VALUE && in[i - 2].dst_reg == in[i].dst_reg &&
	    in[i].src_reg == in[i].dst_reg)
		return 0;
	return walk_violation(w, (int)i, "per-CPU address instruction the kernel emitted for "
				"something roleprobe does not recognise");
}

static int walk_insns(struct walk *w)
{
	const struct prog_view *pv = w->pv;
	uint32_t i;
	int err = 0;

	w->func = pv->nr_fi ? 0 : -1;
	w->host = NULL;
	w->last_lookup = -1;
	for (i = 0; i < pv->n && !err; i++) {
		const struct bpf_insn *in = &pv->insns[i];

		while (w->func >= 0 && (uint32_t)w->func + 1 < pv->nr_fi &&
		       pv->fi[w->func + 1].insn_off <= i) {
			w->func++;
			w->host = pv->fhost[w->func];
		}
		if (is_inline_array_lookup(pv->insns, pv->n, i, kk.array_value_off)) {
			w->last_lookup = i;
			err = add_inlined(w, i, BPF_FUNC_map_lookup_elem, "array map lookup");
			continue;
		}
		if (is_inline_cpu_id(pv->insns, pv->n, i)) {
			err = add_inlined(w, i, BPF_FUNC_get_smp_processor_id,
					  "per-CPU cpu_number read");
			i += 2;		/* its per-CPU mov is accounted for */
			continue;
		}
		if (is_inline_loop(pv, i)) {
			err = add_inlined(w, i, BPF_FUNC_loop, "loop calling the callback");
			continue;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (is_inline_jiffies(pv->insns, pv->n, i))
				err = add_inlined(w, i, BPF_FUNC_jiffies64, "jiffies read");
			else
				err = check_ld_imm64(w, i);
			i++;
			continue;
		}
		if (is_percpu_mov(in)) {
			err = check_percpu_mov(w, i);
			continue;
		}
		if (in->code != (BPF_JMP | BPF_CALL))
			continue;
		switch (in->src_reg) {
		case 0:
			if (in->imm == 0) {
				/* a call to __bpf_call_base itself: the kernel zeroed it */
				return report_fail(w->r, -EPERM, "the kernel hid the helper "
						   "addresses (kernel.kptr_restrict=%d): run as "
						   "root, with kptr_restrict 0 or 1",
						   read_kptr_restrict());
			}
			err = resolve_helper(w, i);
			break;
		case BPF_PSEUDO_CALL:
			if (!pv->jited) {
				struct kcheck_call *c = new_call(w, i, KCALL_UNKNOWN);

				if (!c)
					return -ENOMEM;
				copy_name(c->name, "bpf-to-bpf call of a program the kernel did "
					  "not JIT-compile");
				err = judge_call(w, c);
				break;
			}
			/* JIT-compiled: off is the relative target, imm the subprogram's index */
			err = resolve_func(w, i, (int64_t)i + in->off + 1,
					   pv->nr_fi ? in->imm : -1);
			break;
		case BPF_PSEUDO_KFUNC_CALL:
			err = resolve_kfunc(w, i);
			break;
		default: {
			struct kcheck_call *c = new_call(w, i, KCALL_UNKNOWN);

			if (!c)
				return -ENOMEM;
			snprintf(c->name, sizeof(c->name), "call of unknown kind %u", in->src_reg);
			err = judge_call(w, c);
		}
		}
	}
	if (err == -ENOMEM)
		return report_fail(w->r, -ENOMEM, "out of memory");
	return err;
}

/* What xlated insn @i refers to, named as kcheck_host_match() compares it. */
static void xlated_ref(const struct prog_view *pv, uint32_t i, struct kcheck_ref *ref)
{
	const struct bpf_insn *in = &pv->insns[i];
	enum kcheck_form form;
	int64_t target;
	int f, id;

	ref->kind = KREF_NONE;
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		if (in->src_reg == BPF_PSEUDO_MAP_FD)
			ref->kind = KREF_MAP;
		else if (in->src_reg)
			ref->kind = KREF_OTHER;
		return;
	}
	if (in->code != (BPF_JMP | BPF_CALL))
		return;
	ref->kind = KREF_OTHER;
	switch (in->src_reg) {
	case 0:
		if (in->imm == BPF_FUNC_tail_call) {
			ref->kind = KREF_HELPER;
			ref->helper_id = BPF_FUNC_tail_call;
			ref->name = "";
		} else if (in->imm &&
			   helper_at(in->imm, &id, &form, &ref->name) == KCALL_HELPER) {
			ref->kind = KREF_HELPER;
			ref->helper_id = id;
		}
		return;
	case BPF_PSEUDO_KFUNC_CALL:
		ref->name = kfunc_at(in->imm, in->off, &id);
		if (ref->name)
			ref->kind = KREF_KFUNC;
		return;
	case BPF_PSEUDO_CALL:
		/* JIT-compiled: off is the relative target, imm the subprogram's index */
		target = (int64_t)i + in->off + 1;
		if (!pv->jited || !pv->nr_fi || target < 0 || target >= pv->n)
			return;
		f = func_at(pv, (uint32_t)target);
		if (f < 0 || f != in->imm)
			return;
		ref->kind = KREF_FUNC;
		ref->name = pv->fname[f];
		return;
	default:
		return;
	}
}

/*
 * Prove every host-named function the host library's code; one that is not loses the
 * name's standing: its calls are judged against the role as the program's own.
 */
static int prove_host_funcs(struct walk *w, struct prog_view *pv)
{
	struct kcheck_ref *refs = NULL;
	char why[256];
	uint32_t f;
	int err = 0;

	for (f = 1; f < pv->nr_fi && !err; f++) {
		const struct host_code *hc = pv->fhost[f];
		uint32_t start = pv->fi[f].insn_off, i;
		uint32_t end = f + 1 < pv->nr_fi ? pv->fi[f + 1].insn_off : pv->n;
		struct kcheck_code o, x;

		if (!hc)
			continue;
		free(refs);
		refs = NULL;
		/* longer than any rewrite of the host code: refused unread (kcheck_host_match) */
		if ((uint64_t)(end - start) <= (uint64_t)hc->n * HM_MAX_EXPANSION) {
			refs = calloc(end - start, sizeof(*refs));
			if (!refs) {
				err = -ENOMEM;
				break;
			}
			for (i = start; i < end; i++)
				xlated_ref(pv, i, &refs[i - start]);
		}
		o = (struct kcheck_code){ .insns = hc->insns, .refs = hc->refs, .n = hc->n };
		x = (struct kcheck_code){ .insns = &pv->insns[start], .refs = refs,
					  .n = end - start, .base = start };
		err = kcheck_host_match(&o, &x, kk.array_value_off, why, sizeof(why));
		if (err <= 0)
			continue;
		pv->fhost[f] = NULL;
		err = walk_violation(w, (int)start, "function %s is named like a host library "
				       "function but its code is not the host library's: %s",
				       pv->fname[f], why);
	}
	free(refs);
	if (err)
		return report_fail(w->r, err, "cannot compare host-named functions with the host "
				   "library's code: %s", strerror(-err));
	return 0;
}

int kcheck_prog(int prog_fd, const struct role_def *role, struct kcheck_report **out)
{
	return kcheck_prog_flags(prog_fd, role, 0, out);
}

/*
 * Kfuncs the kernel replaces with a few instructions of its own (fixup_kfunc_call():
 * bpf_cast_to_kern_ctx and bpf_rdonly_cast become a register move, the session kfuncs
 * loads): no call is left in the xlated code, yet a load through bpf_rdonly_cast's result
 * reads kernel memory. The only trace is the extern declaration libbpf keeps in the
 * program's BTF; a loader that drops it hides them (docs/threat-model.md).
 */
static const char *const inlined_kfuncs[] = {
	"bpf_cast_to_kern_ctx",
	"bpf_rdonly_cast",
	"bpf_session_cookie",
	"bpf_session_is_return",
};

/* A declared inlined kfunc is judged as a call to it: granted by the role, or a violation. */
static int check_inlined_kfuncs(struct walk *w, const struct prog_view *pv)
{
	uint32_t id, n, i, k;
	int err;

	if (!pv->btf)
		return 0;
	n = btf__type_cnt(pv->btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(pv->btf, id);
		const char *name = btf__name_by_offset(pv->btf, t->name_off);
		struct kcheck_call *c;
		bool defined = false;

		if (!btf_is_func(t) || !name)
			continue;
		for (i = 0; i < pv->nr_fi && !defined; i++)
			defined = pv->fi[i].type_id == id;
		for (k = 0; !defined && k < sizeof(inlined_kfuncs) / sizeof(*inlined_kfuncs); k++) {
			if (strcmp(name, inlined_kfuncs[k]))
				continue;
			c = report_add_call(w->r);
			if (!c)
				return -ENOMEM;
			c->insn = -1;
			c->kind = KCALL_KFUNC;
			c->form = KFORM_INLINED;
			c->inlined = "declared in the program's BTF; the kernel leaves no call";
			copy_name(c->name, name);
			err = judge_call(w, c);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * Under a uprobe role (SPEC section 5) a program is a kprobe-type program (uprobes and
 * uretprobes are); any other type runs elsewhere, with other helpers and other powers.
 */
static int check_prog_type(struct walk *w)
{
	const char *type = libbpf_bpf_prog_type_str(w->r->prog_type);

	if (w->r->prog_type == BPF_PROG_TYPE_KPROBE)
		return 0;
	return walk_violation(w, -1, "program type %s: role %s grants uprobe and uretprobe "
			      "programs only (type kprobe)", type ? type : "unknown",
			      w->role->name);
}

int kcheck_prog_flags(int prog_fd, const struct role_def *role, unsigned int flags,
		      struct kcheck_report **out)
{
	struct prog_view pv = {};
	struct kcheck_report *r;
	struct walk w = {};
	int err;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	*out = r;
	if (!role || prog_fd < 0)
		return report_fail(r, -EINVAL, "no role or no program to check");
	r->role_name = strdup(role->name ? role->name : "");
	if (!r->role_name)
		return report_fail(r, -ENOMEM, "out of memory");

	err = prog_view_read(prog_fd, r, &pv);
	if (err)
		goto out;
	err = kernel_load();
	if (err) {
		report_fail(r, err, "%s", kk.errmsg);
		goto out;
	}
	r->nr_insns = pv.n;
	r->nr_funcs = pv.nr_fi;
	err = prog_view_name_funcs(&pv, r);
	if (err)
		goto out;
	err = prog_view_maps(&pv, r);
	if (err)
		goto out;
	w.pv = &pv;
	w.role = role;
	w.r = r;
	if (flags & KCHECK_PROVE_HOST) {
		err = prove_host_funcs(&w, &pv);
		if (err)
			goto out;
	}
	err = walk_insns(&w);
	if (err)
		goto out;
	w.func = -1;
	w.host = NULL;
	err = check_inlined_kfuncs(&w, &pv);
	if (err)
		goto out;
	err = check_prog_type(&w);
out:
	prog_view_free(&pv);
	return err;
}

/* ---- printing ---- */

static void print_call_plain(const struct kcheck_call *c)
{
	char detail[2 * KCHECK_NAME_MAX + 64] = "", at[16] = "-";

	if (c->form == KFORM_INLINED)
		snprintf(detail, sizeof(detail), " [inlined: %s]", c->inlined);
	else if (c->ksym[0] && c->form == KFORM_SPECIALISED)
		snprintf(detail, sizeof(detail), " [%s, specialised for the map]", c->ksym);
	else if (c->ksym[0])
		snprintf(detail, sizeof(detail), " [%s]", c->ksym);
	if (c->insn >= 0)
		snprintf(at, sizeof(at), "%d", c->insn);
	printf("  insn %-5s %-8s %s%s%s%s: %s%s%s\n", at, kcheck_call_kind_str(c->kind),
	       c->name, detail, c->in_host ? " in host function " : "", c->in_host ? c->caller : "",
	       c->granted ? (c->in_host ? "host's own" : "allowed") : "REFUSED",
	       c->src[0] ? "  at " : "", c->src);
}

static void print_report_json(const struct kcheck_report *r)
{
	int i;

	jsonw_start_object(json_wtr);
	jsonw_uint_field(json_wtr, "id", r->prog_id);
	jsonw_string_field(json_wtr, "name", r->prog_name);
	jsonw_string_field(json_wtr, "type", libbpf_bpf_prog_type_str(r->prog_type) ?: "unknown");
	jsonw_string_field(json_wtr, "role", r->role_name ? r->role_name : "");
	jsonw_string_field(json_wtr, "verdict", r->err ? "error" :
			   r->nr_violations ? "violation" : "pass");
	if (r->err)
		jsonw_string_field(json_wtr, "error", r->errmsg ? r->errmsg : strerror(-r->err));
	jsonw_uint_field(json_wtr, "insns", r->nr_insns);
	jsonw_name(json_wtr, "calls");
	jsonw_start_array(json_wtr);
	for (i = 0; i < r->nr_calls; i++) {
		const struct kcheck_call *c = &r->calls[i];

		jsonw_start_object(json_wtr);
		if (c->insn >= 0)
			jsonw_int_field(json_wtr, "insn", c->insn);
		else
			jsonw_null_field(json_wtr, "insn");	/* no instruction shows it */
		jsonw_string_field(json_wtr, "kind", kcheck_call_kind_str(c->kind));
		jsonw_string_field(json_wtr, "name", c->name);
		if (c->ksym[0])
			jsonw_string_field(json_wtr, "ksym", c->ksym);
		else
			jsonw_null_field(json_wtr, "ksym");
		if (c->kind == KCALL_HELPER) {
			jsonw_int_field(json_wtr, "helper_id", c->helper_id);
			jsonw_string_field(json_wtr, "form", kcheck_form_str(c->form));
			if (c->form == KFORM_INLINED)
				jsonw_string_field(json_wtr, "inlined", c->inlined);
		}
		if (c->kind == KCALL_KFUNC)
			jsonw_int_field(json_wtr, "btf_id", c->btf_id);
		if (c->target_insn >= 0)
			jsonw_int_field(json_wtr, "target_insn", c->target_insn);
		jsonw_string_field(json_wtr, "caller", c->caller);
		if (c->src[0])
			jsonw_string_field(json_wtr, "source", c->src);
		else
			jsonw_null_field(json_wtr, "source");
		jsonw_bool_field(json_wtr, "host", c->in_host);
		jsonw_bool_field(json_wtr, "granted", c->granted);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "maps");
	jsonw_start_array(json_wtr);
	for (i = 0; i < r->nr_maps; i++) {
		const char *type = r->maps[i].type ?
				   libbpf_bpf_map_type_str(r->maps[i].type) : NULL;

		jsonw_start_object(json_wtr);
		jsonw_uint_field(json_wtr, "id", r->maps[i].id);
		jsonw_string_field(json_wtr, "type", type ? type : "unknown");
		jsonw_string_field(json_wtr, "name", r->maps[i].name);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_name(json_wtr, "violations");
	jsonw_start_array(json_wtr);
	for (i = 0; i < r->nr_violations; i++) {
		jsonw_start_object(json_wtr);
		if (r->violations[i].insn >= 0)
			jsonw_int_field(json_wtr, "insn", r->violations[i].insn);
		else
			jsonw_null_field(json_wtr, "insn");
		if (r->violations[i].src[0])
			jsonw_string_field(json_wtr, "source", r->violations[i].src);
		else
			jsonw_null_field(json_wtr, "source");
		jsonw_string_field(json_wtr, "message", r->violations[i].msg);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_end_object(json_wtr);
}

void kcheck_report_print(const struct kcheck_report *r)
{
	const char *type;
	int i;

	if (!r)
		return;
	if (json_output) {
		print_report_json(r);
		return;
	}
	type = libbpf_bpf_prog_type_str(r->prog_type);
	printf("prog %u %s (%s), role %s: ", r->prog_id, r->prog_name[0] ? r->prog_name : "?",
	       type ? type : "unknown", r->role_name ? r->role_name : "?");
	if (r->err) {
		printf("ERROR: %s\n", r->errmsg ? r->errmsg : strerror(-r->err));
		return;
	}
	if (r->nr_violations)
		printf("VIOLATION (%d)\n", r->nr_violations);
	else
		printf("pass\n");
	printf("  %u instruction%s, %u function%s, %d call%s\n", r->nr_insns,
	       r->nr_insns == 1 ? "" : "s", r->nr_funcs, r->nr_funcs == 1 ? "" : "s",
	       r->nr_calls, r->nr_calls == 1 ? "" : "s");
	for (i = 0; i < r->nr_calls; i++)
		print_call_plain(&r->calls[i]);
	for (i = 0; i < r->nr_maps; i++) {
		const char *mt = r->maps[i].type ? libbpf_bpf_map_type_str(r->maps[i].type) : NULL;

		printf("  map %u %s %s\n", r->maps[i].id, mt ? mt : "unknown",
		       r->maps[i].name[0] ? r->maps[i].name : "-");
	}
	for (i = 0; i < r->nr_violations; i++)
		printf("  violation: %s\n", r->violations[i].msg);
}
