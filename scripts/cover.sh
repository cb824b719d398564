#!/usr/bin/env bash
# cover.sh: per-package statement coverage of the hand-written code.
#
#   scripts/cover.sh PROFILE MIN PACKAGE...
#
# PROFILE is a profile written by `go test -coverprofile ./...`. The table
# leaves out generated code (gen/ and *.gen.go files). Each PACKAGE, a path
# relative to the module root such as api or api/apitest, must reach MIN
# percent, or the script fails.
set -euo pipefail

(($# >= 2)) || {
	echo "usage: $0 PROFILE MIN [PACKAGE...]" >&2
	exit 2
}
profile=$1 min=$2
shift 2
[[ -s $profile ]] || {
	echo "cover: no coverage profile at $profile: run make test first" >&2
	exit 2
}
module=$(go list -m)

awk -v module="$module/" -v min="$min" -v required="$*" '
	NR == 1 && /^mode:/ { next }
	{
		# file:startline.col,endline.col statements count
		block = $1
		file = block
		sub(/:[^:]*$/, "", file)
		if (index(file, module) != 1) next
		file = substr(file, length(module) + 1)
		if (file ~ /\.gen\.go$/ || file ~ /^gen\//) next
		pkg = file
		if (!sub(/\/[^\/]*$/, "", pkg)) pkg = "."
		# A block can appear more than once; count it once, covered if any
		# run covered it.
		if (!(block in stmts)) {
			stmts[block] = $2
			owner[block] = pkg
			pkgs[pkg] = 1
		}
		if ($3 > 0) hit[block] = 1
	}
	END {
		for (b in stmts) {
			total[owner[b]] += stmts[b]
			if (b in hit) covered[owner[b]] += stmts[b]
		}
		n = 0
		for (p in pkgs) names[++n] = p
		# Sort the package names (insertion sort: there are few).
		for (i = 2; i <= n; i++) {
			v = names[i]
			for (j = i - 1; j > 0 && names[j] > v; j--) names[j + 1] = names[j]
			names[j + 1] = v
		}
		split(required, req, " ")
		for (i in req) need[req[i]] = 1

		printf "%-24s %10s %9s  %s\n", "package (hand-written)", "statements", "coverage", "minimum"
		bad = 0
		for (i = 1; i <= n; i++) {
			p = names[i]
			pct = total[p] ? 100 * covered[p] / total[p] : 100
			mark = ""
			if (p in need) {
				mark = sprintf("%s%%", min)
				if (pct < min) { mark = mark "  FAIL"; bad = 1 }
			}
			printf "%-24s %10d %8.1f%%  %s\n", p, total[p], pct, mark
		}
		for (p in need) {
			if (!(p in pkgs)) {
				printf "cover: no coverage data for package %s\n", p
				bad = 1
			}
		}
		if (bad) {
			printf "cover: FAIL: a package is under its %s%% minimum\n", min
			exit 1
		}
	}
' "$profile"
