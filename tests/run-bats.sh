#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# Run the bats suites and close with one plain line, "bats: N passed, N failed, N skipped",
# so that a run which executed nothing cannot look like a pass.
set -uo pipefail
dir=${1:-tests/bats}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

bats --tap "$dir" | tee "$log"
rc=${PIPESTATUS[0]}

passed=$(grep -cE '^ok [0-9]+' "$log" | tr -d ' ')
skipped=$(grep -cE '^ok [0-9]+ .*# skip' "$log" | tr -d ' ')
failed=$(grep -cE '^not ok [0-9]+' "$log" | tr -d ' ')
passed=$((passed - skipped))
echo "bats: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$rc" -eq 0 ]; then
	echo "bats: no test ran" >&2
	exit 1
fi
exit "$rc"
