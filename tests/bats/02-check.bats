#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe check against the verifier corpus (tests/ext, see tests/ext/README.md).
# Each corpus file states its own verdict on its EXPECT line and the role it is checked
# under on its ROLE line; check_corpus reads both from the source, so the expectation
# lives in one place. One @test per corpus file, so a failure names the file; a last
# test makes sure no corpus file is left without its @test here.

load test_helper

bats_require_minimum_version 1.5.0

setup()
{
	cd "$SRCDIR" || fail "cannot enter $SRCDIR"
	[ -x "$RP" ] || fail "$RP is not built (make)"
}

teardown()
{
	rm -rf /sys/fs/bpf/rpt_bats_*
}

# The value of the `/* KEY: value */` line of corpus source $1.
corpus_tag()
{
	sed -n "s|^/\* $2: \(.*\) \*/\$|\1|p" "$1"
}

# check_corpus NAME: `roleprobe check` build/ext/NAME.bpf.o under the role named by the
# ROLE line of tests/ext/NAME.bpf.c, and assert its EXPECT line: exit 0 for `accept`;
# exit 1 and the quoted substring in the message for `reject "..."`. When the source
# marks a line /* VIOLATION */, the message must name that source line.
check_corpus()
{
	local name=$1 src=tests/ext/$1.bpf.c obj=$EXT/$1.bpf.o
	local expect role role_file role_name want line
	local -a args

	[ -r "$src" ] || fail "no corpus source $src"
	[ -r "$obj" ] || fail "$obj is not built (make)"
	expect=$(corpus_tag "$src" EXPECT)
	role=$(corpus_tag "$src" ROLE)
	[ -n "$expect" ] || fail "$src: no /* EXPECT: ... */ line"
	[ -n "$role" ] || fail "$src: no /* ROLE: ... */ line"
	role_file=${role%% *}
	role_name=
	[ "$role_file" = "$role" ] || role_name=${role#* }
	args=(check --role "$role_file")
	[ -z "$role_name" ] || args+=(--role-name "$role_name")

	run "$RP" "${args[@]}" "$obj"
	case $expect in
	accept)
		assert_success
		;;
	reject\ \"*\")
		want=${expect#reject \"}
		want=${want%\"}
		assert_failure 1
		assert_output --partial "$want"
		line=$(grep -n '/\* VIOLATION \*/' "$src" | cut -d: -f1)
		if [ -n "$line" ]; then
			assert_output --partial "$(basename "$src"):$line:"
		fi
		;;
	*)
		fail "$src: cannot read the EXPECT line '$expect'"
		;;
	esac
}

@test "check bad_arg_strncpy_dest: rejects" {
	check_corpus bad_arg_strncpy_dest
}

@test "check bad_ctx_probe_read_dst: rejects" {
	check_corpus bad_ctx_probe_read_dst
}

@test "check bad_ctx_store: rejects" {
	check_corpus bad_ctx_store
}

@test "check bad_ctx_store_spilled: rejects" {
	check_corpus bad_ctx_store_spilled
}

@test "check bad_ctx_store_subprog: rejects" {
	check_corpus bad_ctx_store_subprog
}

@test "check bad_ctx_strncpy_dest: rejects" {
	check_corpus bad_ctx_strncpy_dest
}

@test "check bad_entry_no_ctx: rejects" {
	check_corpus bad_entry_no_ctx
}

@test "check bad_entry_two_params: rejects" {
	check_corpus bad_entry_two_params
}

@test "check bad_entry_void_return: rejects" {
	check_corpus bad_entry_void_return
}

@test "check bad_handle_event_null: rejects" {
	check_corpus bad_handle_event_null
}

@test "check bad_helper_global_subprog: rejects" {
	check_corpus bad_helper_global_subprog
}

@test "check bad_helper_loop_callback: rejects" {
	check_corpus bad_helper_loop_callback
}

@test "check bad_helper_static_subprog: rejects" {
	check_corpus bad_helper_static_subprog
}

@test "check bad_helper_ungranted: rejects" {
	check_corpus bad_helper_ungranted
}

@test "check bad_helper_unknown: rejects" {
	check_corpus bad_helper_unknown
}

@test "check bad_hostlib_ungranted: rejects" {
	check_corpus bad_hostlib_ungranted
}

@test "check bad_impersonate_entry: rejects" {
	check_corpus bad_impersonate_entry
}

@test "check bad_impersonate_get_info: rejects" {
	check_corpus bad_impersonate_get_info
}

@test "check bad_impersonate_static_event: rejects" {
	check_corpus bad_impersonate_static_event
}

@test "check bad_impersonate_strncpy: rejects" {
	check_corpus bad_impersonate_strncpy
}

@test "check bad_insn_bpf_loop_over: rejects" {
	check_corpus bad_insn_bpf_loop_over
}

@test "check bad_insn_bpf_loop_unknown: rejects" {
	check_corpus bad_insn_bpf_loop_unknown
}

@test "check bad_insn_global_subprog_loop: rejects" {
	check_corpus bad_insn_global_subprog_loop
}

@test "check bad_insn_hostlib_long: rejects" {
	check_corpus bad_insn_hostlib_long
}

@test "check bad_insn_loop_over: rejects" {
	check_corpus bad_insn_loop_over
}

@test "check bad_insn_recursion: rejects" {
	check_corpus bad_insn_recursion
}

@test "check bad_insn_unbounded_loop: rejects" {
	check_corpus bad_insn_unbounded_loop
}

@test "check bad_kfunc_strcmp: rejects" {
	check_corpus bad_kfunc_strcmp
}

@test "check bad_len_maybe_zero: rejects" {
	check_corpus bad_len_maybe_zero
}

@test "check bad_len_zero: rejects" {
	check_corpus bad_len_zero
}

@test "check bad_no_event_cap: rejects" {
	check_corpus bad_no_event_cap
}

@test "check bad_nonnull_key_one_path: rejects" {
	check_corpus bad_nonnull_key_one_path
}

@test "check bad_nonnull_lookup_key: rejects" {
	check_corpus bad_nonnull_lookup_key
}

@test "check bad_nonnull_strnlen_lookup: rejects" {
	check_corpus bad_nonnull_strnlen_lookup
}

@test "check bad_nonnull_update_value: rejects" {
	check_corpus bad_nonnull_update_value
}

@test "check bad_ringbuf_leak: rejects" {
	check_corpus bad_ringbuf_leak
}

@test "check bad_sec_kprobe: rejects" {
	check_corpus bad_sec_kprobe
}

@test "check bad_sec_mixed: rejects" {
	check_corpus bad_sec_mixed
}

@test "check bad_sec_tracepoint: rejects" {
	check_corpus bad_sec_tracepoint
}

@test "check bad_sec_xdp: rejects" {
	check_corpus bad_sec_xdp
}

@test "check bad_side_effect_subprog: rejects" {
	check_corpus bad_side_effect_subprog
}

@test "check bad_side_send_signal: rejects" {
	check_corpus bad_side_send_signal
}

@test "check bad_side_trace_printk: rejects" {
	check_corpus bad_side_trace_printk
}

@test "check bad_stack_call_chain: rejects" {
	check_corpus bad_stack_call_chain
}

@test "check bad_stack_global_subprog: rejects" {
	check_corpus bad_stack_global_subprog
}

@test "check bad_stack_loop_callback: rejects" {
	check_corpus bad_stack_loop_callback
}

@test "check bad_stack_over: rejects" {
	check_corpus bad_stack_over
}

@test "check bad_strncpy_dest_maybe_null: rejects" {
	check_corpus bad_strncpy_dest_maybe_null
}

@test "check bad_strncpy_src_unterminated: rejects" {
	check_corpus bad_strncpy_src_unterminated
}

@test "check bad_strnlen_cut: rejects" {
	check_corpus bad_strnlen_cut
}

@test "check bad_strnlen_nul_overwritten: rejects" {
	check_corpus bad_strnlen_nul_overwritten
}

@test "check bad_strnlen_null: rejects" {
	check_corpus bad_strnlen_null
}

@test "check bad_strnlen_overwritten: rejects" {
	check_corpus bad_strnlen_overwritten
}

@test "check bad_strnlen_past_str: rejects" {
	check_corpus bad_strnlen_past_str
}

@test "check bad_strnlen_unterminated: rejects" {
	check_corpus bad_strnlen_unterminated
}

@test "check bad_strnlen_user_ptr: rejects" {
	check_corpus bad_strnlen_user_ptr
}

@test "check bad_tail_call: rejects" {
	check_corpus bad_tail_call
}

@test "check bad_tail_call_granted: rejects" {
	check_corpus bad_tail_call_granted
}

@test "check bad_write_user: rejects" {
	check_corpus bad_write_user
}

@test "check ok_ctx_read: accepts" {
	check_corpus ok_ctx_read
}

@test "check ok_get_info: accepts" {
	check_corpus ok_get_info
}

@test "check ok_global_counter: accepts" {
	check_corpus ok_global_counter
}

@test "check ok_handle_event: accepts" {
	check_corpus ok_handle_event
}

@test "check ok_helper_granted: accepts" {
	check_corpus ok_helper_granted
}

@test "check ok_insn_bpf_loop_under: accepts" {
	check_corpus ok_insn_bpf_loop_under
}

@test "check ok_insn_hostlib_short: accepts" {
	check_corpus ok_insn_hostlib_short
}

@test "check ok_insn_loop_masked_bound: accepts" {
	check_corpus ok_insn_loop_masked_bound
}

@test "check ok_insn_loop_under: accepts" {
	check_corpus ok_insn_loop_under
}

@test "check ok_insn_nested_loops: accepts" {
	check_corpus ok_insn_nested_loops
}

@test "check ok_kfunc_strcmp: accepts" {
	check_corpus ok_kfunc_strcmp
}

@test "check ok_len_bounded: accepts" {
	check_corpus ok_len_bounded
}

@test "check ok_len_checked: accepts" {
	check_corpus ok_len_checked
}

@test "check ok_len_range_checked: accepts" {
	check_corpus ok_len_range_checked
}

@test "check ok_loop_callback: accepts" {
	check_corpus ok_loop_callback
}

@test "check ok_loop_callback_accumulate: accepts" {
	check_corpus ok_loop_callback_accumulate
}

@test "check ok_nonnull_checked: accepts" {
	check_corpus ok_nonnull_checked
}

@test "check ok_probe_read_into_map: accepts" {
	check_corpus ok_probe_read_into_map
}

@test "check ok_ringbuf_submit: accepts" {
	check_corpus ok_ringbuf_submit
}

@test "check ok_ringbuf_submit_subprog: accepts" {
	check_corpus ok_ringbuf_submit_subprog
}

@test "check ok_sec_uprobe_symbol: accepts" {
	check_corpus ok_sec_uprobe_symbol
}

@test "check ok_sec_uretprobe: accepts" {
	check_corpus ok_sec_uretprobe
}

@test "check ok_side_trace_printk: accepts" {
	check_corpus ok_side_trace_printk
}

@test "check ok_stack_siblings: accepts" {
	check_corpus ok_stack_siblings
}

@test "check ok_stack_under: accepts" {
	check_corpus ok_stack_under
}

@test "check ok_strncpy_stack: accepts" {
	check_corpus ok_strncpy_stack
}

@test "check ok_strnlen_comm: accepts" {
	check_corpus ok_strnlen_comm
}

@test "check ok_strnlen_const: accepts" {
	check_corpus ok_strnlen_const
}

@test "check ok_strnlen_explicit_nul: accepts" {
	check_corpus ok_strnlen_explicit_nul
}

@test "check ok_strnlen_read_str: accepts" {
	check_corpus ok_strnlen_read_str
}

@test "check ok_strnlen_rodata: accepts" {
	check_corpus ok_strnlen_rodata
}

@test "check ok_write_user_allowed: accepts" {
	check_corpus ok_write_user_allowed
}

@test "check real/latency: accepts" {
	check_corpus real/latency
}

@test "check real/mallocs: accepts" {
	check_corpus real/mallocs
}

@test "check real/readline: accepts" {
	check_corpus real/readline
}

@test "check real/strfilter: accepts" {
	check_corpus real/strfilter
}

# --- the corpus itself -------------------------------------------------------------------

@test "corpus: every file has its @test, an EXPECT line and a ROLE line; 30 bad, 10 ok at least" {
	local f n nr_bad=0 nr_ok=0
	local -a missing=()

	for f in tests/ext/*.bpf.c tests/ext/real/*.bpf.c; do
		n=${f#tests/ext/}
		n=${n%.bpf.c}
		grep -qx "	check_corpus $n" "$BATS_TEST_FILENAME" || missing+=("$n: no @test")
		[ -n "$(corpus_tag "$f" EXPECT)" ] || missing+=("$n: no EXPECT line")
		[ -n "$(corpus_tag "$f" ROLE)" ] || missing+=("$n: no ROLE line")
		case $n in
		bad_*) nr_bad=$((nr_bad + 1)) ;;
		ok_*) nr_ok=$((nr_ok + 1)) ;;
		esac
	done
	if [ ${#missing[@]} -gt 0 ]; then
		printf '%s\n' "${missing[@]}"
		fail "corpus files without what check_corpus needs"
	fi
	[ "$nr_bad" -ge 30 ] || fail "only $nr_bad bad_* files"
	[ "$nr_ok" -ge 10 ] || fail "only $nr_ok ok_* files"
}

@test "corpus: the roles it is checked under lint without errors" {
	local r

	for r in tests/ext/roles/*.yaml; do
		run "$RP" role lint "$r"
		assert_success
	done
}

# The point of roleprobe is to refuse what the kernel would accept: each file says what the
# kernel does with it ("Kernel: accepts", "Kernel: refuses", or "Kernel: not loadable
# alone" for objects calling the host library); hold the files to it.
@test "corpus: the kernel accepts and refuses what each file says it does" {
	local f n claim got pin
	local -a wrong=()

	requires bpf
	for f in tests/ext/*.bpf.c tests/ext/real/*.bpf.c; do
		n=${f#tests/ext/}
		n=${n%.bpf.c}
		claim=$(sed -n 's/^ \* Kernel: \(accepts\|refuses\|not loadable alone\).*/\1/p' "$f")
		case $claim in
		accepts|refuses) ;;
		"not loadable alone") continue ;;
		*) wrong+=("$n: no 'Kernel:' line"); continue ;;
		esac
		pin=/sys/fs/bpf/rpt_bats_${n//\//_}
		if bpftool prog loadall "$EXT/$n.bpf.o" "$pin" >/dev/null 2>&1; then
			got=accepts
		else
			got=refuses
		fi
		rm -rf "$pin"
		[ "$got" = "$claim" ] || wrong+=("$n: the kernel $got it, the file says it $claim")
	done
	if [ ${#wrong[@]} -gt 0 ]; then
		printf '%s\n' "${wrong[@]}"
		fail "kernel verdicts differ from the corpus"
	fi
}

# --- JSON output ------------------------------------------------------------------------

# Assert that $output (stdout only: run --separate-stderr) is exactly one JSON document.
assert_one_json_document()
{
	printf '%s\n' "$output" | python3 -c 'import json, sys; json.load(sys.stdin)' ||
		fail "not one JSON document on stdout: $output"
}

# json_assert EXPR: evaluate the Python expression EXPR with `d` bound to the JSON document
# in $output; fail, showing the document, unless it is true.
json_assert()
{
	printf '%s\n' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" || fail "JSON check failed: $1
$output"
}

@test "check -j: an accepted extension gives one JSON document with its verdict" {
	run --separate-stderr "$RP" check -j --role roles/uprobe.yaml "$EXT/ok_ctx_read.bpf.o"
	assert_success
	assert_one_json_document
	json_assert 'd["accepted"] is True and d["violations"] == [] and d["role"] == "UprobeRole"'
	json_assert '[e["name"] for e in d["entries"]] == ["save_args"]'
}

@test "check -j: a violation gives one JSON document that names the line and the function" {
	local line

	line=$(grep -n '/\* VIOLATION \*/' tests/ext/bad_helper_ungranted.bpf.c | cut -d: -f1)
	run --separate-stderr "$RP" check -j --role roles/uprobe.yaml \
		"$EXT/bad_helper_ungranted.bpf.o"
	assert_failure 1
	assert_one_json_document
	assert_output --partial "bpf_get_current_pid_tgid is not granted"
	json_assert 'd["accepted"] is False and len(d["violations"]) >= 1'
	json_assert 'any(v["file"].endswith("bad_helper_ungranted.bpf.c") and v["line"] == '"$line"'
		  and v["host_function"] == "bpf_get_current_pid_tgid" for v in d["violations"])'
}

# The bounds check prints must be sound (no less than what the code can really use, measured
# with llvm-objdump -d and written in each file) and within the role (or it would reject).
@test "check -j: instruction and stack bounds are sound and within the role" {
	local spec name role_name field low high

	for spec in ok_insn_loop_under:SmallBudget:max_instructions:915:1000 \
		    ok_insn_bpf_loop_under:SmallBudget:max_instructions:914:1000 \
		    ok_insn_nested_loops:SmallBudget:max_instructions:439:1000 \
		    ok_stack_under:SmallStack:stack_bytes:248:256 \
		    ok_stack_siblings:SmallStack:stack_bytes:228:256; do
		IFS=: read -r name role_name field low high <<<"$spec"
		run --separate-stderr "$RP" check -j --role tests/ext/roles/corpus.yaml \
			--role-name "$role_name" "$EXT/$name.bpf.o"
		assert_success
		json_assert 'all('"$low"' <= e["'"$field"'"] <= '"$high"' for e in d["entries"])'
	done
}

@test "check -p: pretty JSON is JSON too" {
	run --separate-stderr "$RP" check -p --role tests/ext/roles/corpus.yaml --role-name Pid \
		"$EXT/ok_helper_granted.bpf.o"
	assert_success
	assert_one_json_document
}

@test "check -j: an input error is a JSON document too" {
	run --separate-stderr "$RP" check -j --role roles/uprobe.yaml "$(scratch)/missing.bpf.o"
	assert_failure 2
	assert_one_json_document
	assert_output --partial "error"
}

# --- input errors: exit 2, never a crash -------------------------------------------------

@test "check: a missing object file is an input error" {
	run "$RP" check --role roles/uprobe.yaml "$(scratch)/missing.bpf.o"
	assert_failure 2
	assert_output --partial "missing.bpf.o"
}

@test "check: a file that is not ELF is an input error" {
	local f

	f=$(scratch)/notelf.bpf.o
	printf 'this is not an ELF object\n' > "$f"
	run "$RP" check --role roles/uprobe.yaml "$f"
	assert_failure 2
	assert_output --partial "notelf.bpf.o"
}

@test "check: an ELF file that is not a BPF object is an input error" {
	run "$RP" check --role roles/uprobe.yaml "$TARGETS/demo_app"
	assert_failure 2
}

@test "check: a truncated BPF object is an input error" {
	local f size

	f=$(scratch)/truncated.bpf.o
	size=$(stat -c %s "$EXT/ok_ctx_read.bpf.o")
	head -c $((size / 2)) "$EXT/ok_ctx_read.bpf.o" > "$f"
	run "$RP" check --role roles/uprobe.yaml "$f"
	assert_failure 2
}

@test "check: a missing role file is an input error" {
	run "$RP" check --role "$(scratch)/missing.yaml" "$EXT/ok_ctx_read.bpf.o"
	assert_failure 2
	assert_output --partial "missing.yaml"
}

@test "check: a role file with an error is an input error that points at it" {
	local r

	r=$(scratch)/typo.yaml
	sed 's/max_memory:/max_memroy:/' roles/uprobe.yaml > "$r"
	run "$RP" check --role "$r" "$EXT/ok_ctx_read.bpf.o"
	assert_failure 2
	assert_output --partial "typo.yaml:"
	assert_output --partial "max_memroy"
}

@test "check: a role name the file does not define is an input error" {
	run "$RP" check --role tests/ext/roles/corpus.yaml --role-name NoSuchRole \
		"$EXT/ok_ctx_read.bpf.o"
	assert_failure 2
	assert_output --partial "NoSuchRole"
}

@test "check: a file of several roles needs --role-name" {
	run "$RP" check --role tests/ext/roles/corpus.yaml "$EXT/ok_ctx_read.bpf.o"
	assert_failure 2
}

@test "check: --role is required" {
	run "$RP" check "$EXT/ok_ctx_read.bpf.o"
	assert_failure 2
}
