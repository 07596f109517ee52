// Package lsp is dossier's language server: `dossier lsp` speaks the
// Language Server Protocol (3.17) over stdin and stdout, so that every
// editor with an LSP client gets the checks of `dossier validate` as the
// records are typed, and completion, navigation, renames and formatting
// that know the whole dataset.
//
// The server holds the dataset in memory: every record file read and
// checked once at start, the findings of the rules across records, and
// maps of who references what. An edit re-checks its file on its own
// (validate.Checker) and re-runs the rules across records over the part of
// the dataset the edit can reach (scope.go); the files whose findings
// changed are published again, the edited file and any other. Findings
// are those of `dossier validate`, silences and dossier.yaml's severities
// applied (validate.Finish).
//
// One file per concern: server.go (the connection, lifecycle, document
// sync), stream.go (the base protocol's framing), text.go (positions in the negotiated encoding), dataset.go and
// scope.go (the dataset in memory, whole and incremental checks),
// diagnostics.go (the check loop and publishing), complete.go,
// navigate.go (definition, references, hover, symbols), change.go
// (rename, code actions, formatting) and release.go (released IDs).
// docs/architecture.md gives the reasoning of the incremental path.
//
// It imports validate and its sub-packages, config, schemas and canonical;
// nothing imports it but the command.
package lsp
