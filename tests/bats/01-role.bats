#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# `roleprobe role lint` and `role show`: the seed's role and the second example, plain and
# JSON, and malformed role files, each refused with exit 2 at file:line:col or with a clear
# reason.

load test_helper
bats_require_minimum_version 1.5.0

BAD=$BATS_TEST_DIRNAME/roles

# lint_fails FILE EXPECTED: exit 2 and EXPECTED (a full diagnostic line or part of one)
lint_fails()
{
	run "$RP" role lint "$1"
	assert_failure 2
	assert_output --partial "$2"
	assert_output --partial "$1: invalid,"
}

json_valid()
{
	printf '%s' "$1" | python3 -m json.tool >/dev/null
}

# --- the seed's role ---

@test "lint roles/uprobe.yaml: valid, with the expected warnings" {
	run "$RP" role lint "$ROLES/uprobe.yaml"
	assert_success
	assert_output --partial "$ROLES/uprobe.yaml: valid, 1 role,"
	assert_output --partial "$ROLES/uprobe.yaml:48:11: warning: bpf_strncpy: the return type is declared char_ptr (a pointer), the host library has int (an integer)"
	assert_output --partial "$ROLES/uprobe.yaml:107:30: warning: bpf_get_info has no host_functions entry: granted as a host library function, without constraints"
	assert_output --partial "$ROLES/uprobe.yaml:81:11: warning: bpf_get_current_pid_tgid is defined but no capability grants it"
	refute_output --partial "error:"
}

@test "lint roles/uprobe.yaml: bpf_strnlen is the running kernel's kfunc, and its real return type is compared" {
	requires btf
	run "$RP" role lint "$ROLES/uprobe.yaml"
	assert_success
	assert_output --partial "$ROLES/uprobe.yaml:59:11: warning: bpf_strnlen: the return type is declared size_t (8 bytes), the kernel's kfunc has int (4 bytes)"
	assert_output --partial "valid, 1 role, 4 warnings"
}

@test "lint -j roles/uprobe.yaml: valid JSON with every diagnostic positioned" {
	run --separate-stderr "$RP" -j role lint "$ROLES/uprobe.yaml"
	assert_success
	json_valid "$output"
	printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["valid"] is True and d["errors"] == 0 and d["roles"] == 1, d
assert d["warnings"] == len(d["diagnostics"]) >= 3, d
for x in d["diagnostics"]:
    assert x["level"] == "warning" and x["line"] > 0 and x["col"] > 0, x
    assert x["file"].endswith("roles/uprobe.yaml"), x
assert any("bpf_get_info has no host_functions entry" in x["message"] for x in d["diagnostics"])
'
}

@test "show roles/uprobe.yaml: providers, signatures, constraints, attributes set and default" {
	run --separate-stderr "$RP" role show "$ROLES/uprobe.yaml"
	assert_success
	assert_line --regexp '^role UprobeRole \(.*roles/uprobe.yaml:115\)$'
	assert_line --regexp '^  capabilities: MapHelpersCap StringHelpersCap ProbeHelpersCap UprobeEventCap$'
	assert_line --regexp '^    bpf_map_lookup_elem +helper id 1 +via MapHelpersCap$'
	assert_line --regexp '^    bpf_probe_read +helper id 4 +via ProbeHelpersCap$'
	assert_line --regexp '^    bpf_strncpy +host library +via StringHelpersCap$'
	assert_line --regexp '^    bpf_get_info +host library +via ProbeHelpersCap \(no host_functions entry: no constraints\)$'
	assert_line '        signature: char_ptr bpf_strncpy(char_ptr dest, const_char_ptr src, size_t len)'
	assert_line '        requires:  len > 0'
	assert_line '        requires:  src.null_terminated (from type const_char_ptr)'
	assert_line '  not granted: bpf_get_current_pid_tgid'
	assert_line --regexp '^    max_memory +512 +set$'
	assert_line --regexp '^    max_instructions +100000 +set$'
	assert_line --regexp '^    max_map_memory +0 +default$'
	assert_line --regexp '^    on_violation +detach +default$'
	# warnings go to stderr, stdout stays the listing
	[[ "$stderr" == *"warning: bpf_get_info has no host_functions entry"* ]]
}

