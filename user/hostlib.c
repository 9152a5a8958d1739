// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* The host library embedded in roleprobe: its object bytes and its BTF. */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "hostlib.h"
#include "hostlib.skel.h"
#include "output.h"

static struct btf *hostlib_btf_cache;
static int hostlib_btf_err;	/* negative errno of the one failed parse, 0 otherwise */

const void *hostlib_elf_bytes(size_t *size)
{
	return hostlib__elf_bytes(size);
}

/* Parse the .BTF section of the embedded ELF object. */
static int hostlib_parse_btf(struct btf **out)
{
	const void *bytes;
	size_t size;
	char *image;
	Elf *elf = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int err = -ENOENT;

	bytes = hostlib_elf_bytes(&size);
	/* libelf takes a writable image; work on a copy of the embedded bytes */
	image = malloc(size);
	if (!image)
		return -ENOMEM;
	memcpy(image, bytes, size);

	if (elf_version(EV_CURRENT) == EV_NONE) {
		err = -EINVAL;
		goto out;
	}
	elf = elf_memory(image, size);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		err = -EINVAL;
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, ".BTF"))
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf || data->d_size == 0 || data->d_size > UINT32_MAX) {
			err = -EINVAL;
			goto out;
		}
		*out = btf__new(data->d_buf, data->d_size);
		err = libbpf_get_error(*out);
		if (err)
			*out = NULL;
		goto out;
	}
out:
	if (elf)
		elf_end(elf);
	free(image);
	return err;
}

const struct btf *hostlib_btf(void)
{
	int err;

	if (hostlib_btf_cache)
		return hostlib_btf_cache;
	if (!hostlib_btf_err) {
		err = hostlib_parse_btf(&hostlib_btf_cache);
		if (err) {
			hostlib_btf_err = err;
			p_debug("cannot parse the host library's BTF: %s", strerror(-err));
		}
	}
	if (!hostlib_btf_cache)
		errno = -hostlib_btf_err;
	return hostlib_btf_cache;
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
