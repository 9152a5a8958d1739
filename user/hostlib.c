// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The host library embedded in roleprobe: its object bytes and its BTF. */
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "hostlib.h"
#include "hostlib.skel.h"
#include "output.h"

/*
 * The embedded object, opened once by libbpf (in memory only: nothing is loaded into the
 * kernel), for its BTF.
 */
static struct bpf_object *hostlib_obj;
static int hostlib_open_err;	/* negative errno of the one failed open, 0 otherwise */

const void *hostlib_elf_bytes(size_t *size)
{
	return hostlib__elf_bytes(size);
}

const struct btf *hostlib_btf(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "hostlib");
	const struct btf *btf;
	const void *bytes;
	size_t size;

	if (!hostlib_obj && !hostlib_open_err) {
		bytes = hostlib_elf_bytes(&size);
		hostlib_obj = bpf_object__open_mem(bytes, size, &opts);
		if (!hostlib_obj) {
			hostlib_open_err = -errno;
			p_debug("cannot open the embedded host library: %s",
				strerror(-hostlib_open_err));
		}
	}
	if (!hostlib_obj) {
		errno = -hostlib_open_err;
		return NULL;
	}
	btf = bpf_object__btf(hostlib_obj);
	if (!btf)
		errno = ENOENT;
	return btf;
}

int hostlib_func_id(const char *name)
{
	const struct btf *btf = hostlib_btf();
	const struct btf_type *t;
	int id;

	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);
	/* only the global functions are host functions; anything static is an internal helper */
	if (!t || btf_vlen(t) != BTF_FUNC_GLOBAL)
		return -ENOENT;
	return id;
}

bool hostlib_has_func(const char *name)
{
	return hostlib_func_id(name) > 0;
}
