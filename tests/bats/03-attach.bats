#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe attach on real uprobes: counts that match the calls a target made, exactly;
# uretprobes; shared libraries; input errors before anything is loaded; privileges; and
# nothing of an extension left in the kernel after any way of stopping, SIGKILL included.
#
# The target, demo_app -w, waits for a line on stdin before its first call, so that every
# call it makes happens after roleprobe has attached.

load test_helper

# Names of what the examples and the host library put in the kernel.
COUNT_PROGS="count_add sum_add_ret"
HOST_MAPS="rp_events rp_lost"

setup()
{
	requires bpf root
	ROLE=$ROLES/uprobe.yaml
	D=$(scratch)
	STARTED=()
	RP_PID=
	TARGET_PID=
	GO_FD=
	# only what appears after this point counts (ids only grow): other tools' and earlier
	# tests' programs and maps of the same names are not this test's
	PROG_MARK=$(max_id prog)
	MAP_MARK=$(max_id map)
}

max_id()
{
	bpftool "$1" list |
		awk '/^[0-9]+: / { id = $1 + 0; if (id > max) max = id } END { print max + 0 }'
}

teardown()
{
	stop_started
}

# bpf_ids OBJECT MARK FIELD VALUE...: ids above MARK of the bpftool OBJECTs (prog, map,
# link) whose FIELD ("name", or "prog" for a link's program id) is one of the VALUEs
bpf_ids()
{
	local object=$1 mark=$2 field=$3
	shift 3
	bpftool "$object" list | awk -v mark="$mark" -v field="$field" -v values=" $* " '
		/^[0-9]+: / {
			id = $1 + 0
			for (i = 1; i < NF; i++)
				if (id > mark && $i == field && index(values, " " $(i + 1) " "))
					print id
		}'
}

prog_ids() { bpf_ids prog "$PROG_MARK" name "$@"; }
map_ids() { bpf_ids map "$MAP_MARK" name "$@"; }
link_ids_for_progs() { bpf_ids link 0 prog "$@"; }

# alive OBJECT ID...: the ids that still exist
alive()
{
	local object=$1 id
	shift
	for id in "$@"; do
		if bpftool "$object" show id "$id" >/dev/null 2>&1; then
			echo "$id"
		fi
	done
}

# What is still loaded of programs "$1" and maps "$2" (space-separated names).
leftovers()
{
	local progs maps
	progs=$(prog_ids $1)
	maps=$(map_ids $2)
	echo "$progs$maps"
}

# The kernel frees programs and maps after an RCU grace period once the last fd is gone:
# wait (bounded) for that, then assert nothing is left.
assert_nothing_left()
{
	local i left
	for i in $(seq 100); do
		left=$(leftovers "$1" "$2")
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	fail "still loaded: programs [$(prog_ids $1)] maps [$(map_ids $2)]"
}

# trace_target [-j] BINARY EXT TARGET_ARGS...: run demo_app TARGET_ARGS under roleprobe
# attach --pid (EXT on BINARY) from its first call to its exit; roleprobe must end with 0.
trace_target()
{
	local json=
	if [ "$1" = -j ]; then
		json=-j
		shift
	fi
	local binary=$1 ext=$2
	shift 2
	start_target -w "$@"
	start_attach $json --role "$ROLE" --binary "$binary" --pid "$TARGET_PID" "$ext"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
}

@test "attach: the call count in the map equals the calls the target made, exactly" {
	trace_target "$TARGETS/demo_app" "$EXAMPLES/count_calls.bpf.o" -n 1000
	assert_line "  key: $TARGET_PID  value: 1000"
	grep -q "detached (target process exited)" "$D/rp.err"
}

@test "attach: a uretprobe sees every return and its value" {
	trace_target "$TARGETS/demo_app" "$EXAMPLES/count_calls.bpf.o" -n 200
	# demo_add(i, 1) returns i + 1 for i = 0..199: 200 returns summing to 20100
	assert_line '  key: 0  value: {"returns":200,"sum":20100}'
}

