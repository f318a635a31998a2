#!/bin/sh
# e2e.sh REPO LABEL BASE...HEAD...: times `gatesel select --format json`
# against `git diff --name-only --no-renames BASE...HEAD` on a clone with a
# work tree, N runs each (default 21), interleaved, and prints Markdown rows
# (see e2e/main.go). It builds gatesel from this checkout, and writes an
# untracked gates.yaml into REPO when it has none (e2e-policy.sh). Each
# pair's HEAD is checked out (detached) before it is timed.
#
# GATESEL_BEFORE=DIR builds a second gatesel, the same way, from the
# checkout DIR (say, `git worktree add /tmp/before COMMIT`), and compares
# the two, git's run and theirs interleaved (e2e/main.go's -before).
#
#   bench/e2e.sh /tmp/terraform terraform main~1...main main~2000...main
#   GATESEL_BEFORE=/tmp/before bench/e2e.sh /tmp/terraform terraform main~1...main
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$1" && pwd)
label=$2
shift 2
bin=${GATESEL_BIN:-$(mktemp -d)/gatesel}
(cd "$here/.." && go build -o "$bin" ./cmd/gatesel)
before=
if [ -n "${GATESEL_BEFORE:-}" ]; then
	before=$(dirname "$bin")/gatesel-before
	(cd "$GATESEL_BEFORE" && go build -o "$before" ./cmd/gatesel)
fi
[ -f "$repo/gates.yaml" ] || "$here/e2e-policy.sh" "$repo"
cd "$here"
go build -o "$(dirname "$bin")/e2e" ./e2e
"$(dirname "$bin")/e2e" -C "$repo" -gatesel "$bin" ${before:+-before "$before"} -label "$label" -n "${N:-21}" "$@"
