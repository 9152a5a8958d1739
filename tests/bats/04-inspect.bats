#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe inspect: the kernel-side check on real programs loaded into this kernel.
# The fixtures (tests/bats/kcheck/*.bpf.c) are compiled and loaded once for the file with
# `bpftool prog loadall` (uprobe programs load without attaching) and unpinned, hence
# unloaded, in teardown_file. Every helper the kernel rewrites is asserted in the form the
# kernel really holds it: this is where the symbol table of user/kcheck.c is proven.

load test_helper

KC_SRC=$BATS_TEST_DIRNAME/kcheck
KC_FIXTURES="granted ungranted printk table impersonate inlined_kfunc xdp"
# hostcopy.bpf.c built three ways: NAME:CFLAGS
KC_HOSTCOPIES="hostcopy: hostcopy_delete:-DKC_DELETE hostcopy_change:-DKC_CHANGE"

setup_file()
{
	export KC_PIN=/sys/fs/bpf/roleprobe-kcheck-$$
	local arch f v

	# without root nothing loads; the tests that need the fixtures skip (or fail under CI)
	[ "$(id -u)" -eq 0 ] || return 0
	command -v clang >/dev/null && command -v bpftool >/dev/null || return 0
	arch=$(uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
	mkdir -p "$KC_PIN"	# bpftool pins into a directory that exists on the bpffs
	for f in $KC_FIXTURES; do
		clang -g -O2 -target bpf -D__TARGET_ARCH_"$arch" -I"$BUILD" -Wall \
			-c "$KC_SRC/$f.bpf.c" -o "$BATS_FILE_TMPDIR/$f.bpf.o"
		bpftool prog loadall "$BATS_FILE_TMPDIR/$f.bpf.o" "$KC_PIN/$f"
	done
	for v in $KC_HOSTCOPIES; do
		f=${v%%:*}
		clang -g -O2 -target bpf -D__TARGET_ARCH_"$arch" -I"$BUILD" \
			-I"$SRCDIR/bpf/include" -Wall ${v#*:} \
			-c "$KC_SRC/hostcopy.bpf.c" -o "$BATS_FILE_TMPDIR/$f.bpf.o"
		bpftool prog loadall "$BATS_FILE_TMPDIR/$f.bpf.o" "$KC_PIN/$f"
	done
}

teardown_file()
{
	# unpinning drops the last reference: programs and maps leave the kernel
	rm -rf "$KC_PIN"
}

setup()
{
	ROLE=$ROLES/uprobe.yaml
	STARTED=()
}

# SIGTERM first (roleprobe detaches and reports), SIGKILL after 5 s: bpftrace 0.17 can miss
# a SIGTERM that comes while it is still attaching, and the wait would never end
teardown()
{
	local p i
	for p in "${STARTED[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${STARTED[@]}"; do
		for i in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}

# needs_fixtures: the test reads programs that setup_file loaded
needs_fixtures()
{
	requires root bpf btf
}

# kc_id FIXTURE PROG: the id of fixture program PROG, loaded from FIXTURE.bpf.c
kc_id()
{
	[ -e "$KC_PIN/$1/$2" ] || fail "fixture $1/$2 is not loaded (see setup_file)"
	bpftool -j prog show pinned "$KC_PIN/$1/$2" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p'
}

# src_line FIXTURE TEXT: "FIXTURE.bpf.c:N", N the line of the fixture that holds TEXT
src_line()
{
	echo "$1.bpf.c:$(grep -nF -- "$2" "$KC_SRC/$1.bpf.c" | head -1 | cut -d: -f1)"
}

# prog_ids NAME: ids of the loaded programs called NAME
prog_ids()
{
	bpftool prog list | awk -v name="$1" '/^[0-9]+: / {
		for (i = 1; i < NF; i++) if ($i == "name" && $(i + 1) == name) { sub(":", "", $1); print $1 } }'
}

# wait_prog NAME BEFORE: wait (bounded) for a program called NAME whose id is not in BEFORE
wait_prog()
{
	local name=$1 before=" $2 " id tries
	for tries in $(seq 200); do
		for id in $(prog_ids "$name"); do
			case "$before" in
			*" $id "*) ;;
			*) echo "$id"; return 0 ;;
			esac
		done
		sleep 0.05
	done
	return 1
}

inspect()
{
	run "$RP" inspect --role "$ROLE" "$@"
}

# ---- calls granted by the role, in every form the kernel gives them ----