@test "attach: with the target calling throughout, every probe stops at once" {
	# ~500 calls a second through attach and detach: unregistering a uprobe holds its
	# closer ~100 ms, so probes detached one after the other disagree by ~50 calls;
	# detached together, the uprobe's count and the uretprobe's agree
	start_target -n 0 -d 2
	go_target
	run "$RP" attach -j --role "$ROLE" --binary "$TARGETS/demo_app" --pid "$TARGET_PID" \
		--duration 1 "$EXAMPLES/count_calls.bpf.o"
	assert_success
	local summary
	summary=$(grep '^{"summary"' <<<"$output")
	python3 -c '
import json, sys
m = {x["name"]: x["entries"] for x in json.loads(sys.argv[1])["summary"]["maps"]}
calls = sum(e["value"] for e in m["calls"])
returns = m["returns"][0]["value"]["returns"]
print("calls", calls, "returns", returns)
sys.exit(0 if calls > 100 and abs(calls - returns) <= 3 else 1)' "$summary" ||
		fail "the uprobe and the uretprobe disagree: $summary"
}

@test "attach: a symbol in a shared library" {
	trace_target "$TARGETS/libdemo.so" "$EXAMPLES/lib_calls.bpf.o" -n 321 -l
	assert_line "  key: 0  value: 321"
}

@test "attach: host library strings, copied and measured in the extension" {
	trace_target "$TARGETS/demo_app" "$EXAMPLES/trace_strings.bpf.o" -n 30
	# names[i % 3] for i = 0..29; last_i is the last i of each name
	assert_line '  key: {"name":"alice"}  value: {"calls":10,"len":5,"last_i":27}'
	assert_line '  key: {"name":"bob"}  value: {"calls":10,"len":3,"last_i":28}'
	assert_line '  key: {"name":"carol"}  value: {"calls":10,"len":5,"last_i":29}'
}

@test "attach: handle_uprobe_event records become trace lines and JSON lines" {
	trace_target -j "$TARGETS/demo_app" "$EXAMPLES/emit_events.bpf.o" -n 4
	# 4 calls of demo_greet (probe 1), 4 returns of demo_add (probe 2)
	local who="\"pid\":$TARGET_PID,\"tid\":$TARGET_PID,\"comm\":\"demo_app\""
	local probe='"probe":1,"program":"greet_event","type":"uprobe","symbol":"demo_greet"'
	run grep -c "\"event\":{.*$who,$probe" "$D/rp.out"
	assert_output 4
	# the returns of demo_add(i, 1) are 1..4, in order
	run grep -o '"program":"add_ret_event".*"ret":[0-9]*' "$D/rp.out"
	assert_equal "${#lines[@]}" 4
	[[ "${lines[0]}" == *'"ret":1' ]]
	[[ "${lines[3]}" == *'"ret":4' ]]
	# second argument of demo_greet(name, i) is i
	run grep -o '"symbol":"demo_greet","args":\[[0-9]*,3,' "$D/rp.out"
	assert_success
	local summary='"summary":{"stopped":"target process exited","events":8,"lost_events":0'
	run grep -c "$summary" "$D/rp.out"
	assert_output 1
}

@test "attach: a trace line per event in plain output" {
	trace_target "$TARGETS/demo_app" "$EXAMPLES/emit_events.bpf.o" -n 2
	local who="^[0-9:.]+ $TARGET_PID/$TARGET_PID demo_app"
	assert_line --regexp "$who uprobe:demo_greet \(greet_event\) args=0x[0-9a-f]+,0x1,"
	assert_line --regexp "$who uretprobe:demo_add \(add_ret_event\) ret=0x2$"
}

