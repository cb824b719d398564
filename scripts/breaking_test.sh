#!/usr/bin/env bash
# breaking_test.sh: tests of scripts/breaking.sh.
#
# Each directory under testdata/breaking/ holds a revision.yaml of
# testdata/breaking/base.yaml and an expect file: "pass" or "fail" on its
# first line, then lines that the gate's output must contain. The git-mode
# tests build throwaway repositories from the same files.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
gate=$here/breaking.sh
data=$here/testdata/breaking
: "${OASDIFF:?set OASDIFF to the oasdiff command, e.g. via make breaking-test}"
export OASDIFF

# Throwaway repositories need an identity, whatever the machine's git config.
export GIT_AUTHOR_NAME=breaking-test GIT_AUTHOR_EMAIL=breaking-test@example.com
export GIT_COMMITTER_NAME=breaking-test GIT_COMMITTER_EMAIL=breaking-test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# check NAME WANT OUTPUT_FILE STATUS [NEEDLE...] records one test's result.
check() {
	local name=$1 want=$2 out=$3 status=$4
	shift 4
	local got=pass problems=()
	((status == 0)) || got=fail
	((status <= 1)) || problems+=("the gate exited with status $status")
	[[ $got == "$want" ]] || problems+=("the gate said $got, want $want")
	local needle
	for needle in "$@"; do
		grep -qF -- "$needle" "$out" || problems+=("the output lacks: $needle")
	done
	if ((${#problems[@]} == 0)); then
		echo "ok   $name ($got)"
		passed=$((passed + 1))
		return
	fi
	echo "FAIL $name"
	printf '     %s\n' "${problems[@]}"
	sed 's/^/     | /' "$out"
	failed=$((failed + 1))
}

# run_gate OUT [ARGS...] runs the gate, output to OUT, and prints its status.
run_gate() {
	local out=$1
	shift
	local status=0
	bash "$gate" "$@" >"$out" 2>&1 || status=$?
	echo "$status"
}

# Fixture pairs.
for dir in "$data"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	mapfile -t expect <"$dir/expect"
	out=$tmp/$name.out
	status=$(run_gate "$out" "$data/base.yaml" "$dir/revision.yaml")
	check "pair $name" "${expect[0]}" "$out" "$status" "${expect[@]:1}"
done

# new_repo DIR FILE... makes a repository at DIR with one commit per FILE,
# each committing that file as openapi.yaml.
new_repo() {
	local dir=$1
	shift
	git init --quiet "$dir"
	local f
	for f in "$@"; do
		cp "$f" "$dir/openapi.yaml"
		git -C "$dir" add openapi.yaml
		git -C "$dir" commit --quiet -m "spec: $(basename "$(dirname "$f")")"
	done
}

removed=$data/removed-required-response-field/revision.yaml
enum=$data/removed-request-enum-value/revision.yaml
added=$data/added-optional-field/revision.yaml

new_repo "$tmp/one" "$data/base.yaml"
status=$(cd "$tmp/one" && run_gate "$tmp/one.out")
check "git: a single version is skipped" pass "$tmp/one.out" "$status" \
	"skipped: openapi.yaml has no earlier version in git"

new_repo "$tmp/compatible" "$data/base.yaml" "$added"
status=$(cd "$tmp/compatible" && run_gate "$tmp/compatible.out")
check "git: a compatible last change passes" pass "$tmp/compatible.out" "$status" "no breaking change"

new_repo "$tmp/breaking" "$data/base.yaml" "$removed"
echo "unrelated" >"$tmp/breaking/README"
git -C "$tmp/breaking" add README
git -C "$tmp/breaking" commit --quiet -m "an unrelated commit on top"
first=$(git -C "$tmp/breaking" rev-list --max-parents=0 --abbrev-commit HEAD)
status=$(cd "$tmp/breaking" && run_gate "$tmp/breaking.out")
check "git: the last change breaks, even under an unrelated commit" fail "$tmp/breaking.out" "$status" \
	"comparing openapi.yaml at $first" "[response-required-property-removed]"

new_repo "$tmp/edited" "$data/base.yaml"
cp "$enum" "$tmp/edited/openapi.yaml"
status=$(cd "$tmp/edited/" && run_gate "$tmp/edited.out")
check "git: an uncommitted breaking edit fails" fail "$tmp/edited.out" "$status" \
	"[request-property-enum-value-removed]"

git clone --quiet --depth 1 "file://$tmp/breaking" "$tmp/shallow"
status=$(cd "$tmp/shallow" && run_gate "$tmp/shallow.out")
check "git: a shallow clone with a remote is deepened" fail "$tmp/shallow.out" "$status" \
	"fetched the full history" "[response-required-property-removed]"

git clone --quiet --depth 1 "file://$tmp/breaking" "$tmp/cut"
git -C "$tmp/cut" remote remove origin
status=$(cd "$tmp/cut" && run_gate "$tmp/cut.out")
check "git: a shallow clone without a remote is skipped" pass "$tmp/cut.out" "$status" \
	"cannot be deepened" "skipped: no earlier version of openapi.yaml in this shallow clone's history"

echo "breaking_test: $passed passed, $failed failed"
((failed == 0))
