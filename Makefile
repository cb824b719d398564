# Targets for developing the invites SDK. `make ci` is what CI runs.
GO ?= go
GENERATED := gen internal/spec api/types.gen.go

# Tools that are not the SDK's dependencies run pinned through `go run
# module@version`, which keeps them out of go.mod; Go's build cache keeps the
# built binaries between runs.
OASDIFF_VERSION := v1.37.0
GOLANGCI_LINT_VERSION := v2.15.0
OASDIFF ?= $(GO) run github.com/oasdiff/oasdiff@$(OASDIFF_VERSION)
GOLANGCI_LINT ?= $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
export OASDIFF
# benchstat, for `make bench` only; x/perf has no tagged versions.
BENCHSTAT_VERSION := v0.0.0-20260908200009-22c9c6c9d4da
BENCHSTAT ?= $(GO) run golang.org/x/perf/cmd/benchstat@$(BENCHSTAT_VERSION)
export BENCHSTAT
# golangci-lint's analysis cache, kept between runs.
export GOLANGCI_LINT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/golangci-lint

# FUZZTIME is how long make fuzz runs each fuzz target.
FUZZTIME ?= 20s
# FUZZ_TARGETS lists each fuzz target as package:name.
FUZZ_TARGETS := ./api:FuzzDecodeInvite ./api:FuzzDecodeError ./api:FuzzCheckAnswer ./api/apitest:FuzzHandler ./api/apitest:FuzzParseFault ./internal/redact:FuzzString

# Coverage: the profile `make test` writes, and the packages held to a minimum.
COVERPROFILE ?= cover.out
COVER_MIN ?= 85
COVER_PACKAGES ?= api api/apitest cmd/invites cmd/invites/internal/bulk cmd/invites/internal/flags cmd/invites/internal/output internal/redact

.PHONY: ci generate check-generated spec-sync check-spec tidy vet lint test cover breaking breaking-test live versions fuzz bench bench-smoke release release-check

ci: check-spec check-generated tidy vet lint test cover bench-smoke breaking-test breaking live

# generate rebuilds gen/, internal/spec and api/types.gen.go from openapi.yaml.
generate:
	$(GO) generate ./...

# check-generated fails when the committed generated code differs from what
# the generator makes from openapi.yaml today.
check-generated: generate
	@git diff --exit-code -- $(GENERATED) || { echo "generated code is out of date: run 'make generate' and commit the result"; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED))" || { git status --porcelain -- $(GENERATED); echo "untracked generated files: run 'make generate' and commit the result"; exit 1; }

# spec-sync makes openapi.yaml from OpenAI's openapi.yaml (UPSTREAM), the
# declared differences in spec/overlay.yaml and our prose in spec/prose.yaml,
# keeps the facts it took in spec/upstream.yaml, regenerates the code and
# reports what changed, then says whether `make breaking` accepts the change.
# UPSTREAM=spec/upstream.yaml re-runs it from the kept facts. On failure
# nothing is changed. An upstream file over 8 MiB, over 300,000 YAML nodes,
# or whose YAML aliases stand for over 10,000 nodes is refused before it
# costs memory (internal/specsync/limits.go).
spec-sync:
	@test -n "$(UPSTREAM)" || { echo "usage: make spec-sync UPSTREAM=FILE (OpenAI's openapi.yaml, or spec/upstream.yaml)"; exit 2; }
	$(GO) run ./internal/specsync/cmd/spec-sync -upstream "$(UPSTREAM)"
	@scripts/breaking.sh && echo "make breaking: passes" || echo "make breaking: FAILS on this change (see above): raise the major info.version in spec/overlay.yaml if it is meant"

# check-spec fails when openapi.yaml, or the differences table of docs/spec.md, is not
# what spec-sync makes from the kept facts: a hand edit, or an input
# changed without a sync. It needs no network and no upstream file.
check-spec:
	$(GO) run ./internal/specsync/cmd/spec-sync -check

# tidy fails when go.mod or go.sum is not what `go mod tidy` would make, in
# the root module or in the benchmark module.
tidy:
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run 'go mod tidy' and commit the result"; exit 1; }
	@cd bench && $(GO) mod tidy -diff || { echo "bench/go.mod or bench/go.sum is not tidy: run 'go mod tidy' in bench/ and commit the result"; exit 1; }

# vet runs go vet and checks formatting of the hand-written code, the
# benchmark module's included.
vet:
	$(GO) vet ./...
	cd bench && $(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); \
	test -z "$$unformatted" || { echo "not gofmt-ed: $$unformatted"; exit 1; }

