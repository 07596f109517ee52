package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// TestPlanProportions checks the shares of every size: one of each kind at
// least, the weights, and the orders the generator's coverage relies on
// (every actor and place is named by an event, every source by a fact).
func TestPlanProportions(t *testing.T) {
	for n := synth.MinRecords; n <= 3000; n++ {
		c, err := synth.Plan(n)
		if err != nil {
			t.Fatal(err)
		}
		if c.Total() != n {
			t.Fatalf("Plan(%d) totals %d", n, c.Total())
		}
		if min(c.Events, c.Quotes, c.Figures, c.Actors, c.Places, c.Sources) < 1 {
			t.Fatalf("Plan(%d) = %+v: a kind is missing", n, c)
		}
		if c.Events < c.Actors || c.Events < c.Places || c.Events+c.Quotes+c.Figures < c.Sources {
			t.Fatalf("Plan(%d) = %+v: events must outnumber actors and places", n, c)
		}
	}
	c, _ := synth.Plan(100_000)
	want := synth.Counts{Events: 25000, Quotes: 30000, Figures: 20000, Actors: 12000, Places: 8000, Sources: 5000}
	if diff := c.Events - want.Events; diff < -2 || diff > 2 || c.Quotes < 29990 || c.Sources < 4990 {
		t.Errorf("Plan(100000) = %+v, want about %+v", c, want)
	}
	if _, err := synth.Plan(5); err == nil {
		t.Error("Plan(5) should fail: a dataset needs one record of each kind")
	}
}

func generate(t *testing.T, opts synth.Options) (string, synth.Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := synth.Generate(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

// files returns every file under dir (folders as "name/") with its bytes.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[rel+"/"] = nil
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	opts := synth.Options{Records: 700, Seed: 42, Faults: 2, FaultRules: ruleIDs()}
	a, _ := generate(t, opts)
	opts.Jobs = 1 // one writer or many: the same files
	b, _ := generate(t, opts)
	fa, fb := files(t, a), files(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Fatalf("%s differs between two runs of the same seed", name)
		}
	}
	opts.Seed = 43
	c, _ := generate(t, opts)
	fc := files(t, c)
	same := 0
	for name, data := range fa {
		if bytes.Equal(data, fc[name]) && data != nil {
			same++
		}
	}
	if same > len(fa)/10 {
		t.Errorf("seeds 42 and 43 share %d of %d files", same, len(fa))
	}
}

// TestCleanDatasetIsValid runs every rule of the validator over generated
// datasets of several sizes and seeds: not one finding, warnings included.
func TestCleanDatasetIsValid(t *testing.T) {
	for _, tc := range []struct {
		n    int
		seed int64
	}{{6, 1}, {7, 2}, {13, 3}, {50, 4}, {101, 5}, {999, 6}, {4000, 7}} {
		dir, sum := generate(t, synth.Options{Records: tc.n, Seed: tc.seed})
		if sum.Files != tc.n {
			t.Errorf("n=%d: wrote %d files", tc.n, sum.Files)
		}
		ds, diags, err := validate.Run(filepath.Join(dir, "records"), validate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(diags) > 0 {
			t.Errorf("n=%d seed=%d: %d findings, first: %v", tc.n, tc.seed, len(diags), diags[0])
		}
		if len(ds.Records) != tc.n {
			t.Errorf("n=%d: loaded %d records", tc.n, len(ds.Records))
		}
	}
}

// TestRealisticShapes checks the sizes and links the benchmarks rely on.
func TestRealisticShapes(t *testing.T) {
	dir, _ := generate(t, synth.Options{Records: 2000, Seed: 9})
	ds, _, err := validate.Run(filepath.Join(dir, "records"), validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var quotes, withRole, multiCite, follows, within, figEvent, figures int
	forms := map[string]bool{}
	for _, r := range ds.Records {
		v := r.Value.Map()
		switch r.Kind.Name {
		case "quote":
			quotes++
			text := []rune(v["text"].(string))
			if len(text) < 100 || len(text) > 600 {
				t.Errorf("%s: quote of %d characters", r.File, len(text))
			}
			if _, ok := v["role"]; ok {
				withRole++
			}
			if len(v["sources"].([]any)) > 1 {
				multiCite++
			}
		case "event":
			if _, ok := v["follows"]; ok {
				follows++
			}
			forms[form(v["date"].(string))] = true
		case "place":
			if _, ok := v["within"]; ok {
				within++
			}
		case "figure":
			figures++
			if _, ok := v["event"]; ok {
				figEvent++
			}
		}
	}
	if withRole < quotes/2 || multiCite < quotes/5 {
		t.Errorf("of %d quotes, %d name a role and %d cite several sources", quotes, withRole, multiCite)
	}
	if follows < 100 || within < 50 || figEvent != figures {
		t.Errorf("follows %d, within %d, figures tied to events %d of %d", follows, within, figEvent, figures)
	}
	var got []string
	for f := range forms {
		got = append(got, f)
	}
	sort.Strings(got)
	if len(got) < 8 {
		t.Errorf("event dates use only the forms %v", got)
	}
}

// form classifies an EDTF text by its shape: digits become 9.
func form(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '9'
		}
	}
	return string(b)
}

func ruleIDs() []string {
	var ids []string
	for _, r := range validate.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestFaultsOfEachRule injects faults of every rule synth knows and checks
// that the validator reports each rule at least as often as it was
// injected, and that rules synth cannot inject are the only ones skipped.
func TestFaultsOfEachRule(t *testing.T) {
	const k = 3
	dir, sum := generate(t, synth.Options{Records: 3000, Seed: 11, Faults: k, FaultRules: ruleIDs()})
	_, diags, err := validate.Run(filepath.Join(dir, "records"), validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	for _, d := range diags {
		found[d.Rule]++
	}
	injectable := map[string]bool{}
	for _, id := range synth.Injectable() {
		injectable[id] = true
	}
	for _, id := range ruleIDs() {
		if !injectable[id] {
			continue
		}
		if sum.Faults[id] != k {
			t.Errorf("%s: injected %d faults, want %d", id, sum.Faults[id], k)
		}
		if found[id] < k {
			t.Errorf("%s: %d findings for %d faults", id, found[id], k)
		}
	}
	for _, id := range sum.Skipped {
		if injectable[id] {
			t.Errorf("%s is injectable but was skipped", id)
		}
	}
	for id := range found {
		if !injectable[id] {
			t.Errorf("finding of rule %s, which no fault injects", id)
		}
	}
}

func TestGenerateRefusesExistingRecords(t *testing.T) {
	dir, _ := generate(t, synth.Options{Records: 10, Seed: 1})
	if _, err := synth.Generate(dir, synth.Options{Records: 10, Seed: 1}); err == nil {
		t.Error("generating into a dataset that exists should fail")
	}
}
