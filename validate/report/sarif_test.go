package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// sarifSchema compiles the vendored SARIF 2.1.0 schema subset; nothing is
// fetched.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile("testdata/sarif/sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) { return nil, fmt.Errorf("no network: %s", s) }
	const url = "https://dossier.invalid/testdata/sarif-2.1.0-subset.schema.json"
	if err := c.AddResource(url, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sarifFindings() diag.List {
	l := diag.List{
		{File: "records/quotes/cuci-police-not-responsible.yaml", Pos: diag.Pos{Line: 7, Column: 11}, Pointer: "/mode",
			Rule: "schema-enum", Severity: diag.Error, Message: `mode "drect" is not one of: direct, indirect`, Hint: "write direct"},
		{File: "records/events/raid.yaml", Pos: diag.Pos{Line: 3, Column: 8}, Pointer: "/title",
			Rule: "yaml-bool", Severity: diag.Warning, Message: `"yes" is read as text here`},
		{File: "records/events/a file with spaces & ünïcode.yaml", Rule: "yaml-empty", Severity: diag.Error, Message: "the file is empty"},
		{File: "records/events/x.yaml", Pos: diag.Pos{Line: 1, Column: 1}, Rule: "no-such-rule", Severity: diag.Error, Message: "a rule outside the catalog"},
	}
	l.Sort()
	return l
}

// TestSARIFValidates: the SARIF output, with findings and without, is valid
// against the SARIF 2.1.0 schema.
func TestSARIFValidates(t *testing.T) {
	schema := sarifSchema(t)
	for name, l := range map[string]diag.List{"findings": sarifFindings(), "none": nil} {
		var buf bytes.Buffer
		if err := write(t, &buf, "sarif", l, report.Summary{}); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Fatalf("%s: invalid SARIF: %#v\n%s", name, err, buf.String())
		}
	}
}

// TestSARIFSchemaRejects: the vendored schema is not a stub: it rejects
// logs GitHub would reject.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := sarifSchema(t)
	bad := map[string]string{
		"wrong version":       `{"version":"2.0.0","runs":[]}`,
		"no runs":             `{"version":"2.1.0"}`,
		"tool without name":   `{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		"result without msg":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"results":[{"ruleId":"r"}]}]}`,
		"line 0":              `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`,
		"bad level":           `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		"unknown property":    `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"results":[{"message":{"text":"m"},"line":3}]}]}`,
		"region without file": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":1}}}]}]}]}`,
		"column kind":         `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"d"}},"columnKind":"bytes"}]}`,
	}
	for name, doc := range bad {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestSARIFContent checks what code scanning relies on: rule indexes that
// point at the rule, levels, 1-based regions, escaped URIs, stable
// fingerprints.
func TestSARIFContent(t *testing.T) {
	var buf bytes.Buffer
	if err := write(t, &buf, "sarif", sarifFindings(), report.Summary{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID              string
				RuleIndex           int
				Level               string
				Message             struct{ Text string }
				PartialFingerprints map[string]string
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "dossier" || len(run.Results) != 4 {
		t.Fatalf("driver %q, %d results", run.Tool.Driver.Name, len(run.Results))
	}
	rules := run.Tool.Driver.Rules
	for _, r := range run.Results {
		if r.RuleIndex >= 0 && rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, rules[r.RuleIndex].ID)
		}
		if r.RuleID == "no-such-rule" && r.RuleIndex != -1 {
			t.Errorf("unknown rule has index %d", r.RuleIndex)
		}
		if r.PartialFingerprints["dossierFinding/v1"] == "" {
			t.Errorf("%s: no fingerprint", r.RuleID)
		}
	}
	if len(rules) != 3 {
		t.Errorf("%d rules described, want the 3 catalog rules with findings", len(rules))
	}
	first := run.Results[0] // sorted: the file with spaces first
	u := first.Locations[0].PhysicalLocation.ArtifactLocation.URI
	if p, err := url.PathUnescape(u); err != nil || p != "records/events/a file with spaces & ünïcode.yaml" || strings.ContainsAny(u, " ü") {
		t.Errorf("uri %q is not the escaped path", u)
	}
	if reg := first.Locations[0].PhysicalLocation.Region; reg.StartLine != 1 || reg.StartColumn != 0 {
		t.Errorf("whole-file finding region %+v, want line 1 and no column", reg)
	}
	var enum, warn bool
	for _, r := range run.Results {
		switch r.RuleID {
		case "schema-enum":
			enum = r.Level == "error" && strings.HasSuffix(r.Message.Text, "\nHint: write direct") &&
				r.Locations[0].PhysicalLocation.Region.StartLine == 7 && r.Locations[0].PhysicalLocation.Region.StartColumn == 11
		case "yaml-bool":
			warn = r.Level == "warning"
		}
	}
	if !enum || !warn {
		t.Errorf("levels, message or region wrong:\n%s", buf.String())
	}
	var again bytes.Buffer
	write(t, &again, "sarif", sarifFindings(), report.Summary{})
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two runs differ")
	}
}
