package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
)

func TestParse(t *testing.T) {
	c, l := config.Parse("dossier.yaml", []byte(`
rules:
  orphan: off
  figure-conflict: error
limits:
  max-depth: 10
dataset:
  name: my-data
  title: My data
  homepage: https://example.org/data
  licenses:
    - name: CC-BY-4.0
      path: https://creativecommons.org/licenses/by/4.0/
`), validate.Rules())
	if len(l) > 0 {
		t.Fatal(l)
	}
	d := c.Dataset
	if d.Name != "my-data" || d.Title != "My data" || len(d.Licenses) != 1 || d.Licenses[0].Name != "CC-BY-4.0" {
		t.Errorf("dataset %+v", d)
	}
	if c.Rules["orphan"] != diag.Off || c.Rules["figure-conflict"] != diag.Error || c.Limits.Depth() != 10 || c.Limits.Values() != config.DefaultMaxValues {
		t.Errorf("rules %v, limits %+v", c.Rules, c.Limits)
	}
	// Every mistake is a finding at its position; the rest of the file applies.
	for src, want := range map[string]string{
		"dataset:\n  nmae: x\n":                                                      `dossier.yaml:2:3: error: unknown dataset key "nmae"; did you mean "name"? [config]`,
		"dataset: [a]\n":                                                             "dossier.yaml:1:10: error: dataset must be a mapping [config]",
		"dataset:\n  name: My Data\n":                                                `dossier.yaml:2:9: error: dataset name "My Data" must be at most 100 lowercase letters, digits, '.', '_' or '-' [config]`,
		"dataset:\n  keywords: 3\n":                                                  "dossier.yaml:2:3: error: dataset: ",
		"dataset: {\n":                                                               "dossier.yaml:1:1: error: not valid YAML: ",
		"dataset:\n  name: x\n---\nrules:\n  bogus: of\n":                            "dossier.yaml:3:1: error: dossier.yaml holds a second YAML document, which would be ignored [config]",
		"dataset:\n  title: \"Safe \\u202egnp.exe\"\n":                               "dossier.yaml:2:10: error: U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional formatting character in the dataset metadata [config]",
		"dataset:\n  keywords: [\"a\\x1bb\"]\n":                                      "dossier.yaml:2:14: error: control character U+001B in the dataset metadata [config]",
		"dataset:\n  name: " + strings.Repeat("n", config.MaxName+1) + "\n":          "dossier.yaml:2:9: error: dataset name \"nnnn",
		"dataset:\n  homepage: javascript:alert(1)\n":                                `dossier.yaml:2:13: error: homepage "javascript:alert(1)" is not an http(s) URL [config]`,
		"dataset:\n  licenses:\n    - path: https://x.org/\n    - name: CC-BY-4.O\n": `dossier.yaml:4:13: error: licence "CC-BY-4.O" is not an SPDX or Open Definition identifier; did you mean "CC-BY-4.0"? [config]`,
		"dataset:\n  licenses: [{name: NOPE}]\n":                                     `dossier.yaml:2:21: error: licence "NOPE" is not an SPDX or Open Definition identifier`,
		"rules:\n  yaml-syntax: off\n":                                               "dossier.yaml:2:16: error: rule yaml-syntax cannot be set to off: a release cannot hold a record it finds broken [config]",
		"rules:\n  schema-required: warning\n":                                       "dossier.yaml:2:20: error: rule schema-required cannot be set to warning",
		"rules:\n  ref-unresolved: off\n":                                            "dossier.yaml:2:19: error: rule ref-unresolved cannot be set to off: a release's keys need it (every ID unique, every reference resolved) [config]",
		"rules:\n  id-duplicate: warning\n":                                          "dossier.yaml:2:17: error: rule id-duplicate cannot be set to warning: a release's keys need it",
		"rules:\n  orphans: of\n":                                                    `dossier.yaml:2:3: error: unknown rule "orphans"; did you mean "orphan"? [config]`,
		"limits:\n  max-depth: deep\n":                                               `dossier.yaml:2:14: error: max-depth must be a positive whole number, not "deep" [config]`,
		"output: json\n":                                                             `dossier.yaml:1:1: error: unknown section "output" [config]`,
	} {
		c, l := config.Parse("dossier.yaml", []byte(src), validate.Rules())
		if len(l) != 1 || !strings.HasPrefix(l[0].String(), want) {
			t.Errorf("%q: %v, want one finding starting %q", src, l, want)
		}
		if c.Dataset.Name != config.DefaultName || c.Rules["yaml-syntax"] != diag.Error {
			t.Errorf("%q: a mistake is applied: %+v", src, c)
		}
	}
	for _, src := range []string{"", "rules:\n  orphan: off\n", "# only a comment\n"} {
		if c, l := config.Parse("dossier.yaml", []byte(src), validate.Rules()); len(l) > 0 || c.Dataset.Name != config.DefaultName {
			t.Errorf("%q: %+v, %v", src, c, l)
		}
	}
}

