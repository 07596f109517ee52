package validate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/validate"
)

// TestGolden runs every testdata/golden/<case>.txtar: its records (and
// dossier.yaml, if any) are written to a temporary dataset, validated as
// dossier validate does, and the text report must equal the archive's
// "want" member byte for byte.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 25 {
		t.Fatalf("only %d golden cases; the suite keeps at least 25", len(paths))
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := golden.Parse(data)
			got := report(t, a)
			golden.Check(t, path, a, "want", got)
		})
	}
}

// report validates the archive's records and returns the text report with
// the temporary folder stripped from file names.
func report(t *testing.T, a *golden.Archive) []byte {
	t.Helper()
	dir := t.TempDir()
	a.Extract(t, dir)
	root := filepath.Join(dir, "records")
	cfg, cdiags, err := validate.ReadConfig(root)
	if err != nil {
		t.Fatalf("ReadConfig: %v", err)
	}
	ds, diags, err := validate.Run(root, validate.Options{Severity: cfg.Severity})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	diags = append(diags, cdiags...)
	diags.Sort()
	var buf bytes.Buffer
	if err := validate.WriteText(&buf, diags, validate.NewSummary(ds, diags), validate.OSSource); err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte(filepath.ToSlash(dir)+"/"), nil)
}
