/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The host library (SPEC section 6): roleprobe's own BPF code that provides host functions
 * kernels lack, embedded in the binary through a bpftool-generated skeleton. This part
 * offers its object bytes (for linking with an extension) and its BTF (for resolving host
 * function names and comparing their signatures with what a role declares).
 */
#ifndef ROLEPROBE_HOSTLIB_H
#define ROLEPROBE_HOSTLIB_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/*
 * The license every file of bpf/hostlib declares. libbpf's linker joins only identical
 * license sections, so an extension must declare the same to be linked with it.
 */
#define HOSTLIB_LICENSE	"Dual BSD/GPL"

/* The embedded, unlinked host library object (an ELF relocatable BPF object). */
const void *hostlib_elf_bytes(size_t *size);

/* The host library's BTF, parsed once from the embedded object; NULL (and errno) on failure. */
const struct btf *hostlib_btf(void);

/*
 * The BTF FUNC type id of the host library's global function @name, or a negative errno:
 * -ENOENT when the host library has no such function.
 */
int hostlib_func_id(const char *name);

/* True when @name is a host library function (extensions must not define one). */
bool hostlib_has_func(const char *name);

#endif /* ROLEPROBE_HOSTLIB_H */
