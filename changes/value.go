package changes

import "github.com/dossier-data/dossier/validate/record"

// fields returns the value of record r as a map, nil when the record did
// not parse to one: the package's one access to a record's value.
func fields(r *record.Record) map[string]any { return r.Value.Map() }
