#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# Faults on real uprobes: the target exits, is replaced or deleted while attached; two
# roleprobes on one binary; a --pid that names no process; a ring buffer flooded past its
# size. roleprobe must keep exact counts, stop when it should and only then, report every
# lost event, and never crash. (SIGKILL of roleprobe itself: 03-attach.bats.)

load test_helper

setup_file()
{
	# a flood of events, and a role that allows its 384004 instructions per event
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$BUILD" -I"$SRCDIR/bpf/include" \
		-c "$BATS_TEST_DIRNAME/hostile/flood.bpf.c" -o "$BATS_FILE_TMPDIR/flood.bpf.o"
	sed 's/max_instructions: 100000 /max_instructions: 1000000 /' "$ROLES/uprobe.yaml" \
		> "$BATS_FILE_TMPDIR/flood.yaml"
	grep -q 'max_instructions: 1000000 ' "$BATS_FILE_TMPDIR/flood.yaml"
}

setup()
{
	requires bpf root
	ROLE=$ROLES/uprobe.yaml
	COUNT=$EXAMPLES/count_calls.bpf.o
	D=$(scratch)
	STARTED=()
	RP_PID=
	TARGET_PID=
	GO_FD=
	unset TARGET_BIN
}

teardown()
{
	stop_started
}

# attach_bg NAME ARGS...: a further roleprobe attach in the background, its output in
# $D/NAME.out and $D/NAME.err, its pid in BG_PID; returns once it has attached
attach_bg()
{
	local name=$1 i
	shift
	"$RP" attach "$@" >"$D/$name.out" 2>"$D/$name.err" 3>&- &
	BG_PID=$!
	STARTED+=("$BG_PID")
	for i in $(seq 300); do
		grep -q "attached .* probe" "$D/$name.err" && return 0
		kill -0 "$BG_PID" 2>/dev/null || fail "attach $name exited: $(cat "$D/$name.err")"
		sleep 0.1
	done
	fail "attach $name did not attach: $(cat "$D/$name.err")"
}

@test "faults: without --pid, the target's exit does not stop attach; the duration does" {
	start_target -w -n 25
	start_attach --role "$ROLE" --binary "$TARGETS/demo_app" --duration 3 "$COUNT"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	assert_line "  key: $TARGET_PID  value: 25"
	grep -q "detached (duration reached)" "$D/rp.err"
}

@test "faults: the binary replaced by rename while attached: the running process still counts" {
	local newpid
	cp "$TARGETS/demo_app" "$D/app"
	TARGET_BIN=$D/app start_target -w -n 40
	start_attach --role "$ROLE" --binary "$D/app" "$COUNT"
	# a new file renamed over the old path: the uprobe stays on the inode it was put on
	cp "$TARGETS/demo_app" "$D/app.new"
	mv "$D/app.new" "$D/app"
	go_target
	wait "$TARGET_PID"
	# a process of the new file is a different inode: not probed
	"$D/app" -n 7 >/dev/null &
	newpid=$!
	wait "$newpid"
	kill -INT "$RP_PID"
	wait_attach
	assert_equal "$status" 0
	assert_line "  key: $TARGET_PID  value: 40"
	refute_line --partial "key: $newpid "
	grep -q "detached (interrupted)" "$D/rp.err"
	grep -q "nothing of the extension survives detach" "$D/rp.out"
}

@test "faults: the binary deleted while attached: the running process still counts" {
	cp "$TARGETS/demo_app" "$D/app"
	TARGET_BIN=$D/app start_target -w -n 33
	start_attach --role "$ROLE" --binary "$D/app" --pid "$TARGET_PID" "$COUNT"
	rm "$D/app"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	assert_line "  key: $TARGET_PID  value: 33"
	grep -q "detached (target process exited)" "$D/rp.err"
}

@test "faults: two roleprobes on one binary both count every call" {
	start_target -w -n 60
	start_attach --role "$ROLE" --binary "$TARGETS/demo_app" --pid "$TARGET_PID" "$COUNT"
	attach_bg second --role "$ROLE" --binary "$TARGETS/demo_app" --pid "$TARGET_PID" "$COUNT"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	assert_line "  key: $TARGET_PID  value: 60"
	assert_line '  key: 0  value: {"returns":60,"sum":1830}'
	wait "$BG_PID"
	run cat "$D/second.out"
	assert_line "  key: $TARGET_PID  value: 60"
	assert_line '  key: 0  value: {"returns":60,"sum":1830}'
	grep -q "detached (target process exited)" "$D/second.err"
}

@test "faults: --pid of a process that does not exist: exit 2 before anything is loaded" {
	local gone mark
	# a process that has come and gone: its pid names nothing now
	/bin/true &
	gone=$!
	wait "$gone"
	mark=$(max_prog_id)
	run timeout 10 "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" --pid "$gone" \
		"$COUNT"
	assert_equal "$status" 2
	assert_output --partial "cannot follow process $gone: No such process"
	refute_output --partial "kernel-side check"
	run new_progs "$mark" count_add sum_add_ret
	assert_output ""
	# past the kernel's largest pid
	run timeout 10 "$RP" attach --role "$ROLE" --binary "$TARGETS/demo_app" \
		--pid 2147483647 "$COUNT"
	assert_equal "$status" 2
	assert_output --partial "cannot follow process 2147483647"
}

@test "faults: a flooded ring buffer: lost events counted and reported, none hidden" {
	local events lost
	start_target -w -n 3
	start_attach --role "$BATS_FILE_TMPDIR/flood.yaml" --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" "$BATS_FILE_TMPDIR/flood.bpf.o"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	# 3 calls x 8000 records into a ring buffer of about 2500: records read + lost = 24000
	read -r events lost < <(sed -n \
		's/^roleprobe: detached (target process exited): \([0-9]*\) event(s), \([0-9]*\) lost$/\1 \2/p' \
		"$D/rp.err")
	[ -n "$events" ] || fail "no summary line: $(cat "$D/rp.err")"
	[ "$lost" -gt 0 ] || fail "no event reported lost: $events read, $lost lost"
	assert_equal "$((events + lost))" 24000
	# every record read was printed, and the losses are in the warnings and the enforcer's summary
	assert_equal "$(grep -c "uprobe:demo_add (flood)" "$D/rp.out")" "$events"
	grep -q "^Warning: .* event(s) lost: the ring buffer was full" "$D/rp.err"
	assert_line "enforcer: recursion misses 0, lost events $lost"
}

@test "faults: a flooded ring buffer in JSON: the samples' lost events add up to the summary's" {
	local sum total
	start_target -w -n 2
	start_attach -j --role "$BATS_FILE_TMPDIR/flood.yaml" --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" "$BATS_FILE_TMPDIR/flood.bpf.o"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	sum=$(grep -o '^{"sample":{.*"lost_events":[0-9]*' "$D/rp.out" |
		sed 's/.*"lost_events"://' | awk '{ s += $1 } END { print s + 0 }')
	total=$(grep -o '^{"summary":{.*"lost_events":[0-9]*' "$D/rp.out" | sed 's/.*://')
	[ "$total" -gt 0 ] || fail "no event reported lost"
	assert_equal "$sum" "$total"
	run grep -c '^{"event":' "$D/rp.out"
	assert_equal "$((output + total))" 16000
}
