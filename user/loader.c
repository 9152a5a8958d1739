// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Link an extension with the host library, load it and attach its entries as uprobes. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/btf.h>
#include <linux/capability.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "hostlib.h"
#include "loader.h"
#include "names.h"
#include "output.h"
#include "vec.h"
#include "../bpf/include/roleprobe_event.h"

/*
 * The kernel verifier log of a refused program. The kernel keeps the tail when it is
 * longer (6.4+ rotates), and the tail is where the reason is.
 */
#define LOADER_LOG_SIZE		(1u << 20)

/* Linked objects larger than this are refused: an extension is a few KiB. */
#define LOADER_MAX_OBJ_SIZE	(64u << 20)

struct loader {
	char *ext_path;
	char *binary;			/* realpath of --binary */
	pid_t pid;
	void *obj_buf;			/* linked and patched: libbpf keeps pointing at it */
	size_t obj_len;
	struct bpf_object *obj;
	struct loader_entry *entries;
	int nr_entries;
	char *log_buf;
	bool verifier_refused;		/* the last failure came with a verifier log */
};

/* ---- privileges ---- */

int loader_check_privileges(void)
{
	static const struct {
		int cap;
		const char *name;
	} needed[] = {
		{ CAP_BPF, "CAP_BPF" },
		{ CAP_PERFMON, "CAP_PERFMON" },
		{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
	};
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
	char missing[64] = "";
	size_t i;

	if (syscall(SYS_capget, &hdr, data)) {
		int err = -errno;

		p_err("cannot read this process's capabilities: %s", strerror(-err));
		return err;
	}
	for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		int cap = needed[i].cap;

		if (data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap))
			continue;
		if (missing[0])
			strcat(missing, ", ");
		strcat(missing, needed[i].name);
	}
	if (!missing[0])
		return 0;
	p_err("attaching uprobe programs needs root (CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN); "
	      "missing %s: run it with sudo", missing);
	return -EPERM;
}

/* ---- memfds: the linker's files, never on disk ---- */

static int memfd_from_buf(const char *name, const void *buf, size_t len)
{
	const char *p = buf;
	int fd, err;

	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		p += n;
		len -= n;
	}
	return fd;
}

static int read_whole_fd(int fd, void **out, size_t *out_len)
{
	struct stat st;
	size_t done = 0;
	char *buf;

	if (fstat(fd, &st))
		return -errno;
	if (st.st_size <= 0 || (unsigned long long)st.st_size > LOADER_MAX_OBJ_SIZE)
		return -EFBIG;
	buf = malloc(st.st_size);
	if (!buf)
		return -ENOMEM;
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + done, st.st_size - done, done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			free(buf);
			return err;
		}
		done += n;
	}
	*out = buf;
	*out_len = done;
	return 0;
}

static void fd_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* ---- ELF symbols, of extensions and of binaries to probe ---- */

/*
 * Call @fn on every symbol of an ELF file's .symtab and .dynsym (a binary to probe, an
 * extension) with its name (NULL when the string table has none), until @fn returns
 * nonzero; returns that, or 0.
 */
