package schemas_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-data/dossier/schemas"
)

func load(t *testing.T) *schemas.Set {
	t.Helper()
	set, err := schemas.Load(schemas.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestKindsInOrder(t *testing.T) {
	set := load(t)
	got := strings.Join(set.KindNames(), ",")
	if got != "event,quote,figure,actor,place,source" {
		t.Fatalf("kinds = %s", got)
	}
	for _, k := range set.Kinds {
		if set.KindByTable(k.Table) != k || set.Kind(k.Name) != k {
			t.Errorf("lookup of %s/%s broken", k.Name, k.Table)
		}
		if k.Fields[0].Name != "id" || k.Fields[1].Name != "status" {
			t.Errorf("%s: fields must start with id, status; got %s, %s", k.Name, k.Fields[0].Name, k.Fields[1].Name)
		}
	}
}

// Every property, at every depth, documents itself: docs and release
// columns are generated from these descriptions.
func TestEveryFieldHasDescription(t *testing.T) {
	set := load(t)
	var walk func(kind, path string, f *schemas.Field)
	walk = func(kind, path string, f *schemas.Field) {
		if strings.TrimSpace(f.Description) == "" {
			t.Errorf("%s: %s has no description", kind, path)
		}
		if f.Type == "" {
			t.Errorf("%s: %s has no type", kind, path)
		}
		for _, c := range f.Fields {
			walk(kind, path+"."+c.Name, c)
		}
		if f.Items != nil {
			walk(kind, path+"[]", f.Items)
		}
	}
	for _, k := range set.Kinds {
		if k.Description == "" || k.Title == "" {
			t.Errorf("%s: no title or description", k.Name)
		}
		for _, f := range k.Fields {
			walk(k.Name, f.Name, f)
		}
	}
}

// References name existing kinds, and the record-level facts the issue
// requires hold: events, quotes and figures cite sources with a locator.
func TestReferencesAndCitations(t *testing.T) {
	set := load(t)
	var walk func(kind, path string, f *schemas.Field)
	refs := 0
	walk = func(kind, path string, f *schemas.Field) {
		for _, r := range f.Ref {
			refs++
			if set.Kind(r) == nil {
				t.Errorf("%s: %s refers to unknown kind %q", kind, path, r)
			}
			if f.Type != "string" {
				t.Errorf("%s: %s is a reference but of type %s", kind, path, f.Type)
			}
		}
		for _, c := range f.Fields {
			walk(kind, path+"."+c.Name, c)
		}
		if f.Items != nil {
			walk(kind, path+"[]", f.Items)
		}
	}
	for _, k := range set.Kinds {
		for _, f := range k.Fields {
			walk(k.Name, f.Name, f)
		}
	}
	if refs < 15 {
		t.Errorf("only %d references declared", refs)
	}
	for _, name := range []string{"event", "quote", "figure"} {
		src := set.Kind(name).Field("sources")
		if src == nil || !src.Required || src.Items == nil {
			t.Fatalf("%s: sources must be a required list", name)
		}
		loc := set.Kind(name).FieldAt([]string{"sources", "0", "locator"})
		if loc == nil || !loc.Required {
			t.Errorf("%s: sources[].locator must be required", name)
		}
		if ref := set.Kind(name).FieldAt([]string{"sources", "0", "source"}); ref == nil || len(ref.Ref) != 1 || ref.Ref[0] != "source" {
			t.Errorf("%s: sources[].source must reference a source", name)
		}
	}
	if f := set.Kind("event").Field("date"); f.Format != "edtf" || !f.Required {
		t.Errorf("event.date: format %q required %v", f.Format, f.Required)
	}
}

func TestLoadRejects(t *testing.T) {
	common := `{"$id": "https://dossier.invalid/schemas/common.schema.json", "$defs": {}}`
	cases := map[string]fstest.MapFS{
		"no schemas":    {},
		"bad json":      {"common.schema.json": {Data: []byte(`{`)}},
		"wrong $id":     {"common.schema.json": {Data: []byte(`{"$id": "x"}`)}},
		"no x-kind":     {"common.schema.json": {Data: []byte(common)}, "a.schema.json": {Data: []byte(`{"$id": "https://dossier.invalid/schemas/a.schema.json"}`)}},
		"remote $ref":   {"common.schema.json": {Data: []byte(common)}, "a.schema.json": {Data: []byte(`{"$id": "https://dossier.invalid/schemas/a.schema.json", "x-kind": "a", "x-table": "as", "properties": {"x": {"$ref": "https://example.org/s.json"}}}`)}},
		"duplicate key": {"common.schema.json": {Data: []byte(`{"$id": "https://dossier.invalid/schemas/common.schema.json", "a": 1, "a": 2}`)}},
	}
	for name, fsys := range cases {
		if _, err := schemas.Load(fsys); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
}
