package release

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
)

// DataPackageProfile is the Data Package v2 profile the descriptor declares.
const DataPackageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"

// The descriptor is built from ordered structs so that its keys come out
// in the same order every time.

type dataPackage struct {
	Schema       string               `json:"$schema"`
	Name         string               `json:"name"`
	Title        string               `json:"title"`
	Description  string               `json:"description,omitempty"`
	Homepage     string               `json:"homepage,omitempty"`
	Version      string               `json:"version"`
	Created      string               `json:"created"`
	Keywords     []string             `json:"keywords,omitempty"`
	Licenses     []config.License     `json:"licenses,omitempty"`
	Sources      []config.Source      `json:"sources,omitempty"`
	Contributors []config.Contributor `json:"contributors,omitempty"`
	Resources    []resource           `json:"resources"`
}

type resource struct {
	Name        string       `json:"name"`
	Path        string       `json:"path"`
	Type        string       `json:"type,omitempty"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Format      string       `json:"format"`
	Mediatype   string       `json:"mediatype"`
	Encoding    string       `json:"encoding,omitempty"`
	Bytes       int64        `json:"bytes"`
	Hash        string       `json:"hash"`
	Dialect     *dialect     `json:"dialect,omitempty"`
	Schema      *tableSchema `json:"schema,omitempty"`
}

type dialect struct {
	Header         bool   `json:"header"`
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
}

type tableSchema struct {
	Fields        []tableField `json:"fields"`
	MissingValues []string     `json:"missingValues"`
	PrimaryKey    []string     `json:"primaryKey"`
	ForeignKeys   []foreignKey `json:"foreignKeys,omitempty"`
}

type tableField struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description,omitempty"`
	Delimiter   string       `json:"delimiter,omitempty"`
	ItemType    string       `json:"itemType,omitempty"`
	Constraints *constraints `json:"constraints,omitempty"`
}

type constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

type foreignKey struct {
	Fields    []string  `json:"fields"`
	Reference reference `json:"reference"`
}

type reference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// Media types and formats of the data files.
var fileFormats = map[string][3]string{ // extension -> format, mediatype, encoding
	".csv":     {"csv", "text/csv", "utf-8"},
	".jsonl":   {"jsonl", "application/jsonl", "utf-8"},
	".json":    {"json", "application/json", "utf-8"},
	".parquet": {"parquet", "application/vnd.apache.parquet", ""},
	".md":      {"md", "text/markdown", "utf-8"},
}

// writeDataPackage writes datapackage.json: the dataset's metadata and one
// resource per data file, with its size and SHA-256. CSV resources carry a
// Table Schema derived from the JSON Schemas; they are named after their
// table (events), the others after their file (events-parquet).
func writeDataPackage(w io.Writer, m *Meta, data []*Data, files []File, ds *validate.Dataset) error {
	c := m.Dataset
	dp := dataPackage{
		Schema: DataPackageProfile, Name: c.Name, Title: c.Title, Description: c.Description,
		Homepage: c.Homepage, Version: m.Version, Created: m.createdText(),
		Keywords: c.Keywords, Licenses: c.Licenses, Contributors: c.Contributors,
		Sources: append(append([]config.Source(nil), c.Sources...), recordSources(ds)...),
	}
	tables := map[string]*Data{}
	for _, d := range data {
		tables[d.Name] = d
	}
	for _, f := range files {
		dot := strings.LastIndexByte(f.Name, '.')
		base, ext := f.Name[:dot], f.Name[dot:]
		ff := fileFormats[ext]
		r := resource{
			Name: base + "-" + ff[0], Path: f.Name, Format: ff[0], Mediatype: ff[1], Encoding: ff[2],
			Bytes: f.Bytes, Hash: "sha256:" + f.SHA256,
		}
		d := tables[base]
		switch {
		case d != nil && ext == ".csv":
			r.Name = d.Name
			r.Type = "table"
			r.Title = d.Name
			r.Description = d.Description
			r.Dialect = &dialect{Header: true, Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true}
			r.Schema = csvSchema(d.Table, ds.Schemas)
		case d != nil:
			r.Title = d.Name + " (" + ff[0] + ")"
			r.Description = d.Description
		case f.Name == "dataset.json":
			r.Description = "Every kind table in one JSON document."
		case f.Name == "changes.jsonl":
			r.Description = "Records added, changed, withdrawn and removed since the previous release, one per line."
		case f.Name == "CHANGELOG.md":
			r.Description = "The changes since the previous release, for reading."
		}
		dp.Resources = append(dp.Resources, r)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(dp); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// recordSources lists the source records that have a URL, in ID order, as
// Data Package sources.
func recordSources(ds *validate.Dataset) []config.Source {
	var out []config.Source
	for _, r := range ds.Records {
		if r.Kind == nil || r.Kind.Name != "source" {
			continue
		}
		obj := fields(r)
		if obj == nil {
			continue
		}
		url, _ := obj["url"].(string)
		if url == "" {
			continue
		}
		title, _ := obj["title"].(string)
		out = append(out, config.Source{Title: title, Path: url})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// csvSchema derives the Table Schema of a table's CSV file.
func csvSchema(t *Table, set *schemas.Set) *tableSchema {
	s := &tableSchema{MissingValues: []string{""}, PrimaryKey: t.PrimaryKey(), Fields: csvFields(t)}
	for _, c := range t.Columns {
		if c.Ref != "" && set.Kind(c.Ref) != nil && c.Type != List && c.Type != Records {
			s.ForeignKeys = append(s.ForeignKeys, foreignKey{Fields: []string{c.Name}, Reference: reference{Resource: set.Kind(c.Ref).Table, Fields: []string{"id"}}})
		}
	}
	return s
}

// csvFields derives the Table Schema fields of a table's CSV file.
func csvFields(t *Table) []tableField {
	var out []tableField
	for _, c := range t.Columns {
		f := tableField{Name: c.Name, Description: c.Description}
		var cs constraints
		switch c.Type {
		case String:
			f.Type = "string"
			if c.Field != nil && c.Field.Format == "uri" {
				f.Format = "uri"
			}
		case Date:
			f.Type = "date"
		case Integer:
			f.Type = "integer"
		case Number:
			f.Type = "number"
		case Boolean:
			f.Type = "boolean"
		case List, Records:
			f.Type = "list"
			f.Delimiter = ListSeparator
			f.ItemType = "string"
			if c.LinkTable != "" {
				f.Description = strings.TrimSpace(f.Description + " Items joined with \"" + ListSeparator + "\"; " + c.LinkTable + " has one row per item.")
			}
		}
		cs.Required = !c.Nullable
		if c.Name == "id" && !t.Link() {
			cs.Unique = true
		}
		if c.Field != nil && c.part == whole && (c.Type == String) {
			cs.Enum = c.Field.Enum
			cs.Pattern = tablePattern(c.Field.Pattern)
		}
		if cs.Required || cs.Unique || cs.Pattern != "" || cs.Enum != nil {
			f.Constraints = &cs
		}
		out = append(out, f)
	}
	return out
}

// tablePattern turns a JSON Schema pattern into a Table Schema one. Table
// Schema patterns (XML Schema regular expressions) always match the whole
// value and have no anchors, so a pattern anchored at both ends loses its
// ^ and $; any other is left out, as it cannot be said the same way.
func tablePattern(p string) string {
	if p == "" {
		return ""
	}
	if strings.HasPrefix(p, "^") && strings.HasSuffix(p, "$") && !strings.HasSuffix(p, `\$`) {
		return p[1 : len(p)-1]
	}
	return ""
}
