package changes

import (
	"fmt"
	"sort"

	"github.com/dossier-data/dossier/datapackage"
)

// Record is one record of a version: its kind (singular, e.g. event), ID,
// status (active or withdrawn) and its fields as JSON values
// (map[string]any, []any, string, json.Number or another number type, bool,
// nil).
type Record struct {
	Kind, ID, Status string
	Fields           map[string]any
}

// Column is one column of a release table with its Table Schema type
// (string, number, integer, boolean, date, …).
type Column struct {
	Table, Name, Type string
}

// Snapshot is one version of a dataset. Columns nil means the version has no
// release columns to compare (a git revision of records/); an empty non-nil
// slice means a release with no columns.
type Snapshot struct {
	Name    string // how reports name the version, e.g. dossier-0.1.0 or HEAD~1; may be empty
	Records []Record
	Columns []Column
	Package *datapackage.Package // a release's datapackage.json, nil when there is none
}

// FieldChange is one top-level field that differs. Old or New is nil when the
// field is absent on that side (OldSet and NewSet tell an absent field from
// an explicit null).
type FieldChange struct {
	Field          string
	Old, New       any
	OldSet, NewSet bool
}

// RecordChange is one record that was added, changed, withdrawn or removed.
type RecordChange struct {
	Kind, ID string
	Label    string        // title, name, measure or text of the record, for humans; may be empty
	Fields   []FieldChange // for changed and withdrawn records, sorted by field
	// Reason and Successor come from the withdrawn field of a withdrawn record.
	Reason, Successor string
}

// ColumnChange is a release column whose type changed.
type ColumnChange struct {
	Table, Name      string
	OldType, NewType string
}

// Break classes.
const (
	BreakRecordRemoved = "record-removed" // a released ID disappeared without being withdrawn
	BreakColumnRemoved = "column-removed" // a release column is gone
	BreakColumnType    = "column-type"    // a release column changed type
)

// Break is one change that breaks data users.
type Break struct {
	Class   string // one of the Break* constants
	Kind    string // for record-removed
	ID      string // for record-removed
	Table   string // for column-removed and column-type
	Column  string // for column-removed and column-type
	Message string // one sentence
}

// Report is what changed between two versions. Every slice is sorted by
// kind (or table), then ID (or column), and is nil when empty.
type Report struct {
	Old, New string // the versions' names

	Added     []RecordChange
	Changed   []RecordChange
	Withdrawn []RecordChange // status became withdrawn; Fields lists what else changed
	Removed   []RecordChange // in old, not in new

	ColumnsAdded   []Column
	ColumnsRemoved []Column
	ColumnsRetyped []ColumnChange

	Breaking []Break
}

// HasBreaking reports whether any change breaks data users.
func (r *Report) HasBreaking() bool { return len(r.Breaking) > 0 }

type key struct{ kind, id string }

func index(s Snapshot) map[key]Record {
	m := make(map[key]Record, len(s.Records))
	for _, r := range s.Records {
		if r.ID == "" {
			continue
		}
		k := key{r.Kind, r.ID}
		if _, dup := m[k]; dup {
			continue // the first one wins; a dataset with duplicates fails validation anyway
		}
		m[k] = r
	}
	return m
}

func sortedKeys(m map[key]Record) []key {
	ks := make([]key, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].kind != ks[j].kind {
			return ks[i].kind < ks[j].kind
		}
		return ks[i].id < ks[j].id
	})
	return ks
}

