package datapackage

import (
	"bytes"
	"strings"
	"testing"
)

// TestRoundTrip: a descriptor written and read back is the same, and the
// tolerant forms other writers use (a list of paths, a schema given as a
// path) are read.
func TestRoundTrip(t *testing.T) {
	p := Package{Schema: Profile, Name: "x", Title: "X & Y", Version: "1.0.0", Created: "2026-01-01T00:00:00Z",
		Resources: []Resource{{Name: "events", Path: "events.csv", Format: "csv", Mediatype: "text/csv", Bytes: 3, Hash: "sha256:00",
			Schema: &TableSchema{Fields: []Field{{Name: "id", Type: "string"}}, MissingValues: []string{""}, PrimaryKey: []string{"id"}}}}}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"title": "X & Y"`) {
		t.Errorf("HTML characters escaped or indentation changed:\n%s", b.String())
	}
	q, err := Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	if err := q.Write(&b2); err != nil {
		t.Fatal(err)
	}
	if b.String() != b2.String() {
		t.Errorf("read back and written again:\n%s\nwant\n%s", b2.String(), b.String())
	}
	other, err := Read([]byte(`{"name":"y","resources":[{"name":"a","path":["a.csv","b.csv"],"schema":"a.schema.json"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if r := other.Resources[0]; r.Path != "a.csv" || r.Schema == nil || r.Schema.Ref != "a.schema.json" {
		t.Errorf("resource read as %+v", r)
	}
	for _, bad := range []string{`{"name":"x"} {}`, `{"resources":[{"path":3}]}`, `{`} {
		if _, err := Read([]byte(bad)); err == nil {
			t.Errorf("Read(%s) = nil error", bad)
		}
	}
}
