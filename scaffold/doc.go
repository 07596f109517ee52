// Package scaffold lays out a new dataset repository (dossier init): the
// dossier.yaml and VERSION that dossier build reads, the records folder
// with one folder per kind of the schema set, the CI workflow and
// pre-commit hooks that run dossier, and the editor settings that map each
// records folder to its kind's JSON Schema.
//
// Files makes the files in memory; Write puts them on disk, creating only
// what is missing and never changing what exists. It imports only the
// standard library, the schemas package and config (whose LicenseID is
// the one check of a licence identifier).
package scaffold