static int elf_for_each_sym(Elf *elf, int (*fn)(const GElf_Sym *sym, const char *name,
					       void *arg), void *arg)
{
	Elf_Scn *scn = NULL;
	int ret;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;
		size_t i, n;

		if (!gelf_getshdr(scn, &shdr) ||
		    (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM) ||
		    shdr.sh_entsize == 0)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		n = data->d_size / shdr.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Sym sym;

			if (!gelf_getsym(data, i, &sym))
				break;
			ret = fn(&sym, elf_strptr(elf, shdr.sh_link, sym.st_name), arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static bool sym_is_defined_func(const GElf_Sym *sym)
{
	return GELF_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_shndx != SHN_UNDEF;
}

/* ---- host library names belong to the host library ---- */

static int refuse_host_name(const char *ext_path, const char *name, const char *where)
{
	p_err("'%s' defines %s (%s), a function of roleprobe's host library: host library "
	      "functions come from roleprobe only; rename the function", ext_path, name, where);
	return -EACCES;
}

static int refuse_host_sym(const GElf_Sym *sym, const char *name, void *ext_path)
{
	if (!sym_is_defined_func(sym) || !name || !hostlib_has_func(name))
		return 0;
	return refuse_host_name(ext_path, name, "an ELF function symbol");
}

/*
 * Once linked, code is host library code by its name (BTF func info), which is how the
 * kernel-side check attributes it; so an extension may not bring a function of a host
 * library name, whether as an ELF function symbol (static or global) or as a BTF FUNC
 * that is not an extern declaration (a BTF name may differ from its symbol's). Checked
 * here, on every load, because the userspace verifier that also refuses it may be skipped
 * (skip_verification). The license is checked on the way, since the linker would refuse
 * another with a reason that names neither file. Returns 0, -EACCES (reported) or -EINVAL
 * (reported) for an unreadable object or another license.
 */
static int check_before_link(const struct loader_opts *opts)
{
	struct btf *btf = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;
	int err = 0;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory((char *)opts->ext_buf, opts->ext_len);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		err = -EINVAL;
		goto out;
	}
	while (!err && (scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;
		GElf_Shdr shdr;
		const char *name;
		size_t i, n;

		if (!gelf_getshdr(scn, &shdr)) {
			err = -EINVAL;
			break;
		}
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		data = elf_getdata(scn, NULL);
		if (name && !strcmp(name, "license") && data && data->d_buf &&
		    (data->d_size != sizeof(HOSTLIB_LICENSE) ||
		     memcmp(data->d_buf, HOSTLIB_LICENSE, sizeof(HOSTLIB_LICENSE)))) {
			p_err("'%s' declares the license \"%.*s\"; the host library's is \"%s\", "
			      "and libbpf's linker joins identical licenses only: declare char "
			      "LICENSE[] SEC(\"license\") = \"%s\";", opts->ext_path,
			      (int)strnlen(data->d_buf, data->d_size < 64 ? data->d_size : 64),
			      (const char *)data->d_buf, HOSTLIB_LICENSE, HOSTLIB_LICENSE);
			err = -EPROTO;
			break;
		}
		if (name && !strcmp(name, ".BTF") && data && data->d_buf && !btf) {
			btf = btf__new(data->d_buf, data->d_size);
			if (!btf) {
				err = -EINVAL;
				break;
			}
			n = btf__type_cnt(btf);
			for (i = 1; i < n && !err; i++) {
				const struct btf_type *t = btf__type_by_id(btf, i);
				const char *fn = btf__name_by_offset(btf, t->name_off);

				if (btf_is_func(t) && btf_vlen(t) != BTF_FUNC_EXTERN && fn &&
				    hostlib_has_func(fn))
					err = refuse_host_name(opts->ext_path, fn, "a BTF FUNC");
			}
		}
	}
	if (!err)
		err = elf_for_each_sym(elf, refuse_host_sym, (void *)opts->ext_path);
out:
	btf__free(btf);
	elf_end(elf);
	if (err == -EINVAL)
		p_err("cannot read the symbols and BTF of '%s' to check its function names",
		      opts->ext_path);
	/* reported: the object is fine, it cannot be linked as it is */
	return err == -EPROTO ? -EINVAL : err;
}

/*
 * Link the extension with the host library: libbpf's linker (what `bpftool gen object`
 * uses) resolves the extension's extern declarations against the host library's global
 * functions and merges maps and BTF.
 */
static int link_with_hostlib(const struct loader_opts *opts, void **out, size_t *out_len)
{
	int ext_fd = -1, lib_fd = -1, out_fd = -1, err;
	struct bpf_linker *linker = NULL;
	char ext_p[32], lib_p[32], out_p[32];
	const void *lib;
	size_t lib_len;

	lib = hostlib_elf_bytes(&lib_len);
	ext_fd = memfd_from_buf("roleprobe-ext", opts->ext_buf, opts->ext_len);
	lib_fd = memfd_from_buf("roleprobe-hostlib", lib, lib_len);
	out_fd = memfd_create("roleprobe-linked", MFD_CLOEXEC);
	if (ext_fd < 0 || lib_fd < 0 || out_fd < 0) {
		err = ext_fd < 0 ? ext_fd : lib_fd < 0 ? lib_fd : -errno;
		p_err("cannot create the in-memory files to link in: %s", strerror(-err));
		goto out;
	}
	fd_path(ext_p, sizeof(ext_p), ext_fd);
	fd_path(lib_p, sizeof(lib_p), lib_fd);
	fd_path(out_p, sizeof(out_p), out_fd);

	linker = bpf_linker__new(out_p, NULL);
	if (!linker) {
		err = -errno;
		p_err("cannot start the BPF linker: %s", strerror(-err));
		goto out;
	}
	err = bpf_linker__add_file(linker, ext_p, NULL);
	if (err) {
		p_err("cannot link '%s': %s (is it a BPF object built with clang -g -target bpf? "
		      "-v shows libbpf's reason)", opts->ext_path, strerror(-err));
		goto out;
	}
	err = bpf_linker__add_file(linker, lib_p, NULL);
	if (err) {
		p_err("cannot link '%s' with roleprobe's host library: %s (an extension must not "
		      "define a host library function or map; -v shows libbpf's reason)",
		      opts->ext_path, strerror(-err));
		goto out;
	}
	err = bpf_linker__finalize(linker);
	if (err) {
		p_err("cannot write the linked object of '%s': %s", opts->ext_path, strerror(-err));
		goto out;
	}
	err = read_whole_fd(out_fd, out, out_len);
	if (err)
		p_err("cannot read the linked object of '%s' back: %s", opts->ext_path,
		      strerror(-err));
out:
	bpf_linker__free(linker);
	if (ext_fd >= 0)
		close(ext_fd);
	if (lib_fd >= 0)
		close(lib_fd);
	if (out_fd >= 0)
		close(out_fd);
	return err;
}

/* ---- demoting the host functions to static (SPEC section 6) ---- */

/* Bytes that follow a struct btf_type of this kind, or -1 for a kind we do not know. */
static long btf_type_extra(const struct btf_type *t)
{
	__u32 vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	default:
		return -1;
	}
}

/*
 * Demoted, the kernel verifies a host function as a static subprogram, in its caller's
 * context and with its caller's buffer sizes, instead of alone from its signature (where a
 * char * is one byte of memory).
 */
int loader_demote_host_funcs(unsigned char *btf, size_t size)
{
	struct btf_header hdr;
	size_t types, strs, off;
	int demoted = 0;

	if (size < sizeof(hdr))
		return -EINVAL;
	memcpy(&hdr, btf, sizeof(hdr));
	if (hdr.magic != BTF_MAGIC || hdr.version != BTF_VERSION || hdr.hdr_len < sizeof(hdr) ||
	    hdr.hdr_len > size)
		return -EINVAL;	/* another byte order is refused here too: we never cross-load */
	types = (size_t)hdr.hdr_len + hdr.type_off;
	strs = (size_t)hdr.hdr_len + hdr.str_off;
	if (types > size || hdr.type_len > size - types || strs > size ||
	    hdr.str_len > size - strs || hdr.str_len == 0 || btf[strs + hdr.str_len - 1] != '\0')
		return -EINVAL;

	for (off = 0; off < hdr.type_len;) {
		struct btf_type t;
		long extra;

		if (hdr.type_len - off < sizeof(t))
			return -EINVAL;
		memcpy(&t, btf + types + off, sizeof(t));
		extra = btf_type_extra(&t);
		if (extra < 0 || (size_t)extra > hdr.type_len - off - sizeof(t))
			return -EINVAL;
		if (BTF_INFO_KIND(t.info) == BTF_KIND_FUNC &&
		    BTF_INFO_VLEN(t.info) == BTF_FUNC_GLOBAL) {
			const char *name;

			if (t.name_off >= hdr.str_len)
				return -EINVAL;
			name = (const char *)btf + strs + t.name_off;
			if (hostlib_has_func(name)) {
				/* a FUNC's vlen holds its linkage */
				t.info = (t.info & ~0xffffu) | BTF_FUNC_STATIC;
				memcpy(btf + types + off, &t, sizeof(t));
				demoted++;
			}
		}
		off += sizeof(t) + extra;
	}
	return demoted;
}

/* Find the .BTF section of the ELF object in @buf and demote the host functions in it. */
static int patch_linked_btf(const char *ext_path, unsigned char *buf, size_t len)
{
	GElf_Off btf_off = 0, btf_size = 0;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	bool found = false;
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory((char *)buf, len);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		ret = -EINVAL;
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, ".BTF"))
			continue;
		if (shdr.sh_type == SHT_NOBITS || shdr.sh_offset > len ||
		    shdr.sh_size > len - shdr.sh_offset) {
			ret = -EINVAL;
			goto out;
		}
		btf_off = shdr.sh_offset;
		btf_size = shdr.sh_size;
		found = true;
		break;
	}
	ret = found ? 0 : -ENOENT;
