package validate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/validate"
)

// TestRulesDoc fails when the committed docs/rules.md is not what the
// catalog generates; -update rewrites it.
func TestRulesDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := validate.WriteRulesMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	const path = "../docs/rules.md"
	if *golden.Update {
		if err := os.MkdirAll("../docs", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./validate -update to create it)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("docs/rules.md is not what the rule catalog generates; run go test ./validate -update and review the diff")
	}
}

// TestRulesCatalog checks that every rule is documented well enough to be
// acted on, and that every rule appears in each format.
func TestRulesCatalog(t *testing.T) {
	rules := validate.Rules()
	var md, js, txt bytes.Buffer
	for _, f := range []struct {
		name string
		buf  *bytes.Buffer
	}{{"markdown", &md}, {"json", &js}, {"text", &txt}} {
		if err := validate.WriteRules(f.buf, f.name, rules); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
	}
	var doc struct {
		Rules []struct{ ID, Severity, Scope string }
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatalf("json: %v", err)
	}
	if len(doc.Rules) != len(rules) {
		t.Fatalf("json lists %d rules, the catalog %d", len(doc.Rules), len(rules))
	}
	for i, r := range rules {
		if r.Summary == "" || r.Explain == "" {
			t.Errorf("rule %s has no summary or explanation", r.ID)
		}
		if r.Scope() == "dataset" && (r.Bad == "" || r.Good == "") {
			t.Errorf("cross-record rule %s lacks a bad or a good example", r.ID)
		}
		if doc.Rules[i].ID != r.ID || doc.Rules[i].Severity != r.Severity.String() {
			t.Errorf("json rule %d is %s/%s, want %s/%s", i, doc.Rules[i].ID, doc.Rules[i].Severity, r.ID, r.Severity)
		}
		if !strings.Contains(md.String(), "\n## "+r.ID+"\n") {
			t.Errorf("markdown has no section for %s", r.ID)
		}
		if !strings.Contains(txt.String(), r.ID+" ") {
			t.Errorf("text does not list %s", r.ID)
		}
	}
	if err := validate.WriteRules(&txt, "yaml", rules); err == nil {
		t.Error("WriteRules accepted an unknown format")
	}
}
