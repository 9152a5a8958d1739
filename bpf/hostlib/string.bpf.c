// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* Host library: string functions kernels lack (SPEC section 6). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "roleprobe.bpf.h"

#define EINVAL 22

/*
 * A plain loop over the two buffers rather than a probe-read helper: the kernel verifier
 * then checks every access against the caller's buffers (this function is demoted to a
 * static subprogram at link time), so a @len larger than either buffer is refused at load.
 */
__noinline int bpf_strncpy(char *dest, const char *src, size_t len)
{
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len - 1; i++) {
		char c = src[i];

		if (!c)
			break;
		dest[i] = c;
	}
	dest[i] = '\0';
	return i;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