// TestLicenseID accepts the identifiers of the SPDX License List and of the
// Open Definition, in any case, spelled as their list spells them, and
// LicenseRef-<name>; nothing else.
func TestLicenseID(t *testing.T) {
	for in, want := range map[string]string{
		"CC-BY-4.0": "CC-BY-4.0", "cc0-1.0": "CC0-1.0", "ODbL-1.0": "ODbL-1.0", "ODC-BY-1.0": "ODC-By-1.0",
		"GPL-2.0": "GPL-2.0", "other-open": "other-open", "ODC-PDDL-1.0": "ODC-PDDL-1.0", "LicenseRef-our-terms.2": "LicenseRef-our-terms.2",
	} {
		if got, err := config.LicenseID(in); err != nil || got != want {
			t.Errorf("LicenseID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "NOPE", "CC BY", "CC-BY-4.0 OR MIT", "LicenseRef-", "LicenseRef-a b", "# CC-BY-4.0", "CC-BY-4.0\n"} {
		if got, err := config.LicenseID(in); err == nil {
			t.Errorf("LicenseID(%q) = %q, no error", in, got)
		}
	}
	_, err := config.LicenseID("CC-BY-SA-40")
	if want := `licence "CC-BY-SA-40" is not an SPDX or Open Definition identifier; did you mean "CC-BY-SA-4.0"?`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	c, l, err := config.Read(dir, validate.Rules())
	if err != nil || len(l) > 0 || c.Dataset.Name != config.DefaultName || c.Dataset.Title != config.DefaultName || c.File != "" {
		t.Errorf("missing file: %+v, %v, %v", c, l, err)
	}
	big := filepath.Join(dir, config.File)
	if err := os.WriteFile(big, make([]byte, 70<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	c, l, err = config.Read(dir, validate.Rules())
	if err != nil || len(l) != 1 || !strings.Contains(l[0].Message, "over the limit") || c.Dataset.Name != config.DefaultName {
		t.Errorf("oversized file: %+v, %v, %v", c, l, err)
	}
}

// TestFindRoot finds the dataset of a path as git finds a work tree: from
// a record file, a kind folder, the records folder or the root itself; and
// nothing outside a dataset.
func TestFindRoot(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "data")
	quotes := filepath.Join(root, "records", "quotes")
	if err := os.MkdirAll(quotes, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(quotes, "q.yaml")
	os.WriteFile(file, []byte("id: q\n"), 0o644)
	for _, p := range []string{root, filepath.Join(root, "records"), quotes, file} {
		if got, ok := config.FindRoot(p); !ok || got != root {
			t.Errorf("FindRoot(%s) = %q, %v; want %s", p, got, ok, root)
		}
	}
	if got, ok := config.FindRoot(dir); ok {
		t.Errorf("FindRoot outside a dataset = %q", got)
	}
	// dossier.yaml alone marks a root too (a dataset without records yet)
	os.WriteFile(filepath.Join(dir, config.File), nil, 0o644)
	if got, ok := config.FindRoot(dir); !ok || got != dir {
		t.Errorf("FindRoot of a folder with dossier.yaml = %q, %v", got, ok)
	}
}

// TestSyntaxError places a YAML syntax error of dossier.yaml where it is,
// line and column, with the hint a record file's error gets: the parser
// names only a line, often that of the block around the fault.
func TestSyntaxError(t *testing.T) {
	const good = "# Dataset configuration.\ndataset:\n  name: my-data\n  title: My data\n  description: A dataset.\n" +
		"  licenses:\n    - name: CC-BY-4.0\n      path: https://creativecommons.org/licenses/by/4.0/\n"
	line := func(n int, text string) string { // good with line n (1-based) replaced
		lines := strings.Split(good, "\n")
		lines[n-1] = text
		return strings.Join(lines, "\n")
	}
	for _, c := range []struct{ src, want, hint string }{
		{line(5, `  description: "A dataset.`),
			"dossier.yaml:5:16: error: not valid YAML: found unexpected end of stream [config]", "close the quote that starts here"},
		{line(5, "   description: A dataset."),
			"dossier.yaml:5:4: error: not valid YAML: mapping values are not allowed in this context [config]", `quote a value that holds ": ", or fix the indentation of this key`},
		{line(5, "  description: A: dataset."),
			"dossier.yaml:5:17: error: not valid YAML: mapping values are not allowed in this context [config]", `quote a value that holds ": ", or fix the indentation of this key`},
		{line(5, "  description: [A dataset."),
			"dossier.yaml:5:16: error: not valid YAML: did not find expected ',' or ']' [config]", "close the list or mapping that opens here"},
		{line(5, "\tdescription: A dataset."),
			"dossier.yaml:5:1: error: not valid YAML: found a tab character that violates indentation [config]", "indent with spaces, not tabs"},
		{line(5, "  description: @dataset"),
			"dossier.yaml:5:16: error: not valid YAML: found character that cannot start any token [config]", "quote a value that starts with @ or `"},
		{line(8, "     path: https://creativecommons.org/licenses/by/4.0/"),
			"dossier.yaml:8:6: error: not valid YAML: did not find expected '-' indicator [config]", "indent this line like the keys of the list item above it, or start a new item with -"},
	} {
		_, l := config.Parse("dossier.yaml", []byte(c.src), validate.Rules())
		if len(l) != 1 || l[0].String() != c.want || l[0].Hint != c.hint {
			t.Errorf("%q:\n%v\nwant one finding %s\nhint: %s", c.src, l, c.want, c.hint)
		}
	}
}