@test "attach: SEC(\"uprobe/SYMBOL+OFFSET\") probes inside the function; past its end is refused" {
	local start second off
	# the offset of demo_add's second instruction, as the compiler laid it out
	read -r start second < <(objdump -d --no-show-raw-insn "$TARGETS/demo_app" |
		awk '/<demo_add>:/ { p = 1; next } p && NF { sub(":", "", $1); a[n++] = $1 }
		     p && !NF && n { exit } END { print a[0], a[1] }')
	off=$((0x$second - 0x$start))
	[ "$off" -gt 0 ] || fail "cannot find demo_add's second instruction"
	make_probe_ext rp_offset "uprobe/demo_add+$off"
	trace_target "$TARGETS/demo_app" "$D/rp_offset.bpf.o" -n 77
	grep -q "uprobe .*demo_app:demo_add+0x$(printf %x "$off") -> rp_offset" "$D/rp.err"
	assert_line "  key: 0  value: 77"

	make_probe_ext rp_offset "uprobe/demo_add+100000"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/rp_offset.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "beyond the end of 'demo_add'"
}

# make_probe_ext PROG SECTION: $D/PROG.bpf.o, whose program PROG in SECTION counts its hits
# in the array PROG_hits
make_probe_ext()
{
	cat >"$D/$1.bpf.c" <<EOF
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} $1_hits SEC(".maps");
SEC("$2")
int BPF_KPROBE($1)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&$1_hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}
char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$D/$1.bpf.c" -o "$D/$1.bpf.o"
}

@test "attach: a missing symbol is an input error and nothing is loaded" {
	run "$RP" attach --role "$ROLE" --binary /bin/true --duration 1 \
		"$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'demo_add'"
	assert_output --partial "/bin/true"
	assert_nothing_left "$COUNT_PROGS" "calls returns $HOST_MAPS"
}

@test "attach: an IFUNC is refused before anything is loaded, its implementations named" {
	# work's symbol is its resolver, run once by the dynamic linker; libbpf 1.1 refused
	# it only at attach time, as ENOENT, after the load
	cat >"$D/ifunc_app.c" <<'EOF'
#include <stdlib.h>
static int work_fast(int x) { return x + 1; }
static int work_slow(int x) { return x + 2; }
static int (*resolve_work(void))(int) { return getenv("SLOW") ? work_slow : work_fast; }
int work(int x) __attribute__((ifunc("resolve_work")));
int main(void) { return work(0) - 1; }
EOF
	cc -g -O1 -fno-inline -o "$D/ifunc_app" "$D/ifunc_app.c"
	make_probe_ext rp_work "uprobe/work"
	run "$RP" attach --role "$ROLE" --binary "$D/ifunc_app" --duration 1 "$D/rp_work.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'work' (entry 'rp_work', section 'uprobe/work') is an IFUNC"
	assert_output --partial "its address is its resolver, run once at link time"
	assert_output --partial "probe an implementation instead: work_fast, work_slow"
	# the resolver's own local symbol is not an implementation
	refute_output --partial "resolve_work"

	# glibc's strlen, with no .symtab to name its implementations by
	local libc
	libc=$(ldd "$TARGETS/demo_app" | awk '$1 == "libc.so.6" { print $3 }')
	[ -f "$libc" ] || fail "cannot find the libc.so.6 of demo_app"
	readelf -sW --dyn-syms "$libc" | grep -qE ' IFUNC +GLOBAL +DEFAULT +[0-9]+ strlen@' ||
		fail "strlen is not an IFUNC in $libc: this test needs one"
	make_probe_ext rp_strlen "uprobe/strlen"
	run "$RP" attach --role "$ROLE" --binary "$libc" --duration 1 "$D/rp_strlen.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'strlen' (entry 'rp_strlen', section 'uprobe/strlen')"
	assert_output --partial "is an IFUNC in '$(realpath "$libc")'"
	refute_output --partial "cannot attach"
	assert_nothing_left "rp_work rp_strlen" "rp_work_hits rp_strlen_hits $HOST_MAPS"
}

@test "attach: a symbol the binary only imports names the libraries that may define it" {
	make_probe_ext rp_fgets "uprobe/fgets"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/rp_fgets.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'fgets' (entry 'rp_fgets', section 'uprobe/fgets')"
	assert_output --partial "is imported by '$(realpath "$TARGETS/demo_app")'"
	assert_output --partial "resolved from a shared library at run time"
	assert_output --partial "one of those it needs: libc.so.6"
	assert_nothing_left "rp_fgets" "rp_fgets_hits $HOST_MAPS"
}

