#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# Hostile input: roleprobe runs as root on files someone else wrote. Extension objects
# damaged in one precise way each (tests/bats/hostile/corrupt_elf.py), role files built to
# exhaust a parser, things that are not files, files over the size limits, and files that a
# user other than root could have written: each refused with exit 2 and the reason, for
# check, attach and role lint, under `timeout 10` so that a hang fails. Nothing is loaded.
#
# 01-role.bats lints the small malformed role fixtures (tests/bats/roles) and 02-check.bats
# checks a non-ELF file and a half object; this file does the rest and the other commands.

load test_helper
bats_require_minimum_version 1.5.0

HOSTILE=$BATS_TEST_DIRNAME/hostile
BADROLES=$BATS_TEST_DIRNAME/roles
GOOD_EXT=$EXAMPLES/count_calls.bpf.o

setup_file()
{
	local d=$BATS_FILE_TMPDIR
	mkdir -p "$d/elf" "$d/roles"
	"$HOSTILE/corrupt_elf.py" "$EXAMPLES/count_calls.bpf.o" "$d/elf"
	# role files at the size limit (1 MiB) that would cost a naive parser dearly
	python3 -c 'print("[" * 1000000)' > "$d/roles/nest-1M.yaml"
	python3 -c 'print("a: " + "{a: " * 200000)' > "$d/roles/nest-map.yaml"
	python3 -c 'print("l:\n" + "- x\n" * 200000, end="")' > "$d/roles/nodes.yaml"
	printf 'roles:\n  - name: "a\0b"\n' > "$d/roles/nul.yaml"
	printf 'roles:\n  - name: \xff\xfe\n' > "$d/roles/bad-utf8.yaml"
	truncate -s 1048577 "$d/roles/over-limit.yaml"
	truncate -s $((64 * 1024 * 1024 + 1)) "$d/elf/over-limit.bpf.o"
	: > "$d/elf/empty.bpf.o"
	mkdir "$d/elf/dir.bpf.o"
}

setup()
{
	ELF=$BATS_FILE_TMPDIR/elf
	HROLES=$BATS_FILE_TMPDIR/roles
	D=$(scratch)
}

# refused MESSAGE ARGS...: roleprobe ARGS exits 2 within the timeout and says MESSAGE
refused()
{
	local msg=$1
	shift
	run timeout 10 "$RP" "$@"
	assert_failure 2
	assert_output --partial "$msg"
}

# check_refuses NAME MESSAGE: check of the damaged object NAME is refused with MESSAGE
check_refuses()
{
	refused "is malformed: " check --role "$ROLES/uprobe.yaml" "$ELF/$1.bpf.o"
	assert_output --partial "$2"
}

# --- damaged ELF objects: check ----------------------------------------------------------

@test "check: ELF header cut short" {
	check_refuses trunc-header "the file ends inside the ELF header (40 of 64 bytes)"
}

@test "check: section header table cut short" {
	check_refuses trunc-shdrs "the section header table (30 entries of 64 bytes at offset"
}

@test "check: the first half of an object" {
	check_refuses trunc-half "does not fit in the file"
}

@test "check: section header table past the end of the file" {
	check_refuses shoff-past-end "the section header table (30 entries of 64 bytes at offset"
}

@test "check: an absurd section count" {
	check_refuses shnum-absurd "the section header table (65535 entries of 64 bytes"
}

@test "check: section name table index out of range" {
	check_refuses shstrndx-bad "section name table index 40 out of range"
}

@test "check: a section offset past the end of the file" {
	check_refuses sec-offset-past "cannot read section .BTF: invalid section header"
}

@test "check: a code section size past the end of the file" {
	check_refuses sec-size-huge "cannot read section uprobe/demo_add: invalid section header"
}

@test "check: a section whose offset + size wraps around" {
	check_refuses sec-size-wrap "cannot read section .BTF: invalid section header"
}

@test "check: a section name past the name table" {
	check_refuses name-past-strtab "section 3 has no name"
}

@test "check: a symbol table linked to a string table that does not exist" {
	check_refuses symtab-link-bad "symbol table names string table 130 of 30 sections"
}