out:
	if (elf)
		elf_end(elf);
	if (ret) {
		p_err("the linked object of '%s' has %s .BTF section (build it with clang -g)",
		      ext_path, ret == -ENOENT ? "no" : "a malformed");
		return ret;
	}
	ret = loader_demote_host_funcs(buf + btf_off, btf_size);
	if (ret < 0) {
		p_err("the linked object of '%s' has malformed BTF", ext_path);
		return ret;
	}
	p_debug("demoted %d host library function(s) to static linkage", ret);
	return 0;
}

/* ---- entries and their symbols ---- */

/*
 * Parse an entry's section: "uprobe", "uretprobe", "uprobe/SYM", "uprobe/SYM+OFF" (and the
 * same for uretprobe). libbpf's own "uprobe/PATH:FUNC" form is refused: the binary is
 * --binary.
 */
static int entry_from_section(struct loader_entry *e, const char *ext_path)
{
	const char *sec = e->sec_name, *rest, *plus;
	char *symbol, *end;

	if (!strncmp(sec, "uretprobe", 9)) {
		e->retprobe = true;
		rest = sec + 9;
	} else if (!strncmp(sec, "uprobe", 6)) {
		rest = sec + 6;
	} else {
		goto bad;
	}
	if (!*rest) {
		symbol = strdup(e->prog_name);
	} else {
		if (*rest != '/' || !rest[1] || strpbrk(rest + 1, "/:"))
			goto bad;
		rest++;
		plus = strchr(rest, '+');
		symbol = strndup(rest, plus ? (size_t)(plus - rest) : strlen(rest));
		if (plus) {
			errno = 0;
			e->offset = strtoul(plus + 1, &end, 0);
			if (errno || end == plus + 1 || *end || !*symbol) {
				free(symbol);
				goto bad;
			}
		}
	}
	if (!symbol)
		return -ENOMEM;
	e->symbol = symbol;
	return 0;
bad:
	p_err("%s: program '%s' is in section '%s'; entry points must be in SEC(\"uprobe\"), "
	      "SEC(\"uretprobe\"), SEC(\"uprobe/SYMBOL[+OFFSET]\") or SEC(\"uretprobe/SYMBOL\")",
	      ext_path, e->prog_name, sec);
	return -EINVAL;
}

