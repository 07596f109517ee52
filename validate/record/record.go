// Package record holds a loaded record: its kind, file, ID and value (a
// compact, read-only JSON value), and the inline silences written in its
// file. It also names values inside a record by JSON pointer. Reading a
// file into a Record is package read's job; checking it, schema's and
// rules'.
package record

import (
	"path"
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// Record is one loaded record.
type Record struct {
	Kind *schemas.Kind
	File string // slash-separated path, e.g. records/events/raid.yaml
	ID   string // the id field; "" when missing or not a string
	// Value is the record as JSON; Missing when the file did not parse to
	// a value.
	Value Value
	// Valid is true when the record passed its schema: every field has the
	// declared type, so rules may rely on it.
	Valid bool
	// Ignores are the inline silences (# dossier:ignore) in the file; nil
	// for most records.
	Ignores []Ignore
	// Derived is what the rules across records derive from the value
	// alone, once, when the record is loaded (rules.Derive); nil before.
	// This package does not read it.
	Derived any
}

// Active reports whether a record is in use: its status is not withdrawn.
func (r *Record) Active() bool { return r.Value.Get("status").Text() != "withdrawn" }

// Text returns the text field of the record, or "" when absent or not text.
func (r *Record) Text(field string) string { return r.Value.Get(field).Text() }

// Name returns the file name without its folder and .yaml.
func (r *Record) Name() string { return strings.TrimSuffix(path.Base(r.File), ".yaml") }

// Ignore is one rule silenced by a comment in a record file:
//
//	id: manze   # dossier:ignore orphan -- named in passing
type Ignore struct {
	Line, Column int    // of the comment's #; 1-based
	Alone        bool   // the comment is alone on its line: it also covers the line below
	Rule         string // the rule named; "" when the comment names none
	Reason       string // the text after "--"; "" when missing
}
