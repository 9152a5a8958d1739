/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * roleprobe's host library, as extension authors see it (SPEC section 6). Include after
 * vmlinux.h (struct pt_regs and size_t come from it) and <bpf/bpf_helpers.h>:
 *
 *	#include "vmlinux.h"
 *	#include <bpf/bpf_helpers.h>
 *	#include <bpf/bpf_tracing.h>
 *	#include "roleprobe.bpf.h"
 *
 * These are BPF-to-BPF functions, not helpers or kfuncs: `roleprobe attach` links the
 * host library into the extension with libbpf's linker, so each declaration below resolves
 * to roleprobe's own code, verified by the kernel as part of the calling program. A role
 * must grant each one the extension calls, like any other host function.
 */
#ifndef ROLEPROBE_BPF_H
#define ROLEPROBE_BPF_H

#include "roleprobe_event.h"

/*
 * Copy the NUL-terminated string @src into @dest, at most @len - 1 bytes, then always
 * write a NUL. Both are the extension's own memory (stack or map value) of at least @len
 * bytes: the kernel verifies the copy in the caller's context, with the caller's sizes.
 * A user-space string is first read into such a buffer (bpf_probe_read*()).
 * Returns the number of bytes copied, not counting the NUL, or -EINVAL when @len is 0.
 */
extern int bpf_strncpy(char *dest, const char *src, size_t len);

/* Fill @info about the current task and CPU. Returns 0. */
extern int bpf_get_info(struct roleprobe_info *info);

/*
 * Emit a struct roleprobe_event for this probe hit to roleprobe's ring buffer; `attach`
 * prints it as a trace line. @ctx is the entry program's context.
 * Returns 0, or -ENOSPC when the ring buffer is full (the record is lost,
 * and counted: attach reports lost records).
 */
extern int handle_uprobe_event(const struct pt_regs *ctx);

/*
 * Not roleprobe's but the running kernel's (a kfunc, Linux 6.17+), declared here because
 * the seed's role grants it. It refuses user-space pointers: read a user string into the
 * extension's own memory first.
 */
extern int bpf_strnlen(const char *s__ign, size_t count) __ksym;

#endif /* ROLEPROBE_BPF_H */
