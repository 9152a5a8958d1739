# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# Shared by every bats file: paths, the `requires` helper that knows every environment
# need, and strict mode: when CI=true a test that cannot run fails instead of skipping,
# so a run can never pass because everything was skipped.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

SRCDIR=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BUILD=${ROLEPROBE_BUILD:-$SRCDIR/build}
RP=$BUILD/roleprobe
ROLES=$SRCDIR/roles
EXT=$BUILD/ext
EXAMPLES=$BUILD/examples
TARGETS=$BUILD/targets

# skip, or fail under CI=true
rp_skip()
{
	if [ "${CI:-}" = "true" ]; then
		fail "cannot run under CI=true: $*"
	fi
	skip "$*"
}

# requires NEED...: root, bpf (can load BPF programs), btf (vmlinux BTF), bpftool,
# bpftrace, librte_bpf (build/bench/bench_target built with it), setpriv. An unknown need
# is a bug in the test, never a skip.
requires()
{
	local need
	for need in "$@"; do
		case "$need" in
		root)
			[ "$(id -u)" -eq 0 ] || rp_skip "needs root" ;;
		bpf)
			[ "$(id -u)" -eq 0 ] || rp_skip "needs root to load BPF programs"
			command -v bpftool >/dev/null || rp_skip "needs bpftool"
			bpftool prog list >/dev/null 2>&1 || rp_skip "cannot list BPF programs (CAP_BPF?)" ;;
		btf)
			[ -r /sys/kernel/btf/vmlinux ] || rp_skip "needs /sys/kernel/btf/vmlinux" ;;
		bpftool)
			command -v bpftool >/dev/null || rp_skip "needs bpftool" ;;
		bpftrace)
			command -v bpftrace >/dev/null || rp_skip "needs bpftrace (scripts/install-deps.sh --bench)" ;;
		librte_bpf)
			"$BUILD/bench/bench_target" info 2>/dev/null | grep -q '^userspace_runtime=DPDK' ||
				rp_skip "needs librte_bpf in bench_target (install-deps.sh --bench; make)" ;;
		setpriv)
			command -v setpriv >/dev/null || rp_skip "needs setpriv (util-linux)" ;;
		*)
			fail "requires: unknown need '$need'" ;;
		esac
	done
}

# A scratch directory per test, removed by bats.
scratch()
{
	echo "$BATS_TEST_TMPDIR"
}

# ---- roleprobe attach with a target, for the attach suites (03, 06) ----
# They use $D (a scratch directory), and keep in STARTED the background processes that
# teardown must end (stop_started), in TARGET_PID and RP_PID the last target and attach,
# in GO_FD the fifo a waiting target reads its start line from.

# start_target ARGS...: demo_app ARGS in the background; with -w it waits for go_target, so
# that every call it makes happens after roleprobe has attached ($TARGET_BIN: another copy)
start_target()
{
	if [ ! -p "$D/go" ]; then
		mkfifo "$D/go"
		exec {GO_FD}<>"$D/go"
	fi
	"${TARGET_BIN:-$TARGETS/demo_app}" "$@" <&$GO_FD >"$D/target.out" 2>&1 3>&- &
	TARGET_PID=$!
	STARTED+=("$TARGET_PID")
}

go_target()
{
	echo go >&$GO_FD
}

# start_attach ARGS...: roleprobe attach in the background (stdout in $D/rp.out, stderr in
# $D/rp.err); returns once it has attached, or fails the test with its output if it exits
# first
start_attach()
{
	local i
	"$RP" attach "$@" >"$D/rp.out" 2>"$D/rp.err" 3>&- &
	RP_PID=$!
	STARTED+=("$RP_PID")
	for i in $(seq 300); do
		grep -q "attached .* probe" "$D/rp.err" && return 0
		if ! kill -0 "$RP_PID" 2>/dev/null; then
			fail "roleprobe attach exited before attaching: $(cat "$D/rp.err")"
		fi
		sleep 0.1
	done
	fail "roleprobe attach did not attach: $(cat "$D/rp.err")"
}

# wait_attach: wait for roleprobe to end; its exit status in $status, its stdout in $output
# and $lines (as `run` sets them, for bats-assert)
wait_attach()
{
	status=0
	wait "$RP_PID" || status=$?
	output=$(cat "$D/rp.out")
	mapfile -t lines <"$D/rp.out"
}

# stop_started: for teardown: kill what the test started, reap it, close the fifo
stop_started()
{
	local p
	for p in "${STARTED[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	for p in "${STARTED[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	if [ -n "${GO_FD:-}" ]; then
		exec {GO_FD}>&-
	fi
}

# max_prog_id: the highest BPF program id in the kernel now (ids only grow: a program loaded
# later has a higher one)
max_prog_id()
{
	bpftool prog list |
		awk '/^[0-9]+: / { id = $1 + 0; if (id > max) max = id } END { print max + 0 }'
}

# new_progs MARK NAME...: ids above MARK of the programs called NAME (as bpftool lists them)
new_progs()
{
	local mark=$1
	shift
	bpftool prog list | awk -v mark="$mark" -v names=" $* " '
		/^[0-9]+: / {
			id = $1 + 0
			for (i = 2; i < NF; i++)
				if (id > mark && $i == "name" && index(names, " " $(i + 1) " "))
					print id
		}'
}