/* Implementations of an IFUNC named in its message; more are said as "...". */
#define LOADER_IFUNC_CANDIDATES	4

/* What the binary's symbol tables say of one name. */
struct sym_match {
	const char *name;
	bool func;			/* a defined function: libbpf attaches to it */
	bool ifunc;			/* a defined STT_GNU_IFUNC */
	bool imported;			/* an undefined reference */
	unsigned long long size;	/* of the function */
	GElf_Addr resolver;		/* the IFUNC's value: its resolver */
};

static int match_sym(const GElf_Sym *sym, const char *sname, void *arg)
{
	struct sym_match *m = arg;
	size_t len = strlen(m->name);

	if (!sname || strncmp(sname, m->name, len))
		return 0;
	if (sym->st_shndx == SHN_UNDEF) {
		/* .symtab spells an import with its version: "fgets@GLIBC_2.2.5" */
		if (sname[len] == '\0' || sname[len] == '@')
			m->imported = true;
		return 0;
	}
	/* defined ones as libbpf 1.1 matches them: the exact name, a FUNC and nothing else */
	if (sname[len] != '\0')
		return 0;
	if (GELF_ST_TYPE(sym->st_info) == STT_GNU_IFUNC) {
		m->ifunc = true;
		m->resolver = sym->st_value;
	} else if (sym_is_defined_func(sym)) {
		m->func = true;
		m->size = sym->st_size;
	}
	return 0;
}

/* The implementations of an IFUNC, guessed: defined functions whose name contains its own. */
struct ifunc_impls {
	const struct sym_match *ifunc;
	const char *names[LOADER_IFUNC_CANDIDATES];
	int n;
	bool more;
	bool symtab;			/* the binary has a .symtab, where local names are */
};

static int collect_ifunc_impl(const GElf_Sym *sym, const char *sname, void *arg)
{
	struct ifunc_impls *c = arg;
	int i;

	/* the resolver itself may have a name of that kind ("strlen_ifunc") */
	if (!sname || !sym_is_defined_func(sym) || sym->st_value == c->ifunc->resolver ||
	    !strcmp(sname, c->ifunc->name) || !strstr(sname, c->ifunc->name) ||
	    strchr(sname, '@'))
		return 0;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], sname))
			return 0;	/* in .symtab and .dynsym both */
	if (c->n == LOADER_IFUNC_CANDIDATES)
		c->more = true;
	else
		c->names[c->n++] = sname;
	return c->more;
}

static bool elf_has_section_type(Elf *elf, GElf_Word type)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == type)
			return true;
	return false;
}

/*
 * An IFUNC's symbol is its resolver, which the dynamic linker runs once to choose an
 * implementation; a probe there would see no call of the function. libbpf 1.1 does not
 * take one either, and said so only as ENOENT at attach time, after the load.
 */
