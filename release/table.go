package release

import (
	"strings"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/edtf"
)

// Type is the type of a release column.
type Type int

const (
	String  Type = iota // UTF-8 text
	Date                // a day: Parquet DATE (int32 days since 1970-01-01), CSV/JSON YYYY-MM-DD
	Integer             // Parquet INT64
	Number              // Parquet DOUBLE
	Boolean             // Parquet BOOLEAN; never null: false when absent
	List                // list of text: Parquet LIST<STRING>; CSV the items joined with ";"
)

var typeNames = [...]string{"string", "date", "integer", "number", "boolean", "list"}

func (t Type) String() string { return typeNames[t] }

// part says which value of its field a column holds.
type part int

const (
	whole       part = iota // the value as written
	earliest                // first day of an EDTF field's span
	latest                  // last day of an EDTF field's span
	precision               // how precisely an EDTF field is written (edtf.Precision)
	uncertain               // whether an EDTF field is marked uncertain
	approximate             // whether an EDTF field is marked approximate
)

// Column is one column of a release table, derived from a schema field.
type Column struct {
	Name        string // flattened: coordinates_lat, date_earliest
	Type        Type
	Nullable    bool   // may be null: the field is optional, or an open EDTF end
	Description string // from the schema, or generated for derived columns
	Field       *schemas.Field
	Ref         string   // the kind whose ID the column (or each item of a list) holds, when it refers to exactly one kind
	Enum        []string // the values a text column may hold; nil when any
	// A list of objects (a record's sources, an actor's roles) is a List
	// of each item's first field (source_ids, role_titles); Elem are the
	// columns of one item, which its link table holds in full.
	Elem      []*Column
	LinkTable string // List: the link table with one row per item

	path []string // keys from the record (or item) down to the value
	part part
}

// Table is one table of a release: a kind table (events) with one row per
// record, or a link table (event_actors) with one row per item of a list
// field.
type Table struct {
	Name        string // events, event_actors
	Kind        *schemas.Kind
	Description string
	Columns     []*Column
	// Link tables: the list field they unfold, and the owner kind table.
	List  *Column
	Owner string
}

// Link reports whether t is a link table.
func (t *Table) Link() bool { return t.List != nil }

// PrimaryKey returns the names of the columns that identify a row.
func (t *Table) PrimaryKey() []string {
	if t.Link() {
		return []string{t.Columns[0].Name, t.Columns[1].Name}
	}
	return []string{"id"}
}

// Tables derives the release tables from the schemas: for each kind, its
// table, then its link tables in field order.
func Tables(set *schemas.Set) []*Table {
	var out []*Table
	for _, k := range set.Kinds {
		t := &Table{Name: k.Table, Kind: k, Description: k.Description}
		t.Columns = columns(k.Fields, nil, "", false)
		out = append(out, t)
		for _, c := range t.Columns {
			if c.Type == List {
				out = append(out, linkTable(k, c))
			}
		}
	}
	return out
}

// columns flattens fields into columns. prefix is prepended to names
// (withdrawn_), path to the value paths; optional makes every column
// nullable (the parent object is optional), but booleans, which are false
// when absent.
func columns(fields []*schemas.Field, path []string, prefix string, optional bool) []*Column {
	var out []*Column
	for _, f := range fields {
		p := append(append([]string(nil), path...), f.Name)
		name := prefix + f.Name
		nullable := optional || !f.Required
		switch {
		case f.Type == "object":
			out = append(out, columns(f.Fields, p, name+"_", nullable)...)
		case f.Type == "array" && f.Items != nil && f.Items.Type == "object":
			out = append(out, objectList(f, p, name, nullable))
		case f.Type == "array":
			c := &Column{Name: name, Type: List, Nullable: nullable, Description: f.Description, Field: f, path: p}
			if f.Items != nil && len(f.Items.Ref) == 1 {
				c.Ref = f.Items.Ref[0]
			}
			if f.Items != nil {
				c.Enum = f.Items.Enum
			}
			out = append(out, c)
		case f.Format == "edtf":
			out = append(out, dateColumns(f, p, name, nullable)...)
		default:
			c := &Column{Name: name, Type: scalarType(f), Nullable: nullable, Description: f.Description, Field: f, path: p, Enum: f.Enum}
			if len(f.Ref) == 1 {
				c.Ref = f.Ref[0]
			}
			if c.Type == Boolean {
				c.Nullable = false
				c.Description = strings.TrimSpace(c.Description + " False when absent, never null.")
			}
			out = append(out, c)
		}
	}
	return out
}

