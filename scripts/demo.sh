#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe in a few seconds: install what is missing, build, then attach the example
# extensions (bpf/examples/) to the demo target (tests/targets/demo_app) under the seed's
# role, roles/uprobe.yaml, showing trace lines from the host library's event record and the
# maps each extension filled. Needs root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN).
#
#   scripts/demo.sh [SECONDS]      (default 3 seconds per example; also `make demo`)
set -euo pipefail

cd "$(dirname "$0")/.."
secs=${1:-3}
case "$secs" in
''|*[!0-9]*|0) echo "demo.sh: SECONDS must be a positive integer, not '$secs'" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: attaching uprobes needs root: run 'sudo $0'" >&2
	exit 4
fi

scripts/install-deps.sh
make -j2 all

build=${ROLEPROBE_BUILD:-build}
rp=$build/roleprobe
role=roles/uprobe.yaml
target_pid=

cleanup()
{
	if [ -n "$target_pid" ]; then
		kill "$target_pid" 2>/dev/null || true
		wait "$target_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

# The target: greets alice, bob and carol in turn, ten times a second, until killed.
"$build/targets/demo_app" -n 0 -d 100 -l >/dev/null &
target_pid=$!

show()
{
	local title=$1
	shift
	printf '\n== %s\n$ %s\n' "$title" "$*"
	"$@"
}

show "events: handle_uprobe_event() records as trace lines" \
	"$rp" attach --role "$role" --binary "$build/targets/demo_app" --pid "$target_pid" \
	--duration "$secs" "$build/examples/emit_events.bpf.o"

show "a call counter and a uretprobe summing return values" \
	"$rp" attach --role "$role" --binary "$build/targets/demo_app" --pid "$target_pid" \
	--duration "$secs" "$build/examples/count_calls.bpf.o"

show "string arguments: read, copied with bpf_strncpy, measured with bpf_strnlen" \
	"$rp" attach --role "$role" --binary "$build/targets/demo_app" --pid "$target_pid" \
	--duration "$secs" "$build/examples/trace_strings.bpf.o"

show "a function in a shared library" \
	"$rp" attach --role "$role" --binary "$build/targets/libdemo.so" --pid "$target_pid" \
	--duration "$secs" "$build/examples/lib_calls.bpf.o"

printf '\n== the same, as JSON lines (-j)\n'
"$rp" attach -j --role "$role" --binary "$build/targets/demo_app" --pid "$target_pid" \
	--duration 1 "$build/examples/count_calls.bpf.o"
