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
# bpftrace, setpriv. An unknown need is a bug in the test, never a skip.
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
