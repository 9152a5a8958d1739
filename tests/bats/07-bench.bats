#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe bench: what it prints, not how fast anything is (no timed assertions). The
# runs are cut to one round of few calls so the file stays fast; `make bench` is the real
# thing.

load test_helper
bats_require_minimum_version 1.5.0

# The assets through a directory of this test's own (symlinks to build/bench), so that the
# processes it starts are told apart from a concurrent run's by their path.
setup()
{
	ASSETS=$(scratch)/assets
	mkdir -p "$ASSETS"
	ln -s "$BUILD"/bench/* "$ASSETS"/
	BENCH=("$RP" bench --assets "$ASSETS")
	SMALL=(--rounds 1 --calls 20000 --mirror-entries 10000)
}

# Every process the bench starts names a path under $ASSETS: bench_target itself, and the
# roleprobe attach and bpftrace tied to one.
leftovers()
{
	pgrep -f -- "$ASSETS/" || true
}

teardown()
{
	local pids
	pids=$(leftovers)
	if [ -n "$pids" ]; then
		# shellcheck disable=SC2086
		kill $pids 2>/dev/null || true
		fail "left running: $pids"
	fi
}

@test "bench: -h shows usage and the sections, exit 0" {
	run "$RP" bench -h
	assert_success
	assert_output --partial "Usage: roleprobe bench"
	assert_output --partial "--quick"
	assert_output --partial "percall,verify,attach,mirror"
}

@test "bench: an unknown section or option is a usage error (2)" {
	run "$RP" bench --only percall,speed
	assert_failure 2
	assert_output --partial "what is section 'speed'?"
	run "$RP" bench --rounds 0
	assert_failure 2
	assert_output --partial "--rounds needs 1 to"
	run "$RP" bench --calls 10
	assert_failure 2
	run "$RP" bench extra
	assert_failure 2
}

@test "bench: without privileges it exits 4 and says what is missing" {
	requires root setpriv
	run setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		"$RP" bench --quick
	assert_failure 4
	assert_output --partial "needs root"
	assert_output --partial "CAP_BPF"
}

@test "bench: missing assets are an input error (2) naming the file" {
	requires bpf
	run "$RP" bench --only verify --rounds 1 --assets "$(scratch)/nothing-here"
	assert_failure 2
	assert_output --partial "nothing-here/bench.yaml"
	assert_output --partial "make"
}

@test "bench: -j is one JSON document with every key, every number > 0" {
	requires bpf bpftrace librte_bpf
	run --separate-stderr "${BENCH[@]}" -j "${SMALL[@]}"
	assert_success
	[ "${#lines[@]}" -eq 1 ] || fail "expected one JSON line, got ${#lines[@]}"
	printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
def pos(path, v):
    if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
        sys.exit("%s is %r, not a number > 0" % (path, v))
keys = ["native", "roleprobe_uprobe", "libbpf_uprobe", "stats_sampling", "uretprobe",
        "uprobe_nop5", "userspace_jit", "userspace_interp"]
pc = d["per_call_ns"]
if sorted(pc) != sorted(keys):
    sys.exit("per_call_ns keys: %s" % sorted(pc))
for k in keys:
    pos("per_call_ns." + k, pc[k])
    pos("per_call_wall_ns." + k, d["per_call_wall_ns"][k])
    if len(d["per_call_rounds_ns"][k]) != 1:
        sys.exit("per_call_rounds_ns.%s: %r" % (k, d["per_call_rounds_ns"][k]))
if d["per_call_unavailable"]:
    sys.exit("unavailable: %r" % d["per_call_unavailable"])
pos("roleprobe_vs_libbpf", d["roleprobe_vs_libbpf"])
pos("bpf_prog_ns", d["bpf_prog_ns"])
if "librte_bpf" not in d["userspace_runtime"]:
    sys.exit("userspace_runtime: %r" % d["userspace_runtime"])
v = d["verify"]
if len(v) != 4:
    sys.exit("verify has %d rows" % len(v))
for i, row in enumerate(v):
    for k in ["insns", "roleprobe_us", "kernel_us", "roleprobe_steps", "kernel_processed_insns"]:
        pos("verify[%d].%s" % (i, k), row[k])
sizes = [row["insns"] for row in v]
if sizes != sorted(sizes) or not (50 <= sizes[0] <= 150 and 50000 <= sizes[-1] <= 150000):
    sys.exit("verify sizes: %r" % sizes)
for k in ["roleprobe", "bpftrace", "roleprobe_check", "roleprobe_kernel_check",
          "roleprobe_attached"]:
    pos("attach_ms." + k, d["attach_ms"][k])
a = d["attach_ms"]
phases = [a["roleprobe_check"], a["roleprobe_kernel_check"], a["roleprobe_attached"],
          a["roleprobe"]]
if phases != sorted(phases):
    sys.exit("attach phases out of order: %r" % a)
m = d["mirror"]
if m["entries"] != 10000:
    sys.exit("mirror entries: %r" % m["entries"])
for k in ["batch_entries_per_s", "keys_entries_per_s", "json_entries_per_s"]:
    pos("mirror." + k, m[k])
c = d["config"]
if (c["rounds"], c["calls"]) != (1, 20000):
    sys.exit("config: %r" % c)
for k in ["cpu", "kernel", "os", "libbpf"]:
    if not d["machine"][k]:
        sys.exit("machine.%s is empty" % k)
pos("machine.cpus", d["machine"]["cpus"])
'
}

@test "bench: the table names every variant, the sizes and both attach commands" {
	requires bpf bpftrace librte_bpf
	run --separate-stderr "${BENCH[@]}" "${SMALL[@]}" --only percall,verify,attach
	assert_success
	for label in "native, no probe" "uprobe, roleprobe attach" "uprobe, plain libbpf" \
		     "stats always on" "uretprobe, plain libbpf" "5-byte nop" \
		     "librte_bpf, JIT" "librte_bpf, interpreter"; do
		assert_output --partial "$label"
	done
	assert_output --partial "BPF_PROG_LOAD"
	assert_output --partial "roleprobe attach"
	assert_output --partial "bpftrace v"
	refute_output --partial "Map mirror"
}

@test "bench: no process it started outlives it" {
	requires bpf bpftrace
	run --separate-stderr "${BENCH[@]}" --only percall,attach --rounds 1 --calls 5000
	assert_success
	[ -z "$(leftovers)" ] || fail "left running: $(leftovers)"
}