@test "attach: SEC(\"uprobe\") whose program name is no symbol says to name the symbol" {
	make_probe_ext rp_no_symbol "uprobe"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/rp_no_symbol.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'rp_no_symbol' (entry 'rp_no_symbol', section 'uprobe')"
	assert_output --partial 'SEC("uprobe") names no symbol'
	assert_output --partial 'write SEC("uprobe/SYMBOL")'
	assert_nothing_left "rp_no_symbol" "rp_no_symbol_hits $HOST_MAPS"
}

@test "attach: --pid of a process that does not map the binary is warned about before attaching" {
	local sleeper
	sleep 1000 &
	sleeper=$!
	STARTED+=("$sleeper")
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --pid "$sleeper" \
		--duration 1 "$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 0
	assert_output --partial "Warning: process $sleeper does not map '"
	assert_output --partial "/demo_app': its probes will see nothing unless it loads it later"
	[[ "$output" == *"does not map"*"attached 2 probe(s) for pid $sleeper"* ]] ||
		fail "the warning does not come before attaching"
}

@test "attach: --pid of a process that maps the binary under another name is not warned about" {
	# the same file (device and inode) by another path, as a uprobe knows it: a hard link
	cp "$TARGETS/demo_app" "$D/app"
	ln "$D/app" "$D/other-name"
	TARGET_BIN=$D/app start_target -w -n 50
	start_attach --role "$ROLE" --binary "$D/other-name" --pid "$TARGET_PID" \
		"$EXAMPLES/count_calls.bpf.o"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	assert_line "  key: $TARGET_PID  value: 50"
	run grep "does not map" "$D/rp.err"
	assert_failure
}

@test "attach: a misspelled symbol gets a \"did you mean\" from the binary's functions" {
	make_probe_ext rp_typo "uprobe/demo_ad"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/rp_typo.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "symbol 'demo_ad' (entry 'rp_typo', section 'uprobe/demo_ad')"
	assert_output --partial "(did you mean 'demo_add'?)"
	# with SEC("uprobe") the program's name is the symbol looked up
	make_probe_ext demo_grete "uprobe"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/demo_grete.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "(did you mean 'demo_greet'?): SEC(\"uprobe\") names no symbol"
	# a name like none of them gets no guess
	make_probe_ext rp_no_such "uprobe/zzzzzzzzzzzz"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/rp_no_such.bpf.o"
	assert_equal "$status" 2
	refute_output --partial "did you mean"
	assert_nothing_left "rp_typo demo_grete rp_no_such" \
		"rp_typo_hits demo_grete_hits rp_no_such_hits $HOST_MAPS"
}

@test "attach: a missing binary is an input error" {
	run "$RP" attach --role "$ROLE" --binary "$D/no-such-binary" --duration 1 \
		"$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "no-such-binary"
}

@test "attach: an unprivileged user gets exit 4 and a clear message" {
	requires setpriv
	run setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		"$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 4
	assert_output --partial "needs root"
	assert_output --partial "CAP_BPF"
}

@test "attach: an extension the kernel refuses leaves nothing loaded, and its log is shown" {
	# a copy longer than both buffers: only the kernel verifier sees the buffer sizes here,
	# since this role skips the userspace verifier
	cat >"$D/bad.bpf.c" <<'EOF'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
SEC("uprobe/demo_greet")
int BPF_KPROBE(rp_bad_copy, const char *name)
{
	char src[16], dst[16];

	bpf_probe_read(src, sizeof(src), name);
	return bpf_strncpy(dst, src, 64);
}
char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$D/bad.bpf.c" -o "$D/bad.bpf.o"
	sed 's/skip_verification: false/skip_verification: true/' "$ROLE" >"$D/skip.yaml"
	grep -q "skip_verification: true" "$D/skip.yaml"
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/bad.bpf.o"
	assert_equal "$status" 3
	assert_output --partial "the kernel refused program 'rp_bad_copy'"
	assert_output --partial "kernel verifier log"
	assert_output --partial "invalid read from stack"
	assert_nothing_left "rp_bad_copy" "$HOST_MAPS"
}