@test "inspect: map helpers, specialised for a hash map and inlined for arrays, pass" {
	needs_fixtures
	local id
	id=$(kc_id granted kc_maps)
	inspect --prog-id "$id"
	assert_success
	assert_line --regexp "^prog $id kc_maps \(kprobe\), role UprobeRole: pass$"
	assert_line --regexp "helper +bpf_map_lookup_elem \[__htab_map_lookup_elem, specialised"
	assert_line --regexp "helper +bpf_map_update_elem \[htab_map_update_elem, specialised"
	assert_line --regexp "helper +bpf_map_delete_elem \[htab_map_delete_elem, specialised"
	# the array and the per-CPU array lookups leave no call: the kernel inlines them
	[ "$(grep -c 'helper *bpf_map_lookup_elem \[inlined: array map lookup\]: allowed' \
		<<<"$output")" -eq 2 ]
	assert_line --regexp "map [0-9]+ percpu_array kc_pcpu"
	refute_output --partial "violation"
}

@test "inspect: bpf_probe_read runs as bpf_probe_read_compat and is granted as bpf_probe_read" {
	needs_fixtures
	inspect --prog-id "$(kc_id granted kc_probe_read)"
	assert_success
	assert_line --regexp "helper +bpf_probe_read \[bpf_probe_read_compat\]: allowed"
}

@test "inspect: a granted kfunc (bpf_strnlen) passes, named through kallsyms and BTF" {
	needs_fixtures
	inspect --prog-id "$(kc_id granted kc_strnlen)"
	assert_success
	assert_line --regexp "kfunc +bpf_strnlen \[bpf_strnlen\]: allowed"
}

# ---- calls the role does not grant ----

@test "inspect: an ungranted helper is a violation that names the call" {
	needs_fixtures
	local id src
	id=$(kc_id ungranted kc_pid_tgid)
	src=$(src_line ungranted "return bpf_get_current_pid_tgid()")
	inspect --prog-id "$id"
	assert_failure 1
	assert_line --regexp "^prog $id kc_pid_tgid \(kprobe\), role UprobeRole: VIOLATION \(1\)$"
	# the source line comes from the line info the kernel keeps with the program
	assert_line "  violation: prog kc_pid_tgid (id $id): insn 0 ($src): call to bpf_get_current_pid_tgid (kernel symbol bpf_get_current_pid_tgid) is not granted by role UprobeRole"
}

@test "inspect: an ungranted kfunc is a violation" {
	needs_fixtures
	local id
	id=$(kc_id ungranted kc_strcmp)
	inspect --prog-id "$id"
	assert_failure 1
	assert_output --regexp "prog kc_strcmp \(id $id\): insn [0-9]+ \($(src_line ungranted "return bpf_strcmp")\): call to kfunc bpf_strcmp \(kernel symbol bpf_strcmp\) is not granted by role UprobeRole"
}

@test "inspect: a helper the kernel inlined is still seen and refused" {
	needs_fixtures
	inspect --prog-id "$(kc_id ungranted kc_cpu)"
	assert_failure 1
	assert_output --partial "call to bpf_get_smp_processor_id (inlined by the kernel: per-CPU cpu_number read) is not granted by role UprobeRole"
}

@test "inspect: a tail call is a call to bpf_tail_call" {
	needs_fixtures
	inspect --prog-id "$(kc_id ungranted kc_tail)"
	assert_failure 1
	assert_output --partial "call to bpf_tail_call is not granted by role UprobeRole"
}

@test "inspect: a subprogram named like a host function with other calls is the program's own" {
	needs_fixtures
	inspect --prog-id "$(kc_id ungranted kc_impostor)"
	assert_failure 1
	# the code behind the name is not the host library's: calling it is no host call...
	assert_output --partial "function bpf_get_info is named like a host library function but its code is not the host library's"
	assert_line --regexp "subprog +bpf_get_info: allowed"
	# ...and what it calls is judged against the role, as the program's own calls
	assert_output --partial "call to bpf_get_prandom_u32 (kernel symbol bpf_user_rnd_u32) is not granted by role UprobeRole"
	refute_output --partial "host's own"
}

