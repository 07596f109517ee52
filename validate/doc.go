// Package validate checks a dataset of records: it loads records/<kind>/<id>.yaml
// under a strict YAML profile, validates each record against its JSON Schema
// and runs the cross-record rules, and reports every problem as a positioned
// Diagnostic.
//
// Problems in the data are findings (a List of Diagnostics); failures of the
// machine (an unreadable disk, a broken schema set) are errors. The two never
// mix. validate imports schemas and validate/edtf, never the release compiler
// or the CLI.
package validate
