package quick_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/schema"
	"github.com/dossier-data/dossier/validate/schema/quick"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// quickCorpus returns record values of every kind: a generated dataset
// with one fault of each rule, and every record of the golden cases.
func quickCorpus(t *testing.T) (kinds []string, values []any) {
	t.Helper()
	dir := t.TempDir()
	var ids []string
	for _, r := range validate.Rules() {
		ids = append(ids, r.ID)
	}
	if _, err := synth.Generate(filepath.Join(dir, "synth"), synth.Options{Records: 1500, Seed: 21, Faults: 1, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	goldens, _ := filepath.Glob("../../testdata/golden/*.txtar")
	for i, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		golden.Parse(data).Extract(t, filepath.Join(dir, "golden", strings.Repeat("g", i+1)))
	}
	set, _ := schemas.Default()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return nil
		}
		k := set.KindByTable(filepath.Base(filepath.Dir(p)))
		if k == nil {
			return nil
		}
		src, _ := os.ReadFile(p)
		if v := read.Parse(p, src, k, config.Limits{}).Value; v.Exists() {
			kinds = append(kinds, k.Name)
			values = append(values, v.Any())
		}
		return nil
	})
	return kinds, values
}

// mutate returns a deep copy of v with one value changed somewhere.
func mutate(r *rand.Rand, v any) any {
	pool := []any{"", "x", "EN", "withdrawn", "active", "direct", "2023-13-40", "2023-06-20?", "https://x.example/a", "not a uri",
		json.Number("5"), json.Number("-200"), json.Number("1.5"), json.Number("100"), json.Number("1e400"), true, false, nil,
		[]any{}, []any{"a", "a"}, []any{"a", json.Number("1")}, map[string]any{}, map[string]any{"reason": "r"},
		strings.Repeat("y", 201), "Bledar_Cuci", "bledar-cuci"}
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x)+1)
		keys := make([]string, 0, len(x))
		for k, val := range x {
			m[k] = val
			keys = append(keys, k)
		}
		sort.Strings(keys)
		switch n := r.IntN(10); {
		case n == 0 || len(keys) == 0:
			m[pick(r, []string{"speakr", "withdrawn", "status", "lat", "reason", "sources", "value"})] = pool[r.IntN(len(pool))]
		case n == 1:
			delete(m, keys[r.IntN(len(keys))])
		case n < 5:
			m[keys[r.IntN(len(keys))]] = pool[r.IntN(len(pool))]
		default:
			k := keys[r.IntN(len(keys))]
			m[k] = mutate(r, m[k])
		}
		return m
	case []any:
		l := append([]any(nil), x...)
		if len(l) == 0 || r.IntN(4) == 0 {
			return append(l, pool[r.IntN(len(pool))])
		}
		i := r.IntN(len(l))
		l[i] = mutate(r, l[i])
		return l
	}
	return pool[r.IntN(len(pool))]
}

func pick(r *rand.Rand, l []string) string { return l[r.IntN(len(l))] }

// TestQuickSchemaAgrees holds the quick schema to the full validator: it
// may pass a record only when the full validator passes it, on valid
// records, broken ones and random mutations of both; and it must pass
// nearly every valid record, or it saves nothing.
func TestQuickSchemaAgrees(t *testing.T) {
	set, _ := schemas.Default()
	v, err := schema.Compile(set)
	if err != nil {
		t.Fatal(err)
	}
	formats := map[string]func(any) bool{"edtf": func(x any) bool {
		s, ok := x.(string)
		return !ok || edtf.Valid(s)
	}}
	for name, f := range jsonschema.Formats {
		formats[name] = f
	}
	qs := quick.Compile(set, formats)
	for _, k := range set.Kinds {
		if qs[k.Name] == nil {
			t.Errorf("kind %s has no quick schema: a keyword is not supported", k.Name)
		}
	}
	kinds, values := quickCorpus(t)
	r := rand.New(rand.NewPCG(7, 8))
	var valid, quickPass, invalid, checked int
	try := func(kind string, val any) {
		checked++
		full := v.Full(kind, val)
		fast := qs[kind].Eval(record.EncodeValue(val)) == quick.Pass
		if fast && !full {
			b, _ := json.Marshal(val)
			t.Fatalf("quick schema passes a %s the full validator fails: %s", kind, b)
		}
		if full {
			valid++
			if fast {
				quickPass++
			}
		} else {
			invalid++
		}
	}
	for i, val := range values {
		try(kinds[i], val)
		m := val
		for k := 0; k < 12; k++ {
			m = mutate(r, m)
			try(kinds[i], m)
		}
	}
	if invalid < checked/4 || valid < 1000 {
		t.Fatalf("corpus too one-sided: %d valid, %d invalid of %d", valid, invalid, checked)
	}
	if quickPass < valid*99/100 {
		t.Errorf("quick schema passes %d of %d valid records; it should pass nearly all", quickPass, valid)
	}
	t.Logf("%d values: %d valid (%d passed quickly), %d invalid", checked, valid, quickPass, invalid)
}
