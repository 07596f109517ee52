package changes_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/internal/golden"
)

// TestGolden runs every testdata/golden/<case>.txtar: the files under old/
// and new/ are two release folders; the report of their comparison in each
// format must equal the archive's want-text, want-markdown and want-json.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 5 {
		t.Fatalf("only %d golden cases", len(paths))
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := golden.Parse(data)
			dir := t.TempDir()
			a.Extract(t, dir)
			old, err := changes.ReadRelease(filepath.Join(dir, "old"))
			if err != nil {
				t.Fatal(err)
			}
			new, err := changes.ReadRelease(filepath.Join(dir, "new"))
			if err != nil {
				t.Fatal(err)
			}
			r := changes.Compare(old, new)
			for _, f := range changes.Formats {
				var buf bytes.Buffer
				if err := r.WriteFormat(&buf, f); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, path, a, "want-"+f, buf.Bytes())
			}
		})
	}
}
