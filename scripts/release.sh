#!/usr/bin/env bash
# release.sh: builds the invites CLI for release and packs it, reproducibly.
#
#   scripts/release.sh VERSION [GOOS/GOARCH...]
#
# VERSION is a SemVer version such as 0.1.0 (or v0.1.0). The script refuses
# unless the tag vVERSION names the commit checked out (HEAD) and the
# committed CHANGELOG.md has a "## [VERSION]" section and no entries under
# "## [Unreleased]": a release is the tagged commit and nothing else. The targets are,
# by default, linux, darwin and windows on amd64 and arm64. For each target
# it writes to $DIST (default dist/):
#
#   invites_VERSION_OS_ARCH.tar.gz (.zip for windows)  the binary with LICENSE,
#                                   NOTICE, README.md and spec/LICENSE-openai-openapi
#   invites_VERSION_OS_ARCH.bom.txt the binary's module list (go version -m)
#
# and SHA256SUMS over all of them. Every binary is built with the same
# flags: CGO_ENABLED=0, -trimpath, -buildvcs=true (the commit, its time,
# whether the tree was modified, and the module version vVERSION, which the
# Go command takes from the tag), and -ldflags that drop the symbol table.
# Nothing else stamps the version: the binary's "invites version", its build
# info, the module list beside it and the SDK's User-Agent all read it from
# the same build info. Archives hold their entries
# in name order, dated the commit's time, owned by root, so two runs on the
# same commit with the same Go give byte-identical files.
#
# The binaries are built from a fresh clone of the commit checked out (HEAD),
# so that uncommitted changes never reach a release, every binary names its
# commit (Go records no VCS information in a git worktree, whose .git is a
# file), and the tree is never "modified".
set -euo pipefail

usage() {
	echo "usage: $0 VERSION [GOOS/GOARCH...]   (VERSION such as 0.1.0)" >&2
	exit 2
}
(($# >= 1)) || usage
version=${1#v}
shift
[[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]] || {
	echo "release: VERSION must be SemVer MAJOR.MINOR.PATCH, such as 0.1.0; got '$version'" >&2
	exit 2
}
# Go records no tag above v1 as the version of a module whose path has no
# /vN suffix, so such a binary could not say the version it was released as.
[[ $version =~ ^[01]\. ]] || {
	echo "release: VERSION $version needs the module path to end in /v${version%%.*}; this module is v0 or v1" >&2
	exit 2
}
targets=("$@")
((${#targets[@]})) || targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
for target in "${targets[@]}"; do
	[[ $target =~ ^(linux|darwin|windows)/(amd64|arm64)$ ]] || {
		echo "release: unknown target '$target' (want linux, darwin or windows / amd64 or arm64)" >&2
		exit 2
	}
done

cd "$(dirname "$0")/.."
root=$(pwd)
dist=${DIST:-dist}
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)

commit=$(git rev-parse --verify HEAD 2>/dev/null) || {
	echo "release: not a git clone with a commit: the binaries would not name their commit" >&2
	exit 1
}
tag=v$version
tagged=$(git rev-parse -q --verify "refs/tags/$tag^{commit}" 2>/dev/null) || {
	echo "release: no tag $tag: tag the commit to release first (git tag $tag)" >&2
	exit 1
}
[[ $tagged == "$commit" ]] || {
	echo "release: tag $tag is at ${tagged:0:12}, not at HEAD (${commit:0:12}): check out $tag to release it" >&2
	exit 1
}
changelog=$(git show "$commit:CHANGELOG.md" 2>/dev/null) || {
	echo "release: the commit has no CHANGELOG.md" >&2
	exit 1
}
grep -qF "## [$version]" <<<"$changelog" || {
	echo "release: CHANGELOG.md has no '## [$version]' section: move the Unreleased entries under it and commit" >&2
	exit 1
}
# The lines between "## [Unreleased]" and the next "## [" heading, but for
# blank ones and sub-headings, are entries that this release would leave out.
unreleased=$(awk '/^## \[/ { in_unreleased = ($0 ~ /^## \[Unreleased\]/); next } in_unreleased && NF && !/^### / { n++ } END { print n + 0 }' <<<"$changelog")
((unreleased == 0)) || {
	echo "release: CHANGELOG.md has $unreleased line(s) under Unreleased: move them under '## [$version]' and commit" >&2
	exit 1
}
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then
	echo "release: note: uncommitted changes are not released; building commit $commit" >&2
fi
# Every entry of every archive is dated the commit's time.
mtime=$(git log -1 --format=%ct "$commit")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src
git clone -q --no-checkout "$root" "$src"
git -C "$src" -c advice.detachedHead=false checkout -q "$commit"
cd "$src"

# Nothing from the environment may change the bytes: the same flags and
# target levels for every build.
export CGO_ENABLED=0 GOFLAGS=-mod=readonly GOAMD64=v1 GOARM64=v8.0 GOEXPERIMENT=
ldflags="-s -w"

# The packer, built once.
GOOS= GOARCH= go build -o "$work/pack" ./internal/release/cmd/pack

names=()
for target in "${targets[@]}"; do
	goos=${target%/*} goarch=${target#*/}
	name=invites_${version}_${goos}_${goarch}
	exe=invites ext=tar.gz
	if [[ $goos == windows ]]; then
		exe=invites.exe ext=zip
	fi
	stage=$work/$name
	mkdir -p "$stage"
	echo "release: $name"
	GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=true -ldflags="$ldflags" -o "$stage/$exe" ./cmd/invites
	(cd "$stage" && go version -m "$exe") >"$dist/$name.bom.txt"
	grep -q "vcs.revision=$commit" "$dist/$name.bom.txt" || {
		echo "release: $name records no commit (vcs.revision): see $dist/$name.bom.txt" >&2
		exit 1
	}
	grep -qF "$(printf '\tmod\tgithub.com/seed-a87280d7/invites\t%s\t' "$tag")" "$dist/$name.bom.txt" || {
		echo "release: $name does not record module version $tag: see $dist/$name.bom.txt" >&2
		exit 1
	}
	rm -f "$dist/$name.$ext"
	"$work/pack" -o "$dist/$name.$ext" -prefix "$name" -mtime "$mtime" \
		"$exe=$stage/$exe" LICENSE="$src/LICENSE" NOTICE="$src/NOTICE" README.md="$src/README.md" \
		spec/LICENSE-openai-openapi="$src/spec/LICENSE-openai-openapi"
	names+=("$name.$ext" "$name.bom.txt")
done

cd "$dist"
mapfile -t sorted < <(printf '%s\n' "${names[@]}" | LC_ALL=C sort)
sha256sum "${sorted[@]}" >SHA256SUMS
echo "release: $(wc -l <SHA256SUMS) files in $dist, checksums in $dist/SHA256SUMS"