// objectList is the column of f, a list of objects, in a kind table: the
// list of each item's first field, named after the item and that field
// (sources: source_ids; roles: role_titles).
func objectList(f *schemas.Field, p []string, name string, nullable bool) *Column {
	elem := columns(f.Items.Fields, nil, "", false)
	first := elem[0]
	suffix := first.Name + "s"
	if first.Ref != "" {
		suffix = "ids"
	}
	return &Column{Name: singular(name) + "_" + suffix, Type: List, Nullable: nullable, Field: f, path: p, Elem: elem, Ref: first.Ref,
		Description: "The `" + first.Name + "` of each item of `" + name + "`, in order (a value repeats when several items share it): " + f.Description}
}

// dateColumns are the columns of an EDTF field: its text, the first and
// last day it covers, its precision, and its two qualifiers.
func dateColumns(f *schemas.Field, p []string, name string, nullable bool) []*Column {
	var precisions []string
	for _, x := range edtf.Precisions {
		precisions = append(precisions, string(x))
	}
	return []*Column{
		{Name: name, Type: String, Nullable: nullable, Description: f.Description, Field: f, path: p},
		{Name: name + "_earliest", Type: Date, Nullable: true, Field: f, path: p, part: earliest,
			Description: "First day `" + name + "` covers; null when its start is open or unknown."},
		{Name: name + "_latest", Type: Date, Nullable: true, Field: f, path: p, part: latest,
			Description: "Last day `" + name + "` covers; null when its end is open or unknown."},
		{Name: name + "_precision", Type: String, Nullable: nullable, Field: f, path: p, part: precision, Enum: precisions,
			Description: "How precisely `" + name + "` is written (decade: 201X, century: 20XX; an interval's ends are in its text); null when `" + name + "` is."},
		{Name: name + "_uncertain", Type: Boolean, Field: f, path: p, part: uncertain,
			Description: "True when `" + name + "` is marked uncertain (`?` or `%`, at either end of an interval); false otherwise, never null."},
		{Name: name + "_approximate", Type: Boolean, Field: f, path: p, part: approximate,
			Description: "True when `" + name + "` is marked approximate (`~` or `%`, at either end of an interval); false otherwise, never null."},
	}
}

// linkTable unfolds the list column c of kind k: one row per item, with the
// owner's ID (<kind>_id, in every link table), the item's position and the
// item: its value, or for a list of objects each of its fields.
func linkTable(k *schemas.Kind, c *Column) *Table {
	field := c.Name
	if c.Elem != nil {
		field = c.Field.Name // sources, not source_ids
	}
	name := k.Name + "_" + field
	c.LinkTable = name
	t := &Table{Name: name, Kind: k, List: c, Owner: k.Table,
		Description: "One row per item of " + k.Table + "." + field + ": " + c.Field.Description}
	t.Columns = []*Column{
		{Name: k.Name + "_id", Type: String, Ref: k.Name, Description: "ID of the " + k.Name + " whose list holds the item."},
		{Name: "position", Type: Integer, Description: "Place of the item in the " + k.Name + "'s list, from 1."},
	}
	if c.Elem != nil {
		t.Columns = append(t.Columns, c.Elem...)
		return t
	}
	item := &Column{Name: itemName(k, c), Type: String, Ref: c.Ref, Field: c.Field.Items, Enum: c.Enum}
	if c.Field.Items != nil {
		item.Description = c.Field.Items.Description
	}
	if item.Field == nil {
		item.Field = &schemas.Field{Type: "string"}
	}
	t.Columns = append(t.Columns, item)
	return t
}

// itemName names the item column of a list's link table: the kind it
// refers to (event_actors.actor), or the field's name in the singular
// (event_tags.tag) when it refers to none or to the owner's own kind
// (event_follows.follows).
func itemName(k *schemas.Kind, c *Column) string {
	if c.Ref != "" && c.Ref != k.Name {
		return c.Ref
	}
	if c.Ref == k.Name {
		return c.Name
	}
	return singular(c.Name)
}

// singular puts an English plural field name in the singular: aliases,
// tags, authors.
func singular(n string) string {
	switch {
	case strings.HasSuffix(n, "ies"):
		return strings.TrimSuffix(n, "ies") + "y"
	case strings.HasSuffix(n, "sses"), strings.HasSuffix(n, "ases"), strings.HasSuffix(n, "xes"):
		return strings.TrimSuffix(n, "es")
	case strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss"):
		return strings.TrimSuffix(n, "s")
	}
	return n
}

func scalarType(f *schemas.Field) Type {
	switch f.Type {
	case "integer":
		return Integer
	case "number":
		return Number
	case "boolean":
		return Boolean
	}
	return String
}
