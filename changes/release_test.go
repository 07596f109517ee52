package changes_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/validate"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestReadReleaseErrors: a broken release is an error naming the file and
// line, never a panic or a partial snapshot taken for whole.
func TestReadReleaseErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"empty folder", map[string]string{"README.md": "x"}, "is not a release folder"},
		{"not json", map[string]string{"events.jsonl": "{\"id\":\"a\"}\n{oops\n"}, "events.jsonl:2: not JSON"},
		{"not an object", map[string]string{"events.jsonl": "[1]\n"}, "events.jsonl:1: a record is a JSON object"},
		{"no id", map[string]string{"quotes.jsonl": "{\"status\":\"active\"}\n"}, "quotes.jsonl:1: record has no id"},
		{"two values", map[string]string{"quotes.jsonl": "{\"id\":\"a\"} {\"id\":\"b\"}\n"}, "quotes.jsonl:1: more than one JSON value"},
		{"bad datapackage", map[string]string{"datapackage.json": "{"}, "datapackage.json: unexpected end of JSON input"},
		{"missing table schema", map[string]string{"datapackage.json": `{"resources":[{"name":"events","path":"events.csv","schema":"nope.json"}]}`}, "schema nope.json"},
		{"bad gzip", map[string]string{"events.jsonl.gz": "not gzip"}, "events.jsonl.gz: "},
		// IDs are printed in reports, changelogs and pages: one that is no
		// record ID is refused, whether read from the line's start or decoded.
		{"id with controls", map[string]string{"events.jsonl": `{"id":"\u001b[31mevil\n::error::x","status":"active"}` + "\n"},
			`events.jsonl:1: id "\x1b[31mevil\n::error::x" is not a record ID (it must match ^[a-z0-9]+(-[a-z0-9]+)*$)`},
		{"id not kebab-case", map[string]string{"events.jsonl": `{"id":"Raid_2","status":"active"}` + "\n"}, `events.jsonl:1: id "Raid_2" is not a record ID`},
		{"id not first", map[string]string{"events.jsonl": `{"status":"active","id":"a b"}` + "\n"}, `events.jsonl:1: id "a b" is not a record ID`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := changes.ReadRelease(writeFiles(t, c.files))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	if _, err := changes.ReadRelease(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("a missing folder is not an error")
	}
}