static int refuse_ifunc(const struct loader *ld, Elf *elf, const struct loader_entry *e,
			const struct sym_match *m)
{
	struct ifunc_impls c = { .ifunc = m, .symtab = elf_has_section_type(elf, SHT_SYMTAB) };
	char list[512] = "";
	int i;

	elf_for_each_sym(elf, collect_ifunc_impl, &c);
	for (i = 0; i < c.n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", c.names[i]);
	if (c.more)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), ", ...");
	if (c.n)
		p_err("symbol '%s' (entry '%s', section '%s') is an IFUNC in '%s': its address is "
		      "its resolver, run once at link time to choose an implementation, so a "
		      "probe there sees no call; probe an implementation instead: %s", e->symbol,
		      e->prog_name, e->sec_name, ld->binary, list);
	else
		p_err("symbol '%s' (entry '%s', section '%s') is an IFUNC in '%s': its address is "
		      "its resolver, run once at link time to choose an implementation, so a "
		      "probe there sees no call; %s: probe a function that calls it instead",
		      e->symbol, e->prog_name, e->sec_name, ld->binary,
		      c.symtab ? "no other function's name there contains it" :
		      "its implementations have no symbols there (the binary has no .symtab)");
	return -EINVAL;
}

/* "libc.so.6, libm.so.6": the DT_NEEDED libraries of the binary, into @buf. */
static void binary_needed(Elf *elf, char *buf, size_t size)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	buf[0] = '\0';
	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;
		size_t i, n;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_DYNAMIC ||
		    !shdr.sh_entsize || !(data = elf_getdata(scn, NULL)))
			continue;
		n = data->d_size / shdr.sh_entsize;
		for (i = 0; i < n; i++) {
			const char *lib;
			GElf_Dyn dyn;
			size_t len = strlen(buf);

			if (!gelf_getdyn(data, i, &dyn) || dyn.d_tag == DT_NULL)
				break;
			if (dyn.d_tag != DT_NEEDED)
				continue;
			lib = elf_strptr(elf, shdr.sh_link, dyn.d_un.d_val);
			if (lib)
				snprintf(buf + len, size - len, "%s%s", len ? ", " : "", lib);
		}
	}
}

static int refuse_imported(const struct loader *ld, Elf *elf, const struct loader_entry *e)
{
	char needed[512];

	binary_needed(elf, needed, sizeof(needed));
	if (needed[0])
		p_err("symbol '%s' (entry '%s', section '%s') is imported by '%s': undefined "
		      "there, it is resolved from a shared library at run time; probe the library "
		      "that defines it, one of those it needs: %s (`ldd %s` shows their paths)",
		      e->symbol, e->prog_name, e->sec_name, ld->binary, needed, ld->binary);
	else
		p_err("symbol '%s' (entry '%s', section '%s') is imported by '%s': undefined "
		      "there, it is resolved at run time from a library it loads itself (it needs "
		      "none at link time); probe that library with --binary", e->symbol,
		      e->prog_name, e->sec_name, ld->binary);
	return -ENOENT;
}

/* The names of the binary's defined functions, for "did you mean". */
struct func_names {
	const char **names;
	int n;
};

static int collect_func_name(const GElf_Sym *sym, const char *sname, void *arg)
{
	struct func_names *f = arg;
	int type = GELF_ST_TYPE(sym->st_info);

	if (!sname || !*sname || sym->st_shndx == SHN_UNDEF || strchr(sname, '@') ||
	    (type != STT_FUNC && type != STT_GNU_IFUNC))
		return 0;
	if (vec_grow((void **)&f->names, f->n, sizeof(*f->names)))
		return -ENOMEM;
	f->names[f->n++] = sname;
	return 0;
}

static int refuse_missing(const struct loader *ld, Elf *elf, const struct loader_entry *e)
{
	struct func_names f = {};
	const char *meant = NULL;
	char hint[160];

	/* out of memory, the symbol is still reported: only the hint is lost */
	if (!elf_for_each_sym(elf, collect_func_name, &f))
		meant = closest_name(e->symbol, f.names, sizeof(*f.names), f.n);
	did_you_mean(hint, sizeof(hint), meant);
	free(f.names);
	if (strchr(e->sec_name, '/'))
		p_err("symbol '%s' (entry '%s', section '%s') is not a function defined in '%s'%s",
		      e->symbol, e->prog_name, e->sec_name, ld->binary, hint);
	else
		p_err("symbol '%s' (entry '%s', section '%s') is not a function defined in '%s'%s: "
		      "SEC(\"%s\") names no symbol, so the program's name was looked up; write "
		      "SEC(\"%s/SYMBOL\")", e->symbol, e->prog_name, e->sec_name, ld->binary, hint,
		      e->sec_name, e->sec_name);
	return -ENOENT;
}

