package changes

import (
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// AsWritten returns the snapshot with each record as its YAML file holds it,
// so that a release compares with a records folder or a git revision:
// members whose value is null are dropped (a release writes null for an
// absent field), and so are a boolean field's false (a release writes false
// for an absent flag) and the <field>_earliest, _latest, _precision,
// _uncertain and _approximate columns a release derives from every EDTF
// field of set (nested objects and list items too). Records of kinds set
// does not know only lose their nulls.
// Columns are kept. Two releases compare as they are, without this.
func (s Snapshot) AsWritten(set *schemas.Set) Snapshot {
	out := Snapshot{Name: s.Name, Columns: s.Columns, Records: make([]Record, len(s.Records))}
	for i, r := range s.Records {
		var fields []*schemas.Field
		if set != nil {
			if k := set.Kind(r.Kind); k != nil {
				fields = k.Fields
			}
		}
		m, _ := written(r.Fields, fields).(map[string]any)
		out.Records[i] = Record{Kind: r.Kind, ID: r.ID, Status: r.Status, Fields: m}
	}
	return out
}

// written strips v, the value of an object with the given fields (nil when
// unknown), of nulls and derived spans.
func written(v any, fields []*schemas.Field) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e == nil || derived(k, fields) || (e == false && isBoolean(k, fields)) {
				continue
			}
			var sub []*schemas.Field
			var item *schemas.Field
			for _, f := range fields {
				if f.Name == k {
					sub, item = f.Fields, f.Items
				}
			}
			if l, ok := e.([]any); ok && item != nil {
				items := make([]any, len(l))
				for i, it := range l {
					items[i] = written(it, item.Fields)
				}
				out[k] = items
				continue
			}
			out[k] = written(e, sub)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = written(e, nil)
		}
		return out
	}
	return v
}

// derived reports whether key is a column a release derives from an EDTF
// field of the object: <f>_earliest, _latest, _precision, _uncertain or
// _approximate.
func derived(key string, fields []*schemas.Field) bool {
	for _, suffix := range []string{"_earliest", "_latest", "_precision", "_uncertain", "_approximate"} {
		if base, ok := strings.CutSuffix(key, suffix); ok {
			for _, f := range fields {
				if f.Name == base && f.Format == "edtf" {
					return true
				}
			}
		}
	}
	return false
}

// isBoolean reports whether key is a boolean field of the object.
func isBoolean(key string, fields []*schemas.Field) bool {
	for _, f := range fields {
		if f.Name == key {
			return f.Type == "boolean"
		}
	}
	return false
}