// TestReadReleaseGzip reads a compressed table like a plain one.
func TestReadReleaseGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"id":"raid","status":"withdrawn","title":"Raid"}` + "\n"))
	zw.Close()
	dir := writeFiles(t, map[string]string{"events.jsonl.gz": buf.String()})
	s, err := changes.ReadRelease(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 1 || s.Records[0].Kind != "event" || s.Records[0].ID != "raid" || s.Records[0].Status != "withdrawn" {
		t.Fatalf("got %+v", s.Records)
	}
	if s.Columns != nil {
		t.Fatalf("columns %v without a datapackage.json, want nil", s.Columns)
	}
}

// TestFromDataset builds a snapshot from loaded records: kind, ID, status
// and fields, skipping files that did not parse to a record.
func TestFromDataset(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"records/events/raid.yaml":       "id: raid\nstatus: active\ntitle: Raid\ndate: \"2023-06-20?\"\nsources:\n  - source: s\n    locator: para. 1\n",
		"records/sources/s.yaml":         "id: s\nstatus: withdrawn\ntitle: S\nkind: article\nwithdrawn:\n  reason: gone\n",
		"records/sources/broken.yaml":    "id: [\n",
		"records/actors/no-id-here.yaml": "name: X\n",
	})
	ds, _, err := validate.Load(filepath.Join(dir, "records"), validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := changes.FromRecords(ds.Records)
	var got []string
	for _, r := range s.Records {
		got = append(got, r.Kind+"/"+r.ID+"/"+r.Status+"/"+r.Fields["title"].(string))
	}
	want := "event/raid/active/Raid source/s/withdrawn/S"
	if strings.Join(got, " ") != want {
		t.Fatalf("records %q, want %q", strings.Join(got, " "), want)
	}
	if s.Columns != nil {
		t.Fatal("a dataset has no release columns")
	}
	if changes.FromRecords(nil).Records != nil {
		t.Fatal("nil dataset gives records")
	}
}

// TestCompareDeterministic: the report does not depend on the order of the
// input records, and the same input gives byte-identical output.
func TestCompareDeterministic(t *testing.T) {
	a := changes.Snapshot{Records: []changes.Record{
		{Kind: "event", ID: "b", Status: "active", Fields: map[string]any{"x": 1, "y": "o"}},
		{Kind: "event", ID: "a", Status: "active", Fields: map[string]any{"x": 1}},
		{Kind: "actor", ID: "c", Status: "active"},
	}}
	b := changes.Snapshot{Records: []changes.Record{
		{Kind: "event", ID: "d", Status: "active"},
		{Kind: "event", ID: "b", Status: "active", Fields: map[string]any{"x": 2.0, "z": nil}},
	}}
	render := func(old, new changes.Snapshot) string {
		var buf bytes.Buffer
		r := changes.Compare(old, new)
		for _, f := range changes.Formats {
			if err := r.WriteFormat(&buf, f); err != nil {
				t.Fatal(err)
			}
		}
		return buf.String()
	}
	first := render(a, b)
	rev := func(s changes.Snapshot) changes.Snapshot {
		out := changes.Snapshot{}
		for i := len(s.Records) - 1; i >= 0; i-- {
			out.Records = append(out.Records, s.Records[i])
		}
		return out
	}
	if got := render(rev(a), rev(b)); got != first {
		t.Fatalf("order of records changes the report:\n%s\n---\n%s", first, got)
	}
	r := changes.Compare(a, b)
	if !r.HasBreaking() || len(r.Breaking) != 2 || r.Breaking[0].ID != "c" || r.Breaking[1].ID != "a" {
		t.Fatalf("breaking %+v, want removals of actor c then event a", r.Breaking)
	}
	if len(r.Changed) != 1 || len(r.Changed[0].Fields) != 3 {
		t.Fatalf("changed %+v, want b with x, y and z", r.Changed)
	}
	z := r.Changed[0].Fields[2]
	if z.Field != "z" || z.OldSet || !z.NewSet || z.New != nil {
		t.Fatalf("field z %+v, want absent -> null", z)
	}
	if err := r.WriteFormat(&bytes.Buffer{}, "yaml"); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func TestEqual(t *testing.T) {
	same := [][2]any{
		{1, 1.0}, {"a", "a"}, {nil, nil}, {true, true},
		{[]any{1, "x"}, []any{1.0, "x"}},
		{map[string]any{"a": 1}, map[string]any{"a": 1}},
	}
	for _, c := range same {
		if !changes.Equal(c[0], c[1]) {
			t.Errorf("Equal(%v, %v) = false", c[0], c[1])
		}
	}
	differ := [][2]any{
		{1, "1"}, {nil, false}, {"", nil}, {[]any{1}, []any{1, 2}},
		{map[string]any{"a": 1}, map[string]any{"b": 1}}, {1, 1.5},
		{map[string]any{"a": nil}, map[string]any{}},
	}
	for _, c := range differ {
		if changes.Equal(c[0], c[1]) {
			t.Errorf("Equal(%v, %v) = true", c[0], c[1])
		}
	}
}

// TestMarkdownLimits: a Markdown report lists at most 100 records per
// section and says how many more there are; long values are clipped. The
// JSON report keeps everything.
func TestMarkdownLimits(t *testing.T) {
	var new changes.Snapshot
	for i := 0; i < 150; i++ {
		new.Records = append(new.Records, changes.Record{Kind: "event", ID: fmt.Sprintf("e-%03d", i), Status: "active",
			Fields: map[string]any{"title": strings.Repeat("long title ", 30)}})
	}
	r := changes.Compare(changes.Snapshot{}, new)
	var md, js bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(md.String(), "\n| event | `e-"); rows != 100 || !strings.Contains(md.String(), "…and 50 more.") {
		t.Errorf("%d rows, want 100 and a note of 50 more", rows)
	}
	if strings.Contains(md.String(), strings.Repeat("long title ", 30)) || !strings.Contains(md.String(), "…") {
		t.Error("a long label is not clipped")
	}
	if n := strings.Count(js.String(), `"kind": "event"`); n != 150 {
		t.Errorf("JSON lists %d records, want 150", n)
	}
}
