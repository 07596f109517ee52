package canonical_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
)

// TestGolden runs every testdata/golden/<case>.txtar. Its one input member
// is a record file, <table>/<name>.yaml, formatted as a record of that
// table's kind (any other folder: no kind). "want" is the canonical form;
// for a file that must not be formatted, "want-findings" holds the
// findings, one per line; for a file refused for its comments or its
// silences, "want-error" holds the error. Every formatted case must also be idempotent and
// read back to the same JSON value as the input.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d golden cases", len(paths))
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			a := golden.Parse(data)
			var name string
			var src []byte
			for _, f := range a.Files {
				if !strings.HasPrefix(f.Name, "want") {
					name, src = f.Name, f.Data
				}
			}
			if name == "" {
				t.Fatal("no input file")
			}
			if n, ok := strings.CutSuffix(name, ".noeol"); ok {
				name, src = n, bytes.TrimSuffix(src, []byte("\n"))
			}
			if n, ok := strings.CutSuffix(name, ".crlf"); ok {
				name, src = n, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
			}
			kind := set.KindByTable(path.Dir(name))
			out, diags, err := canonical.Format(name, src, kind)
			if _, wantsFindings := a.Get("want-findings"); wantsFindings {
				if !errors.Is(err, canonical.ErrNotParsed) || out != nil {
					t.Fatalf("formatted a file with errors: err %v, output %q", err, out)
				}
				var b strings.Builder
				for _, d := range diags {
					fmt.Fprintln(&b, d.String())
				}
				golden.Check(t, p, a, "want-findings", []byte(b.String()))
				return
			}
			if _, wantsError := a.Get("want-error"); wantsError {
				if !errors.Is(err, canonical.ErrComment) && !errors.Is(err, canonical.ErrSilence) || out != nil {
					t.Fatalf("formatted a file it must refuse: err %v, output %q", err, out)
				}
				golden.Check(t, p, a, "want-error", []byte(err.Error()+"\n"))
				return
			}
			if err != nil {
				t.Fatalf("%v\n%v", err, diags)
			}
			golden.Check(t, p, a, "want", out)
			again, _, err := canonical.Format(name, out, kind)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("not idempotent (err %v):\n%s", err, again)
			}
			if jin, jout := value(t, name, src, kind), value(t, name, out, kind); jin != jout {
				t.Errorf("value changed:\n in: %s\nout: %s", jin, jout)
			}
			if bytes.Contains(out, []byte("\r")) || !bytes.HasSuffix(out, []byte("\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
				t.Errorf("output must use LF line ends and end in exactly one newline: %q", out)
			}
		})
	}
}

// value reads a record as dossier does and renders its JSON value.
func value(t *testing.T, name string, src []byte, kind *schemas.Kind) string {
	t.Helper()
	v, _ := parseValue(name, bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")), kind)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseValue reads a record file as validation does and returns its value
// and the findings of that reading.
func parseValue(file string, src []byte, kind *schemas.Kind) (any, diag.List) {
	r := read.Parse(file, src, kind, config.Limits{})
	return r.Value.Any(), r.Findings
}
