package release

import "github.com/dossier-data/dossier/validate/record"

// fields returns the value of record r as a map, nil when the record did
// not parse to one. It is the release compiler's one access to a record's
// value: decoding it may cost, so each output pass calls it at most once
// per record and keeps the map no longer than it needs it.
func fields(r *record.Record) map[string]any { return r.Value.Map() }
