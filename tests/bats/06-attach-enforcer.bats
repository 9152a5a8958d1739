#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe attach with its enforcer (SPEC layer 3), on real uprobes: the --mirror file
# equals the kernel's maps (the exact calls a target made, and bpftool's dump of the same
# map ids), a reader never finds it partial, max_event_ns detaches or warns as the role or
# --on-violation says, a target whose calls keep a fixed phase to the intervals cannot stay
# out of the stats windows, a limit no sampled run checked is said to be unverified,
# max_map_memory refuses before anything attaches, and every line of -j output is one JSON
# document of a documented kind.
#
# Targets: demo_app -w waits for a line on a fifo before its first call, so every call it
# makes happens while roleprobe is attached; demo_app -n 0 -d 1 calls demo_add about once a
# millisecond until it is killed. Roles: tests/bats/roles-enforcer/limits.yaml.

load test_helper
bats_require_minimum_version 1.5.0

LIMITS=$BATS_TEST_DIRNAME/roles-enforcer/limits.yaml
COUNT=$EXAMPLES/count_calls.bpf.o

setup()
{
	requires bpf root
	D=$(scratch)
	STARTED=()
	RP_PID=
	TARGET_PID=
	GO_FD=
	# only what appears after this point is this test's (ids only grow)
	PROG_MARK=$(max_id prog)
	MAP_MARK=$(max_id map)
}

teardown()
{
	stop_started
}

max_id()
{
	bpftool "$1" list -j | python3 -c 'import json, sys
print(max([o["id"] for o in json.load(sys.stdin)], default=0))'
}

# new_ids OBJECT MARK NAME...: ids above MARK of the bpftool OBJECTs (prog, map) so named
new_ids()
{
	local object=$1 mark=$2
	shift 2
	bpftool "$object" list -j | python3 -c 'import json, sys
mark, names = int(sys.argv[1]), sys.argv[2:]
print(" ".join(str(o["id"]) for o in json.load(sys.stdin)
               if o["id"] > mark and o.get("name") in names))' "$mark" "$@"
}

# assert_gone OBJECT ID...: none of them is left, once the kernel's deferred frees are done
assert_gone()
{
	local object=$1 i id left
	shift
	for i in $(seq 100); do
		left=
		for id in "$@"; do
			if bpftool "$object" show id "$id" >/dev/null 2>&1; then
				left="$left $id"
			fi
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	fail "$object ids still in the kernel:$left"
}

# mirror_py FILE CODE ARGS...: run python CODE with doc = the mirror file parsed, maps = its
# maps by name, and calls(pid) = count_calls' count for a pid (0 when absent)
mirror_py()
{
	local file=$1 code=$2
	shift 2
	python3 - "$file" "$@" <<EOF
import json, sys
doc = json.load(open(sys.argv[1]))
maps = {m["name"]: m for m in doc["maps"]}
def calls(pid):
    return sum(e["value"] for e in maps["calls"]["entries"] if e["key"] == int(pid))
args = sys.argv[2:]
$code
EOF
}

# wait_mirror FILE CONDITION ARGS...: poll the mirror file until the python CONDITION holds
# (bounded: fails the test after 15 s, with the last file)
wait_mirror()
{
	local file=$1 cond=$2 i
	shift 2
	for i in $(seq 150); do
		if [ -e "$file" ] && mirror_py "$file" "sys.exit(0 if ($cond) else 1)" "$@"; then
			return 0
		fi
		sleep 0.1
	done
	fail "the mirror never reached ($cond): $(cat "$file" 2>&1)"
}

# assert_json_lines FILE: every line one JSON object with one key, a kind README.md lists;
# the kinds seen, sorted, in $output
assert_json_lines()
{
	run python3 - "$1" <<'EOF'
import json, sys
kinds = {"check", "kernel_check", "attached", "event", "sample", "violation",
         "summary", "enforcer", "error"}
seen = set()
for n, line in enumerate(open(sys.argv[1]), 1):
    doc = json.loads(line)		# raises on anything but one whole document
    assert isinstance(doc, dict) and len(doc) == 1, f"line {n}: {line[:80]}"
    kind = next(iter(doc))
    assert kind in kinds, f"line {n}: unknown kind {kind}"
    seen.add(kind)
print(" ".join(sorted(seen)))
EOF
	assert_success
}

