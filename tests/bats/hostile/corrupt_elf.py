#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
"""
Damage a good BPF object (ELF64, little-endian) in one precise way each, for
08-hostile.bats: every variant is written as OUTDIR/NAME.bpf.o.

    corrupt_elf.py GOOD.bpf.o OUTDIR

Variants (NAME: what is broken):
  trunc-header       the file ends inside the ELF header
  trunc-shdrs        the file ends inside the section header table
  trunc-half         the first half of the file only
  shoff-past-end     the section header table lies past the end of the file
  shnum-absurd       65535 section headers claimed (most past the end)
  shstrndx-bad       the section name table index points past the sections
  sec-offset-past    .BTF's offset lies past the end of the file
  sec-size-huge      the code section's size runs past the end of the file
  sec-size-wrap      .BTF's offset + size wraps around 2^64
  name-past-strtab   a section name offset past the end of the name table
  symtab-link-bad    .symtab's string table link points past the sections
  symtab-entsize     .symtab's entry size is 1
  btf-hdr-len        .BTF header length larger than the section
  btf-str-len        .BTF string section length past the section
  btf-type-off       .BTF type section offset past the section
  btf-magic          .BTF magic scribbled
  btfext-hdr         .BTF.ext header claims func info past the section
  rel-offset-past    a relocation's offset lies outside the section it relocates
  rel-sym-past       a relocation names a symbol past the symbol table
  rel-info-bad       a relocation section's sh_info names a section past the end
  random             4 KiB of random bytes (fixed seed) behind a valid ELF magic
"""
import random
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")


def parse(b):
    e = EHDR.unpack_from(b, 0)
    shoff, shentsize, shnum, shstrndx = e[6], e[11], e[12], e[13]
    shdrs = [list(SHDR.unpack_from(b, shoff + i * shentsize)) for i in range(shnum)]
    strtab = shdrs[shstrndx]

    def name(sh):
        off = strtab[4] + sh[0]
        return b[off:b.index(b"\0", off)].decode()

    return shoff, shentsize, shnum, {name(sh): (i, sh) for i, sh in enumerate(shdrs)}


def put_shdr(b, shoff, shentsize, idx, sh):
    SHDR.pack_into(b, shoff + idx * shentsize, *sh)


def main():
    good, out = sys.argv[1], sys.argv[2]
    orig = open(good, "rb").read()
    shoff, shentsize, shnum, secs = parse(orig)
    variants = {}

    def variant(name):
        b = bytearray(orig)
        variants[name] = b
        return b

    def set_field(b, secname, field, value):
        idx = secs[secname][0]
        sh = list(SHDR.unpack_from(b, shoff + idx * shentsize))
        sh[field] = value
        put_shdr(b, shoff, shentsize, idx, sh)

    # SHDR fields: 0 name, 1 type, 2 flags, 3 addr, 4 offset, 5 size, 6 link, 7 info,
    # 8 addralign, 9 entsize; EHDR fields packed at fixed offsets below
    variants["trunc-header"] = orig[:40]
    variants["trunc-shdrs"] = orig[:shoff + shentsize * (shnum // 2) + 7]
    variants["trunc-half"] = orig[:len(orig) // 2]
    b = variant("shoff-past-end")
    struct.pack_into("<Q", b, 0x28, len(orig) + 4096)
    b = variant("shnum-absurd")
    struct.pack_into("<H", b, 0x3c, 0xffff)
    b = variant("shstrndx-bad")
    struct.pack_into("<H", b, 0x3e, shnum + 10)

    code = next(n for n in secs if n.startswith("uprobe"))
    set_field(variant("sec-offset-past"), ".BTF", 4, len(orig) + 100000)
    set_field(variant("sec-size-huge"), code, 5, 0x7fffffff0)
    b = variant("sec-size-wrap")
    set_field(b, ".BTF", 4, 0xfffffffffffff000)
    set_field(b, ".BTF", 5, 0x2000)
    set_field(variant("name-past-strtab"), code, 0, 0x7ffffff0)
    set_field(variant("symtab-link-bad"), ".symtab", 6, shnum + 100)
    set_field(variant("symtab-entsize"), ".symtab", 9, 1)

    btf_off = secs[".BTF"][1][4]
    btf_size = secs[".BTF"][1][5]
    # struct btf_header: magic u16, version u8, flags u8, hdr_len u32,
    # type_off u32, type_len u32, str_off u32, str_len u32
    b = variant("btf-hdr-len")
    struct.pack_into("<I", b, btf_off + 4, btf_size + 64)
    b = variant("btf-str-len")
    struct.pack_into("<I", b, btf_off + 20, 0xfffffff0)
    b = variant("btf-type-off")
    struct.pack_into("<I", b, btf_off + 8, btf_size * 4)
    b = variant("btf-magic")
    struct.pack_into("<H", b, btf_off, 0xbeef)
    # struct btf_ext_header: magic u16, version u8, flags u8, hdr_len u32,
    # func_info_off u32, func_info_len u32, line_info_off u32, line_info_len u32
    ext_off = secs[".BTF.ext"][1][4]
    b = variant("btfext-hdr")
    struct.pack_into("<I", b, ext_off + 12, 0x7ffffff0)

    rel = ".rel" + code
    rel_off = secs[rel][1][4]
    # Elf64_Rel: r_offset u64, r_info u64 (sym << 32 | type)
    b = variant("rel-offset-past")
    struct.pack_into("<Q", b, rel_off, 0x100000)
    b = variant("rel-sym-past")
    (info,) = struct.unpack_from("<Q", orig, rel_off + 8)
    struct.pack_into("<Q", b, rel_off + 8, (0xfffff << 32) | (info & 0xffffffff))
    set_field(variant("rel-info-bad"), rel, 7, shnum + 50)

    rnd = random.Random(0x5eed)
    variants["random"] = b"\x7fELF" + bytes(rnd.getrandbits(8) for _ in range(4092))

    for name, data in variants.items():
        with open(f"{out}/{name}.bpf.o", "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