// Compare returns what changed from old to new. Records are matched by kind
// and ID. A record whose status becomes withdrawn is Withdrawn, not Changed.
// A record that disappears is Removed, and Breaking unless it was already
// withdrawn in old. Columns are compared only when both versions have them.
func Compare(old, new Snapshot) *Report {
	r := &Report{Old: old.Name, New: new.Name}
	om, nm := index(old), index(new)
	for _, k := range sortedKeys(nm) {
		n := nm[k]
		o, ok := om[k]
		if !ok {
			r.Added = append(r.Added, RecordChange{Kind: k.kind, ID: k.id, Label: label(n)})
			continue
		}
		fields := diffFields(o.Fields, n.Fields)
		if n.Status == "withdrawn" && o.Status != "withdrawn" {
			rc := RecordChange{Kind: k.kind, ID: k.id, Label: label(n), Fields: fields}
			rc.Reason, rc.Successor = withdrawal(n)
			r.Withdrawn = append(r.Withdrawn, rc)
			continue
		}
		if len(fields) > 0 {
			r.Changed = append(r.Changed, RecordChange{Kind: k.kind, ID: k.id, Label: label(n), Fields: fields})
		}
	}
	for _, k := range sortedKeys(om) {
		if _, ok := nm[k]; ok {
			continue
		}
		o := om[k]
		rc := RecordChange{Kind: k.kind, ID: k.id, Label: label(o)}
		r.Removed = append(r.Removed, rc)
		if o.Status != "withdrawn" {
			r.Breaking = append(r.Breaking, Break{Class: BreakRecordRemoved, Kind: k.kind, ID: k.id,
				Message: fmt.Sprintf("%s %s was released and is gone without being withdrawn; keep it with status: withdrawn", k.kind, k.id)})
		}
	}
	if old.Columns != nil && new.Columns != nil {
		compareColumns(r, old.Columns, new.Columns)
	}
	return r
}

func compareColumns(r *Report, old, new []Column) {
	type ck struct{ table, name string }
	om, nm := map[ck]string{}, map[ck]string{}
	var order []ck
	for _, c := range old {
		k := ck{c.Table, c.Name}
		if _, ok := om[k]; !ok {
			om[k] = c.Type
			order = append(order, k)
		}
	}
	for _, c := range new {
		k := ck{c.Table, c.Name}
		if _, ok := nm[k]; ok {
			continue
		}
		nm[k] = c.Type
		if _, ok := om[k]; !ok {
			order = append(order, k)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].table != order[j].table {
			return order[i].table < order[j].table
		}
		return order[i].name < order[j].name
	})
	for _, k := range order {
		ot, inOld := om[k]
		nt, inNew := nm[k]
		switch {
		case !inOld:
			r.ColumnsAdded = append(r.ColumnsAdded, Column{Table: k.table, Name: k.name, Type: nt})
		case !inNew:
			r.ColumnsRemoved = append(r.ColumnsRemoved, Column{Table: k.table, Name: k.name, Type: ot})
			r.Breaking = append(r.Breaking, Break{Class: BreakColumnRemoved, Table: k.table, Column: k.name,
				Message: fmt.Sprintf("column %s.%s (%s) was released and is gone", k.table, k.name, ot)})
		case ot != nt:
			r.ColumnsRetyped = append(r.ColumnsRetyped, ColumnChange{Table: k.table, Name: k.name, OldType: ot, NewType: nt})
			r.Breaking = append(r.Breaking, Break{Class: BreakColumnType, Table: k.table, Column: k.name,
				Message: fmt.Sprintf("column %s.%s changed type from %s to %s", k.table, k.name, ot, nt)})
		}
	}
}

// diffFields lists the top-level fields whose values differ, sorted by name.
func diffFields(old, new map[string]any) []FieldChange {
	names := make([]string, 0, len(old)+len(new))
	for n := range old {
		names = append(names, n)
	}
	for n := range new {
		if _, ok := old[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out []FieldChange
	for _, n := range names {
		ov, oset := old[n]
		nv, nset := new[n]
		if oset == nset && Equal(ov, nv) {
			continue
		}
		out = append(out, FieldChange{Field: n, Old: ov, New: nv, OldSet: oset, NewSet: nset})
	}
	return out
}

// label picks the field humans know a record by.
func label(r Record) string {
	for _, f := range []string{"title", "name", "measure", "text"} {
		if s, ok := r.Fields[f].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func withdrawal(r Record) (reason, successor string) {
	w, _ := r.Fields["withdrawn"].(map[string]any)
	reason, _ = w["reason"].(string)
	successor, _ = w["successor"].(string)
	return reason, successor
}