@test "inspect: a function named like a host function making one of its calls is the program's own" {
	needs_fixtures
	local id
	# handle_uprobe_event() { return bpf_get_current_pid_tgid() >> 32; }: a call the real
	# handle_uprobe_event makes too, with the pid handed to the caller
	id=$(kc_id impersonate kc_imp_pid)
	inspect --prog-id "$id"
	assert_failure 1
	assert_output --regexp "prog kc_imp_pid \(id $id\): insn [0-9]+ \(impersonate.bpf.c:[0-9]+\): function handle_uprobe_event is named like a host library function but its code is not the host library's: xlated insn [0-9]+ \(code 0x77\) is not the host library's code"
	assert_line --regexp "subprog +handle_uprobe_event: allowed"
	assert_output --partial "call to bpf_get_current_pid_tgid (kernel symbol bpf_get_current_pid_tgid) is not granted by role UprobeRole"
	refute_output --partial "host's own"
	refute_line --regexp "hostlib +handle_uprobe_event"
}

@test "inspect: the host library's code copied into another tool's program is host code" {
	needs_fixtures
	local p
	for p in kc_copy_event kc_copy_info kc_copy_str; do
		inspect --prog-id "$(kc_id hostcopy "$p")"
		assert_success
		refute_output --partial "is named like a host library function"
	done
	inspect --prog-id "$(kc_id hostcopy kc_copy_event)"
	assert_line --regexp "hostlib +handle_uprobe_event: allowed"
	assert_line --regexp "helper +bpf_get_current_pid_tgid \[bpf_get_current_pid_tgid\] in host function handle_uprobe_event: host's own"
}

@test "inspect: host library code with one instruction deleted or changed is not host code" {
	needs_fixtures
	local v p
	# hostcopy.bpf.c's handle_uprobe_event without the store of the probe
	inspect --prog-id "$(kc_id hostcopy_delete kc_copy_event)"
	assert_failure 1
	assert_output --partial "function handle_uprobe_event is named like a host library function but its code is not the host library's: the host library's insn 31 (code 0x7b) is missing, though it is reachable"
	assert_output --partial "call to bpf_get_current_pid_tgid (kernel symbol bpf_get_current_pid_tgid) is not granted by role UprobeRole"
	refute_output --partial "host's own"
	# pid_tgid >> 31 for >> 32
	inspect --prog-id "$(kc_id hostcopy_change kc_copy_event)"
	assert_failure 1
	assert_output --regexp "function handle_uprobe_event is named like a host library function but its code is not the host library's: xlated insn [0-9]+ \(code 0x77\) is not the host library's code"
	refute_output --partial "host's own"
	# the functions left as the host library has them are host code still
	for v in hostcopy_delete hostcopy_change; do
		for p in kc_copy_info kc_copy_str; do
			inspect --prog-id "$(kc_id "$v" "$p")"
			assert_success
		done
	done
}

@test "inspect: may_have_side_effect: false refuses bpf_trace_printk even when granted" {
	needs_fixtures
	local id
	id=$(kc_id printk kc_printk)
	run "$RP" inspect --role "$KC_SRC/roles/printk.yaml" --role-name QuietRole --prog-id "$id"
	assert_failure 1
	assert_output --partial "insn 3 ($(src_line printk bpf_printk)): call to bpf_trace_printk (kernel symbol bpf_trace_printk) has an effect outside the extension, and role QuietRole has may_have_side_effect: false"
	refute_output --partial "is not granted"
	# the same program passes a role that allows side effects
	run "$RP" inspect --role "$KC_SRC/roles/printk.yaml" --role-name NoisyRole --prog-id "$id"
	assert_success
	assert_line --regexp "helper +bpf_trace_printk \[bpf_trace_printk\]: allowed"
}

# ---- the symbol table against this kernel ----