@test "attach: the userspace verifier refuses an ungranted call before anything is loaded" {
	cat >"$D/ungranted.bpf.c" <<'EOF'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
SEC("uprobe/demo_add")
int BPF_KPROBE(rp_ungranted)
{
	return bpf_get_current_pid_tgid() == 0;
}
char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$D/ungranted.bpf.c" -o "$D/ungranted.bpf.o"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/ungranted.bpf.o"
	assert_equal "$status" 1
	assert_output --partial "bpf_get_current_pid_tgid"
	assert_output --partial "not loaded"
	# refused before the kernel was asked: no kernel-side check ran
	refute_output --partial "kernel-side check"
	assert_nothing_left "rp_ungranted" "$HOST_MAPS"
}

@test "attach: the kernel-side check refuses an ungranted call before anything is attached" {
	# bpf_get_current_pid_tgid: defined in roles/uprobe.yaml but granted by no capability;
	# the userspace verifier is skipped by the role, so only the kernel-side check sees it
	cat >"$D/ungranted.bpf.c" <<'EOF'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "roleprobe.bpf.h"
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rp_last_pid SEC(".maps");
SEC("uprobe/demo_add")
int BPF_KPROBE(rp_ungranted)
{
	__u32 key = 0;
	__u64 pid = bpf_get_current_pid_tgid();

	bpf_map_update_elem(&rp_last_pid, &key, &pid, BPF_ANY);
	return 0;
}
char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$D/ungranted.bpf.c" -o "$D/ungranted.bpf.o"
	sed 's/skip_verification: false/skip_verification: true/' "$ROLE" >"$D/skip.yaml"
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/ungranted.bpf.o"
	assert_equal "$status" 1
	assert_output --partial "VIOLATION"
	assert_output --partial "bpf_get_current_pid_tgid"
	assert_output --partial "not attached"
	refute_output --partial "attached 1 probe"
	assert_nothing_left "rp_ungranted" "rp_last_pid $HOST_MAPS"
}

@test "attach: an extension's own function of a host library name is refused, verifier skipped or not" {
	# once linked, host code is known by its name; a static handle_uprobe_event of the
	# extension's, calling an ungranted helper, would pass the kernel-side check as the
	# host's own. The loader refuses any function of a host name before linking.
	local ext=$EXT/bad_impersonate_static_event.bpf.o
	sed 's/skip_verification: false/skip_verification: true/' "$ROLE" >"$D/skip.yaml"
	grep -q "skip_verification: true" "$D/skip.yaml"
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 "$ext"
	assert_equal "$status" 1
	assert_output --partial "Error: '$ext' defines handle_uprobe_event"
	assert_output --partial "host library functions come from roleprobe only"
	refute_output --partial "kernel-side check of"
	# a global one, with the host's own name and signature
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 \
		"$EXT/bad_impersonate_get_info.bpf.o"
	assert_equal "$status" 1
	assert_output --partial "defines bpf_get_info"
	# the verifier says so first when it runs
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 "$ext"
	assert_equal "$status" 1
	assert_output --partial "the extension defines handle_uprobe_event"
	assert_nothing_left "demo_add" "seen infos $HOST_MAPS"
}

@test "attach: a kfunc the kernel inlines is still judged when the role skips verification" {
	# bpf_rdonly_cast leaves no call in the xlated code; the kernel-side check judges it
	# from its declaration in the program's BTF, which the linked object keeps
	sed -e 's|SEC("uprobe")|SEC("uprobe/demo_add")|' -e 's|= "GPL";|= "Dual BSD/GPL";|' \
		"$SRCDIR/tests/bats/kcheck/inlined_kfunc.bpf.c" >"$D/inl.bpf.c"
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -c "$D/inl.bpf.c" \
		-o "$D/inl.bpf.o"
	sed 's/skip_verification: false/skip_verification: true/' "$ROLE" >"$D/skip.yaml"
	grep -q "skip_verification: true" "$D/skip.yaml"
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/inl.bpf.o"
	assert_equal "$status" 1
	assert_output --partial "call to kfunc bpf_rdonly_cast (inlined by the kernel"
	assert_output --partial "not attached"
	refute_output --partial "attached 1 probe"
	assert_nothing_left "kc_rdonly_cast" "kc_uts $HOST_MAPS"
}

