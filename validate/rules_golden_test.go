package validate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/validate"
)

// TestRuleCases runs testdata/rules/<rule>-<case>.txtar like the golden
// cases: a dataset, validated as dossier validate does (dossier.yaml
// included), against its "want" report. Every rule checked across records
// or in dossier.yaml has a -fail case whose report names it and a -pass
// case whose report does not.
func TestRuleCases(t *testing.T) {
	paths, err := filepath.Glob("testdata/rules/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		have[name] = true
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := golden.Parse(data)
			got := report(t, a)
			golden.Check(t, path, a, "want", got)
			rule, kind := name[:strings.LastIndexByte(name, '-')], name[strings.LastIndexByte(name, '-')+1:]
			if validate.LookupRule(rule) == nil {
				return // a case about several rules, named otherwise
			}
			tag := []byte("[" + rule + "]")
			switch kind {
			case "fail":
				if !strings.Contains(string(got), string(tag)) {
					t.Errorf("a -fail case must give a finding of %s", rule)
				}
			case "pass":
				if strings.Contains(string(got), string(tag)) {
					t.Errorf("a -pass case must give no finding of %s", rule)
				}
			}
		})
	}
	for _, r := range validate.Rules() {
		if r.Scope() == "load" {
			continue // the input and schema rules have their cases in testdata/golden
		}
		for _, kind := range []string{"fail", "pass"} {
			if !have[r.ID+"-"+kind] {
				t.Errorf("rule %s has no case testdata/rules/%s-%s.txtar", r.ID, r.ID, kind)
			}
		}
	}
}