@test "inspect: every kernel symbol of the table maps back to its helper on this kernel" {
	needs_fixtures
	local prog kind name ksym
	# program  kind  helper-or-runtime-name  kernel symbol (or "inlined: ...")
	while read -r -u 3 prog kind name ksym; do
		[ -n "$prog" ] || continue
		inspect --prog-id "$(kc_id table "$prog")"
		[ "$status" -le 1 ] || fail "inspect of $prog: status $status: $output"
		if ! grep -qE "^  insn [0-9]+ +$kind +$name \[$ksym[],]" <<<"$output"; then
			fail "$prog: no '$kind $name [$ksym' call in: $output"
		fi
		refute_output --partial "resolves to nothing known"
	done 3<<'EOF'
t_hash_ops         helper  bpf_map_lookup_elem          __htab_map_lookup_elem
t_hash_ops         helper  bpf_map_update_elem          htab_map_update_elem
t_hash_ops         helper  bpf_map_delete_elem          htab_map_delete_elem
t_phash_ops        helper  bpf_map_lookup_percpu_elem   htab_percpu_map_lookup_percpu_elem
t_phash_ops        helper  bpf_map_update_elem          htab_percpu_map_update_elem
t_lru_ops          helper  bpf_map_update_elem          htab_lru_map_update_elem
t_lru_ops          helper  bpf_map_delete_elem          htab_lru_map_delete_elem
t_lrup_ops         helper  bpf_map_lookup_elem          htab_lru_percpu_map_lookup_elem
t_lrup_ops         helper  bpf_map_update_elem          htab_lru_percpu_map_update_elem
t_array_ops        helper  bpf_map_lookup_elem          inlined: array map lookup
t_array_ops        helper  bpf_map_update_elem          array_map_update_elem
t_array_ops        helper  bpf_map_delete_elem          array_map_delete_elem
t_inner_ops        helper  bpf_map_lookup_elem          array_map_lookup_elem
t_parray_ops       helper  bpf_map_lookup_percpu_elem   percpu_array_map_lookup_percpu_elem
t_lpm_ops          helper  bpf_map_lookup_elem          trie_lookup_elem
t_lpm_ops          helper  bpf_map_update_elem          trie_update_elem
t_lpm_ops          helper  bpf_map_delete_elem          trie_delete_elem
t_generic_ops      helper  bpf_map_lookup_elem          bpf_map_lookup_elem
t_queue_ops        helper  bpf_map_push_elem            queue_stack_map_push_elem
t_queue_ops        helper  bpf_map_pop_elem             queue_map_pop_elem
t_queue_ops        helper  bpf_map_peek_elem            queue_map_peek_elem
t_stack_ops        helper  bpf_map_pop_elem             stack_map_pop_elem
t_stack_ops        helper  bpf_map_peek_elem            stack_map_peek_elem
t_bloom_ops        helper  bpf_map_push_elem            bloom_map_push_elem
t_bloom_ops        helper  bpf_map_peek_elem            bloom_map_peek_elem
t_for_each         helper  bpf_for_each_map_elem        bpf_for_each_hash_elem
t_for_each         helper  bpf_for_each_map_elem        bpf_for_each_array_elem
t_task_storage     helper  bpf_task_storage_get         bpf_task_storage_get_recur
t_task_storage     helper  bpf_task_storage_delete      bpf_task_storage_delete_recur
t_probe_reads      helper  bpf_probe_read               bpf_probe_read_compat
t_probe_reads      helper  bpf_probe_read_str           bpf_probe_read_compat_str
t_kprobe_variants  helper  bpf_get_prandom_u32          bpf_user_rnd_u32
t_kprobe_variants  helper  bpf_get_attach_cookie        bpf_get_attach_cookie_trace
t_kprobe_variants  helper  bpf_get_func_ip              bpf_get_func_ip_kprobe
t_inlined          helper  bpf_loop                     inlined: loop calling the callback
t_inlined          helper  bpf_jiffies64                inlined: jiffies read
t_inlined          helper  bpf_get_smp_processor_id     inlined: per-CPU cpu_number read
t_printks          helper  bpf_trace_printk             bpf_trace_printk
t_printks          helper  bpf_trace_vprintk            bpf_trace_vprintk
t_may_goto         runtime arch_bpf_timed_may_goto      arch_bpf_timed_may_goto
t_tp               helper  bpf_perf_event_output        bpf_perf_event_output_tp
t_tp               helper  bpf_get_stack                bpf_get_stack_tp
t_tp               helper  bpf_get_stackid              bpf_get_stackid_tp
t_raw_tp           helper  bpf_perf_event_output        bpf_perf_event_output_raw_tp
t_raw_tp           helper  bpf_get_stack                bpf_get_stack_raw_tp
t_raw_tp           helper  bpf_get_stackid              bpf_get_stackid_raw_tp
t_perf_event       helper  bpf_get_stack                bpf_get_stack_pe
t_perf_event       helper  bpf_get_stackid              bpf_get_stackid_pe
EOF
}

@test "inspect: a kernel symbol that maps to no helper fails closed" {
	needs_fixtures
	# bpf_get_branch_snapshot becomes a static call the table cannot name
	inspect --prog-id "$(kc_id table t_branch_snapshot)"
	assert_failure 1
	assert_output --regexp "insn [0-9]+ \(table.bpf.c:[0-9]+\): call to kernel function [^ ]+ resolves to nothing known to roleprobe"
}

