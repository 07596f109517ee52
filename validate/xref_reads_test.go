package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
)

// TestReadsDeclared holds every cross-record rule to its reads
// declaration, on which the memo relies: the rule runs once on the records
// as loaded and once on the same records cut down to what it declares
// (file, kind, ID, id and status, the fields declared for each kind, and
// the fields holding references when it declares refs), and must find
// exactly the same. A rule that reads a field it does not declare finds
// something else on the cut records, as long as the datasets exercise that
// field: they are every rule case of testdata/rules and a generated
// dataset with faults of every rule.
func TestReadsDeclared(t *testing.T) {
	type dataset struct {
		name string
		ds   *Dataset
	}
	var sets []dataset
	paths, err := filepath.Glob("testdata/rules/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatal("no rule cases", err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		golden.Parse(data).Extract(t, dir)
		ds := loadAt(t, filepath.Join(dir, "records"))
		sets = append(sets, dataset{filepath.Base(path), ds})
	}
	sets = append(sets, dataset{"generated", loadAt(t, memoDataset(t, 3000, 9))})
	for _, c := range crossRules {
		t.Run(c.rule.ID, func(t *testing.T) {
			opts := Options{Severity: map[string]Severity{}}
			for _, o := range crossRules {
				if o.rule.ID != c.rule.ID {
					opts.Severity[o.rule.ID] = Off
				}
			}
			found := 0
			for _, s := range sets {
				full := renderList(s.ds.CrossCheck(opts))
				cut := renderList(project(s.ds, c).CrossCheck(opts))
				if full != cut {
					t.Errorf("%s: on records cut down to what the rule declares it reads, it finds otherwise:\n%s", s.name, lineDiff(full, cut))
				}
				found += strings.Count(full, "\n")
			}
			if found == 0 {
				t.Errorf("no dataset gives a finding of %s: the test proves nothing for it", c.rule.ID)
			}
		})
	}
}

func loadAt(t *testing.T, root string) *Dataset {
	t.Helper()
	ds, _, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// project returns a copy of ds whose records hold only what rule c
// declares it reads.
func project(ds *Dataset, c crossRule) *Dataset {
	x := &xref{ds: ds, refFields: map[*schemas.Field]bool{}}
	out := &Dataset{Schemas: ds.Schemas, Root: ds.Root, limit: ds.limit}
	for _, rec := range ds.Records {
		cp := *rec
		if rec.Kind != nil && rec.Value.IsMap() {
			keep := c.reads.fields(rec.Kind, x)
			m := map[string]any{}
			for k, v := range rec.Value.Fields() {
				if contains(keep, k) {
					m[k] = v.Any()
				}
			}
			cp.Value = EncodeValue(m)
		}
		out.Records = append(out.Records, &cp)
	}
	return out
}

// renderList renders findings one a line, hints included.
func renderList(l List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteString(" | ")
		b.WriteString(d.Hint)
		b.WriteByte('\n')
	}
	return b.String()
}
