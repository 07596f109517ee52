package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate"
)

// FuzzParse feeds dossier.yaml's reader any bytes: it must not panic, and
// every finding must name the file, say something and sit inside it.
func FuzzParse(f *testing.F) {
	if src, err := os.ReadFile("../dossier.yaml"); err == nil {
		f.Add(src)
	}
	for _, s := range []string{"", "rules: {orphan: off}\n", "limits:\n  max-depth: 10\n", "? rules\n", "dataset:\n  name: x\n  licenses: [{name: a}]\n", "rules:\n  yaml-syntax: off\n"} {
		f.Add([]byte(s))
	}
	rules := validate.Rules()
	f.Fuzz(func(t *testing.T, src []byte) {
		_, diags := config.Parse("dossier.yaml", src, rules)
		lines := yamlLines(src)
		for _, d := range diags {
			if d.File != "dossier.yaml" || d.Message == "" || d.Line < 0 || d.Line > lines || (d.Line > 0) != (d.Column > 0) {
				t.Errorf("bad finding %#v in a file of %d lines", d, lines)
			}
		}
	})
}

// yamlLines counts the lines of src as the YAML parser does: CR LF, CR,
// LF, NEL, LS and PS each end a line.
func yamlLines(src []byte) int {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	n := 1
	for _, b := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
		n += strings.Count(s, b)
	}
	return n
}