@test "attach --mirror: when the target is done, the file holds the exact calls it made" {
	# a call a millisecond: the run outlasts an interval, so runs are sampled
	start_target -w -n 500 -d 1
	start_attach --role "$LIMITS" --role-name Counting --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" --interval 0.2 --mirror "$D/m.json" "$COUNT"
	# the file exists from the start, with the maps empty
	mirror_py "$D/m.json" 'assert maps["calls"]["entries"] == [], doc'
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	# the summary: its map contents, ns per event, entries and memory per map, the verdicts
	assert_line "  key: $TARGET_PID  value: 500"
	assert_line --regexp '^enforcer: [0-9]+ runs? sampled in [0-9]+ ms of stats: [0-9]+ events/s, [1-9][0-9]* ns/event on average'
	assert_line 'enforcer: map calls (hash): 1/1024 entries, 12288 bytes'
	assert_line 'enforcer: map returns (array): 1/1 entries, 20 bytes'
	assert_line 'enforcer: leftovers: none, nothing of the extension survives detach'
	assert_line 'enforcer: 0 violation(s)'
	# demo_add(i, 1) for i = 0..499 returns i + 1: 500 calls and returns, summing to 125250
	run mirror_py "$D/m.json" '
assert set(maps) == {"calls", "returns"}, list(maps)
assert maps["calls"]["entries"] == [{"key": int(args[0]), "value": 500}], maps["calls"]
assert maps["returns"]["entries"] == [{"key": 0, "value": {"returns": 500, "sum": 125250}}]'\
		"$TARGET_PID"
	assert_success
	grep -q "detached (target process exited)" "$D/rp.err"
	[ "$(ls -A "$D" | grep -v '^go$' | sort | tr '\n' ' ')" = "m.json rp.err rp.out target.out " ]
}

@test "attach --mirror: while attached, the file equals bpftool's dump of the same maps" {
	start_target -w -n 500
	start_attach -j --role "$LIMITS" --role-name Counting --binary "$TARGETS/demo_app" \
		--interval 0.2 --mirror "$D/m.json" "$COUNT"
	go_target
	wait "$TARGET_PID"
	# two refreshes after this read: the second began after the target had exited
	local seq
	seq=$(mirror_py "$D/m.json" 'print(doc["seq"])')
	wait_mirror "$D/m.json" 'doc["seq"] >= int(args[0]) + 2' "$seq"
	cp "$D/m.json" "$D/live.json"
	local id
	for id in $(mirror_py "$D/live.json" 'print(" ".join(str(m["id"]) for m in doc["maps"]))'); do
		bpftool map dump id "$id" -j >"$D/dump.$id.json"
	done
	run mirror_py "$D/live.json" '
import os
for m in doc["maps"]:
    dump = json.load(open(os.path.join(args[1], "dump.%d.json" % m["id"])))
    kernel = sorted(json.dumps(e["formatted"], sort_keys=True) for e in dump)
    mirror = sorted(json.dumps(e, sort_keys=True) for e in m["entries"])
    assert kernel == mirror, (m["name"], kernel, mirror)
    assert m["nr_entries"] == len(dump)
assert calls(args[0]) == 500, maps["calls"]
print(len(doc["maps"]), "maps equal")' "$TARGET_PID" "$D"
	assert_success
	assert_output "2 maps equal"
	kill -INT "$RP_PID"
	wait_attach
	assert_equal "$status" 0
	# the last write, after detach, holds the same values
	run mirror_py "$D/m.json" '
live = json.load(open(args[0]))
assert [m["entries"] for m in doc["maps"]] == [m["entries"] for m in live["maps"]]
assert doc["seq"] > live["seq"]' "$D/live.json"
	assert_success
	assert_json_lines "$D/rp.out"
	assert_output "attached check enforcer kernel_check sample summary"
}

