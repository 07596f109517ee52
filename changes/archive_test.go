package changes_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
)

func writeArchive(t *testing.T, files [][2]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		h := &tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}
		if strings.HasSuffix(f[0], "/") {
			h = &tar.Header{Name: f[0], Mode: 0o755, Typeflag: tar.TypeDir}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write([]byte(f[1]))
		}
	}
	tw.Close()
	zw.Close()
	p := filepath.Join(t.TempDir(), "dossier-0.1.0.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadReleaseArchive: a release archive reads as the folder it holds.
func TestReadReleaseArchive(t *testing.T) {
	dp := `{"name":"dossier","version":"0.1.0","resources":[{"name":"events","path":"events.csv","schema":"events.schema.json"}]}`
	ev := `{"id":"raid","status":"active","title":"Raid"}` + "\n"
	schema := `{"fields":[{"name":"id","type":"string"}]}`
	arc := writeArchive(t, [][2]string{
		{"dossier-0.1.0/", ""},
		{"dossier-0.1.0/datapackage.json", dp},
		{"dossier-0.1.0/events.jsonl", ev},
		{"dossier-0.1.0/events.schema.json", schema},
		{"dossier-0.1.0/events.csv", "id\r\nraid\r\n"},
	})
	got, err := changes.ReadRelease(arc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := changes.ReadRelease(writeFiles(t, map[string]string{"datapackage.json": dp, "events.jsonl": ev, "events.schema.json": schema}))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got.Records) != 1 || len(got.Columns) != 1 || got.Name != "dossier-0.1.0" {
		t.Fatalf("archive gives %+v, folder gives %+v", got, want)
	}
	for name, files := range map[string][][2]string{
		"climbs out":  {{"../events.jsonl", ev}},
		"two folders": {{"a/events.jsonl", ev}, {"b/quotes.jsonl", ev}},
	} {
		if _, err := changes.ReadRelease(writeArchive(t, files)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