@test "check: a symbol table with the wrong entry size" {
	check_refuses symtab-entsize "symbol table entries of 1 bytes, not 24"
}

@test "check: BTF header scribbled: length, type offset, string length, magic" {
	check_refuses btf-hdr-len "cannot parse .BTF"
	check_refuses btf-type-off "cannot parse .BTF"
	check_refuses btf-str-len "cannot parse .BTF"
	check_refuses btf-magic "cannot parse .BTF"
}

@test "check: BTF.ext func info past its section" {
	check_refuses btfext-hdr ".BTF.ext: func info (0+2147483632) or line info"
}

@test "check: a relocation outside the section it relocates" {
	check_refuses rel-offset-past "relocation at offset 1048576 is outside the code"
}

@test "check: a relocation naming a symbol past the symbol table" {
	check_refuses rel-sym-past "relocation names symbol 1048575 of"
}

@test "check: a relocation section for a section that does not exist" {
	check_refuses rel-info-bad "applies to section 80 of 30"
}

@test "check: random bytes behind an ELF magic" {
	check_refuses random "not an ELF file"
}

# --- not an object at all: check ---------------------------------------------------------

@test "check: an empty file, a directory, /dev/zero, a missing file, a file over 64 MiB" {
	local role=$ROLES/uprobe.yaml
	refused "the extension is empty" check --role "$role" "$ELF/empty.bpf.o"
	refused "not a regular file (a directory)" check --role "$role" "$ELF/dir.bpf.o"
	refused "not a regular file (a character device)" check --role "$role" /dev/zero
	refused "cannot open extension: No such file or directory" \
		check --role "$role" "$ELF/missing.bpf.o"
	refused "extension is 67108865 bytes, more than the 67108864 an extension may have" \
		check --role "$role" "$ELF/over-limit.bpf.o"
}

# --- role files built to exhaust a parser: lint, check --------------------------------------

@test "role lint: a megabyte of '[' stops at nesting level 33" {
	refused "nest-1M.yaml:1:33: error: nesting deeper than 32 levels" \
		role lint "$HROLES/nest-1M.yaml"
}

@test "role lint: nested flow mappings stop at level 33" {
	refused "error: nesting deeper than 32 levels" role lint "$HROLES/nest-map.yaml"
}

@test "role lint: 200000 sequence items stop at the node limit" {
	refused "error: more than 100000 YAML nodes: not a role file" \
		role lint "$HROLES/nodes.yaml"
}

@test "role lint: a NUL byte and invalid UTF-8" {
	refused "nul.yaml:2:13: error: not YAML text: control characters are not allowed (byte 0x00)" \
		role lint "$HROLES/nul.yaml"
	refused "bad-utf8.yaml:2:11: error: not YAML text: invalid leading UTF-8 octet" \
		role lint "$HROLES/bad-utf8.yaml"
}

@test "role lint: /dev/zero and a file one byte over the limit" {
	refused "/dev/zero: error: not a regular file (a character device)" role lint /dev/zero
	refused "role file is 1048577 bytes, more than the 1048576 a role file may have" \
		role lint "$HROLES/over-limit.yaml"
}

@test "check: hostile role files are refused before the extension is read" {
	local ext=$GOOD_EXT
	refused "nesting deeper than 32 levels" check --role "$HROLES/nest-1M.yaml" "$ext"
	refused "YAML aliases are not allowed in role files (*a)" \
		check --role "$BADROLES/alias-bomb.yaml" "$ext"
	refused "more than 100000 YAML nodes" check --role "$HROLES/nodes.yaml" "$ext"
	refused "control characters are not allowed (byte 0x7f)" \
		check --role "$BADROLES/binary-garbage.yaml" "$ext"
	refused "not a regular file (a directory): a role file is a YAML file" \
		check --role "$BADROLES" "$ext"
	refused "not a regular file (a character device)" check --role /dev/zero "$ext"
	refused "more than the 1048576 a role file may have" \
		check --role "$HROLES/over-limit.yaml" "$ext"
	refused "cannot open role file: No such file or directory" \
		check --role "$HROLES/missing.yaml" "$ext"
}