@test "show roles/uprobe.yaml: bpf_strnlen resolved to its vmlinux BTF id" {
	requires btf bpftool
	local id
	id=$(bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^\[\([0-9]*\)\] FUNC 'bpf_strnlen' .*/\1/p")
	[ -n "$id" ]
	run --separate-stderr "$RP" role show "$ROLES/uprobe.yaml"
	assert_success
	assert_line --regexp "^    bpf_strnlen +kfunc btf_id $id +via StringHelpersCap$"
}

@test "show -j roles/uprobe.yaml: the same, as JSON" {
	run --separate-stderr "$RP" -j role show "$ROLES/uprobe.yaml"
	assert_success
	json_valid "$output"
	printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
(r,) = d["roles"]
assert r["name"] == "UprobeRole" and r["inherits"] == []
assert [c["name"] for c in r["capabilities"]] == ["MapHelpersCap", "StringHelpersCap", "ProbeHelpersCap", "UprobeEventCap"]
fns = {f["name"]: f for f in r["host_functions"]}
assert fns["bpf_map_update_elem"]["provider"] == "helper" and fns["bpf_map_update_elem"]["helper_id"] == 2
assert fns["bpf_get_info"]["provider"] == "hostlib" and fns["bpf_get_info"]["declared"] is False
assert fns["bpf_get_info"]["constraints"] == []
c = fns["bpf_probe_read"]["constraints"][1]
assert (c["operand"], c["kind"], c["op"], c["value"]) == ("len", "cmp", ">", 0), c
c = fns["bpf_strncpy"]["constraints"][2]
assert (c["operand"], c["kind"], c["from_type"]) == ("src", "null_terminated", "const_char_ptr"), c
assert r["not_granted"] == ["bpf_get_current_pid_tgid"]
a = r["attributes"]
assert a["max_memory"] == {"value": 512, "source": "set"}
assert a["allow_memory_write"] == {"value": False, "source": "set"}
assert a["max_event_ns"] == {"value": 0, "source": "default"}
assert a["on_violation"] == {"value": "detach", "source": "default"}
assert all(x["level"] == "warning" for x in d["diagnostics"])
'
}

# --- the second example: inherits ---

@test "lint roles/readonly-tracer.yaml: valid without warnings" {
	run "$RP" role lint "$ROLES/readonly-tracer.yaml"
	assert_success
	assert_output "$ROLES/readonly-tracer.yaml: valid, 2 roles, 0 warnings"
}

@test "show --role-name ReadonlyTracer: inherited capabilities and attributes" {
	run --separate-stderr "$RP" role show "$ROLES/readonly-tracer.yaml" --role-name ReadonlyTracer
	assert_success
	assert_line --regexp '^role ReadonlyTracer '
	refute_line --regexp '^role CountingTracer '
	assert_line '  inherits: CountingTracer'
	assert_line '  capabilities: UserReadCap StringCap OwnMapsCap ClockCap EventCap'
	assert_line --regexp '^    max_memory +512 +set$'
	assert_line --regexp '^    max_map_memory +1048576 +inherited$'
	assert_line --regexp '^    on_violation +detach +inherited$'

	run --separate-stderr "$RP" -j role show "$ROLES/readonly-tracer.yaml" -n CountingTracer
	assert_success
	json_valid "$output"
	printf '%s' "$output" | python3 -c '
import json, sys
(r,) = json.load(sys.stdin)["roles"]
assert r["name"] == "CountingTracer"
assert r["attributes"]["max_event_ns"] == {"value": 20000, "source": "set"}
assert "bpf_probe_read_user" in r["not_granted"]
'
}

@test "show --role-name of a role the file lacks: exit 2" {
	run "$RP" role show "$ROLES/readonly-tracer.yaml" --role-name NoSuchRole
	assert_failure 2
	assert_output --partial "has no role 'NoSuchRole'"
}

# --- malformed role files: exit 2 at file:line:col ---

@test "malformed: truncated in a quoted scalar" {
	lint_fails "$BAD/truncated.yaml" "$BAD/truncated.yaml:27:23: error: found unexpected end of stream (while scanning a quoted scalar at 27:11)"
}

@test "malformed: wrong scalar types" {
	lint_fails "$BAD/wrong-scalar-types.yaml" "$BAD/wrong-scalar-types.yaml:7:19: error: max_memory must be a non-negative integer, got 'lots'"
	assert_output --partial "$BAD/wrong-scalar-types.yaml:8:27: error: allow_memory_write must be true or false, got '3'"
	assert_output --partial "invalid, 2 errors"
}

@test "malformed: duplicate host function" {
	lint_fails "$BAD/duplicate-names.yaml" "$BAD/duplicate-names.yaml:5:11: error: duplicate host function 'bpf_ktime_get_ns' (first at 3:11)"
}

@test "malformed: duplicate mapping key" {
	lint_fails "$BAD/duplicate-keys.yaml" "$BAD/duplicate-keys.yaml:8:7: error: duplicate key 'max_memory' (first at 7:7)"
}

@test "malformed: cyclic inherits" {
	lint_fails "$BAD/cyclic-inherits.yaml" "$BAD/cyclic-inherits.yaml:8:16: error: inherits cycle: A -> C -> B -> A"
}

@test "malformed: parents disagree on an attribute the child does not set" {
	lint_fails "$BAD/inherit-conflict.yaml" "$BAD/inherit-conflict.yaml:10:11: error: role Child inherits max_memory = 128 from Small but 512 from Large: set it in Child"
}

@test "malformed: unknown capability reference" {
	lint_fails "$BAD/unknown-capability.yaml" "$BAD/unknown-capability.yaml:7:20: error: unknown capability 'MapHelperCap' (did you mean 'MapHelpersCap'?)"
}

@test "malformed: unknown parameter type" {
	lint_fails "$BAD/unknown-type.yaml" "$BAD/unknown-type.yaml:9:18: error: unknown type 'const_chr_ptr' of parameter str (did you mean 'const_char_ptr'?)"
}

@test "malformed: constraint on a parameter the function lacks" {
	lint_fails "$BAD/bad-constraint.yaml" "$BAD/bad-constraint.yaml:12:10: error: constraint 'len > 0': bpf_probe_read_user has no parameter 'len'"
}

@test "malformed: misspelled attribute" {
	lint_fails "$BAD/misspelled-attribute.yaml" "$BAD/misspelled-attribute.yaml:7:7: error: unknown key 'max_memroy' in role attributes (did you mean 'max_memory'?)"
}

@test "malformed: a misspelled top-level key is the one error, not what follows from it" {
	lint_fails "$BAD/misspelled-section.yaml" "$BAD/misspelled-section.yaml:8:1: error: \
unknown key 'capabilites' in the top level of a role file (did you mean 'capabilities'?)"
	assert_line --index 0 --partial "error: unknown key 'capabilites'"
	refute_output --partial "unknown capability"
	refute_output --partial "no capability grants it"
	assert_output --partial "invalid, 1 error, 0 warnings"
}

@test "malformed: a tab in the indentation is named as such, at its position" {
	lint_fails "$BAD/tab-indent.yaml" "$BAD/tab-indent.yaml:7:1: error: \
tabs are not allowed in YAML indentation; use spaces"
	refute_output --partial "cannot start any token"
}

@test "lint: a host function name that resolves to nothing gets the name it probably is" {
	run "$RP" role lint "$BAD/misspelled-helper.yaml"
	assert_success
	# a kernel helper, declared in host_functions
	assert_output --partial "$BAD/misspelled-helper.yaml:4:11: warning: \
bpf_get_current_pid_tgdi: no kernel helper, kfunc of this kernel or host library function \
has this name: it can never be granted (did you mean 'bpf_get_current_pid_tgid'?)"
	# a kernel helper and a host library function, named by a capability only
	assert_output --regexp \
		"8:38: warning: bpf_ktime_get_nss has no .* \(did you mean 'bpf_ktime_get_ns'\?\)"
	assert_output --regexp \
		"8:57: warning: bpf_get_inf has no .* \(did you mean 'bpf_get_info'\?\)"
	assert_output --partial "valid, 1 role, 3 warnings"
}

@test "malformed: allow_memory_write false while a capability grants bpf_probe_write_user" {
	lint_fails "$BAD/memory-write.yaml" "$BAD/memory-write.yaml:7:20: error: role R: allow_memory_write is false but capability PokeCap grants bpf_probe_write_user, which writes host memory"
}

@test "malformed: alias bomb refused at the first alias" {
	lint_fails "$BAD/alias-bomb.yaml" "$BAD/alias-bomb.yaml:3:8: error: YAML aliases are not allowed in role files (*a)"
	assert_output --partial "invalid, 1 error,"
}

@test "malformed: deep nesting refused at level 33" {
	lint_fails "$BAD/deep-nesting.yaml" "$BAD/deep-nesting.yaml:2:39: error: nesting deeper than 32 levels"
}

@test "malformed: top level not a mapping" {
	lint_fails "$BAD/not-a-mapping.yaml" "$BAD/not-a-mapping.yaml:2:1: error: the top level of a role file must be a mapping, not a sequence"
}

@test "malformed: binary garbage, and an ELF object given as a role" {
	lint_fails "$BAD/binary-garbage.yaml" "$BAD/binary-garbage.yaml:1:1: error: not YAML text: control characters are not allowed (byte 0x7f)"
	lint_fails /bin/true "/bin/true:1:1: error: not YAML text: control characters are not allowed (byte 0x7f)"
}

@test "malformed: an empty file and a comment-only file" {
	lint_fails "$BAD/empty.yaml" "$BAD/empty.yaml: error: empty role file: no YAML document"
	lint_fails "$BAD/comment-only.yaml" "$BAD/comment-only.yaml: error: empty role file: no YAML document"
}

@test "malformed: a directory, a FIFO, a missing file, a file over the size limit" {
	lint_fails "$BAD" "$BAD: error: not a regular file (a directory): a role file is a YAML file"
	mkfifo "$(scratch)/fifo.yaml"
	lint_fails "$(scratch)/fifo.yaml" "$(scratch)/fifo.yaml: error: not a regular file (a FIFO)"
	lint_fails "$(scratch)/missing.yaml" "$(scratch)/missing.yaml: error: cannot open role file: No such file or directory"
	truncate -s 2M "$(scratch)/big.yaml"
	lint_fails "$(scratch)/big.yaml" "$(scratch)/big.yaml: error: role file is 2097152 bytes, more than the 1048576 a role file may have"
}

@test "a copy of roles/uprobe.yaml with a misspelled attribute: exit 2 at the typo" {
	local copy
	copy=$(scratch)/uprobe.yaml
	sed 's/max_instructions:/max_instuctions:/' "$ROLES/uprobe.yaml" > "$copy"
	run "$RP" role lint "$copy"
	assert_failure 2
	assert_output --partial "$copy:119:7: error: unknown key 'max_instuctions' in role attributes (did you mean 'max_instructions'?)"
	assert_output --partial "invalid, 1 error,"
	# and show refuses it too
	run "$RP" role show "$copy"
	assert_failure 2
	assert_output --partial "$copy:119:7: error: unknown key 'max_instuctions'"
}

@test "lint -j of a malformed file: valid false, positioned errors" {
	run --separate-stderr "$RP" -j role lint "$BAD/wrong-scalar-types.yaml"
	assert_failure 2
	json_valid "$output"
	printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["valid"] is False and d["errors"] == 2, d
e = [x for x in d["diagnostics"] if x["level"] == "error"]
assert [(x["line"], x["col"]) for x in e] == [(7, 19), (8, 27)], e
'
	run --separate-stderr "$RP" -j role show "$BAD/empty.yaml"
	assert_failure 2
	json_valid "$output"
	[[ "$output" == *'"message":"empty role file: no YAML document"'* ]]
}

# --- the command line ---

@test "role: usage errors exit 2, help exits 0" {
	run "$RP" role lint
	assert_failure 2
	assert_output --partial "role lint: expects a role file"
	run "$RP" role lint "$ROLES/uprobe.yaml" extra.yaml
	assert_failure 2
	assert_output --partial "expects one role file, got 'extra.yaml'"
	run "$RP" role lint --role-name X "$ROLES/uprobe.yaml"
	assert_failure 2
	assert_output --partial "--role-name applies to 'role show' only"
	run "$RP" role show "$ROLES/uprobe.yaml" --role-name
	assert_failure 2
	assert_output --partial "option '--role-name' needs a value"
	run "$RP" role frobnicate
	assert_failure 2
	assert_output --partial "what is 'frobnicate'?"
	run "$RP" role help
	assert_success
	assert_output --partial "role show ROLE.yaml [--role-name NAME]"
	# a prefix is enough when it is unambiguous
	run "$RP" role li "$ROLES/readonly-tracer.yaml"
	assert_success
}

@test "usage: every command names the option it refused, as typed, and exits 2" {
	local cmd
	for cmd in "role lint" "role show" "role suggest" check attach inspect bench; do
		# shellcheck disable=SC2086
		run "$RP" $cmd --no-such-option
		assert_failure 2
		assert_output --partial "Error: $cmd: unknown option '--no-such-option' (try 'roleprobe $cmd --help')"
		# shellcheck disable=SC2086
		run "$RP" $cmd -jZ
		assert_failure 2
		assert_output --partial "unknown option '-Z'"
		# shellcheck disable=SC2086
		run "$RP" $cmd --json=yes
		assert_failure 2
		assert_output --partial "Error: $cmd: option '--json' takes no value"
	done
	for cmd in check attach inspect; do
		run "$RP" "$cmd" --role
		assert_failure 2
		assert_output --partial "Error: $cmd: option '--role' needs a value"
		run "$RP" "$cmd" -r
		assert_failure 2
		assert_output --partial "Error: $cmd: option '-r' needs a value"
		run "$RP" "$cmd" --rol x
		assert_failure 2
		assert_output --partial "Error: $cmd: option '--rol' is ambiguous: --role, --role-name"
	done
	run "$RP" bench --rounds
	assert_failure 2
	assert_output --partial "Error: bench: option '--rounds' needs a value"
	run "$RP" role suggest x.o --output
	assert_failure 2
	assert_output --partial "Error: role suggest: option '--output' needs a value"
}

@test "usage: a misspelled command gets the closest one, and the help of its level" {
	run "$RP" chek --role x y.o
	assert_failure 2
	assert_output "Error: what is 'chek'? did you mean 'check'? (try 'roleprobe help')"
	run "$RP" role lnt roles/uprobe.yaml
	assert_failure 2
	assert_output "Error: what is 'lnt'? did you mean 'lint'? (try 'roleprobe role help')"
	run "$RP" frobnicate
	assert_failure 2
	assert_output "Error: what is 'frobnicate'? (try 'roleprobe help')"
}

@test "usage: no command is a usage error; help is not" {
	run "$RP"
	assert_failure 2
	assert_output --partial "Usage: roleprobe"
	run "$RP" role
	assert_failure 2
	run "$RP" -j
	assert_failure 2
	assert_output "{\"error\":\"a command is expected (try 'roleprobe help')\"}"
	run "$RP" help
	assert_success
	run "$RP" role help
	assert_success
	run "$RP" -h
	assert_success
}

@test "usage: --version answers in JSON wherever -j stands" {
	run "$RP" --version -j
	assert_success
	assert_output --regexp '^\{"version":"[0-9.]+","libbpf":"v[0-9.]+"\}$'
	run "$RP" -j --version
	assert_success
	assert_output --regexp '^\{"version":"[0-9.]+","libbpf":"v[0-9.]+"\}$'
	run "$RP" --version
	assert_success
	assert_line --regexp '^roleprobe v[0-9.]+$'
}
