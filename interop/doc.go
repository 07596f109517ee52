// Package interop checks that dossier releases open in the tools data users
// load them with. It is a test-only module of its own (its go.mod replaces
// dossier with the folder above), so that DuckDB, a cgo dependency with a
// large prebuilt library, stays out of the dossier binary and the main
// go.mod. `make test` runs it: cd interop && go test ./...
//
// It imports dossier's release, schemas and validate packages, and DuckDB.
package interop