# ---- output and selection ----

@test "inspect -j: one JSON document with the program, its calls and violations" {
	needs_fixtures
	local id
	id=$(kc_id ungranted kc_pid_tgid)
	inspect -j --prog-id "$id"
	assert_failure 1
	printf '%s\n' "$output" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
id = int(sys.argv[1])
assert doc["role"] == "UprobeRole", doc
assert doc["checked"] == 1 and doc["violating"] == 1 and doc["passed"] == 0, doc
(p,) = doc["programs"]
assert p["id"] == id and p["name"] == "kc_pid_tgid" and p["type"] == "kprobe", p
assert p["verdict"] == "violation", p
(c,) = p["calls"]
assert c["kind"] == "helper" and c["name"] == "bpf_get_current_pid_tgid", c
assert c["ksym"] == "bpf_get_current_pid_tgid" and c["form"] == "call", c
assert c["granted"] is False and c["host"] is False, c
(v,) = p["violations"]
assert v["insn"] == 0 and "is not granted by role UprobeRole" in v["message"], v
assert v["source"] == c["source"] and v["source"].startswith("ungranted.bpf.c:"), v
' "$id"
}

@test "inspect --all: every loaded program is reported, and a violation makes it exit 1" {
	needs_fixtures
	local f p id
	inspect --all
	assert_failure 1
	for f in granted ungranted printk; do
		for p in $(ls "$KC_PIN/$f"); do
			id=$(kc_id "$f" "$p")
			assert_line --regexp "^prog $id $p \("
		done
	done
	# the summary counts exactly the programs reported
	local n
	n=$(grep -c '^prog [0-9]* ' <<<"$output")
	assert_line --regexp "^$n programs checked against role UprobeRole: [0-9]+ pass, [0-9]+ violate, [0-9]+ could not be checked$"
}

@test "inspect --all -j: one JSON document, one object per program" {
	needs_fixtures
	inspect --all -j
	assert_failure 1
	printf '%s\n' "$output" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
progs = doc["programs"]
assert doc["checked"] == len(progs), doc["checked"]
assert doc["passed"] + doc["violating"] + doc["failed"] == len(progs)
names = {p["name"] for p in progs}
for want in ("kc_maps", "kc_pid_tgid", "kc_printk", "t_hash_ops"):
    assert want in names, want
for p in progs:
    assert p["verdict"] in ("pass", "violation", "error"), p
    assert (p["verdict"] == "violation") == bool(p["violations"]), p
'
}

# ---- programs loaded by other tools ----

@test "inspect: bpftrace's uprobe program is checked like any other" {
	needs_fixtures
	requires bpftrace
	local before id
	before=$(prog_ids readline)
	bpftrace -e 'uprobe:/bin/bash:readline { @[pid] = count(); }' >/dev/null 2>&1 &
	STARTED+=($!)
	id=$(wait_prog readline "$before") || fail "bpftrace loaded no program"
	inspect --prog-id "$id"
	assert_failure 1
	assert_line --regexp "helper +bpf_map_lookup_elem \[__htab_map_lookup_elem, specialised"
	assert_line --regexp "helper +bpf_map_update_elem \[[a-z_]+map_update_elem, specialised"
	assert_output --partial "prog readline (id $id): insn 0: call to bpf_get_current_pid_tgid (kernel symbol bpf_get_current_pid_tgid) is not granted by role UprobeRole"
}

# attach_prog EXT NAME: start roleprobe attach EXT on demo_app (stopped in teardown) and
# print the id of its program NAME once loaded
attach_prog()
{
	local before
	before=$(prog_ids "$2")
	"$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 60 "$1" \
		>/dev/null 2>&1 &
	STARTED+=($!)
	wait_prog "$2" "$before"
}

@test "inspect: host library code linked in by attach is attributed to the host" {
	needs_fixtures
	local id
	id=$(attach_prog "$EXAMPLES/emit_events.bpf.o" greet_event) ||
		fail "attach loaded no program"
	inspect --prog-id "$id"
	assert_success
	assert_line --regexp "hostlib +handle_uprobe_event: allowed"
	# what handle_uprobe_event calls is the host's own, not the extension's
	assert_line --regexp "helper +bpf_ringbuf_reserve \[bpf_ringbuf_reserve\] in host function handle_uprobe_event: host's own"
	assert_line --regexp "helper +bpf_get_current_pid_tgid \[bpf_get_current_pid_tgid\] in host function handle_uprobe_event: host's own"
	refute_output --partial "is named like a host library function"
}

