// Package datapackage is the descriptor of a release, datapackage.json: a
// Frictionless Data Package (v2) with a Table Schema per table file. It is
// the one Go type of that contract: the release compiler writes it, the
// release page and dossier diff read it. It imports only the standard
// library.
//
// Reading is tolerant of what the other readers of a Data Package accept:
// a resource's path may be one string or a list (the first is used), and
// its schema may be a Table Schema or the path to one (Schema.Ref).
package datapackage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// File is the descriptor's name in a release folder.
const File = "datapackage.json"

// Profile is the Data Package v2 profile the descriptor declares.
const Profile = "https://datapackage.org/profiles/2.0/datapackage.json"

// Package is the descriptor. Its fields are in the order they are written,
// so that the same release gives the same bytes.
type Package struct {
	Schema       string        `json:"$schema,omitempty"`
	Name         string        `json:"name"`
	Title        string        `json:"title"`
	Description  string        `json:"description,omitempty"`
	Homepage     string        `json:"homepage,omitempty"`
	Version      string        `json:"version"`
	Created      string        `json:"created"` // RFC 3339
	Keywords     []string      `json:"keywords,omitempty"`
	Licenses     []License     `json:"licenses,omitempty"`
	Sources      []Source      `json:"sources,omitempty"`
	Contributors []Contributor `json:"contributors,omitempty"`
	Resources    []Resource    `json:"resources"`
}

// License is one entry of licenses.
type License struct {
	Name  string `json:"name,omitempty"` // an SPDX or Open Definition identifier: CC-BY-4.0
	Path  string `json:"path,omitempty"` // URL of the licence text
	Title string `json:"title,omitempty"`
}

// Source is one entry of sources: where the data comes from.
type Source struct {
	Title string `json:"title,omitempty"`
	Path  string `json:"path,omitempty"`
}

// Contributor is one entry of contributors.
type Contributor struct {
	Title string   `json:"title,omitempty"`
	Email string   `json:"email,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

// Resource is one file of the release.
type Resource struct {
	Name        string       `json:"name"`
	Path        Path         `json:"path"`
	Type        string       `json:"type,omitempty"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Format      string       `json:"format"`
	Mediatype   string       `json:"mediatype"`
	Encoding    string       `json:"encoding,omitempty"`
	Bytes       int64        `json:"bytes"`
	Hash        string       `json:"hash"` // "sha256:<hex>", or "<hex>" for MD5 per the spec
	Dialect     *Dialect     `json:"dialect,omitempty"`
	Schema      *TableSchema `json:"schema,omitempty"`
}

// Path is a resource's path: written as one string; read from a string or
// (Data Package v2) a list of strings, of which it keeps the first.
type Path string

// UnmarshalJSON reads a string or a list of strings.
func (p *Path) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = Path(s)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("path is neither a string nor a list of strings")
	}
	*p = ""
	if len(list) > 0 {
		*p = Path(list[0])
	}
	return nil
}

// Dialect is the CSV dialect of a table file.
type Dialect struct {
	Header         bool   `json:"header"`
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
}

// TableSchema is the Table Schema of a table file. Read from a string, it
// is the path of a Table Schema file, kept in Ref, with no fields.
type TableSchema struct {
	Fields        []Field      `json:"fields"`
	MissingValues []string     `json:"missingValues"`
	PrimaryKey    []string     `json:"primaryKey"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
	Ref           string       `json:"-"`
}

// UnmarshalJSON reads a Table Schema or the path of one.
func (t *TableSchema) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = TableSchema{Ref: s}
		return nil
	}
	type plain TableSchema
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*t = TableSchema(p)
	return nil
}

// Field is one column of a Table Schema.
type Field struct {
	Name        string       `json:"name"`
	Type        string       `json:"type,omitempty"` // Table Schema's default is "any"
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description,omitempty"`
	Delimiter   string       `json:"delimiter,omitempty"`
	ItemType    string       `json:"itemType,omitempty"`
	Constraints *Constraints `json:"constraints,omitempty"`
}

// Constraints of a Field.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// ForeignKey says that a column holds the primary key of another table.
type ForeignKey struct {
	Fields    []string  `json:"fields"`
	Reference Reference `json:"reference"`
}

// Reference is the table and columns a ForeignKey points at.
type Reference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// Write writes p as datapackage.json is written: indented by two spaces,
// HTML characters unescaped, one final newline.
func (p *Package) Write(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Read decodes one descriptor, refusing data after it.
func Read(b []byte) (*Package, error) {
	var p Package
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