@test "attach --mirror: a reader never finds the file partial while it is rewritten" {
	start_target -n 0 -d 1
	start_attach --role "$LIMITS" --role-name Counting --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" --interval 0.05 --mirror "$D/m.json" "$COUNT"
	# parse it as fast as possible until 20 versions have gone by (bounded: 20 s)
	run timeout 20 python3 - "$D/m.json" "$TARGET_PID" <<'EOF'
import json, sys
path, pid = sys.argv[1], int(sys.argv[2])
seqs, reads, last = set(), 0, 0
while len(seqs) < 20:
    with open(path) as f:
        doc = json.load(f)		# raises on a partial document
    names = [m["name"] for m in doc["maps"]]
    assert names == ["calls", "returns"], names
    n = sum(e["value"] for e in doc["maps"][0]["entries"] if e["key"] == pid)
    assert n >= last, (n, last)	# the count only grows, version after version
    last = n
    seqs.add(doc["seq"])
    reads += 1
print(f"reads {reads} versions {len(seqs)} growing {last > 0}")
EOF
	assert_success
	[[ "$output" =~ ^reads\ [0-9]+\ versions\ 20\ growing\ True$ ]]
	kill -INT "$RP_PID"
	wait_attach
	assert_equal "$status" 0
	# no temporary file left beside it
	[ "$(ls -A "$D" | grep -v -e '^go$' -e '^rp\.' -e '^target\.out$')" = m.json ]
}

@test "attach: max_event_ns over its limit detaches, exits 1, and names limit and value" {
	start_target -n 0 -d 1
	status=0
	timeout 30 "$RP" attach -j --role "$LIMITS" --role-name SlowDetach \
		--binary "$TARGETS/demo_app" --pid "$TARGET_PID" --interval 0.2 "$COUNT" \
		>"$D/rp.out" 2>"$D/rp.err" || status=$?
	assert_equal "$status" 1
	run grep '^{"violation"' "$D/rp.out"
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '"attribute":"max_event_ns","limit":1,"observed":[0-9.e+]+,"unit":"ns/event"'
	assert_output --partial '"action":"detach"'
	run python3 -c 'import json, sys
v = json.loads(sys.argv[1])["violation"]
assert v["observed"] > v["limit"] == 1, v
print(v["detail"])' "${lines[0]}"
	assert_success
	assert_output --regexp '^limit 1 ns/event, observed [0-9]+ ns/event'
	grep -q '^{"summary":{"stopped":"violation"' "$D/rp.out"
	grep -q '"detached_for_violation":true' "$D/rp.out"
	# detached while the target runs on: its programs and links are gone
	kill -0 "$TARGET_PID"
	local attached
	attached=$(grep '^{"attached"' "$D/rp.out")
	assert_gone prog $(echo "$attached" | grep -o '"prog_id":[0-9]*' | cut -d: -f2)
	assert_gone link $(echo "$attached" | grep -o '"link_id":[0-9]*' | cut -d: -f2)
	assert_json_lines "$D/rp.out"
}

@test "attach --on-violation warn: the violation is reported once and the programs keep counting" {
	start_target -n 0 -d 1
	# the role says detach; the command line says warn
	start_attach -j --role "$LIMITS" --role-name SlowDetach --on-violation warn \
		--binary "$TARGETS/demo_app" --pid "$TARGET_PID" --interval 0.1 \
		--mirror "$D/m.json" "$COUNT"
	local i count
	for i in $(seq 150); do
		grep -q '^{"violation":{"attribute":"max_event_ns"' "$D/rp.out" && break
		sleep 0.1
	done
	grep -q '"action":"warn"' "$D/rp.out" || fail "no violation reported: $(cat "$D/rp.out")"
	# counted after the violation: the mirror shows the count growing past what it was then
	count=$(mirror_py "$D/m.json" 'print(calls(args[0]))' "$TARGET_PID")
	wait_mirror "$D/m.json" 'calls(args[0]) > int(args[1])' "$TARGET_PID" "$count"
	kill -INT "$RP_PID"
	wait_attach
	assert_equal "$status" 0
	run python3 -c 'import json, sys
for line in open(sys.argv[1]):
    doc = json.loads(line)
    if "enforcer" in doc:
        e = doc["enforcer"]
        print(len(e["violations"]), e["on_violation"], e["detached_for_violation"],
              e["leftovers"])' "$D/rp.out"
	# over the limit at every sample, reported when it went over only
	assert_output "1 warn False []"
	grep -q '^{"summary":{"stopped":"interrupted"' "$D/rp.out"
	assert_json_lines "$D/rp.out"
}

