package release

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"
)

// A cell is one value of a row: nil (null), string, edtf.Day, int64,
// float64, bool or []string (List).

// rowInto builds the cells of cols from obj, a record or a list item, into
// out, which holds len(cols) cells.
func rowInto(out []any, cols []*Column, obj map[string]any) ([]any, error) {
	for i, c := range cols {
		v, err := cell(c, lookup(obj, c.path))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		out[i] = v
	}
	return out, nil
}

func lookup(obj map[string]any, path []string) any {
	var cur any = obj
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// cell converts one JSON value of a record to the cell of column c. A
// value of the wrong type is an error: Build refuses records that fail
// their schema, so it means a bug, never bad data slipping through.
func cell(c *Column, v any) (any, error) {
	if c.part != whole {
		return dateCell(c, v)
	}
	if v == nil {
		if c.Type == Boolean {
			return false, nil
		}
		return nil, nil
	}
	switch c.Type {
	case String:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want text, have %T", v)
		}
		return s, nil
	case Integer:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("want an integer, have %T", v)
		}
		i, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("integer %s: %v", n, err)
		}
		return i, nil
	case Number:
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("want a number, have %T", v)
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("number %s is out of range", n)
		}
		return f, nil
	case Boolean:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("want true or false, have %T", v)
		}
		return b, nil
	case List:
		return listCell(c, v)
	}
	return nil, fmt.Errorf("column %s: no cell of type %s", c.Name, c.Type)
}

// dateCell makes a cell an EDTF value derives: its first or last day, its
// precision, or one of its qualifiers (false, never null, when there is
// no value).
func dateCell(c *Column, v any) (any, error) {
	if v == nil {
		if c.Type == Boolean {
			return false, nil
		}
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want an EDTF date, have %T", v)
	}
	d, err := edtf.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("EDTF date %q: %v", s, err)
	}
	sp := d.Span()
	switch c.part {
	case earliest:
		if sp.OpenStart {
			return nil, nil
		}
		return sp.Earliest, nil
	case latest:
		if sp.OpenEnd {
			return nil, nil
		}
		return sp.Latest, nil
	case precision:
		return string(d.Precision()), nil
	case uncertain:
		return d.Uncertain(), nil
	}
	return d.Approximate(), nil
}

// listCell makes the cell of a List column: its items, or for a list of
// objects the first field of each item.
func listCell(c *Column, v any) (any, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list, have %T", v)
	}
	out := make([]string, len(items))
	for i, it := range items {
		if c.Elem != nil {
			m, ok := it.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("item %d: want a mapping, have %T", i+1, it)
			}
			it = m[c.Elem[0].Name]
		}
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("item %d: want text, have %T", i+1, it)
		}
		out[i] = s
	}
	return out, nil
}

// Data is a table of a release and what fills it. Its rows are never held
// all at once: the kind pass (pass.go) makes each record's rows, writes
// them to every file of the table and lets them go.
type Data struct {
	*Table
	// Records holds the records of a kind table, sorted by ID, the order
	// of its rows; nil for link tables.
	Records []*record.Record
	// Count is the number of rows, set once the table is written.
	Count int
	// farDays marks, per column, the Date columns that hold a day outside
	// the years 0001-9999, set once the table is written; nil when none
	// does. A Table Schema date cannot hold such a day (csvFields).
	farDays []bool
}

// The days a Table Schema date can hold: ISO 8601 with a four-digit year,
// as Python's datetime.date and the Frictionless validators read them.
var (
	firstDay = edtf.DayOf(1, 1, 1)
	lastDay  = edtf.DayOf(9999, 12, 31)
)

// noteDays marks the Date columns whose cell in cells, a row of d, is a
// day outside the years 0001-9999.
func (d *Data) noteDays(cells []any) {
	for i, v := range cells {
		if day, ok := v.(edtf.Day); ok && (day < firstDay || day > lastDay) {
			if d.farDays == nil {
				d.farDays = make([]bool, len(d.Columns))
			}
			d.farDays[i] = true
		}
	}
}

// compile groups the records of ds by the kind tables of tables, each
// sorted by ID, and returns one Data per table, the link tables after
// their kind table. A link table whose kind table does not come before it
// is an error.
func compile(tables []*Table, ds *validate.Dataset) ([]*Data, error) {
	byKind := map[string][]*record.Record{}
	for _, r := range ds.Records {
		if r.Kind == nil {
			continue
		}
		byKind[r.Kind.Name] = append(byKind[r.Kind.Name], r)
	}
	out := make([]*Data, len(tables))
	var owner *Data
	for i, t := range tables {
		d := &Data{Table: t}
		out[i] = d
		if !t.Link() {
			rs := byKind[t.Kind.Name]
			sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
			d.Records = rs
			d.Count = len(rs)
			owner = d
			continue
		}
		if owner == nil || owner.Kind != t.Kind {
			return nil, fmt.Errorf("table %s: its kind table %s does not come before it", t.Name, t.Owner)
		}
		if index(owner.Columns, t.List) < 0 || indexOf(owner.Columns, "id") < 0 {
			return nil, fmt.Errorf("table %s: no id or %s column in %s", t.Name, t.List.Name, owner.Name)
		}
	}
	return out, nil
}

func indexOf(cols []*Column, name string) int {
	for i, x := range cols {
		if x.Name == name {
			return i
		}
	}
	return -1
}

func index(cols []*Column, c *Column) int {
	for i, x := range cols {
		if x == c {
			return i
		}
	}
	return -1
}
