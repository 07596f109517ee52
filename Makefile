# dossier: records + schemas -> validate -> compile -> dist
GO      ?= go
BIN     := bin/dossier
VERSION := $(shell cat VERSION)
LDFLAGS := -X main.Version=$(VERSION)

# Go tools pinned in their own modules, out of the product's go.mod:
# tools/go.mod (goreleaser, staticcheck, deadcode, gocyclo) and
# tools/actionlint/go.mod (actionlint, whose YAML library clashes with
# goreleaser's).
TOOL      := $(GO) tool -modfile=tools/go.mod
ACTIONLINT := $(GO) tool -modfile=tools/actionlint/go.mod actionlint
# internal/bench builds only with this tag (see its doc.go).
TAGS    := -tags bench

.PHONY: all dossier validate build test test-long vet lint lint-go snapshot bench fuzz clean

# `make` validates records/ and builds its release into dist/ (errors stop
# it; warnings are printed).
all: build

dossier:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/dossier

validate: dossier
	./$(BIN) validate --strict
	./$(BIN) fmt --check records

build: dossier
	./$(BIN) build

vet:
	$(GO) vet $(TAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test: vet lint lint-go
	$(GO) test $(TAGS) ./...
	cd interop && $(GO) vet ./... && $(GO) test ./...
	cd browsertest && $(GO) vet ./... && $(GO) test ./...

# `make test-long` runs the differential tests at full size, the packages
# that read and check on many goroutines, and builds of a release, under the
# race detector, and every
# fuzz target for a short while; CI runs it after make test.
test-long:
	DOSSIER_TEST_LONG=1 $(GO) test $(TAGS) -timeout 30m ./...
	$(GO) test -race ./validate/... ./lsp
	$(GO) test -race -run 'TestCoresDoNotChangeTheRelease|TestSQLite$$' ./release
	$(MAKE) fuzz FUZZTIME=20000x

# `make lint` checks the workflows with actionlint (and shellcheck, which
# actionlint runs on each run: script when it is on PATH; .ci/run installs
# it) and the release configuration with goreleaser check.
lint:
	@command -v shellcheck >/dev/null || echo "lint: shellcheck not found; run: scripts are not checked"
	$(ACTIONLINT) .github/workflows/*.yml
	$(TOOL) goreleaser check

# `make lint-go` runs the Go linters pinned in tools/go.mod: staticcheck,
# deadcode (no function unreachable from main or a test) and gocyclo (no
# function over 30 branches; a table-driven parser says why it is exempt).
lint-go:
	$(TOOL) staticcheck $(TAGS) ./...
	@out=$$($(TOOL) deadcode -test $(TAGS) ./...); test -z "$$out" || { echo "deadcode: unreachable functions:"; echo "$$out"; exit 1; }
	$(TOOL) gocyclo -over 30 -ignore '_test\.go$$' .

# `make snapshot` builds the release binaries of .goreleaser.yaml into
# bin/release/ without publishing; it lists the dataset archive of dist/
# in SHA256SUMS, so the release is built first.
snapshot: build
	$(TOOL) goreleaser release --snapshot --clean

# `make fuzz` runs every fuzz target for FUZZTIME each (`make test` runs
# only their seed corpora); what a run finds lands in testdata/fuzz/ of the
# package, to be committed as a regression case. FUZZTIME is a duration or
# a count of runs (20000x); test-long uses a count, since a duration races
# Go's fuzzing coordinator at its deadline and fails a busy machine's run
# with a bare "context deadline exceeded". Minimizing a new input is capped
# at FUZZMIN, as its runs are reported only when it ends.
FUZZTIME ?= 60s
FUZZMIN  ?= 10s
FUZZ     := ./validate/read:FuzzParseRecord ./validate/read:FuzzLocate ./validate/read/fast:FuzzValue ./validate/edtf:FuzzParse ./validate/edtf:FuzzSuggest ./canonical:FuzzFormat \
            ./releasepage:FuzzReadMarkdown ./releasepage:FuzzReadDate ./config:FuzzParse

fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) || exit 1; \
	done

# `make bench` runs the Go benchmarks of each stage (BENCH selects them),
# then the end-to-end benchmark: datasets of BENCH_SIZES records, generated
# once and kept in BENCH_CACHE (keyed by generator version, seed and size),
# dossier validate and build on each, with wall time, CPU time and peak
# memory; the table goes to docs/performance.md. Not part of `make test`.
BENCH_SIZES ?= 20000,100000,200000,1000000
BENCH_CACHE ?= $(or $(TMPDIR),/tmp)/dossier-bench
BENCH       ?= Stage|CrossRules|QuoteDuplicateLong|LoadMemory|Build|Format|Server
BENCHTIME   ?= 1x

bench: dossier
	$(GO) test $(TAGS) ./validate/... ./release ./canonical ./changes ./lsp -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME)
	$(GO) test $(TAGS) ./validate/rules -run '^$$' -bench 'CrossCheck' -benchtime 20x
	$(GO) run $(TAGS) ./internal/bench -sizes $(BENCH_SIZES) -cache $(BENCH_CACHE) -bin $(BIN)

clean:
	rm -rf bin dist
