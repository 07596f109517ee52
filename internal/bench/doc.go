//go:build bench

// The bench build tag keeps this command out of go install ./..., which
// the pre-commit hooks of .pre-commit-hooks.yaml run: they install dossier
// alone. make runs it, vets and tests it with -tags bench.

// Command bench is the end-to-end benchmark behind make bench: it generates
// synthetic datasets (cached between runs, keyed by generator version, seed
// and size), runs bin/dossier validate and bin/dossier build on each,
// measures wall time, CPU time and peak memory of each run, and prints a
// table, which it also writes into docs/performance.md between the
// bench markers. It imports synth, and schemas to give kubeconform the
// same schemas when it compares with it (kubeconform.go); everything else
// it measures through the binary, as a user runs it.
package main
