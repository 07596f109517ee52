package validate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/internal/hostile"
	"github.com/dossier-data/dossier/validate"
)

// TestHostile runs the hostile-input corpus, testdata/hostile/<case>.txtar:
// each case's dataset is built (big and binary parts generated, links,
// FIFOs and unreadable files set up), validated in-process, and the text
// report must equal the archive's want (want-root when running as root)
// byte for byte. cmd/dossier's TestHostileProcess runs the same corpus
// through the binary, bounded in time and memory.
func TestHostile(t *testing.T) {
	cases := hostile.Cases(t, "testdata/hostile")
	if len(cases) < 40 {
		t.Fatalf("only %d hostile cases; the corpus keeps at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			c.Build(t, dir)
			// as dossier validate does: dossier.yaml, then the records,
			// with the load cache at the dataset root
			root := filepath.Join(dir, "records")
			cfg, cdiags, err := validate.ReadConfig(root)
			if err != nil {
				t.Fatalf("ReadConfig: %v", err)
			}
			cache := filepath.Join(dir, ".dossier-cache")
			ds, diags, err := validate.Run(root, validate.Options{Severity: cfg.Severity, Limits: cfg.Limits, Cache: cache})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			diags = append(diags, cdiags...)
			diags.Sort()
			var buf bytes.Buffer
			if err := validate.WriteText(&buf, diags, validate.NewSummary(ds, diags), validate.OSSource); err != nil {
				t.Fatal(err)
			}
			got := bytes.ReplaceAll(buf.Bytes(), []byte(filepath.ToSlash(dir)+"/"), nil)
			golden.Check(t, c.Path, c.Archive, c.Want(), got)
			// every case but the clean ones names a finding with its rule
			errs, _ := diags.Count()
			clean := strings.HasSuffix(c.Name, "-passes") || c.Want() == "want-root"
			if clean != (errs == 0) {
				t.Errorf("%d errors; a case is clean exactly when its name ends in -passes (or root reads an unreadable file)", errs)
			}
			checkFormats(t, ds, diags)
			// the cache is written into its own folder or not at all,
			// never through a link
			filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
				if err == nil && info.Name() == "records.cache" && p != filepath.Join(cache, "records.cache") {
					t.Errorf("a cache file was written at %s", p)
				}
				return nil
			})
		})
	}
}

// checkFormats writes the findings in every output format and the
// Markdown step summary: the JSON ones must parse, and none may carry a
// control character or a bidirectional override from the hostile file to
// a terminal, a log or a browser.
func checkFormats(t *testing.T, ds *validate.Dataset, diags validate.List) {
	t.Helper()
	sum := validate.NewSummary(ds, diags)
	outs := map[string][]byte{}
	for _, f := range validate.Formats {
		var buf bytes.Buffer
		if err := validate.Write(&buf, f, diags, sum, validate.OSSource); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		outs[f] = buf.Bytes()
	}
	var md bytes.Buffer
	if err := validate.WriteMarkdown(&md, diags, sum); err != nil {
		t.Fatal(err)
	}
	outs["markdown"] = md.Bytes()
	for _, f := range []string{"json", "sarif"} {
		if !json.Valid(outs[f]) {
			t.Errorf("%s output is not valid JSON", f)
		}
	}
	for f, out := range outs {
		for i, r := range string(out) {
			if r == '\n' || r == '\t' {
				continue
			}
			if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
				t.Errorf("%s output holds U+%04X at byte %d", f, r, i)
				break
			}
		}
	}
}