@test "attach: an extension of another license than the host library's is refused, saying why" {
	sed -e 's|SEC("uprobe")|SEC("uprobe/demo_add")|' \
		"$SRCDIR/tests/bats/kcheck/inlined_kfunc.bpf.c" >"$D/gpl.bpf.c"
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -c "$D/gpl.bpf.c" \
		-o "$D/gpl.bpf.o"
	sed 's/skip_verification: false/skip_verification: true/' "$ROLE" >"$D/skip.yaml"
	run "$RP" attach --role "$D/skip.yaml" --binary "$TARGETS/demo_app" --duration 1 \
		"$D/gpl.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "declares the license \"GPL\"; the host library's is \"Dual BSD/GPL\""
	assert_output --partial 'declare char LICENSE[] SEC("license") = "Dual BSD/GPL";'
	assert_nothing_left "kc_rdonly_cast" "kc_uts $HOST_MAPS"
}

# stop_test SIGNAL EXPECTED_STATUS: attach without --pid, take the ids of its programs,
# uprobe links and maps from the "attached" JSON line, check the kernel holds them, stop it
# with SIGNAL, and check that none of them is left.
stop_test()
{
	local sig=$1 expected=$2 attached progs links maps i left
	start_attach -j --role "$ROLE" --binary "$TARGETS/demo_app" \
		"$EXAMPLES/count_calls.bpf.o"
	attached=$(grep '^{"attached"' "$D/rp.out")
	progs=$(echo "$attached" | grep -o '"prog_id":[0-9]*' | cut -d: -f2)
	links=$(echo "$attached" | grep -o '"link_id":[0-9]*' | cut -d: -f2)
	maps=$(echo "$attached" | grep -o '"map_id":[0-9]*' | cut -d: -f2)
	[ "$(alive prog $progs | wc -w)" -eq 2 ] || fail "programs not loaded: [$progs]"
	[ "$(alive link $links | wc -w)" -eq 2 ] || fail "uprobe links not found: [$links]"
	# calls, returns, and the host library's rp_events and rp_lost
	[ "$(alive map $maps | wc -w)" -eq 4 ] || fail "maps not loaded: [$maps]"
	[ "$(link_ids_for_progs $progs | wc -w)" -eq 2 ] || fail "links are not the programs'"
	kill "-$sig" "$RP_PID"
	wait_attach
	assert_equal "$status" "$expected"
	# the kernel frees them after an RCU grace period: wait (bounded) for that
	for i in $(seq 100); do
		left=$(alive prog $progs; alive map $maps; alive link $links)
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	fail "still loaded: programs [$(alive prog $progs)] maps [$(alive map $maps)]" \
		"links [$(alive link $links)]"
}

@test "attach: nothing left after SIGINT" {
	stop_test INT 0
	grep -q '"summary":{"stopped":"interrupted"' "$D/rp.out"
}

@test "attach: nothing left after SIGTERM" {
	stop_test TERM 0
	grep -q '"summary":{"stopped":"terminated"' "$D/rp.out"
}

@test "attach: nothing left after SIGKILL (the kernel drops fd-owned links)" {
	stop_test KILL 137
}

@test "attach: --duration ends the run" {
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 1 \
		"$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 0
	assert_output --partial "detached (duration reached)"
	assert_output --partial "map calls (hash, max 1024 entries):"
}

@test "attach: usage errors" {
	run "$RP" attach --binary "$TARGETS/demo_app" "$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "--role"
	run "$RP" attach --role "$ROLE" "$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 2
	assert_output --partial "--binary"
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app"
	assert_equal "$status" 2
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --pid nope x.o
	assert_equal "$status" 2
	run "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --pid 999999999 \
		"$EXAMPLES/count_calls.bpf.o"
	assert_equal "$status" 2
}
