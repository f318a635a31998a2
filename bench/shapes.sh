#!/bin/sh
# shapes.sh refs|packs SOURCE DIR [N]: copies of a real clone in the shapes
# a developer's or a CI job's clone takes and a fresh clone does not, for
# e2e/real.sh to time gatesel against git on (docs/performance.md, round
# 9). SOURCE is a clone or a mirror; DIR is created (it must not exist).
#
#   refs  N extra packed refs (default 300000), refs/pull/K/head on the
#         last 2,000 commits of HEAD, as a clone that fetched GitHub's pull
#         request refs has: one sorted packed-refs file, written as git
#         pack-refs writes it.
#   packs the history of HEAD cut into N packs (default 40) of 150 commits
#         each, newest last, plus one of every other ref's objects, and
#         three commits on a branch local, as loose objects (gc.auto off):
#         a clone that fetched for months and committed since.
#
#   bench/shapes.sh refs /work/.mirror/vuejs+core/repo /tmp/manyrefs
#   bench/e2e-policy.sh /tmp/manyrefs
#   python3 bench/ab.py 50 /tmp/manyrefs gatesel -- select --base main~1 --head HEAD --format json
set -eu
shape=$1 src=$2 dir=$3
git clone -q --no-local "$src" "$dir"
cd "$dir"
git config gc.auto 0
case $shape in
refs)
	n=${4:-300000}
	git pack-refs --all
	# One record a line (a peeled line joined to its ref), the new refs
	# added, sorted by name as git sorts them (bytes), split again.
	{
		head -n 1 .git/packed-refs
		{
			awk 'NR > 1 { if (substr($0, 1, 1) == "^") { rec = rec "\t" $0 } else { if (rec != "") print rec; rec = $0 } } END { if (rec != "") print rec }' .git/packed-refs
			git rev-list --max-count=2000 HEAD | awk -v n="$n" '{ c[NR - 1] = $0 } END { for (k = 0; k < n; k++) print c[k % NR] " refs/pull/" k "/head" }'
		} | LC_ALL=C sort -t ' ' -k 2,2 | tr '\t' '\n'
	} > packed-refs.new
	mv packed-refs.new .git/packed-refs
	;;
packs)
	n=${4:-40}
	pack=$(mktemp -d)
	k=$n
	git rev-list --objects "HEAD~$(((n - 1) * 150))" | git pack-objects -q "$pack/pack" > /dev/null
	while [ "$k" -gt 1 ]; do
		k=$((k - 1))
		git rev-list --objects "HEAD~$((k * 150))..HEAD~$(((k - 1) * 150))" | git pack-objects -q "$pack/pack" > /dev/null
		# pack-objects names a pack by its content: newest last by mtime.
		sleep 1
	done
	git rev-list --objects --all --not HEAD | git pack-objects -q "$pack/pack" > /dev/null
	rm -f .git/objects/pack/*
	mv "$pack"/* .git/objects/pack/
	rmdir "$pack"
	git fsck --no-progress --connectivity-only
	file=$(git ls-files | head -n 1)
	git checkout -q -b local
	for i in 1 2 3; do
		echo "local $i" >> "$file"
		git -c user.name=bench -c user.email=bench@example.com commit -q -am "local $i"
	done
	;;
*)
	echo "shapes.sh: unknown shape $shape (want refs or packs)" >&2
	exit 2
	;;
esac
git count-objects -v | grep -E '^(count|packs):'
echo "refs: $(git for-each-ref | wc -l)"
