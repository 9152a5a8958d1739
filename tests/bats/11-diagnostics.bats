#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# A rejection reads like a compiler's: "file:line:col: error: func+insn: what happened",
# the source line under a gutter with a marker (^~~~) under the offending call, the role
# clause as a note, a hint; colour (bold, red error, cyan note, green marker) only on a
# terminal, never with NO_COLOR set or when piped, unless --color says so; text from the
# extension never reaches the terminal raw. tests/bats/02-check.bats holds every corpus
# verdict to its source line; this file holds the layout.

load test_helper

bats_require_minimum_version 1.5.0

ESC=$'\033'

setup()
{
	cd "$SRCDIR" || fail "cannot enter $SRCDIR"
	[ -x "$RP" ] || fail "$RP is not built (make)"
	D=$(scratch)
}

# expected_block SRC NAME GUTTER_LINE: the source line of SRC holding `/* VIOLATION */`, and
# the marker line under the first call of NAME on it, both as roleprobe lays them out (tabs
# expanded to 8 columns); prints "LINE COL" first, then the two lines.
expected_block()
{
	python3 - "$1" "$2" <<'EOF'
import sys
src, name = sys.argv[1:3]
for no, text in enumerate(open(src, encoding="utf-8"), 1):
    if "/* VIOLATION */" in text:
        break
text = text.rstrip("\n")
col = text.index(name + "(") + 1
pad = len(text[:col - 1].expandtabs(8))
gutter = max(4, len(str(no)))
print(no, col)
print(" %*d | %s" % (gutter, no, text.expandtabs(8)))
print(" %s | %s^%s" % (" " * gutter, " " * pad, "~" * (len(name) - 1)))
EOF
}

@test "diagnostics: file:line:col: error:, the source line, a marker under the call, the clause as a note, the hint" {
	local -a exp
	mapfile -t exp < <(expected_block tests/ext/bad_helper_ungranted.bpf.c bpf_get_current_pid_tgid)
	read -r line col <<<"${exp[0]}"
	run "$RP" check --role roles/uprobe.yaml "$EXT/bad_helper_ungranted.bpf.o"
	assert_failure 1
	assert_line "tests/ext/bad_helper_ungranted.bpf.c:$line:$col: error: trace_pid+0: call to bpf_get_current_pid_tgid is not granted"
	assert_line "${exp[1]}"
	assert_line "${exp[2]}"
	assert_line "      = note: role UprobeRole: no capability lists bpf_get_current_pid_tgid"
	assert_line "      = hint: grant it through a capability of the role, or do without it"
	# the block is in this order, one after the other
	[[ "$output" == *"is not granted"$'\n'"${exp[1]}"$'\n'"${exp[2]}"$'\n'"      = note: "* ]] ||
		fail "the block is not in order: $output"
	# the old one-line form stays recognisable: file:LINE: entry+insn: message
	assert_output --partial "bad_helper_ungranted.bpf.c:$line:"
	[[ "$output" != *$'\t'* ]] || fail "a tab reached the output (the gutter shifts tab stops)"
}

@test "diagnostics: a call in a subprogram names its entry; a constraint marks the call it is about" {
	local -a exp
	mapfile -t exp < <(expected_block tests/ext/bad_helper_static_subprog.bpf.c \
				bpf_get_current_pid_tgid)
	run "$RP" check --role roles/uprobe.yaml "$EXT/bad_helper_static_subprog.bpf.o"
	assert_failure 1
	assert_output --regexp "bad_helper_static_subprog.bpf.c:[0-9]+:[0-9]+: error: current_tgid\+[0-9]+ \(in entry count_calls\): call to bpf_get_current_pid_tgid"
	assert_line "${exp[2]}"
	mapfile -t exp < <(expected_block tests/ext/bad_strnlen_user_ptr.bpf.c bpf_strnlen)
	run "$RP" check --role roles/uprobe.yaml "$EXT/bad_strnlen_user_ptr.bpf.o"
	assert_failure 1
	assert_line "${exp[2]}"
	assert_line "      = note: role UprobeRole: bpf_strnlen: str.null_terminated, from type const_char_ptr"
}

@test "diagnostics: a violation of a whole function marks its name; object-wide ones have no source" {
	run "$RP" check --role roles/uprobe.yaml "$EXT/bad_sec_xdp.bpf.o"
	assert_failure 1
	assert_output --regexp "bad_sec_xdp.bpf.c:[0-9]+:5: error: count_packets\+0: entry count_packets is a xdp program"
	# under "count_packets" (13 characters): a caret and 12 tildes
	assert_line "      |     ^$(printf "~%.0s" {1..12})"
	run "$RP" check --role tests/ext/roles/corpus.yaml --role-name SmallStack \
		"$EXT/bad_stack_over.bpf.o"
	assert_failure 1
	assert_output --partial "      = note: role SmallStack: max_memory: 256"
	assert_output --partial "      = hint: use a per-CPU array map"
}

