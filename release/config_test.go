package release

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("dossier.yaml", []byte(`
rules:
  orphan: off
limits:
  max-depth: 10
future-section: {any: thing}
dataset:
  name: my-data
  title: My data
  licenses:
    - name: CC-BY-4.0
      path: https://creativecommons.org/licenses/by/4.0/
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "my-data" || c.Title != "My data" || len(c.Licenses) != 1 || c.Licenses[0].Name != "CC-BY-4.0" {
		t.Errorf("got %+v", c)
	}
	for src, want := range map[string]string{
		"dataset:\n  nmae: x\n":       `dossier.yaml:2:3: dataset: unknown key "nmae"`,
		"dataset: [a]\n":              "dossier.yaml:1:10: dataset: must be a mapping",
		"dataset:\n  name: My Data\n": `name "My Data" must be lowercase`,
		"dataset:\n  keywords: 3\n":   "dossier.yaml: dataset:",
		"dataset: {\n":                "dossier.yaml: yaml:",
	} {
		if _, err := ParseConfig("dossier.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want it to contain %q", src, err, want)
		}
	}
	for _, src := range []string{"", "rules:\n  orphan: off\n", "# only a comment\n"} {
		if c, err := ParseConfig("dossier.yaml", []byte(src)); err != nil || c.Name != "" {
			t.Errorf("%q: %+v, %v", src, c, err)
		}
	}
	c, err = ReadConfig(filepath.Join(t.TempDir(), "dossier.yaml"))
	if err != nil || c.Name != DefaultName || c.Title != DefaultName {
		t.Errorf("missing file: %+v, %v", c, err)
	}
}
