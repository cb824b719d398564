# Targets for developing the invites SDK. `make ci` is what CI runs.
GO ?= go
GENERATED := gen internal/spec

# FUZZTIME is how long make fuzz runs each fuzz target.
FUZZTIME ?= 20s
# FUZZ_TARGETS lists each fuzz target as package:name.
FUZZ_TARGETS := ./api:FuzzDecodeInvite ./api:FuzzDecodeError ./internal/fake:FuzzHandler ./internal/fake:FuzzParseFault

.PHONY: ci generate check-generated vet test fuzz

ci: check-generated vet test

# generate rebuilds gen/ and internal/spec from openapi.yaml.
generate:
	$(GO) generate ./...

# check-generated fails when the committed generated code differs from what
# the generator makes from openapi.yaml today.
check-generated: generate
	@git diff --exit-code -- $(GENERATED) || { echo "generated code is out of date: run 'make generate' and commit the result"; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED))" || { git status --porcelain -- $(GENERATED); echo "untracked generated files: run 'make generate' and commit the result"; exit 1; }

# vet runs go vet and checks formatting of the hand-written code.
vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); \
	test -z "$$unformatted" || { echo "not gofmt-ed: $$unformatted"; exit 1; }

# test runs every test with the race detector.
test:
	$(GO) test -race -count=1 ./...

# fuzz runs each fuzz target for $(FUZZTIME), one after the other. It is not
# part of ci (the seed corpora run in every go test); a failing input is
# saved under the package's testdata/fuzz, to be committed with its fix.
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzzing $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) $$pkg; \
	done
