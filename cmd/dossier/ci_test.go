package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// ciDataset is a dataset with an error, a warning and a whole-file finding.
var ciDataset = map[string]string{
	"records/sources/obc.yaml": "id: obc\nstatus: active\ntitle: OBC article\nkind: article\n",
	"records/quotes/q.yaml": "id: q\nstatus: active\nspeaker: obc\ndate: \"2023\"\ntext: yes\nlanguage: en\nmode: drect\n" +
		"sources:\n  - source: obc\n    locator: para. 1\n",
	"records/events/empty.yaml": "",
}

func writeDataset(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestValidateSARIFSchema: what dossier validate --format sarif prints for
// a dataset with findings is valid SARIF 2.1.0 (the vendored schema).
func TestValidateSARIFSchema(t *testing.T) {
	dir := writeDataset(t, ciDataset)
	out, errOut, code := runIn(t, dir, []string{"dossier", "validate", "--format", "sarif"}, nil)
	if code != ExitFindings || len(errOut) != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	schemaFile, err := filepath.Abs("../../validate/report/testdata/sarif/sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) { return nil, fmt.Errorf("no network: %s", s) }
	if err := c.AddResource("sarif.json", bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("invalid SARIF: %#v\n%s", err, out)
	}
	for _, want := range []string{`"ruleId": "schema-enum"`, `"ruleId": "yaml-empty"`, `"level": "warning"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
}

// TestDiffStepSummary: under GitHub Actions, dossier diff appends its
// Markdown report to the step summary file, after what is there.
func TestDiffStepSummary(t *testing.T) {
	dir := writeDataset(t, map[string]string{
		"old/events.jsonl": `{"id":"raid","status":"active","title":"Raid"}` + "\n",
		"new/events.jsonl": `{"id":"raid","status":"active","title":"Raid | <b>x</b>"}` + "\n",
		"summary.md":       "earlier step\n",
	})
	env := map[string]string{"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md")}
	_, errOut, code := runIn(t, dir, []string{"dossier", "diff", "old", "new"}, env)
	if code != 0 || len(errOut) != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "earlier step\n## dossier diff: old → new\n\n1 changed\n\n### Changed (1)\n\n**event** `raid`: Raid \\| &lt;b&gt;x&lt;/b&gt;\n\n" +
		"| field | old | new |\n|---|---|---|\n| title | \"Raid\" | \"Raid \\| &lt;b&gt;x&lt;/b&gt;\" |\n\n"
	if string(got) != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
	env["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "no-such-folder", "summary.md")
	_, errOut, code = runIn(t, dir, []string{"dossier", "diff", "old", "new"}, env)
	if code != ExitFailure || !strings.Contains(string(errOut), "GITHUB_STEP_SUMMARY") {
		t.Errorf("unwritable summary: exit %d, stderr %s", code, errOut)
	}
}

// TestValidateStepSummary: under GitHub Actions, dossier validate appends a
// Markdown table of every finding to the step summary, whatever --format.
func TestValidateStepSummary(t *testing.T) {
	dir := writeDataset(t, ciDataset)
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md")}
	out, _, code := runIn(t, dir, []string{"dossier", "validate"}, env)
	if code != ExitFindings || !bytes.HasPrefix(out, []byte("::error ")) {
		t.Fatalf("exit %d, stdout %s; want github annotations and exit 1", code, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## dossier validate\n\n3 errors, 1 warning in 3 files\n",
		"| `records/events/empty.yaml` | 1:1 | error | `yaml-empty` |",
		"| `records/quotes/q.yaml` | 7:7 | error | `schema-enum` | mode \"drect\" is not one of: direct, indirect; did you mean \"direct\"? |",
		"| `records/quotes/q.yaml` | 5:7 | warning | `yaml-bool` |",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	os.Remove(filepath.Join(dir, "summary.md"))
	delete(env, "GITHUB_STEP_SUMMARY")
	runIn(t, dir, []string{"dossier", "validate"}, env)
	if _, err := os.Stat(filepath.Join(dir, "summary.md")); err == nil {
		t.Error("a summary was written without GITHUB_STEP_SUMMARY")
	}
}

// TestStepSummaryNotAFile: GITHUB_STEP_SUMMARY naming a FIFO neither hangs
// validate nor is written to: a warning says so, and the run goes on.
func TestStepSummaryNotAFile(t *testing.T) {
	dir := writeDataset(t, ciDataset)
	fifo := filepath.Join(dir, "summary.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	env := map[string]string{"GITHUB_STEP_SUMMARY": fifo}
	_, errOut, code := runIn(t, dir, []string{"dossier", "validate"}, env)
	if code != ExitFindings || !strings.Contains(string(errOut), "is not a regular file; the step summary is not written") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}
