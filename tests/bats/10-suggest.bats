#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe role suggest: the least-privilege role that accepts an extension. For every
# clean extension of the corpus the suggestion lints clean, `check` accepts the extension
# under it, and it grants exactly what the extension calls (and the event handler); the
# attributes are permissive only where the extension needs it; --from keeps the operator's
# capability names; an extension no role can accept is refused with compiler diagnostics.

load test_helper

bats_require_minimum_version 1.5.0

setup()
{
	cd "$SRCDIR" || fail "cannot enter $SRCDIR"
	[ -x "$RP" ] || fail "$RP is not built (make)"
	D=$(scratch)
}

# json_assert EXPR: the Python expression EXPR, `d` bound to the JSON document in $output
json_assert()
{
	printf '%s\n' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if eval("(" + sys.argv[1] + ")") else 1)' "$1" || fail "JSON check failed: $1
$output"
}

# suggest_and_check OBJ [SUGGEST ARGS...]: suggest a role for OBJ into $D/NAME.yaml, then
# hold it to the three promises: it lints with no error (and, without --from, no warning),
# check accepts OBJ under it, and its role grants exactly the host functions OBJ calls plus
# handle_uprobe_event. Prints what broke and returns 1, so a loop can list every failure.
suggest_and_check()
{
	local obj=$1 name role out
	shift
	name=$(basename "$obj" .bpf.o)
	role=$D/$name.yaml
	if ! out=$("$RP" role suggest "$obj" -o "$role" "$@" 2>&1); then
		echo "$name: suggest failed: $out"
		return 1
	fi
	if ! out=$("$RP" role lint "$role" 2>&1); then
		echo "$name: the suggested role does not lint: $out"
		return 1
	fi
	if [ $# -eq 0 ] && ! grep -q ', 0 warnings$' <<<"$out"; then
		echo "$name: the suggested role lints with warnings: $out"
		return 1
	fi
	if ! out=$("$RP" check --role "$role" "$obj" 2>&1); then
		echo "$name: check refuses it under its suggested role: $out"
		return 1
	fi
	# granted == called + the event handler
	if ! out=$(python3 - "$RP" "$role" "$obj" <<'EOF' 2>&1
import json, subprocess, sys
rp, role, obj = sys.argv[1:4]
show = json.loads(subprocess.run([rp, "-j", "role", "show", role], check=True,
                                 capture_output=True, text=True).stdout)
check = json.loads(subprocess.run([rp, "-j", "check", "--role", role, obj], check=True,
                                  capture_output=True, text=True).stdout)
granted = {f["name"] for r in show["roles"] for f in r["host_functions"]}
called = {c["name"] for e in check["entries"] for c in e["calls"]} | {"handle_uprobe_event"}
if granted != called:
    sys.exit("grants %s, calls %s" % (sorted(granted), sorted(called)))
EOF
	); then
		echo "$name: $out"
		return 1
	fi
}

@test "suggest: every clean extension of the corpus is accepted under its suggested role, which grants only what it calls" {
	local f n=0
	local -a failed=()
	for f in "$EXT"/ok_*.bpf.o "$EXT"/real/*.bpf.o "$EXAMPLES"/*.bpf.o; do
		[ -r "$f" ] || fail "$f is not built (make)"
		n=$((n + 1))
		suggest_and_check "$f" || failed+=("$(basename "$f")")
	done
	[ "$n" -ge 30 ] || fail "only $n clean extensions found"
	[ ${#failed[@]} -eq 0 ] || fail "${#failed[@]} of $n failed: ${failed[*]}"
}

# same_caps FROM OBJ: every function the suggestion for OBJ grants sits in a capability of
# FROM that lists it, under that capability's name; a function FROM never lists, in a new one
same_caps()
{
	python3 - "$RP" "$1" "$2" <<'EOF'
import json, subprocess, sys
rp, frm, obj = sys.argv[1:4]
run = lambda *a: json.loads(subprocess.run([rp, "-j", *a], check=True, capture_output=True,
                                           text=True).stdout)
caps = {}
for r in run("role", "show", frm)["roles"]:
    for c in r["capabilities"]:
        caps[c["name"]] = set(c["apis"])
bad = []
for c in run("role", "suggest", obj, "--from", frm)["capabilities"]:
    for a in c["apis"]:
        listed = [n for n, apis in caps.items() if a in apis]
        if listed and (c["name"] not in listed or not c["reused"]):
            bad.append("%s in %s, not in %s" % (a, c["name"], " or ".join(listed)))
        if not listed and (c["reused"] or c["name"] in caps):
            bad.append("%s in %s, which the file has and does not list it" % (a, c["name"]))
sys.exit("; ".join(bad) if bad else 0)
EOF
}

@test "suggest: --from keeps the operator's capability names for every clean extension" {
	local f out
	local -a failed=()
	for f in "$EXT"/ok_*.bpf.o "$EXT"/real/*.bpf.o "$EXAMPLES"/*.bpf.o; do
		suggest_and_check "$f" --from tests/ext/roles/corpus.yaml || failed+=("$(basename "$f")")
		out=$(same_caps tests/ext/roles/corpus.yaml "$f" 2>&1) ||
			failed+=("$(basename "$f"): $out")
	done
	[ ${#failed[@]} -eq 0 ] || fail "failed: ${failed[*]}"
}

@test "suggest: the example count_calls gets its calls, its bounds rounded up, nothing permissive" {
	run --separate-stderr "$RP" -j role suggest "$EXAMPLES/count_calls.bpf.o"
	assert_success
	json_assert 'd["role"] == "CountCallsRole"'
	json_assert '[(c["name"], c["apis"]) for c in d["capabilities"]] == [
		("MapHelpersCap", ["bpf_map_lookup_elem", "bpf_map_update_elem"]),
		("ProbeHelpersCap", ["bpf_get_info"]),
		("UprobeEventCap", ["handle_uprobe_event"])]'
	json_assert 'not any(c["reused"] for c in d["capabilities"])'
	# stack to a multiple of 16 at or above the deepest entry's; instructions to 1-2-5
	json_assert 'd["attributes"]["max_memory"] % 16 == 0 and
		0 <= d["attributes"]["max_memory"] - max(e["stack_bytes"] for e in d["entries"]) < 16'
	json_assert 'd["attributes"]["max_instructions"] >=
		max(e["max_instructions"] for e in d["entries"])
		and str(d["attributes"]["max_instructions"]).rstrip("0") in ("1", "2", "5")'
	json_assert 'd["attributes"] == dict(d["attributes"], allow_memory_write=False,
		always_const=True, may_have_side_effect=False, skip_verification=False)'
	json_assert 'd["left_out"] == []'
	json_assert 'd["yaml"].startswith("# Generated by `roleprobe role suggest ")'
}

@test "suggest: signatures and constraints come from the kernel's prototypes" {
	run --separate-stderr "$RP" role suggest "$EXT/real/strfilter.bpf.o"
	assert_success
	# the helper's parameter names from vmlinux BTF, its shape's constraints
	assert_output --partial '- {type: "u32", name: "s1_sz"}'
	assert_output --partial '"s1_sz > 0"'
	assert_output --partial '- name: "handle_uprobe_event"'
	assert_output --partial '- {type: "const struct pt_regs *", name: "ctx"}'
	# the kfunc's parameter without its __ign annotation, from vmlinux BTF
	run --separate-stderr "$RP" role suggest "$EXT/ok_kfunc_strcmp.bpf.o"
	assert_success
	assert_output --partial '- name: "bpf_strcmp"'
	assert_output --partial '- {type: "const char*", name: "s1"}'
	refute_output --partial '__ign'
}

@test "suggest: allow_memory_write, always_const and may_have_side_effect only where the calls need them" {
	run --separate-stderr "$RP" -j role suggest "$EXT/ok_write_user_allowed.bpf.o"
	assert_success
	json_assert 'd["attributes"]["allow_memory_write"] is True and
		d["attributes"]["always_const"] is False and
		d["attributes"]["may_have_side_effect"] is True'
	run --separate-stderr "$RP" -j role suggest "$EXT/ok_side_trace_printk.bpf.o"
	assert_success
	json_assert 'd["attributes"]["may_have_side_effect"] is True and
		d["attributes"]["allow_memory_write"] is False and
		d["attributes"]["always_const"] is True'
	# the YAML says why, beside the attribute
	run --separate-stderr "$RP" role suggest "$EXT/ok_side_trace_printk.bpf.o"
	assert_output --partial "may_have_side_effect: true  # needed: bpf_trace_printk has side effects"
	run --separate-stderr "$RP" -j role suggest "$EXT/ok_ringbuf_submit.bpf.o"
	assert_success
	json_assert 'd["attributes"]["may_have_side_effect"] is False'
}

@test "suggest: the role suggested for one extension rejects another that calls more" {
	"$RP" role suggest "$EXAMPLES/emit_events.bpf.o" -o "$D/events.yaml"
	run "$RP" check --role "$D/events.yaml" "$EXAMPLES/count_calls.bpf.o"
	assert_failure 1
	assert_output --partial "call to bpf_map_lookup_elem is not granted"
	assert_output --partial "call to bpf_get_info is not granted"
	# and one that calls the same but needs a longer bound
	"$RP" role suggest "$EXT/ok_insn_hostlib_short.bpf.o" -o "$D/short.yaml"
	run "$RP" check --role "$D/short.yaml" "$EXT/bad_insn_hostlib_long.bpf.o"
	assert_failure 1
	assert_output --partial "max_instructions:"
}

@test "suggest --from: the operator's capability names, descriptions and declarations" {
	run --separate-stderr "$RP" -j role suggest "$EXAMPLES/trace_strings.bpf.o" \
		--from roles/uprobe.yaml
	assert_success
	json_assert '[c["name"] for c in d["capabilities"]] ==
		["MapHelpersCap", "StringHelpersCap", "ProbeHelpersCap", "UprobeEventCap"]'
	json_assert 'all(c["reused"] for c in d["capabilities"])'
	# only what it calls of each: ProbeHelpersCap also lists bpf_get_info, not called here
	json_assert '{c["name"]: c["apis"] for c in d["capabilities"]}["ProbeHelpersCap"] ==
		["bpf_probe_read"]'
	# the seed's type, its declarations and its prose come along
	json_assert '"- name: \"const_char_ptr\"" in d["yaml"]'
	json_assert '"{type: \"const_char_ptr\", name: \"src\"}" in d["yaml"]'
	json_assert '"All map operations require non_null map and key" in d["yaml"]'
}

@test "suggest --from: a function no capability of the file lists gets a new capability" {
	# uprobe.yaml defines bpf_get_current_pid_tgid but no capability lists it
	run --separate-stderr "$RP" -j role suggest "$EXT/ok_helper_granted.bpf.o" \
		--from roles/uprobe.yaml
	assert_success
	json_assert '{c["name"]: c["reused"] for c in d["capabilities"]} ==
		{"MapHelpersCap": True, "UprobeEventCap": True, "InfoHelpersCap": False}'
	# corpus.yaml lists it in PidCap: that name is kept
	run --separate-stderr "$RP" -j role suggest "$EXT/ok_helper_granted.bpf.o" \
		--from tests/ext/roles/corpus.yaml
	assert_success
	json_assert '{c["name"]: c["apis"] for c in d["capabilities"] if c["reused"]}["PidCap"] ==
		["bpf_get_current_pid_tgid"]'
}

@test "suggest: a constraint the extension does not prove is left out, with the reason" {
	run --separate-stderr "$RP" role suggest "$EXT/bad_nonnull_lookup_key.bpf.o" \
		-o "$D/leaky.yaml"
	assert_success
	[[ "$stderr" == *"'key.non_null' is left out of the role"* ]] ||
		fail "no warning about the constraint left out: $stderr"
	grep -q '# left out, not proven: "key.non_null" (bad_nonnull_lookup_key.bpf.c:' \
		"$D/leaky.yaml" || fail "no comment in the role: $(cat "$D/leaky.yaml")"
	run "$RP" check --role "$D/leaky.yaml" "$EXT/bad_nonnull_lookup_key.bpf.o"
	assert_success
	# a constraint of a --from type: the parameter gets the type's base, the rest stays
	run --separate-stderr "$RP" role suggest "$EXT/bad_strnlen_user_ptr.bpf.o" \
		--from roles/uprobe.yaml -o "$D/user_ptr.yaml"
	assert_success
	grep -q '{type: "const char\*", name: "str"}' "$D/user_ptr.yaml" ||
		fail "the parameter keeps its type: $(cat "$D/user_ptr.yaml")"
	run "$RP" check --role "$D/user_ptr.yaml" "$EXT/bad_strnlen_user_ptr.bpf.o"
	assert_success
}

@test "suggest: an extension no role can accept is refused with compiler diagnostics" {
	local line
	line=$(grep -n '/\* VIOLATION \*/' tests/ext/bad_tail_call.bpf.c | cut -d: -f1)
	run --separate-stderr "$RP" role suggest "$EXT/bad_tail_call.bpf.o" -o "$D/never.yaml"
	assert_failure 1
	[ -z "$output" ] || fail "a role on stdout: $output"
	[ ! -e "$D/never.yaml" ] || fail "a role file was written"
	[[ "$stderr" == *"bad_tail_call.bpf.c:$line:"*": error: "*"tail call"* ]] ||
		fail "no diagnostic at the tail call: $stderr"
	[[ "$stderr" == *"no role accepts"* ]] || fail "no summary: $stderr"
	[[ "$stderr" != *"is not granted"* ]] ||
		fail "the calls the probe did not grant are shown: $stderr"
	for f in bad_insn_unbounded_loop bad_sec_xdp bad_impersonate_get_info bad_entry_void_return; do
		run "$RP" role suggest "$EXT/$f.bpf.o"
		assert_failure 1
	done
	run --separate-stderr "$RP" -j role suggest "$EXT/bad_insn_unbounded_loop.bpf.o"
	assert_failure 1
	json_assert 'd["error"] == "no role accepts this extension" and
		[v["kind"] for v in d["violations"]] == ["unbounded"]'
}

# compile_ext NAME: the C source on stdin as $D/NAME.bpf.c, compiled to $D/NAME.bpf.o as the
# corpus is, for an extension written for one test
compile_ext()
{
	command -v clang >/dev/null || rp_skip "needs clang"
	cat > "$D/$1.bpf.c"
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$D/$1.bpf.c" -o "$D/$1.bpf.o" || fail "cannot compile $1.bpf.c"
}

@test "suggest: a loop bounded only at run time is refused at the loop, as no role's limit" {
	local loop want
	compile_ext loop <<'EOF'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(sum_to, const long *arr, unsigned int n)
{
	long v, sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {	/* LOOP */
		if (bpf_probe_read_user(&v, sizeof(v), &arr[i]))
			break;
		sum += v;
	}
	return sum > 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	loop=$(grep -n 'LOOP' "$D/loop.bpf.c" | cut -d: -f1)
	run --separate-stderr "$RP" role suggest "$D/loop.bpf.o"
	assert_failure 1
	[ -z "$output" ] || fail "a role on stdout: $output"
	# at the loop, not at the function's first line, with what to do about it
	want="no bound on instructions per event can be proven"
	[[ "$stderr" == *"loop.bpf.c:$loop:"*": error: sum_to+"*": $want"* ]] ||
		fail "not at the loop (line $loop): $stderr"
	[[ "$stderr" == *"= hint: bound the loop (a constant trip count, or bpf_loop)"* ]] ||
		fail "no hint to bound the loop: $stderr"
	[[ "$stderr" == *"= note: role (any): max_instructions"$'\n'* ]] ||
		fail "the note is not about any role: $stderr"
	# neither the measuring role's name nor its limit
	[[ "$stderr" != *"LoopRole"* && "$stderr" != *"1000000000000"* ]] ||
		fail "the measuring role shows: $stderr"
	[[ "$stderr" != *"simplify the control flow"* ]] || fail "the wrong hint: $stderr"
	run --separate-stderr "$RP" -j role suggest "$D/loop.bpf.o"
	assert_failure 1
	json_assert 'd["role"] == "(any)" and
		d["limits"] == {"max_instructions": 0, "max_memory": 0}'
	json_assert '[(v["kind"], v["line"], v["clause"]) for v in d["violations"]] ==
		[("unbounded", '"$loop"', "max_instructions")]'
	# a state that repeats is still shown where it repeats, under no role's name either
	run --separate-stderr "$RP" role suggest "$EXT/bad_insn_unbounded_loop.bpf.o"
	assert_failure 1
	[[ "$stderr" == *"= note: role (any): max_instructions"* ]] || fail "$stderr"
}

@test "suggest: each attribute made permissive is a warning naming the calls that need it" {
	local write signal
	compile_ext poke <<'EOF'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(poke, int *flag)
{
	int zero = 0;

	bpf_probe_write_user(flag, &zero, sizeof(zero));
	bpf_send_signal(10);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
EOF
	write=$(grep -n 'bpf_probe_write_user(' "$D/poke.bpf.c" | cut -d: -f1)
	signal=$(grep -n 'bpf_send_signal(' "$D/poke.bpf.c" | cut -d: -f1)
	run --separate-stderr "$RP" role suggest "$D/poke.bpf.o" -o "$D/poke.yaml"
	assert_success
	write="bpf_probe_write_user at poke.bpf.c:$write"
	signal="bpf_send_signal at poke.bpf.c:$signal"
	[[ "$stderr" == *"allow_memory_write: true, because of $write"$'\n'* ]] ||
		fail "no warning for allow_memory_write: $stderr"
	[[ "$stderr" == *"always_const: false, because of $write"$'\n'* ]] ||
		fail "no warning for always_const: $stderr"
	[[ "$stderr" == *"may_have_side_effect: true, because of $write, $signal"$'\n'* ]] ||
		fail "no warning for may_have_side_effect: $stderr"
	[ "$(grep -c 'because of' <<<"$stderr")" -eq 3 ] || fail "not one warning each: $stderr"
	[[ "$stderr" == *"(3 capabilities, 0 constraints left out)"* ]] || fail "the count: $stderr"
	# JSON: the same, as data
	run --separate-stderr "$RP" -j role suggest "$D/poke.bpf.o"
	assert_success
	json_assert '[(p["attribute"], p["value"], p["because"]) for p in d["permissive"]] == [
		("allow_memory_write", True, ["'"$write"'"]),
		("always_const", False, ["'"$write"'"]),
		("may_have_side_effect", True, ["'"$write"'", "'"$signal"'"])]'
	# nothing permissive: no warning
	run --separate-stderr "$RP" role suggest "$EXAMPLES/count_calls.bpf.o" -o "$D/count.yaml"
	assert_success
	[[ "$stderr" != *"because of"* ]] || fail "a warning for nothing: $stderr"
	run --separate-stderr "$RP" -j role suggest "$EXAMPLES/count_calls.bpf.o"
	assert_success
	json_assert 'd["permissive"] == []'
}

@test "suggest: --role-name, -o and the output are what they say; the output is reproducible" {
	run "$RP" role suggest "$EXAMPLES/lib_calls.bpf.o" --role-name My.Lib-Role -o "$D/a.yaml"
	assert_success
	assert_output --partial "$D/a.yaml: role My.Lib-Role"
	grep -q '^  - name: "My.Lib-Role"$' "$D/a.yaml" || fail "$(cat "$D/a.yaml")"
	"$RP" role suggest "$EXAMPLES/lib_calls.bpf.o" --role-name My.Lib-Role > "$D/b.yaml"
	grep -v '^# Generated by' "$D/a.yaml" > "$D/a.body"
	grep -v '^# Generated by' "$D/b.yaml" > "$D/b.body"
	cmp "$D/a.body" "$D/b.body" || fail "two runs differ"
	run "$RP" check --role "$D/a.yaml" --role-name My.Lib-Role "$EXAMPLES/lib_calls.bpf.o"
	assert_success
}

@test "suggest: input errors exit 2" {
	run "$RP" role suggest "$D/missing.bpf.o"
	assert_failure 2
	assert_output --partial "missing.bpf.o"
	run "$RP" role suggest "$EXAMPLES/count_calls.bpf.o" --from "$D/missing.yaml"
	assert_failure 2
	assert_output --partial "missing.yaml"
	run "$RP" role suggest "$EXAMPLES/count_calls.bpf.o" --role-name "not a name"
	assert_failure 2
	assert_output --partial "not a valid role name"
	run "$RP" role suggest
	assert_failure 2
	run "$RP" role suggest "$EXAMPLES/count_calls.bpf.o" --bogus
	assert_failure 2
	run "$RP" role suggest "$EXAMPLES/count_calls.bpf.o" -o "$D/no/such/dir/r.yaml"
	assert_failure 2
	assert_output --partial "cannot write"
}