@test "attach: calls at a fixed phase to the intervals, outside their first 10 %, are sampled" {
	# A target periodic in step with the enforcer: at every interval's start (its sample
	# line), 7 calls 20 ms apart from 30 ms in, so none falls in the first 20 ms of the
	# 200 ms interval, where a window at a fixed phase (the old first 10 %) was: that window
	# sampled no run of it, ever (the calls end 40 ms before the next interval's window).
	# A window at a random offset (0 to 180 ms) holds one of the calls about 3 times in 4:
	# 12 intervals without one is a chance of about 1e-8.
	# A copy of demo_app: only this test's processes hit its probes.
	cp "$TARGETS/demo_app" "$D/app"
	start_attach -j --role "$LIMITS" --role-name SlowWarn --binary "$D/app" --interval 0.2 \
		"$COUNT"
	run timeout 60 python3 - "$D/rp.out" "$D/app" <<'EOF'
import subprocess, sys, time
out, app = open(sys.argv[1]), sys.argv[2]
buf, samples, bursts = "", 0, []
out.seek(0, 2)		# a line written before now would be seen late: only new ones count
while samples < 12:
    chunk = out.readline()
    if not chunk:
        time.sleep(0.001)
        continue
    buf += chunk
    if not buf.endswith("\n"):
        continue
    line, buf = buf, ""
    if not line.startswith('{"sample"'):
        continue
    samples += 1
    time.sleep(0.03)
    bursts.append(subprocess.Popen([app, "-n", "7", "-d", "20"], stdout=subprocess.DEVNULL))
for p in bursts:
    assert p.wait() == 0, p.args
print(samples, "bursts")
EOF
	assert_success
	assert_output "12 bursts"
	kill -INT "$RP_PID"
	wait_attach
	assert_equal "$status" 0
	run grep -c '^{"violation":{"attribute":"max_event_ns","limit":1,' "$D/rp.out"
	assert_output 1
	# the windows moved, each inside its interval; the limit was checked
	run python3 -c 'import json, sys
offsets = set()
for line in open(sys.argv[1]):
    doc = json.loads(line)
    s = doc.get("sample")
    if s and s["window_offset_ms"] is not None:
        assert s["window_offset_ms"] + s["window_ms"] <= 200, s
        offsets.add(s["window_offset_ms"])
    if "enforcer" in doc:
        e = doc["enforcer"]
        print(e["events_sampled"] > 0, e["max_event_ns_verified"], len(e["violations"]))
print(len(offsets) > 1)' "$D/rp.out"
	assert_success
	assert_output "True True 1
True"
	assert_json_lines "$D/rp.out"
}

@test "attach: a max_event_ns no sampled run checked is said to be unverified, not passed" {
	# a target that makes no call: it waits for a start line that never comes
	start_target -w -n 1
	run "$RP" attach --role "$LIMITS" --role-name SlowWarn --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" --interval 0.2 --duration 1 "$COUNT"
	assert_equal "$status" 0
	assert_line 'enforcer: no run sampled'
	local warning='^enforcer: warning: max_event_ns \(1 ns\) was not verified: no run of the '
	warning+='extension fell in a stats window \([0-9]+ ms of stats over [0-9]+ interval\(s\)\)$'
	assert_line --regexp "$warning"
	assert_line 'enforcer: 0 violation(s), max_event_ns not verified'
	run --separate-stderr "$RP" attach -j --role "$LIMITS" --role-name SlowWarn \
		--binary "$TARGETS/demo_app" --pid "$TARGET_PID" --interval 0.2 --duration 1 "$COUNT"
	assert_equal "$status" 0
	run python3 -c 'import json, sys
for line in sys.stdin:
    doc = json.loads(line)
    if "enforcer" in doc:
        e = doc["enforcer"]
        print(e["events_sampled"], e["max_event_ns"], e["max_event_ns_verified"],
              e["violations"])' <<<"$output"
	assert_success
	assert_output "0 1 False []"
	# without the limit there is nothing to verify: no warning, and null
	run "$RP" attach --role "$LIMITS" --role-name Counting --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" --interval 0.2 --duration 1 "$COUNT"
	assert_equal "$status" 0
	assert_line 'enforcer: 0 violation(s)'
	refute_output --partial 'not verified'
	run --separate-stderr "$RP" attach -j --role "$LIMITS" --role-name Counting \
		--binary "$TARGETS/demo_app" --pid "$TARGET_PID" --interval 0.2 --duration 1 "$COUNT"
	assert_equal "$status" 0
	assert_output --partial '"max_event_ns":0,"max_event_ns_verified":null,'
}

