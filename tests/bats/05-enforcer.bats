#!/usr/bin/env bats
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# The enforcer's map mirror file, as its readers see it: always a whole JSON document while
# it is rewritten, readable by an unprivileged user whatever the writer's umask. The writer
# is build/unit/test_mirror --write-loop: real kernel maps, mirrored by the same code as
# `roleprobe attach --mirror`. (The enforcer's run-time checks are tested against real
# uprobes in tests/unit/test_enforcer.c, and through `roleprobe attach` in
# 06-attach-enforcer.bats.)

load test_helper

WRITER_BIN=$BUILD/unit/test_mirror

setup()
{
	D=$(mktemp -d /tmp/rp-mirror-bats.XXXXXX)
	chmod 0755 "$D"
	WRITER=
}

teardown()
{
	if [ -n "$WRITER" ]; then
		kill "$WRITER" 2>/dev/null || true
		wait "$WRITER" 2>/dev/null || true
	fi
	rm -rf "$D"
}

@test "mirror: a reader never sees a partial file while it is rewritten" {
	requires bpf
	"$WRITER_BIN" --write-loop "$D/mirror.json" 1
	"$WRITER_BIN" --write-loop "$D/mirror.json" 300 &
	WRITER=$!
	# read and parse as fast as possible until the writer has exited, then once more
	run python3 - "$D/mirror.json" "$WRITER" <<'EOF'
import json, sys
path, pid = sys.argv[1], sys.argv[2]

def running():
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False

seqs, reads = set(), 0
while True:
    finished = not running()
    with open(path) as f:
        doc = json.load(f)		# raises on a partial document
    m = doc["maps"][0]
    assert m["name"] == "loop" and m["nr_entries"] == 2000 == len(m["entries"]), m["name"]
    seqs.add(doc["seq"])
    reads += 1
    if finished:
        break
print(f"reads {reads} versions {len(seqs)} last {doc['seq']}")
EOF
	assert_success
	wait "$WRITER"
	WRITER=
	# the reader saw the file change under it, and every version was whole
	[[ "$output" =~ ^reads\ [0-9]+\ versions\ ([0-9]+)\ last\ 300$ ]]
	[ "${BASH_REMATCH[1]}" -ge 2 ]
	# no temporary file left beside it
	[ "$(ls -A "$D")" = mirror.json ]
}

@test "mirror: the file is world-readable whatever the umask: an unprivileged user reads it whole" {
	requires bpf setpriv
	(umask 077 && "$WRITER_BIN" --write-loop "$D/mirror.json" 2)
	[ "$(stat -c %a "$D/mirror.json")" = 644 ]
	setpriv --reuid=nobody --regid=nogroup --clear-groups cat "$D/mirror.json" > "$D/read-by-nobody"
	run python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["maps"][0]["entries"]
print(d["seq"], len(e), sorted(x["key"] for x in e) == list(range(2000)),
      all(x["value"] == x["key"] for x in e))' "$D/read-by-nobody"
	assert_success
	# two writes; every key of the map, each value as the writer set it (the key)
	assert_output '2 2000 True True'
}
