#!/usr/bin/env bash
# breaking.sh: the breaking-change gate for openapi.yaml.
#
#   scripts/breaking.sh                compare openapi.yaml with its previous version in git
#   scripts/breaking.sh BASE REVISION  compare two spec files
#
# A change that oasdiff rates ERR (one that can break a client written against
# BASE) fails, unless the major number of info.version went up in the same
# change. The output names each breaking change either way.
#
# In git mode the previous version is the newest committed openapi.yaml that
# differs from the current file: the committed one, when the file has
# uncommitted edits; otherwise the one before the last commit that changed it.
# With no such version (a single version in history, or a shallow clone that
# cannot be deepened) the gate says so and passes.
#
# oasdiff-levels.txt, beside this script, changes the level of the rules
# where this SDK's contract differs from oasdiff's default: a field removed
# from a request or response schema (even an optional one) removes a field of
# a generated Go type, which breaks the programs that use it, so it is an
# error; responses decode enum values they do not know without error, so a
# value the API adds to a response enum is a warning, named but not failing.
# The file takes no comments (oasdiff refuses them), hence this one.
#
# OASDIFF is the command that runs oasdiff; the Makefile sets it to the pinned
# `go run github.com/oasdiff/oasdiff@VERSION`, which keeps it out of go.mod.
set -euo pipefail

: "${OASDIFF:?set OASDIFF to the oasdiff command, e.g. via make breaking}"
read -r -a oasdiff <<<"$OASDIFF"
levels=$(cd "$(dirname "$0")" && pwd)/oasdiff-levels.txt

die() {
	echo "breaking: $*" >&2
	exit 2
}

# spec_version prints info.version of the YAML spec in file $1.
spec_version() {
	awk '
		/^info:/ { in_info = 1; next }
		/^[^[:space:]#]/ { in_info = 0 }
		in_info && /^[[:space:]]+version:/ {
			sub(/^[[:space:]]+version:[[:space:]]*/, "")
			sub(/[[:space:]]+#.*$/, "")
			gsub(/["'\'']/, "")
			print
			exit
		}
	' "$1"
}

# major prints the major number of version $1 (1 for "1.2.3" or "v1.2"), or
# nothing when it has none.
major() {
	local v=${1#v}
	v=${v%%.*}
	[[ $v =~ ^[0-9]+$ ]] && echo "$((10#$v))"
	return 0
}

# compare runs the gate on two files, naming them $3 and $4 in its messages.
compare() {
	local base=$1 revision=$2 base_name=$3 revision_name=$4
	local base_version revision_version
	base_version=$(spec_version "$base")
	revision_version=$(spec_version "$revision")
	[[ -n $base_version ]] || die "$base_name has no info.version"
	[[ -n $revision_version ]] || die "$revision_name has no info.version"

	echo "breaking: comparing $base_name (info.version $base_version) with $revision_name (info.version $revision_version)"
	local status=0
	"${oasdiff[@]}" breaking "$base" "$revision" \
		--fail-on ERR --color never --allow-external-refs=false \
		--severity-levels "$levels" || status=$?
	case $status in
	0)
		echo "breaking: no breaking change"
		return 0
		;;
	1) ;;
	*) die "oasdiff failed (exit status $status)" ;;
	esac

	local base_major revision_major
	base_major=$(major "$base_version")
	revision_major=$(major "$revision_version")
	if [[ -n $base_major && -n $revision_major ]] && ((revision_major > base_major)); then
		echo "breaking: allowed, because info.version's major number went up ($base_version -> $revision_version)"
		return 0
	fi
	echo "breaking: FAIL: the breaking changes above need a new major version: raise info.version's major number (now $revision_version) in the same change, or make the change compatible" >&2
	return 1
}

if (($# == 2)); then
	[[ -f $1 ]] || die "no such file: $1"
	[[ -f $2 ]] || die "no such file: $2"
	compare "$1" "$2" "$1" "$2"
	exit
fi
(($# == 0)) || die "usage: $0 [BASE REVISION]"

if ! top=$(git rev-parse --show-toplevel 2>/dev/null); then
	echo "breaking: skipped: not in a git work tree, so there is no previous version of openapi.yaml"
	exit 0
fi
cd "$top"
spec=openapi.yaml
[[ -f $spec ]] || die "no $spec at the top of the work tree"

if [[ $(git rev-parse --is-shallow-repository) == true ]]; then
	if [[ -n $(git remote) ]] && git fetch --quiet --unshallow 2>/dev/null; then
		echo "breaking: fetched the full history of this shallow clone"
	else
		echo "breaking: this is a shallow clone that cannot be deepened; looking only at the history it has"
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Walk the commits that touched the spec, newest first, to the first one whose
# version differs from the current file.
previous=""
while read -r commit; do
	if git show "$commit:$spec" >"$tmp/previous.yaml" 2>/dev/null && ! cmp -s "$tmp/previous.yaml" "$spec"; then
		previous=$commit
		break
	fi
done < <(git log --format=%H -- "$spec")

if [[ -z $previous ]]; then
	if [[ $(git rev-parse --is-shallow-repository) == true ]]; then
		echo "breaking: skipped: no earlier version of $spec in this shallow clone's history"
	else
		echo "breaking: skipped: $spec has no earlier version in git to compare with"
	fi
	exit 0
fi
compare "$tmp/previous.yaml" "$spec" "$spec at $(git rev-parse --short "$previous")" "$spec"