@test "attach -j: every stdout line is one JSON document, events and violations included" {
	# the role's own on_violation: warn; a call a millisecond for 300 ms puts events in
	# every 5 ms stats window
	start_target -w -n 300 -d 1
	start_attach -j --role "$LIMITS" --role-name SlowWarn --binary "$TARGETS/demo_app" \
		--pid "$TARGET_PID" --interval 0.05 "$EXAMPLES/emit_events.bpf.o"
	go_target
	wait "$TARGET_PID"
	wait_attach
	assert_equal "$status" 0
	assert_json_lines "$D/rp.out"
	assert_output "attached check enforcer event kernel_check sample summary violation"
	# 300 calls of demo_greet and 300 returns of demo_add
	[ "$(grep -c '^{"event"' "$D/rp.out")" -eq 600 ]
	grep -q '^{"summary":{"stopped":"target process exited","events":600,"lost_events":0' \
		"$D/rp.out"
}

@test "attach: maps over max_map_memory are refused before attaching, and nothing stays" {
	# the userspace verifier sees the maps' sizes in the ELF: refused before loading
	run "$RP" attach --role "$LIMITS" --role-name TinyMaps --binary "$TARGETS/demo_app" \
		--duration 5 "$COUNT"
	assert_equal "$status" 1
	assert_output --partial "the maps take 12308 bytes"
	assert_output --partial "not loaded"
	# without it, the enforcer sees them in the kernel: refused after load, before attach
	run "$RP" attach --role "$LIMITS" --role-name TinyMapsUnchecked \
		--binary "$TARGETS/demo_app" --duration 5 "$COUNT"
	assert_equal "$status" 1
	assert_output --partial "violation of max_map_memory: limit 64 bytes, observed 12308 bytes"
	assert_output --partial "before it runs: not attached"
	refute_output --partial "attached 2 probe"
	assert_gone prog $(new_ids prog "$PROG_MARK" count_add sum_add_ret)
	assert_gone map $(new_ids map "$MAP_MARK" calls returns rp_events rp_lost)
}

@test "attach: --interval, --on-violation and --mirror are checked, and in --help" {
	local bad
	for bad in 0 0.04 1.2345 abc -1 3601 '' . 1e2 ' 1'; do
		run "$RP" attach --role "$LIMITS" --binary "$TARGETS/demo_app" --interval "$bad" \
			"$COUNT"
		assert_equal "$status" 2
		assert_output --partial "--interval needs 0.05 to 3600 seconds"
	done
	run "$RP" attach --role "$LIMITS" --binary "$TARGETS/demo_app" --on-violation kill \
		"$COUNT"
	assert_equal "$status" 2
	assert_output --partial "--on-violation needs warn or detach, not 'kill'"
	# a mirror that cannot be written: refused before anything attaches
	run "$RP" attach --role "$LIMITS" --role-name Counting --binary "$TARGETS/demo_app" \
		--interval 3600 --mirror "$D/no-such-dir/m.json" "$COUNT"
	assert_equal "$status" 2
	assert_output --partial "no-such-dir/m.json cannot be written: not attached"
	refute_output --partial "kernel-side check"
	refute_output --partial "userspace check"
	assert_gone prog $(new_ids prog "$PROG_MARK" count_add sum_add_ret)
	run "$RP" attach -h
	assert_success
	assert_output --partial "--interval SECONDS"
	assert_output --partial "--on-violation warn|detach"
	assert_output --partial "--mirror FILE"
}
