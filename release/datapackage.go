package release

import (
	"io"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
)

// Media types and formats of the data files.
var fileFormats = map[string][3]string{ // extension -> format, mediatype, encoding
	".csv":     {"csv", "text/csv", "utf-8"},
	".jsonl":   {"jsonl", "application/jsonl", "utf-8"},
	".json":    {"json", "application/json", "utf-8"},
	".parquet": {"parquet", "application/vnd.apache.parquet", ""},
	".md":      {"md", "text/markdown", "utf-8"},
	".sqlite":  {"sqlite", "application/vnd.sqlite3", ""},
}

// writeDataPackage writes datapackage.json: the dataset's metadata and one
// resource per data file, with its size and SHA-256. CSV resources carry a
// Table Schema derived from the JSON Schemas; they are named after their
// table (events), the others after their file (events-parquet).
func writeDataPackage(w io.Writer, m *Meta, data []*Data, files []File, ds *validate.Dataset) error {
	dp := packageHeader(m, ds)
	tables := map[string]*Data{}
	for _, d := range data {
		tables[d.Name] = d
	}
	for _, f := range files {
		dot := strings.LastIndexByte(f.Name, '.')
		base, ext := f.Name[:dot], f.Name[dot:]
		ff := fileFormats[ext]
		r := datapackage.Resource{
			Name: base + "-" + ff[0], Path: datapackage.Path(f.Name), Format: ff[0], Mediatype: ff[1], Encoding: ff[2],
			Bytes: f.Bytes, Hash: "sha256:" + f.SHA256,
		}
		d := tables[base]
		switch {
		case d != nil && ext == ".csv":
			r.Name = d.Name
			r.Type = "table"
			r.Title = d.Name
			r.Description = strings.TrimSpace(d.Description + " " + csvGuardNote)
			r.Dialect = &datapackage.Dialect{Header: true, Delimiter: ",", LineTerminator: "\n", QuoteChar: `"`, DoubleQuote: true}
			r.Schema = csvSchema(d, ds.Schemas)
		case d != nil:
			r.Title = d.Name + " (" + ff[0] + ")"
			r.Description = d.Description
		case ext == ".sqlite":
			r.Title = "SQLite database"
			r.Description = sqliteDescription
		case f.Name == "dataset.json":
			r.Description = "Every kind table in one JSON document."
		case f.Name == "changes.jsonl":
			r.Description = "Records added, changed, withdrawn and removed since the previous release, one per line."
		case f.Name == "CHANGELOG.md":
			r.Description = "The changes since the previous release, for reading."
		}
		dp.Resources = append(dp.Resources, r)
	}
	return dp.Write(w)
}

// packageHeader is datapackage.json without its resources: the dataset's
// metadata.
func packageHeader(m *Meta, ds *validate.Dataset) datapackage.Package {
	c := m.Dataset
	dp := datapackage.Package{
		Schema: datapackage.Profile, Name: c.Name, Title: c.Title, Description: c.Description,
		Homepage: c.Homepage, Version: m.Version, Created: m.createdText(), Keywords: c.Keywords,
	}
	for _, l := range c.Licenses {
		dp.Licenses = append(dp.Licenses, datapackage.License(l))
	}
	for _, s := range c.Sources {
		dp.Sources = append(dp.Sources, datapackage.Source(s))
	}
	dp.Sources = append(dp.Sources, recordSources(ds)...)
	for _, k := range c.Contributors {
		dp.Contributors = append(dp.Contributors, datapackage.Contributor(k))
	}
	return dp
}

// packageDataset is the dataset: section as a release's datapackage.json
// tells it: its sources include the source records', and it has no
// citation.
func packageDataset(dp *datapackage.Package) config.Dataset {
	d := config.Dataset{Name: dp.Name, Title: dp.Title, Description: dp.Description, Homepage: dp.Homepage, Keywords: dp.Keywords}
	for _, l := range dp.Licenses {
		d.Licenses = append(d.Licenses, config.License(l))
	}
	for _, s := range dp.Sources {
		d.Sources = append(d.Sources, config.Source(s))
	}
	for _, k := range dp.Contributors {
		d.Contributors = append(d.Contributors, config.Contributor(k))
	}
	return d
}

// recordSources lists the source records that have a URL, in ID order, as
// Data Package sources.
func recordSources(ds *validate.Dataset) []datapackage.Source {
	var out []datapackage.Source
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
		out = append(out, datapackage.Source{Title: title, Path: url})
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
func csvSchema(d *Data, set *schemas.Set) *datapackage.TableSchema {
	t := d.Table
	s := &datapackage.TableSchema{MissingValues: []string{""}, PrimaryKey: t.PrimaryKey(), Fields: csvFields(d)}
	for _, c := range t.Columns {
		if c.Ref != "" && set.Kind(c.Ref) != nil && c.Type != List {
			s.ForeignKeys = append(s.ForeignKeys, datapackage.ForeignKey{Fields: []string{c.Name}, Reference: datapackage.Reference{Resource: set.Kind(c.Ref).Table, Fields: []string{"id"}}})
		}
	}
	return s
}

// farDaysNote ends the description of a Date column typed "string": one
// of its days has a year outside 0001-9999 (farDays).
const farDaysNote = "Typed string, not date: it holds ISO 8601 days with years outside 0001–9999 (such as -0044-03-15), which a Table Schema date cannot."

// csvFields derives the Table Schema fields of a table's CSV file, once
// the table is written: a Date column that holds a day outside the years
// 0001-9999 is a string.
func csvFields(d *Data) []datapackage.Field {
	t := d.Table
	var out []datapackage.Field
	for i, c := range t.Columns {
		f := datapackage.Field{Name: c.Name, Description: c.Description}
		var cs datapackage.Constraints
		switch c.Type {
		case String:
			f.Type = "string"
			if c.Field != nil && c.Field.Format == "uri" {
				f.Format = "uri"
			}
		case Date:
			f.Type = "date"
			if d.farDays != nil && d.farDays[i] {
				f.Type = "string"
				f.Description = strings.TrimSpace(f.Description + " " + farDaysNote)
			}
		case Integer:
			f.Type = "integer"
		case Number:
			f.Type = "number"
		case Boolean:
			f.Type = "boolean"
		case List:
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
		if c.Type == String {
			cs.Enum = c.Enum
			if c.Field != nil && c.part == whole {
				cs.Pattern = tablePattern(c.Field.Pattern)
			}
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