/*
 * Each entry's symbol must be a function defined in the binary. Checked here, before
 * anything is loaded, so that a wrong symbol is an input error that says what the symbol
 * is instead; libbpf then computes the same offset at attach time.
 */
static int resolve_symbols(struct loader *ld)
{
	Elf *elf = NULL;
	GElf_Ehdr ehdr;
	int fd, i, err = 0;

	fd = open(ld->binary, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		p_err("cannot open binary '%s': %s", ld->binary, strerror(-err));
		return err;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr) ||
	    (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN)) {
		p_err("binary '%s' is not an ELF executable or shared library", ld->binary);
		err = -ENOEXEC;
		goto out;
	}
	for (i = 0; i < ld->nr_entries && !err; i++) {
		struct loader_entry *e = &ld->entries[i];
		struct sym_match m = { .name = e->symbol };

		elf_for_each_sym(elf, match_sym, &m);
		if (!m.func) {
			if (m.ifunc)
				err = refuse_ifunc(ld, elf, e, &m);
			else if (m.imported)
				err = refuse_imported(ld, elf, e);
			else
				err = refuse_missing(ld, elf, e);
		} else if (e->offset && m.size && e->offset >= m.size) {
			p_err("offset %lu of entry '%s' lies beyond the end of '%s' (%llu bytes)",
			      e->offset, e->prog_name, e->symbol, m.size);
			err = -EINVAL;
		}
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

bool loader_maps_file(FILE *maps, const char *path, const struct stat *st)
{
	size_t cap = 0, len;
	char *line = NULL;
	bool found = false;

	while (!found && getline(&line, &cap, maps) > 0) {
		unsigned int maj, min;
		unsigned long long ino;
		int path_at = -1;

		if (sscanf(line, "%*s %*s %*s %x:%x %llu %n", &maj, &min, &ino, &path_at) < 3)
			continue;
		found = maj == major(st->st_dev) && min == minor(st->st_dev) && ino == st->st_ino;
		/*
		 * On overlayfs the maps show the inode of the layer below, which stat() of
		 * the path does not give: the path, as mapped, is the file too
		 */
		if (found || path_at < 0)
			continue;
		len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		found = !strcmp(line + path_at, path);
	}
	free(line);
	return found;
}

/*
 * --pid names a process that may not map the binary at all (a typo, the library of another
 * program): its probes then see nothing and the run ends with no event and no error. Not
 * refused, since the process may still dlopen() the library.
 */
static void warn_unmapped(const struct loader *ld)
{
	char maps_path[32];
	struct stat st;
	bool mapped;
	FILE *maps;

	snprintf(maps_path, sizeof(maps_path), "/proc/%d/maps", (int)ld->pid);
	maps = fopen(maps_path, "re");
	if (!maps || stat(ld->binary, &st)) {
		p_warn("cannot check that process %d maps '%s': %s: %s", (int)ld->pid, ld->binary,
		       maps ? ld->binary : maps_path, strerror(errno));
		if (maps)
			fclose(maps);
		return;
	}
	mapped = loader_maps_file(maps, ld->binary, &st);
	fclose(maps);
	if (!mapped)
		p_warn("process %d does not map '%s': its probes will see nothing unless it loads "
		       "it later", (int)ld->pid, ld->binary);
}

static int collect_entries(struct loader *ld)
{
	struct bpf_program *prog;
	int n = 0, err;

	bpf_object__for_each_program(prog, ld->obj)
		n++;
	if (!n) {
		p_err("'%s' has no entry program (a function in SEC(\"uprobe...\"))", ld->ext_path);
		return -EINVAL;
	}
	ld->entries = calloc(n, sizeof(*ld->entries));
	if (!ld->entries)
		return -ENOMEM;
	bpf_object__for_each_program(prog, ld->obj) {
		struct loader_entry *e = &ld->entries[ld->nr_entries];

		e->prog = prog;
		e->prog_name = bpf_program__name(prog);
		e->sec_name = bpf_program__section_name(prog);
		e->prog_fd = -1;
		e->cookie = ld->nr_entries + 1;
		ld->nr_entries++;
		err = entry_from_section(e, ld->ext_path);
		if (err)
			return err;
		if (bpf_program__type(prog) != BPF_PROG_TYPE_KPROBE) {
			p_err("%s: program '%s' is not a uprobe program", ld->ext_path,
			      e->prog_name);
			return -EINVAL;
		}
	}
	return 0;
}

int loader_open(const struct loader_opts *opts, struct loader **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, oopts);
	char obj_name[16];
	struct loader *ld;
	char *dot;
	int err;

	*out = NULL;
	ld = calloc(1, sizeof(*ld));
	if (!ld)
		return -ENOMEM;
	ld->pid = opts->pid;
	ld->ext_path = strdup(opts->ext_path);
	ld->binary = realpath(opts->binary, NULL);
	if (!ld->binary) {
		err = -errno;
		p_err("cannot find binary '%s': %s", opts->binary, strerror(-err));
		goto err;
	}
	if (!ld->ext_path) {
		err = -ENOMEM;
		goto err;
	}

	err = check_before_link(opts);
	if (err)
		goto err;
	err = link_with_hostlib(opts, &ld->obj_buf, &ld->obj_len);
	if (err)
		goto err;
	err = patch_linked_btf(ld->ext_path, ld->obj_buf, ld->obj_len);
	if (err)
		goto err;

	/* libbpf names internal maps after the object ("name.rodata"): use the file's name */
	snprintf(obj_name, sizeof(obj_name), "%s", basename(ld->ext_path));	/* GNU's */
	dot = strchr(obj_name, '.');
	if (dot && dot != obj_name)
		*dot = '\0';
	oopts.object_name = obj_name;
	ld->obj = bpf_object__open_mem(ld->obj_buf, ld->obj_len, &oopts);
	if (!ld->obj) {
		err = -errno;
		p_err("libbpf cannot open the linked object of '%s': %s (-v shows why)",
		      ld->ext_path, strerror(-err));
		goto err;
	}
	err = collect_entries(ld);
	if (err)
		goto err;
	err = resolve_symbols(ld);
	if (err)
		goto err;
	if (ld->pid > 0)
		warn_unmapped(ld);
	*out = ld;
	return 0;
err:
	loader_close(ld);
	return err;
}