@test "diagnostics -j: the marker's column and length, the rest as before" {
	local line col
	read -r line col < <(expected_block tests/ext/bad_helper_ungranted.bpf.c bpf_get_current_pid_tgid)
	run --separate-stderr "$RP" -j check --role roles/uprobe.yaml "$EXT/bad_helper_ungranted.bpf.o"
	assert_failure 1
	printf '%s\n' "$output" | python3 -c '
import json, sys
v = json.load(sys.stdin)["violations"][0]
want = {"line": int(sys.argv[1]), "col": int(sys.argv[2]), "marker_len": 24,
        "host_function": "bpf_get_current_pid_tgid", "entry": "trace_pid", "insn": 0,
        "clause": "no capability lists bpf_get_current_pid_tgid", "kind": "not_granted"}
bad = {k: v.get(k) for k in want if v.get(k) != want[k]}
sys.exit("differs: %s" % bad if bad else 0)' "$line" "$col" || fail "$output"
	[[ "$output" != *"$ESC"* ]] || fail "colour in JSON"
}

@test "diagnostics: colour on a terminal only; NO_COLOR (any value) and --color=never turn it off" {
	local cmd="$RP check --role roles/uprobe.yaml $EXT/bad_helper_ungranted.bpf.o"
	command -v script >/dev/null || rp_skip "needs script (util-linux) for a terminal"
	# piped: no colour
	run "$RP" check --role roles/uprobe.yaml "$EXT/bad_helper_ungranted.bpf.o"
	[[ "$output" != *"$ESC"* ]] || fail "colour in a pipe"
	# on a terminal (script gives the command a pty): bold locus, red error, cyan note,
	# green marker
	run env -u NO_COLOR TERM=xterm script -qec "$cmd" /dev/null
	[[ "$output" == *"${ESC}[1mtests/ext/bad_helper_ungranted.bpf.c:"* ]] ||
		fail "no bold locus: $output"
	[[ "$output" == *"${ESC}[1;31merror:${ESC}[0m"* ]] || fail "no red error: $output"
	[[ "$output" == *"${ESC}[1;36mnote:${ESC}[0m"* ]] || fail "no cyan note: $output"
	[[ "$output" == *"${ESC}[1;32m^~~~"* ]] || fail "no green marker: $output"
	run env NO_COLOR=1 TERM=xterm script -qec "$cmd" /dev/null
	[[ "$output" != *"$ESC"* ]] || fail "colour with NO_COLOR=1: $output"
	run env NO_COLOR= TERM=xterm script -qec "$cmd" /dev/null
	[[ "$output" != *"$ESC"* ]] || fail "colour with NO_COLOR set empty: $output"
	run env -u NO_COLOR TERM=dumb script -qec "$cmd" /dev/null
	[[ "$output" != *"$ESC"* ]] || fail "colour on a dumb terminal: $output"
	run env -u NO_COLOR TERM=xterm script -qec "$cmd --color=never" /dev/null
	[[ "$output" != *"$ESC"* ]] || fail "colour with --color=never: $output"
	# --color=always wins, piped or not, NO_COLOR or not
	run env NO_COLOR=1 "$RP" --color=always check --role roles/uprobe.yaml \
		"$EXT/bad_helper_ungranted.bpf.o"
	[[ "$output" == *"${ESC}[1;31merror:"* ]] || fail "no colour with --color=always: $output"
	run "$RP" check --color --role roles/uprobe.yaml "$EXT/bad_helper_ungranted.bpf.o"
	[[ "$output" == *"${ESC}[1;31merror:"* ]] || fail "no colour with --color: $output"
	run "$RP" check --color=sometimes --role roles/uprobe.yaml "$EXT/bad_helper_ungranted.bpf.o"
	assert_failure 2
	assert_output --partial "--color takes auto, always or never"
}

@test "diagnostics: control characters from the extension's source never reach the terminal" {
	command -v clang >/dev/null || rp_skip "needs clang"
	# an extension whose violating line carries an escape sequence in a comment
	printf '%s\n' '#include "vmlinux.h"' '#include <bpf/bpf_helpers.h>' \
		'#include <bpf/bpf_tracing.h>' 'SEC("uprobe")' 'int BPF_KPROBE(evil)' '{' \
		"	return bpf_get_current_pid_tgid() & 1; /* ${ESC}[2J${ESC}]0;owned$(printf '\a') */" \
		'}' 'char LICENSE[] SEC("license") = "Dual BSD/GPL";' > "$D/evil.bpf.c"
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I "$BUILD" -I bpf/include \
		-c "$D/evil.bpf.c" -o "$D/evil.bpf.o" || fail "cannot compile the fixture"
	run "$RP" check --role roles/uprobe.yaml "$D/evil.bpf.o"
	assert_failure 1
	assert_output --partial "call to bpf_get_current_pid_tgid is not granted"
	assert_output --partial "/* ?[2J?]0;owned? */"
	[[ "$output" != *"$ESC"* ]] || fail "an escape character reached the output"
	run "$RP" --color=always check --role roles/uprobe.yaml "$D/evil.bpf.o"
	[[ "$output" != *"${ESC}[2J"* ]] || fail "the extension's escape sequence reached the terminal"
}
