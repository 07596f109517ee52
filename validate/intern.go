package validate

import (
	"sync"

	"github.com/dossier-data/dossier/schemas"
)

// Field names and enum values repeat in every record. The YAML parser
// allocates each occurrence anew; the loader swaps them for one shared copy
// per kind (the enum values already boxed as interface values), so a
// loaded dataset keeps each such string once, not once per record.

type internTable struct {
	names  map[string]string // field name -> the schema's copy
	values map[string]any    // enum value -> the value, boxed once
}

var (
	internMu     sync.Mutex
	internTables = map[*schemas.Kind]*internTable{}
)

// internFor returns the table of a kind, built on first use; nil for nil.
func internFor(k *schemas.Kind) *internTable {
	if k == nil {
		return nil
	}
	internMu.Lock()
	defer internMu.Unlock()
	if t, ok := internTables[k]; ok {
		return t
	}
	t := &internTable{names: map[string]string{}, values: map[string]any{}}
	var walk func(fs []*schemas.Field)
	walk = func(fs []*schemas.Field) {
		for _, f := range fs {
			for f != nil {
				if f.Name != "" {
					t.names[f.Name] = f.Name
				}
				for _, e := range f.Enum {
					t.values[e] = e
				}
				walk(f.Fields)
				f = f.Items
			}
		}
	}
	walk(k.Fields)
	internTables[k] = t
	return t
}

// name returns the shared copy of a field name, or s.
func (t *internTable) name(s string) string {
	if t != nil {
		if n, ok := t.names[s]; ok {
			return n
		}
	}
	return s
}

// value returns s boxed, shared when it is an enum value of the kind.
func (t *internTable) value(s string) any {
	if t != nil {
		if v, ok := t.values[s]; ok {
			return v
		}
	}
	return s
}
