package validate

import "github.com/dossier-data/dossier/schemas"

// ParseValue reads the bytes of one record file under the strict YAML
// profile, as Load does, and returns the record's JSON value with the
// findings of that reading (sorted). The value is nil when the file holds
// no usable document. kind may be nil (a file outside a kind folder); it
// decides how unquoted dates and years in EDTF fields are read. No schema
// check and no cross-record rule runs. For tools that rewrite records
// (dossier fmt) and must show the value is unchanged.
func ParseValue(file string, src []byte, kind *schemas.Kind) (any, List) {
	var l List
	p := parseRecord(file, src, kind, Limits{}, &l)
	l.Sort()
	return p.value, l
}
