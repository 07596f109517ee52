# dossier: records + schemas -> validate -> compile -> dist
GO      ?= go
BIN     := bin/dossier
VERSION := $(shell cat VERSION)
LDFLAGS := -X main.Version=$(VERSION)

.PHONY: all dossier validate test vet bench fuzz clean

# `make` checks the dataset (and, once the release compiler lands, builds
# the release of records/ into dist/).
all: validate

dossier:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/dossier

validate: dossier
	./$(BIN) validate --strict

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test: vet
	$(GO) test ./...

clean:
	rm -rf bin dist