/* ---- load and attach ---- */

/* Lines of a refused program's verifier log shown without -v: the reason is at the end. */
#define LOADER_LOG_TAIL_LINES	60

/* Print the end of the verifier's log (all of it with -v), without trailing blank lines. */
static void print_verifier_log(const char *prog_name, const char *log)
{
	size_t len = strlen(log), start;
	unsigned int lines = 0;

	while (len && (log[len - 1] == '\n' || log[len - 1] == ' '))
		len--;
	for (start = len; start > 0; start--) {
		if (log[start - 1] == '\n' && ++lines == LOADER_LOG_TAIL_LINES && !verbose)
			break;
	}
	fprintf(stderr, "-- kernel verifier log for '%s'", prog_name);
	if (start)
		fprintf(stderr, " (last %u lines; -v shows all)", LOADER_LOG_TAIL_LINES);
	fprintf(stderr, " --\n%.*s\n-- end of verifier log --\n", (int)(len - start), log + start);
}

int loader_load(struct loader *ld)
{
	int i, err;

	ld->verifier_refused = false;
	ld->log_buf = calloc(1, LOADER_LOG_SIZE);
	if (!ld->log_buf)
		return -ENOMEM;
	/*
	 * One buffer for all: libbpf loads the programs in order and stops at the first
	 * refusal, reloading it with log level 1 into our buffer to get the reason.
	 */
	for (i = 0; i < ld->nr_entries; i++)
		bpf_program__set_log_buf(ld->entries[i].prog, ld->log_buf, LOADER_LOG_SIZE);

	err = bpf_object__load(ld->obj);
	if (err) {
		const struct loader_entry *failed = NULL;

		for (i = 0; i < ld->nr_entries && !failed; i++)
			if (bpf_program__fd(ld->entries[i].prog) < 0)
				failed = &ld->entries[i];
		if (failed && ld->log_buf[0]) {
			ld->verifier_refused = true;
			p_err("the kernel refused program '%s' of '%s': %s", failed->prog_name,
			      ld->ext_path, strerror(-err));
			print_verifier_log(failed->prog_name, ld->log_buf);
		} else {
			p_err("loading '%s' into the kernel failed: %s (-v shows libbpf's reason)",
			      ld->ext_path, strerror(-err));
		}
		return err;
	}
	for (i = 0; i < ld->nr_entries; i++)
		ld->entries[i].prog_fd = bpf_program__fd(ld->entries[i].prog);
	return 0;
}

