# dossier: records + schemas -> validate -> compile -> dist
GO      ?= go
BIN     := bin/dossier
VERSION := $(shell cat VERSION)
LDFLAGS := -X main.Version=$(VERSION)

.PHONY: all dossier validate build test vet bench fuzz clean

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
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test: vet
	$(GO) test ./...
	cd interop && $(GO) vet ./... && $(GO) test ./...

# `make fuzz` runs every fuzz target for FUZZTIME each (`make test` runs
# only their seed corpora); what a run finds lands in testdata/fuzz/ of the
# package, to be committed as a regression case.
FUZZTIME ?= 60s
FUZZ     := ./validate/read:FuzzParseRecord ./validate/read:FuzzLocate ./validate/read/fast:FuzzValue ./validate/edtf:FuzzParse ./canonical:FuzzFormat \
            ./releasepage:FuzzReadMarkdown ./releasepage:FuzzReadDate

fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

# `make bench` runs the Go benchmarks of each stage (BENCH selects them),
# then the end-to-end benchmark: datasets of BENCH_SIZES records, generated
# once and kept in BENCH_CACHE (keyed by generator version, seed and size),
# dossier validate and build on each, with wall time, CPU time and peak
# memory; the table goes to docs/performance.md. Not part of `make test`.
BENCH_SIZES ?= 10000,100000,1000000
BENCH_CACHE ?= $(or $(TMPDIR),/tmp)/dossier-bench
BENCH       ?= Stage|CrossCheck|CrossRules|Build|Format|Server
BENCHTIME   ?= 1x

bench: dossier
	$(GO) test ./validate/... ./release ./canonical ./changes ./lsp -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME)
	$(GO) run ./internal/bench -sizes $(BENCH_SIZES) -cache $(BENCH_CACHE) -bin $(BIN)

clean:
	rm -rf bin dist
