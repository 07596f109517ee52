package validate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/internal/hostile"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
)

// check validates the dataset at dir as dossier validate does (its
// dossier.yaml, then its records) and returns the text report with dir
// stripped from file names.
func check(t *testing.T, dir string) (*validate.Dataset, diag.List, []byte) {
	t.Helper()
	cfg, cdiags, err := config.Read(dir, validate.Rules())
	if err != nil {
		t.Fatalf("config.Read: %v", err)
	}
	ds, diags, err := validate.Run(filepath.Join(dir, "records"), validate.Options{Config: cfg})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	diags = append(diags, cdiags...)
	diags.Sort()
	var buf bytes.Buffer
	out, _ := report.New("text", report.Options{Source: report.OSSource})
	if err := out.Write(&buf, diags, validate.Summarize(ds, diags)); err != nil {
		t.Fatal(err)
	}
	return ds, diags, bytes.ReplaceAll(buf.Bytes(), []byte(filepath.ToSlash(dir)+"/"), nil)
}

// TestGolden runs every testdata/golden/<case>.txtar: its records (and
// dossier.yaml, if any) are written to a temporary dataset and validated,
// and the text report must equal the archive's "want" member byte for byte.
func TestGolden(t *testing.T) {
	runCases(t, "testdata/golden/*.txtar", 25)
}

// TestRuleCases runs testdata/rules/<rule>-<case>.txtar like the golden
// cases. Every rule checked across records or in dossier.yaml has a -fail
// case whose report names it and a -pass case whose report does not.
func TestRuleCases(t *testing.T) {
	have := runCases(t, "testdata/rules/*.txtar", 0)
	for _, r := range validate.Rules() {
		if r.Scope == diag.ScopeLoad {
			continue // the rules of reading and schemas have their cases in testdata/golden
		}
		for _, kind := range []string{"fail", "pass"} {
			if !have[r.ID+"-"+kind] {
				t.Errorf("rule %s has no case testdata/rules/%s-%s.txtar", r.ID, r.ID, kind)
			}
		}
	}
}

func runCases(t *testing.T, glob string, least int) map[string]bool {
	paths, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < least {
		t.Fatalf("only %d cases in %s; the suite keeps at least %d", len(paths), glob, least)
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
			dir := t.TempDir()
			a.Extract(t, dir)
			_, _, got := check(t, dir)
			golden.Check(t, path, a, "want", got)
			i := strings.LastIndexByte(name, '-')
			if i < 0 || validate.LookupRule(name[:i]) == nil {
				return // a case about several rules, named otherwise
			}
			tag := "[" + name[:i] + "]"
			switch name[i+1:] {
			case "fail":
				if !strings.Contains(string(got), tag) {
					t.Errorf("a -fail case must give a finding of %s", name[:i])
				}
			case "pass":
				if strings.Contains(string(got), tag) {
					t.Errorf("a -pass case must give no finding of %s", name[:i])
				}
			}
		})
	}
	return have
}

// TestHostile runs the hostile-input corpus, testdata/hostile/<case>.txtar:
// each case's dataset is built (big and binary parts generated, links,
// FIFOs and unreadable files set up), validated in-process, and the text
// report must equal the archive's want (want-root when running
// as root) byte for byte. cmd/dossier's TestHostileProcess runs the same
// corpus through the binary, bounded in time and memory.
func TestHostile(t *testing.T) {
	cases := hostile.Cases(t, "testdata/hostile")
	if len(cases) < 40 {
		t.Fatalf("only %d hostile cases; the corpus keeps at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			c.Build(t, dir)
			before := tree(dir)
			ds, diags, got := check(t, dir)
			golden.Check(t, c.Path, c.Archive, c.Want(), got)
			// every case but the clean ones names a finding with its rule
			errs, _ := diags.Count()
			clean := strings.HasSuffix(c.Name, "-passes") || c.Want() == "want-root"
			if clean != (errs == 0) {
				t.Errorf("%d errors; a case is clean exactly when its name ends in -passes (or root reads an unreadable file)", errs)
			}
			checkFormats(t, ds, diags)
			if after := tree(dir); after != before {
				t.Errorf("validating changed the dataset's files:\n%s\nwant:\n%s", after, before)
			}
		})
	}
}

// tree lists the files under dir with their sizes, through no link: what
// a run must leave as it found it.
func tree(dir string) string {
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			fmt.Fprintf(&b, "%s %v %d\n", p, info.Mode(), info.Size())
		}
		return nil
	})
	return b.String()
}

// checkFormats writes the findings in every output format: the JSON ones
// must parse, and none may carry a control character or a bidirectional
// override from the hostile file to a terminal, a log or a browser.
func checkFormats(t *testing.T, ds *validate.Dataset, diags diag.List) {
	t.Helper()
	sum := validate.Summarize(ds, diags)
	outs := map[string][]byte{}
	for _, f := range report.Formats {
		out, err := report.New(f, report.Options{Source: report.OSSource, Rules: validate.Rules()})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := out.Write(&buf, diags, sum); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		outs[f] = buf.Bytes()
	}
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

// TestRulesDoc fails when the committed docs/rules.md is not what the
// catalog generates; -update rewrites it.
func TestRulesDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteRules(&buf, "markdown", validate.Rules(), true); err != nil {
		t.Fatal(err)
	}
	const path = "../docs/rules.md"
	if *golden.Update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("docs/rules.md is not what the rule catalog generates; run dossier docs (or go test ./validate -update) and review the diff")
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
		if err := report.WriteRules(f.buf, f.name, rules, true); err != nil {
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
	seen := map[string]bool{}
	for i, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule %s is listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Summary == "" || r.Explain == "" || r.Scope == "" {
			t.Errorf("rule %s has no summary, explanation or scope", r.ID)
		}
		if r.Scope == diag.ScopeDataset && (r.Bad == "" || r.Good == "") {
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
	if err := report.WriteRules(&txt, "yaml", rules, true); err == nil {
		t.Error("WriteRules accepted an unknown format")
	}
}
