#!/bin/sh
# real.sh CLONE PAIRS [LABEL]: gatesel against git on a real repository, with
# and without a commit-graph. CLONE is a clone with a work tree that may be
# changed (each pair's HEAD is checked out, a gates.yaml is written when it
# has none, and its commit-graph is removed, then written); PAIRS is a file of
# pairs, one BASE...HEAD a line (bench/pairs/*.pairs). For each state of the
# commit-graph it prints a Markdown table (e2e/main.go: medians of N
# interleaved runs, default 21, after 2 warm-up rounds, of wall time, CPU time
# and peak RSS, and gatesel's ratios to git), the load before and after
# (/proc/loadavg), then the largest CPU and RSS ratios of the table.
#
#   git clone -q /work/.mirror/hashicorp+terraform/repo /tmp/terraform
#   bench/real.sh /tmp/terraform bench/pairs/terraform.pairs
#
# GRAPH=without or GRAPH=with runs only one of the two states; GATESEL_BIN
# names the binary to build (default: a temporary directory); GATESEL=BIN
# times BIN as it is, unbuilt (a release build, say). With
# GATESEL_BEFORE=BIN, that binary (say, main's) joins the rounds and each row
# gives git, before and after, after's ratios to before, and the CPU and RSS
# ratios of each to git (e2e/main.go's -before).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$1" && pwd)
pairs=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
label=${3:-$(basename "$repo")}
if [ -n "${GATESEL:-}" ]; then
	bin=$(cd "$(dirname "$GATESEL")" && pwd)/$(basename "$GATESEL")
	e2e=$(mktemp -d)/e2e
else
	bin=${GATESEL_BIN:-$(mktemp -d)/gatesel}
	(cd "$here/.." && go build -o "$bin" ./cmd/gatesel)
	e2e=$(dirname "$bin")/e2e
fi
(cd "$here" && go build -o "$e2e" ./e2e)
[ -f "$repo/gates.yaml" ] || "$here/e2e-policy.sh" "$repo"
for state in ${GRAPH:-without with}; do
	info=$(git -C "$repo" rev-parse --git-path objects/info)
	case $state in
	without) rm -rf "$repo/$info/commit-graph" "$repo/$info/commit-graphs" ;;
	with) git -C "$repo" commit-graph write --reachable ;;
	esac
	echo
	echo "$label, $state a commit-graph; $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	if [ -n "${GATESEL_BEFORE:-}" ]; then
		echo "| repository | pair | files | git wall / CPU, RSS | before wall / CPU, RSS | after wall / CPU, RSS | wall after/before | CPU after/before | RSS after/before | CPU ÷ git, before → after | RSS ÷ git, before → after |"
		echo "|---|---|---|---|---|---|---|---|---|---|---|"
		"$e2e" -C "$repo" -gatesel "$bin" -before "$GATESEL_BEFORE" -label "$label" -n "${N:-21}" -pairs "$pairs"
		echo
		echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
		continue
	fi
	echo "| repository | pair | files | git wall | gatesel wall | ratio | git CPU | gatesel CPU | CPU ratio | git RSS | gatesel RSS | RSS ratio |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	out=$("$e2e" -C "$repo" -gatesel "$bin" -label "$label" -n "${N:-21}" -pairs "$pairs")
	echo "$out"
	echo
	echo "load after $(cut -d' ' -f1-3 /proc/loadavg); largest CPU ratio $(echo "$out" | awk -F'|' '{gsub(/[*× ]/,"",$10); if ($10>m) m=$10} END {print m}')×, largest RSS ratio $(echo "$out" | awk -F'|' '{gsub(/[*× ]/,"",$13); if ($13>m) m=$13} END {print m}')×"
done
