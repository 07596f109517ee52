package release

import (
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// Type is the type of a release column.
type Type int

const (
	String  Type = iota // UTF-8 text
	Date                // a day: Parquet DATE (int32 days since 1970-01-01), CSV/JSON YYYY-MM-DD
	Integer             // Parquet INT64
	Number              // Parquet DOUBLE
	Boolean             // Parquet BOOLEAN
	List                // list of text: Parquet LIST<STRING>; CSV the items joined with ";"
	Records             // list of objects: Parquet LIST<STRUCT>; CSV the first column of each item joined with ";"
)

var typeNames = [...]string{"string", "date", "integer", "number", "boolean", "list", "list of records"}

func (t Type) String() string { return typeNames[t] }

// part says which value of its field a column holds.
type part int

const (
	whole    part = iota // the value as written
	earliest             // first day of an EDTF field's span
	latest               // last day of an EDTF field's span
)

// Column is one column of a release table, derived from a schema field.
type Column struct {
	Name        string // flattened: coordinates_lat, date_earliest
	Type        Type
	Nullable    bool   // may be null: the field is optional, or an open EDTF end
	Description string // from the schema, or generated for derived columns
	Field       *schemas.Field
	Ref         string    // the kind whose ID the column holds, when it refers to exactly one kind
	Elem        []*Column // Records: the columns of one item
	LinkTable   string    // List and Records: the link table with one row per item

	path []string // keys from the record (or item) down to the value
	part part
	// owner and position are the first two columns of a link table.
	owner, position bool
}

// FreeText reports whether the column holds text written by hand, the
// cells that CSV neutralizes against formula injection: a string with no
// enum, pattern, format or reference.
func (c *Column) FreeText() bool {
	if c.Field == nil || c.part != whole {
		return false
	}
	f := c.Field
	if c.Type == List && f.Items != nil {
		f = f.Items
	} else if c.Type != String {
		return false
	}
	return f.Type == "string" && f.Enum == nil && f.Pattern == "" && f.Format == "" && f.Ref == nil
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
			if c.Type != List && c.Type != Records {
				continue
			}
			out = append(out, linkTable(k, c))
		}
	}
	return out
}

// columns flattens fields into columns. prefix is prepended to names
// (withdrawn_), path to the value paths; optional makes every column
// nullable (the parent object is optional).
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
			c := &Column{Name: name, Type: Records, Nullable: nullable, Description: f.Description, Field: f, path: p}
			c.Elem = columns(f.Items.Fields, nil, "", false)
			out = append(out, c)
		case f.Type == "array":
			c := &Column{Name: name, Type: List, Nullable: nullable, Description: f.Description, Field: f, path: p}
			if f.Items != nil && len(f.Items.Ref) == 1 {
				c.Ref = f.Items.Ref[0]
			}
			out = append(out, c)
		case f.Format == "edtf":
			out = append(out,
				&Column{Name: name, Type: String, Nullable: nullable, Description: f.Description, Field: f, path: p},
				&Column{Name: name + "_earliest", Type: Date, Nullable: true, Field: f, path: p, part: earliest,
					Description: "First day `" + name + "` covers; null when its start is open or unknown."},
				&Column{Name: name + "_latest", Type: Date, Nullable: true, Field: f, path: p, part: latest,
					Description: "Last day `" + name + "` covers; null when its end is open or unknown."})
		default:
			c := &Column{Name: name, Type: scalarType(f), Nullable: nullable, Description: f.Description, Field: f, path: p}
			if len(f.Ref) == 1 {
				c.Ref = f.Ref[0]
			}
			out = append(out, c)
		}
	}
	return out
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

// linkTable unfolds the list column c of kind k: one row per item, with the
// owner's ID, the item's position and the item.
func linkTable(k *schemas.Kind, c *Column) *Table {
	name := k.Name + "_" + c.Name
	c.LinkTable = name
	t := &Table{Name: name, Kind: k, List: c, Owner: k.Table,
		Description: "One row per item of " + k.Table + "." + c.Name + ": " + c.Description}
	owner := &Column{Name: k.Name, Type: String, Ref: k.Name, owner: true, Description: "ID of the " + k.Name + " whose list holds the item."}
	t.Columns = []*Column{
		owner,
		{Name: "position", Type: Integer, position: true, Description: "Place of the item in the " + k.Name + "'s list, from 1."},
	}
	if c.Type == Records {
		t.Columns = append(t.Columns, c.Elem...)
		for _, e := range c.Elem {
			if e.Name == owner.Name { // source_sources: the citing source is source_id, the cited one source
				owner.Name = k.Name + "_id"
			}
		}
		return t
	}
	item := &Column{Name: itemName(k, c), Type: String, Ref: c.Ref, Field: c.Field.Items}
	if c.Field.Items != nil {
		item.Field = c.Field.Items
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
	n := c.Name
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