# lint runs golangci-lint with .golangci.yml, on the benchmark module too.
# --allow-serial-runners makes a second run on this machine (another clone's
# make ci) wait for the first one's lock instead of failing.
lint:
	$(GOLANGCI_LINT) run --allow-serial-runners ./...
	cd bench && $(GOLANGCI_LINT) run --allow-serial-runners ./...

# test runs every test with the race detector and writes a coverage profile
# that counts a statement as covered by any package's tests (-coverpkg): the
# CLI's kits are tested mostly through the commands that use them.
# The live checks stay off here whatever the environment says: see `live`.
test:
	INVITES_LIVE= $(GO) test -race -count=1 -coverpkg=./... -coverprofile=$(COVERPROFILE) ./...

# cover prints the coverage of each hand-written package and fails when one
# of COVER_PACKAGES is under COVER_MIN percent.
cover: test
	@scripts/cover.sh $(COVERPROFILE) $(COVER_MIN) $(COVER_PACKAGES)

# breaking fails when openapi.yaml breaks clients of its previous version
# without a new major info.version.
breaking:
	@scripts/breaking.sh

# breaking-test runs the breaking-change gate over the fixture spec pairs in
# scripts/testdata/breaking and over throwaway git repositories.
breaking-test:
	@scripts/breaking_test.sh

# live runs read-only checks against the real service when OPENAI_ADMIN_KEY
# and INVITES_LIVE=1 are set (and creates and deletes an invite for
# INVITES_LIVE_EMAIL when INVITES_LIVE_WRITE=1 too); otherwise it says why it
# skipped.
live:
	$(GO) test -count=1 -run '^TestLive$$' -v ./internal/live

# bench runs the benchmarks of BENCHMARKS.md, interleaved, and prints their
# tables (several minutes). COUNT rounds, each benchmark for BENCHTIME;
# results in bench/results.
COUNT ?= 6
BENCHTIME ?= 1s
bench:
	COUNT=$(COUNT) BENCHTIME=$(BENCHTIME) scripts/bench.sh

# bench-smoke checks that every benchmark client decodes every answer
# correctly and that each benchmark compiles and runs once, and that a walk
# with package api keeps one page in memory. It times nothing.
bench-smoke:
	cd bench && $(GO) test -count=1 -short -run . -bench '^BenchmarkClients$$' -benchtime 1x ./...

# versions prints the versions of Go and of each pinned tool.
versions:
	@$(GO) version
	@$(GO) list -m -f '{{.Path}} {{.Version}} (generator, pinned in go.mod)' github.com/oapi-codegen/oapi-codegen/v2
	@echo "github.com/oasdiff/oasdiff $(OASDIFF_VERSION): $$($(OASDIFF) --version)"
	@echo "github.com/golangci/golangci-lint/v2 $(GOLANGCI_LINT_VERSION): $$($(GOLANGCI_LINT) --version)"

# fuzz runs each fuzz target for $(FUZZTIME), one after the other. It is not
# part of ci (the seed corpora run in every go test); a failing input is
# saved under the package's testdata/fuzz, to be committed with its fix.
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzzing $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) $$pkg; \
	done

# release builds the CLI for linux, darwin and windows on amd64 and arm64
# from a clean clone of HEAD, as version VERSION (make release
# VERSION=0.1.0), and writes to dist/ one archive per target (tar.gz; zip for
# windows) with LICENSE, NOTICE, README.md and spec/LICENSE-openai-openapi,
# a module list per binary (go version -m) and SHA256SUMS. Two runs on one commit give the same bytes.
# It refuses unless the tag vVERSION names HEAD and CHANGELOG.md has the
# version's section and no Unreleased entries.
#
# VERSION reaches the shell only as an environment variable ($$VERSION),
# never spliced into the recipe's text, and the script checks it as SemVer
# before anything else, so no character of it can run a command.
release:
	@test -n "$$VERSION" || { echo "usage: make release VERSION=X.Y.Z"; exit 2; }
	scripts/release.sh "$$VERSION"

# release-check builds the linux/amd64 release twice through scripts/release.sh,
# in a scratch clone with a throwaway tag,
# and checks that both runs give byte-identical files, that SHA256SUMS
# verifies them and that the binary names its version and commit. make test
# (and so make ci) runs the same test; this target runs it alone.
release-check:
	$(GO) test -count=1 -run '^TestRelease' ./internal/release
