package canonical_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
)

// TestFormatKeepsFindings formats every record of each rule case of
// validate (../validate/testdata/rules: the findings of every rule across
// records, silenced and not) and validates the dataset before and after:
// the findings must be the same, but for their lines and columns. A
// silence covers the lines it is on or above, so a format that moves a
// value off the line its silence covers would silence a finding no more,
// and report the silence as unused. A file Format refuses for its
// silences (ErrSilence) or comments (ErrComment) stays as written, as dossier
// fmt leaves it; some rule case must be refused so.
func TestFormatKeepsFindings(t *testing.T) {
	paths, err := filepath.Glob("../validate/testdata/rules/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("only %d rule cases", len(paths))
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	changed, refused := 0, 0
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			golden.Parse(data).Extract(t, dir)
			before := findings(t, dir)
			files, err := filepath.Glob(filepath.Join(dir, "records", "*", "*.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				out, _, err := canonical.Format(f, src, set.KindByTable(filepath.Base(filepath.Dir(f))))
				if errors.Is(err, canonical.ErrNotParsed) {
					continue
				}
				if errors.Is(err, canonical.ErrSilence) || errors.Is(err, canonical.ErrComment) {
					refused++
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != string(src) {
					changed++
					if err := os.WriteFile(f, out, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if after := findings(t, dir); !slices.Equal(before, after) {
				t.Errorf("formatting changed the findings\n--- before\n%s\n--- after\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
			}
		})
	}
	if changed == 0 {
		t.Error("no rule case changes when formatted: the test compares nothing")
	}
	if refused == 0 {
		t.Error("no rule case has a file that fmt must leave for its silences")
	}
}

// position is a file position in a message or a hint ("x.yaml:4:7").
var position = regexp.MustCompile(`:[0-9]+:[0-9]+`)

// findings validates the dataset at dir and lists its findings, sorted,
// each without its line and column: file, pointer, rule, severity,
// message and hint.
func findings(t *testing.T, dir string) []string {
	t.Helper()
	cfg, cdiags, err := config.Read(dir, validate.Rules())
	if err != nil {
		t.Fatal(err)
	}
	_, diags, err := validate.Run(filepath.Join(dir, "records"), validate.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range append(diags, cdiags...) {
		s := fmt.Sprintf("%s %s: %s: %s / %s [%s]", d.File, d.Pointer, d.Severity, d.Message, d.Hint, d.Rule)
		out = append(out, position.ReplaceAllString(strings.ReplaceAll(s, filepath.ToSlash(dir)+"/", ""), ""))
	}
	slices.Sort(out)
	return out
}
