package rules_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
	"github.com/dossier-data/dossier/validate/rules"
)

// TestDeriveWhereMade checks that the rules find the same with the facts
// derived when the records are loaded as with the facts derived by the
// index (records made without them, as a language server's stubs are),
// on a dataset with faults of every rule.
func TestDeriveWhereMade(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for _, r := range rules.Catalog {
		ids = append(ids, r.Doc().ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: 800, Seed: 9, Faults: 2, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	opts := validate.Options{Config: config.Default()}
	ds, _, err := validate.Load(filepath.Join(dir, "records"), opts)
	if err != nil {
		t.Fatal(err)
	}
	loaded := ds.CrossCheck(opts, report.OSSource)

	bare := *ds
	bare.Records = nil
	for _, rec := range ds.Records {
		c := *rec
		c.Derived = nil
		bare.Records = append(bare.Records, &c)
	}
	indexed := bare.CrossCheck(opts, report.OSSource)

	loaded.Sort()
	indexed.Sort()
	seen := map[string]bool{}
	for _, d := range loaded {
		seen[d.Rule] = true
	}
	if len(seen) < len(ids)-1 {
		t.Fatalf("findings of %d rules, want faults of nearly all %d", len(seen), len(ids))
	}
	if !slices.EqualFunc(loaded, indexed, func(a, b diag.Diagnostic) bool { return a.String() == b.String() }) {
		t.Errorf("facts derived at load: %d findings; derived by the index: %d", len(loaded), len(indexed))
	}
}