# --- attach: the same refusals, before anything is loaded ----------------------------------

# attach_refuses MESSAGE ROLE EXT: attach exits 2 with MESSAGE and loads no program
attach_refuses()
{
	local msg=$1 role=$2 ext=$3 mark
	mark=$(max_prog_id)
	refused "$msg" attach --role "$role" --binary "$TARGETS/demo_app" --duration 1 "$ext"
	refute_output --partial "kernel-side check"
	run new_progs "$mark" count_add sum_add_ret
	assert_output ""
}

@test "attach: every damaged object is refused before anything is loaded" {
	requires bpf
	local f name
	for f in "$ELF"/*.bpf.o; do
		name=$(basename "$f")
		case "$name" in
		over-limit.bpf.o) attach_refuses "more than the 67108864" "$ROLES/uprobe.yaml" "$f" ;;
		empty.bpf.o) attach_refuses "the extension is empty" "$ROLES/uprobe.yaml" "$f" ;;
		dir.bpf.o) attach_refuses "not a regular file (a directory)" "$ROLES/uprobe.yaml" "$f" ;;
		*) attach_refuses "is malformed: " "$ROLES/uprobe.yaml" "$f" ;;
		esac
	done
	attach_refuses "not a regular file (a character device)" "$ROLES/uprobe.yaml" /dev/zero
	attach_refuses "cannot open extension: No such file or directory" "$ROLES/uprobe.yaml" \
		"$ELF/missing.bpf.o"
}

@test "attach: hostile role files are refused before anything is loaded" {
	requires bpf
	attach_refuses "nesting deeper than 32 levels" "$HROLES/nest-1M.yaml" "$GOOD_EXT"
	attach_refuses "YAML aliases are not allowed" "$BADROLES/alias-bomb.yaml" "$GOOD_EXT"
	attach_refuses "more than 100000 YAML nodes" "$HROLES/nodes.yaml" "$GOOD_EXT"
	attach_refuses "control characters are not allowed" "$BADROLES/binary-garbage.yaml" \
		"$GOOD_EXT"
	attach_refuses "not a regular file (a directory)" "$BADROLES" "$GOOD_EXT"
	attach_refuses "not a regular file (a character device)" /dev/zero "$GOOD_EXT"
	attach_refuses "more than the 1048576 a role file may have" "$HROLES/over-limit.yaml" \
		"$GOOD_EXT"
	attach_refuses "cannot open role file: No such file or directory" \
		"$HROLES/missing.yaml" "$GOOD_EXT"
}

# --- files a user other than root could have written (user/fileio.h) ---------------------
# $D is under $BATS_TEST_TMPDIR: /tmp (sticky, root's), then directories of root's 0700 and
# 0755, so a root-owned 0644 file there is safe and the suite itself passes unflagged.

# unsafe_copy SRC DST MODE [OWNER]: a copy of SRC at DST with MODE and OWNER
unsafe_copy()
{
	cp "$1" "$2"
	chmod "$3" "$2"
	if [ -n "${4:-}" ]; then
		chown "$4" "$2"
	fi
}

@test "perms: root refuses a role file others may write, and one a user owns" {
	requires root
	unsafe_copy "$ROLES/uprobe.yaml" "$D/world.yaml" 0666
	refused "refusing role file: it is writable by others (mode 0666)" role lint "$D/world.yaml"
	unsafe_copy "$ROLES/uprobe.yaml" "$D/group.yaml" 0664
	refused "refusing role file: it is writable by its group (mode 0664)" \
		role show "$D/group.yaml"
	unsafe_copy "$ROLES/uprobe.yaml" "$D/owned.yaml" 0644 nobody
	refused "refusing role file: it is owned by uid $(id -u nobody), not root" \
		check --role "$D/owned.yaml" "$GOOD_EXT"
	assert_output --partial "or pass --allow-unsafe-perms"
}

@test "perms: root refuses an extension others may write, and one a user owns" {
	requires root
	unsafe_copy "$GOOD_EXT" "$D/world.bpf.o" 0646
	refused "refusing extension: it is writable by others (mode 0646)" \
		check --role "$ROLES/uprobe.yaml" "$D/world.bpf.o"
	unsafe_copy "$GOOD_EXT" "$D/owned.bpf.o" 0444 nobody
	refused "refusing extension: it is owned by uid $(id -u nobody), not root" \
		check --role "$ROLES/uprobe.yaml" "$D/owned.bpf.o"
}

@test "perms: a directory above the file that others may write, or that a user owns" {
	requires root
	mkdir "$D/open" "$D/open/sub" "$D/theirs"
	chmod 0777 "$D/open"
	unsafe_copy "$ROLES/uprobe.yaml" "$D/open/sub/r.yaml" 0644
	refused "refusing role file: directory '$D/open' is writable by others (mode 0777)" \
		role lint "$D/open/sub/r.yaml"
	chown nobody "$D/theirs"
	unsafe_copy "$GOOD_EXT" "$D/theirs/e.bpf.o" 0644
	refused "refusing extension: directory '$D/theirs' is owned by uid $(id -u nobody)" \
		check --role "$ROLES/uprobe.yaml" "$D/theirs/e.bpf.o"
}

@test "perms: a symbolic link a user owns is not followed; root's are" {
	requires root
	unsafe_copy "$ROLES/uprobe.yaml" "$D/r.yaml" 0644
	ln -s r.yaml "$D/theirs.yaml"
	chown -h nobody "$D/theirs.yaml"
	refused "refusing role file: symbolic link '$D/theirs.yaml' is owned by uid" \
		role lint "$D/theirs.yaml"
	ln -s "$D/r.yaml" "$D/roots.yaml"
	run timeout 10 "$RP" role lint "$D/roots.yaml"
	assert_success
	assert_output --partial "roots.yaml: valid, 1 role"
}

@test "perms: a sticky directory of root's may be writable by others (like /tmp)" {
	requires root
	mkdir "$D/sticky"
	chmod 1777 "$D/sticky"
	unsafe_copy "$ROLES/uprobe.yaml" "$D/sticky/r.yaml" 0644
	run timeout 10 "$RP" role lint "$D/sticky/r.yaml"
	assert_success
	# but not when a user owns it: that user could rename what is in it
	chown nobody "$D/sticky"
	refused "directory '$D/sticky' is owned by uid" role lint "$D/sticky/r.yaml"
}

@test "perms: --allow-unsafe-perms reads them, after the command or before it" {
	requires root
	unsafe_copy "$ROLES/uprobe.yaml" "$D/r.yaml" 0666
	unsafe_copy "$GOOD_EXT" "$D/e.bpf.o" 0644 nobody
	run timeout 10 "$RP" check --allow-unsafe-perms --role "$D/r.yaml" "$D/e.bpf.o"
	assert_success
	assert_output --partial "role UprobeRole: accepted"
	run timeout 10 "$RP" --allow-unsafe-perms role show "$D/r.yaml"
	assert_success
}

@test "perms: attach and inspect refuse an unsafe role before anything is loaded" {
	requires bpf
	local mark
	unsafe_copy "$ROLES/uprobe.yaml" "$D/r.yaml" 0666
	attach_refuses "refusing role file: it is writable by others" "$D/r.yaml" "$GOOD_EXT"
	unsafe_copy "$GOOD_EXT" "$D/e.bpf.o" 0666
	attach_refuses "refusing extension: it is writable by others" "$ROLES/uprobe.yaml" \
		"$D/e.bpf.o"
	refused "refusing role file: it is writable by others" inspect --role "$D/r.yaml" --all
}

@test "perms: a user other than root is held to nothing but the kernel's permissions" {
	requires root setpriv
	local pub
	# a directory nobody can traverse, holding a file anybody may write
	pub=$(mktemp -d /tmp/rp-hostile-XXXXXX)
	chmod 0755 "$pub"
	unsafe_copy "$ROLES/uprobe.yaml" "$pub/r.yaml" 0666
	run timeout 10 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$RP" role lint "$pub/r.yaml"
	rm -rf "$pub"
	assert_success
	assert_output --partial "r.yaml: valid, 1 role"
}
