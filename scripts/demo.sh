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

# demo TITLE BINARY EXAMPLE [OPTION...]: one example attached to the running target
demo()
{
	local title=$1 binary=$2 example=$3
	shift 3
	local cmd=("$rp" attach "$@" --role "$role" --binary "$build/targets/$binary"
		   --pid "$target_pid" --duration "$secs" "$build/examples/$example.bpf.o")
	printf '\n== %s\n$ %s\n' "$title" "${cmd[*]}"
	"${cmd[@]}"
}

demo "events: handle_uprobe_event() records as trace lines" demo_app emit_events
demo "a call counter and a uretprobe summing return values" demo_app count_calls
demo "string arguments: read, copied with bpf_strncpy, measured with bpf_strnlen" \
	demo_app trace_strings
demo "a function in a shared library" libdemo.so lib_calls
secs=1
demo "the same counter, as JSON lines" demo_app count_calls -j
