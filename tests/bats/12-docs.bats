#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# The documentation keeps up with the program: the man page renders without warnings and
# names every command and every long option each command's --help lists; bash completion
# offers every command, subcommand and option; `make install` puts both in place; and the
# README's tutorial runs, command by command, against an installed roleprobe.

load test_helper

bats_require_minimum_version 1.5.0

MAN=doc/roleprobe.8

setup()
{
	cd "$SRCDIR" || fail "cannot enter $SRCDIR"
	[ -x "$RP" ] || fail "$RP is not built (make)"
	D=$(scratch)
}

# The command words whose --help is checked: "" is roleprobe itself.
HELP_CMDS=("" role check attach inspect bench)

# long_options CMD: the long options `roleprobe CMD --help` names anywhere, one per line
long_options()
{
	# shellcheck disable=SC2086
	"$RP" $1 --help 2>&1 | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u
}

# defined_options CMD: the long options `roleprobe CMD --help` defines (its option lines)
defined_options()
{
	# shellcheck disable=SC2086
	"$RP" $1 --help 2>&1 | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*[a-z]\).*/\2/p' |
		sort -u
}

# install_into DIR: make install with DESTDIR=DIR, PREFIX=/usr/local, without rebuilding
install_into()
{
	make -s -C "$SRCDIR" OUTPUT="$BUILD" -o "$BUILD/roleprobe" install DESTDIR="$1" \
		PREFIX=/usr/local >/dev/null || fail "make install failed"
}

@test "man page: renders, and names every command" {
	local cmd
	command -v man >/dev/null || rp_skip "needs man (man-db)"
	run --separate-stderr env MANWIDTH=80 man -l "$MAN"
	assert_success
	[ -z "$stderr" ] || fail "man complains: $stderr"
	for cmd in "role lint" "role show" "role suggest" check attach inspect bench; do
		assert_line --regexp "^   $cmd( |\$)"
	done
	for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "ROLE FILES" ATTRIBUTES \
		       DIAGNOSTICS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
		assert_line "$section"
	done
}

@test "man page: groff finds nothing to warn about" {
	command -v groff >/dev/null || rp_skip "needs groff"
	run --separate-stderr groff -man -Tutf8 -ww "$MAN"
	assert_success
	[ -z "$stderr" ] || fail "groff warns: $stderr"
}