int loader_attach(struct loader *ld)
{
	int i, err;

	ld->verifier_refused = false;
	for (i = 0; i < ld->nr_entries; i++) {
		struct loader_entry *e = &ld->entries[i];
		LIBBPF_OPTS(bpf_uprobe_opts, uopts,
			.func_name = e->symbol,
			.retprobe = e->retprobe,
			.bpf_cookie = e->cookie,
		);

		e->link = bpf_program__attach_uprobe_opts(e->prog, ld->pid, ld->binary, e->offset,
							  &uopts);
		if (!e->link) {
			err = -errno;
			p_err("cannot attach '%s' as %s to %s+0x%lx in '%s': %s", e->prog_name,
			      e->retprobe ? "uretprobe" : "uprobe", e->symbol, e->offset,
			      ld->binary, strerror(-err));
			goto err;
		}
		p_debug("attached '%s' to %s:%s (cookie %llu)", e->prog_name, ld->binary,
			e->symbol, e->cookie);
	}
	return 0;
err:
	loader_detach(ld);
	return err;
}

static void *destroy_link(void *link)
{
	bpf_link__destroy(link);
	return NULL;
}

/*
 * Closing a uprobe's link stops its program at once, but then unregisters the uprobe,
 * which holds the closing thread for about 100 ms (an RCU tasks-trace grace period, under
 * the kernel's event_mutex). One after the other, the probes still attached would run on
 * for that long per probe before them: a uretprobe counting returns whose entries its
 * uprobe no longer sees. Each link is therefore closed in a thread of its own, so that every
 * program stops within microseconds of the others; the unregistering that follows is
 * serialised by the kernel either way. Threads are started last-in first-out, so a thread
 * that cannot be created costs only that closeness: its link is closed here, in order.
 */
void loader_detach(struct loader *ld)
{
	pthread_t *threads = calloc(ld->nr_entries ? ld->nr_entries : 1, sizeof(*threads));
	bool *started = calloc(ld->nr_entries ? ld->nr_entries : 1, sizeof(*started));
	sigset_t all, old;
	int i, err;

	/* the signals are the main thread's to handle, not these threads' */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = ld->nr_entries - 1; i >= 0; i--) {
		struct bpf_link *link = ld->entries[i].link;

		if (!link)
			continue;
		ld->entries[i].link = NULL;
		if (threads && started) {
			err = pthread_create(&threads[i], NULL, destroy_link, link);
			if (!err) {
				started[i] = true;
				continue;
			}
			p_debug("detaching '%s' in this thread: %s", ld->entries[i].prog_name,
				strerror(err));
		}
		bpf_link__destroy(link);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < ld->nr_entries; i++)
		if (started && started[i])
			pthread_join(threads[i], NULL);
	free(started);
	free(threads);
}

void loader_close(struct loader *ld)
{
	int i;

	if (!ld)
		return;
	for (i = 0; i < ld->nr_entries; i++) {
		bpf_link__destroy(ld->entries[i].link);
		free((char *)ld->entries[i].symbol);
	}
	free(ld->entries);
	bpf_object__close(ld->obj);
	free(ld->obj_buf);
	free(ld->log_buf);
	free(ld->binary);
	free(ld->ext_path);
	free(ld);
}

int loader_exit_code(const struct loader *ld, int err)
{
	if (!ld)
		return err == -EACCES ? RP_EXIT_VIOLATION : RP_EXIT_INPUT;
	if (ld->verifier_refused)
		return RP_EXIT_KERNEL;
	return exit_code_from_kernel_err(err);
}

struct bpf_object *loader_object(const struct loader *ld)
{
	return ld->obj;
}

int loader_nr_entries(const struct loader *ld)
{
	return ld->nr_entries;
}

struct loader_entry *loader_entry(const struct loader *ld, int idx)
{
	if (idx < 0 || idx >= ld->nr_entries)
		return NULL;
	return &ld->entries[idx];
}

const struct loader_entry *loader_entry_by_cookie(const struct loader *ld, unsigned long long c)
{
	if (c == 0 || c > (unsigned long long)ld->nr_entries)
		return NULL;
	return &ld->entries[c - 1];
}

int loader_events_fd(const struct loader *ld)
{
	struct bpf_map *map = bpf_object__find_map_by_name(ld->obj, ROLEPROBE_EVENTS_MAP);

	return map ? bpf_map__fd(map) : -1;
}

bool loader_is_host_map(const char *map_name)
{
	return !strcmp(map_name, ROLEPROBE_EVENTS_MAP) || !strcmp(map_name, ROLEPROBE_LOST_MAP);
}

int loader_lost_events(const struct loader *ld, unsigned long long *lost)
{
	struct bpf_map *map = bpf_object__find_map_by_name(ld->obj, ROLEPROBE_LOST_MAP);
	__u32 key = 0;
	__u64 val = 0;

	if (!map || bpf_map__fd(map) < 0)
		return -ENOENT;
	if (bpf_map_lookup_elem(bpf_map__fd(map), &key, &val))
		return -errno;
	*lost = val;
	return 0;
}
