#!/bin/sh
# e2e-policy.sh REPO: writes an untracked REPO/gates.yaml for timing gatesel
# on a repository that has no policy of its own: one service per top-level
# directory and one per directory below it (depending on its parent), a
# platform contract, a toolchain trigger that selects everything and a docs
# trigger that selects nothing. The repository's own CODEOWNERS, if any, is
# read as usual.
set -eu
cd "$1"
name() { printf 'svc-%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' '_')"; }
{
	echo "version: 1"
	echo "settings: {unowned: all}"
	echo "gates:"
	echo "  unit: {run: 'go test ./{{.Dir}}/...'}"
	echo "  smoke: {run: 'smoke {{.Name}}'}"
	echo "  contract-check: {run: 'true'}"
	echo "triggers:"
	echo "  - {name: toolchain, paths: [go.mod, go.sum, Makefile, Dockerfile], select: all}"
	echo "  - {name: docs, paths: ['**/*.md', 'docs/**'], select: []}"
	echo "contracts:"
	echo "  platform: {gates: [contract-check]}"
	echo "services:"
	git ls-tree HEAD | awk -F'\t' '$1 ~ / tree / {print $2}' | while read -r top; do
		echo "  $(name "$top"): {paths: ['$top/**'], gates: [unit], smoke: [smoke]}"
		git ls-tree "HEAD:$top" | awk -F'\t' '$1 ~ / tree / {print $2}' | while read -r sub; do
			echo "  $(name "$top--$sub"): {paths: ['$top/$sub/**'], gates: [unit], smoke: [smoke], depends_on: [$(name "$top")]}"
		done
	done
} > gates.yaml