@test "inspect: every host function the examples have attach link is the host library's code" {
	needs_fixtures
	local ext name host id
	# bpf_get_info with its bpf_get_smp_processor_id inlined; bpf_strncpy of a constant length
	while read -r -u 3 ext name host; do
		id=$(attach_prog "$EXAMPLES/$ext.bpf.o" "$name") || fail "$ext: no program $name"
		inspect --prog-id "$id"
		assert_success
		assert_line --regexp "hostlib +$host: allowed"
		refute_output --partial "is named like a host library function"
	done 3<<'EOF'
count_calls	count_add	bpf_get_info
trace_strings	trace_greet	bpf_strncpy
EOF
}

@test "inspect: host code whose dead code the kernel removed is still the host library's" {
	needs_fixtures
	local id
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" -Wall \
		-c "$KC_SRC/hardwired.bpf.c" -o "$BATS_TEST_TMPDIR/hardwired.bpf.o"
	id=$(attach_prog "$BATS_TEST_TMPDIR/hardwired.bpf.o" kc_hardwired) ||
		fail "attach loaded no program"
	# bpf_strncpy(dst, src, 1): the kernel removed its copy loop (the program's only
	# backward jump) and the branch into it
	run bpftool prog dump xlated id "$id"
	assert_success
	assert_output --partial "int bpf_strncpy("
	refute_output --partial "goto pc-"
	inspect --prog-id "$id"
	assert_success
	assert_line --regexp "hostlib +bpf_strncpy: allowed"
	refute_output --partial "is named like a host library function"
}

# ---- errors ----

@test "inspect: usage errors exit 2" {
	run "$RP" inspect --all
	assert_failure 2
	assert_output --partial "--role is required"
	run "$RP" inspect --role "$ROLE"
	assert_failure 2
	run "$RP" inspect --role "$ROLE" --all --prog-id 1
	assert_failure 2
	run "$RP" inspect --role "$ROLE" --prog-id abc
	assert_failure 2
	assert_output --partial "'abc' is not a program id"
	run "$RP" inspect --role "$ROLE" --all extra
	assert_failure 2
}

@test "inspect: a missing program, a bad role file and an unknown role name exit 2" {
	needs_fixtures
	run "$RP" inspect --role "$ROLE" --prog-id 4294967295
	assert_failure 2
	assert_output --partial "no program with id 4294967295 is loaded"
	run "$RP" inspect --role "$BATS_TEST_TMPDIR/none.yaml" --all
	assert_failure 2
	assert_output --partial "cannot use role file"
	run "$RP" inspect --role "$ROLE" --role-name NoSuchRole --all
	assert_failure 2
	assert_output --partial "has no role 'NoSuchRole'"
}

@test "inspect: without privileges it exits 4 before reading anything" {
	requires root setpriv
	run setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		"$RP" inspect --role "$ROLE" --all
	assert_failure 4
	assert_output --partial "needs root"
}

@test "inspect: a kfunc the kernel inlines (bpf_rdonly_cast) is judged from the program's BTF" {
	needs_fixtures
	run "$RP" inspect --role "$ROLE" --prog-id "$(kc_id inlined_kfunc kc_rdonly_cast)"
	assert_failure 1
	assert_output --regexp "insn -     kfunc    bpf_rdonly_cast \[inlined: declared in the program's BTF; the kernel leaves no call\]: REFUSED"
	assert_output --partial "call to kfunc bpf_rdonly_cast (inlined by the kernel"
	assert_output --partial "is not granted by role UprobeRole"
	run "$RP" -j inspect --role "$ROLE" --prog-id "$(kc_id inlined_kfunc kc_rdonly_cast)"
	assert_failure 1
	assert_output --partial '{"insn":null,"kind":"kfunc","name":"bpf_rdonly_cast"'
}

@test "inspect: a program of another type than kprobe is a violation under a uprobe role" {
	needs_fixtures
	run "$RP" inspect --role "$ROLE" --prog-id "$(kc_id xdp kc_xdp)"
	assert_failure 1
	assert_output --partial "(xdp), role UprobeRole: VIOLATION (1)"
	assert_output --partial "program type xdp: role UprobeRole grants uprobe and uretprobe programs only (type kprobe)"
}