@test "man page: every long option of every command's --help is documented" {
	local cmd opt roff
	local -a missing=()
	for cmd in "${HELP_CMDS[@]}"; do
		while read -r opt; do
			[ -n "$opt" ] || continue
			roff=${opt//-/\\-}
			grep -qF -- "$roff" "$MAN" || missing+=("${cmd:-roleprobe} $opt")
		done < <(long_options "$cmd")
	done
	[ ${#missing[@]} -eq 0 ] || fail "not in $MAN: ${missing[*]}"
}

@test "man page: every attribute and exit code is documented" {
	local attr
	for attr in max_memory max_instructions allow_memory_write always_const \
		    may_have_side_effect skip_verification max_map_memory max_event_ns on_violation; do
		grep -q "^\.BR $attr \" (default" "$MAN" || fail "$attr is not under ATTRIBUTES"
	done
	run env MANWIDTH=80 man -l "$MAN"
	for code in 0 1 2 3 4; do
		assert_line --regexp "^       $code  +[A-Z]"
	done
}

# complete WORDS...: the completions bash offers for the last word of `roleprobe WORDS...`
complete_words()
{
	bash -c '
		. completion/roleprobe.bash
		COMP_WORDS=(roleprobe "$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_roleprobe
		printf "%s\n" "${COMPREPLY[@]}"' complete "$@"
}

@test "completion: commands, role subcommands and every option of every --help" {
	local cmd opt
	local -a missing=()
	run complete_words ""
	for cmd in role check attach inspect bench; do
		assert_line "$cmd"
	done
	run complete_words role ""
	for cmd in lint show suggest; do
		assert_line "$cmd"
	done
	run complete_words ro
	assert_output "role"
	[ "$(defined_options attach | wc -l)" -ge 10 ] || fail "cannot read attach --help"
	for cmd in check attach inspect bench; do
		run complete_words $cmd --
		while read -r opt; do
			[ "$opt" = --version ] && continue
			printf '%s\n' "$output" | grep -qx -- "$opt" || missing+=("$cmd $opt")
		done < <(defined_options "$cmd")
	done
	for cmd in show suggest; do
		run complete_words role $cmd --
		for opt in --role-name --json; do
			printf '%s\n' "$output" | grep -qx -- "$opt" || missing+=("role $cmd $opt")
		done
	done
	run complete_words role suggest --
	for opt in --from --output; do
		printf '%s\n' "$output" | grep -qx -- "$opt" || missing+=("role suggest $opt")
	done
	[ ${#missing[@]} -eq 0 ] || fail "not completed: ${missing[*]}"
}

@test "completion: option values and files" {
	run complete_words attach --on-violation ""
	assert_output $'warn\ndetach'
	run complete_words attach -o d
	assert_output "detach"
	run complete_words --color = a
	assert_output $'auto\nalways'
	run complete_words check --role roles/u
	assert_output "roles/uprobe.yaml"
	# role names are read from the role file on the line
	run complete_words check --role tests/ext/roles/corpus.yaml --role-name Sm
	assert_output $'SmallStack\nSmallBudget'
	run complete_words role show roles/readonly-tracer.yaml --role-name ""
	assert_output $'CountingTracer\nReadonlyTracer'
	# extensions are objects
	run complete_words check --role roles/uprobe.yaml "$EXAMPLES/count_c"
	assert_output "$EXAMPLES/count_calls.bpf.o"
	run complete_words role suggest "$EXAMPLES/emit"
	assert_output "$EXAMPLES/emit_events.bpf.o"
	run complete_words bench --only verify,a
	assert_output "verify,attach"
}

@test "make install: the man page and the bash completion in place" {
	install_into "$D/root"
	[ -x "$D/root/usr/local/sbin/roleprobe" ] || fail "no binary"
	[ -r "$D/root/usr/local/share/man/man8/roleprobe.8" ] || fail "no man page"
	[ -r "$D/root/usr/local/share/bash-completion/completions/roleprobe" ] ||
		fail "no completion"
	cmp "$MAN" "$D/root/usr/local/share/man/man8/roleprobe.8"
	bash -n "$D/root/usr/local/share/bash-completion/completions/roleprobe"
}

# The README's tutorial: the ```sh blocks of its section, in order.
tutorial_script()
{
	awk '/^## Tutorial: from an empty directory/ { on = 1; next }
	     on && /^## / { on = 0 }
	     on && /^```sh$/ { code = 1; next }
	     on && code && /^```$/ { code = 0; next }
	     on && code' README.md
}

@test "README: the tutorial runs, command by command, against an installed roleprobe" {
	requires bpf
	command -v clang >/dev/null || rp_skip "needs clang"
	local root=$D/root script=$D/tutorial.sh
	install_into "$root"
	# what the reader types, with roleprobe installed under $root and no sudo (root already)
	tutorial_script | sed -e "s|/usr/local/|$root/usr/local/|g" -e 's/^sudo //' > "$script"
	[ "$(grep -c . "$script")" -ge 20 ] || fail "the tutorial has too few commands: $(cat "$script")"
	grep -q 'roleprobe role suggest' "$script" || fail "no role suggest in the tutorial"
	grep -q -- '--mirror maps.json' "$script" || fail "no mirror in the tutorial"
	cd "$D"
	run env PATH="$root/usr/local/sbin:$PATH" bash -e "$script"
	assert_success
	# step 3: the seed's role refuses it, naming the line and the clause, every line as
	# the README shows it
	assert_output --regexp "counter\.bpf\.c:[0-9]+:[0-9]+: error: count_work\+0: call to bpf_get_current_pid_tgid is not granted"
	local shown
	while IFS= read -r shown; do
		assert_line "$shown"
	done < <(awk '/^### 3\. / { on = 1 } on && /^```text$/ { t = 1; next }
		      t && /^```$/ { exit } t' "$SRCDIR/README.md")
	assert_line "      = note: role UprobeRole: no capability lists bpf_get_current_pid_tgid"
	assert_line "exit: 1"
	# step 4: the suggested role lints clean and accepts it
	assert_line "counter.yaml: valid, 1 role, 0 warnings"
	assert_line "counter.bpf.o: role CounterRole: accepted"
	# step 5: attached to the program, until it exited
	assert_line "roleprobe: uprobe ./app:work -> count_work"
	assert_line "app: 25 calls, sum 600"
	assert_output --partial "detached (target process exited)"
	# step 6: the mirror holds the count of the one process
	python3 - "$D/tut/maps.json" <<'EOF' || fail "the mirror: $(cat "$D/tut/maps.json")"
import json, sys
m = {x["name"]: x for x in json.load(open(sys.argv[1]))["maps"]}
e = m["calls"]["entries"]
sys.exit(0 if len(e) == 1 and 1 <= e[0]["value"] <= 25 else 1)
EOF
	# nothing of it stays behind
	run bpftool prog show name count_work
	assert_output ""
}
