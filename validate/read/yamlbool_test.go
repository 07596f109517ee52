package read_test

import (
	"bytes"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
)

// Every YAML 1.1 boolean spelling written plain in a text field: validate
// warns (yaml-bool) exactly when fmt quotes the word, on the fast path and
// on the YAML parser's alike, so that fmt --check never fails on a file
// validate calls clean. true and false are booleans in YAML 1.2 too: they
// are read as booleans (the schema then refuses them in a text field), and
// fmt keeps them booleans (in lowercase). Other mixes of case are text for
// every reader and need nothing.
func TestYAMLBoolAgreesWithFmt(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	kind := set.Kind("quote")
	if kind == nil {
		t.Fatal("no quote kind")
	}
	words := map[string]string{ // the word: what it is read as
		"y": "warn", "Y": "warn", "yes": "warn", "Yes": "warn", "YES": "warn",
		"n": "warn", "N": "warn", "no": "warn", "No": "warn", "NO": "warn",
		"on": "warn", "On": "warn", "ON": "warn",
		"off": "warn", "Off": "warn", "OFF": "warn",
		"true": "bool", "True": "bool", "TRUE": "bool",
		"false": "bool", "False": "bool", "FALSE": "bool",
		"oFF": "text", "yEs": "text", "nO": "text", "oN": "text", "tRUE": "text", "yess": "text",
	}
	for word, want := range words {
		src := []byte("id: a\nstatus: active\nnotes: " + word + "\n")
		for name, parse := range map[string]func(string, []byte, *schemas.Kind, config.Limits) *read.Result{
			"Parse": read.Parse, "ParseFull": read.ParseFull,
		} {
			r := parse("a.yaml", src, kind, config.Limits{})
			warned := false
			for _, d := range r.Findings {
				if d.Rule == "yaml-bool" && d.Severity == diag.Warning && d.Line == 3 && d.Column == 8 {
					warned = true
				} else {
					t.Errorf("%s(notes: %s): unexpected finding %v", name, word, d)
				}
			}
			if warned != (want == "warn") {
				t.Errorf("%s(notes: %s): yaml-bool warning %v, want %v", name, word, warned, want == "warn")
			}
			notes := r.Value.Map()["notes"]
			if _, isBool := notes.(bool); isBool != (want == "bool") {
				t.Errorf("%s(notes: %s): read as %T", name, word, notes)
			}
		}
		out, _, err := canonical.Format("a.yaml", src, kind)
		if err != nil {
			t.Fatalf("fmt (notes: %s): %v", word, err)
		}
		r := read.Parse("a.yaml", out, kind, config.Limits{})
		if len(r.Findings) > 0 {
			t.Errorf("after fmt (notes: %s): %v", word, r.Findings)
		}
		switch notes := r.Value.Map()["notes"]; want {
		case "bool":
			if _, ok := notes.(bool); !ok {
				t.Errorf("fmt (notes: %s): made it %T", word, notes)
			}
		default:
			if notes != word {
				t.Errorf("fmt (notes: %s): made it %v", word, notes)
			}
			if quoted := !bytes.Equal(out, src); quoted != (want == "warn") {
				t.Errorf("fmt (notes: %s): changed the file %v, validate warns %v:\n%s", word, quoted, want == "warn", out)
			}
		}
	}
}
