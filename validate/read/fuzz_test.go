package read

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
)

// fuzzSeeds adds the record files of the golden and hostile archives (the
// small ones, generated parts left as written) and a few hand-made edge
// cases.
func fuzzSeeds(f *testing.F, add func(src []byte)) {
	for _, dir := range []string{"../testdata/golden", "../testdata/hostile"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			for _, m := range golden.Parse(data).Files {
				if strings.HasPrefix(m.Name, "records/") && len(m.Data) < 4096 {
					add(m.Data)
				}
			}
		}
	}
	for _, s := range []string{"", "\ufeff", "a: \"\\u202E\\x01\\\n b\"", "[[[[", "- - - -", "? [a]\n: b", "a: 1e400", "a: !!binary aGk=", "a:\r\n  - b\r\n", "a: |\n  \x85x\n", "~", "null # x", "--- Null\n...", "a: 1_000\n1_0: b", "%YAML 1.1\n---\na: 1", "%YAML 1.2\n---\na: 1"} {
		add([]byte(s))
	}
}

// lines counts the lines of src as positions count them.
func lines(src []byte) int { return len(diag.LineStarts(src)) }

// FuzzParseRecord feeds the strict YAML reading of a record any bytes: it
// must not panic or hang; reading with positions and without (as loading
// does, positions built later) must give the same findings, value and
// positions; every finding
// must name a known rule and a position inside the file, a file read to
// no value must have an error, and the value must be plain JSON (it
// marshals, so no NaN and no non-string key).
func FuzzParseRecord(f *testing.F) {
	fuzzSeeds(f, func(src []byte) { f.Add(src) })
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	kind := set.KindByTable("events")
	f.Fuzz(func(t *testing.T, src []byte) {
		p := ParseFull("records/events/x.yaml", src, kind, config.Limits{})
		lazy := Parse("records/events/x.yaml", src, kind, config.Limits{})
		l1 := p.Findings
		if !reflect.DeepEqual(l1, lazy.Findings) {
			t.Fatalf("findings differ between the reading with positions and the one without:\n%v\n%v", l1, lazy.Findings)
		}
		if p.Value.Encoded() != lazy.Value.Encoded() || p.Limited != lazy.Limited {
			t.Fatalf("values differ between the reading with positions and the one without")
		}
		if p.Value.Exists() && !reflect.DeepEqual(p.Positions(), lazy.Positions()) {
			t.Fatalf("positions built later differ from those built while reading")
		}
		n := lines(src)
		for _, d := range l1 {
			if !knownRule(d.Rule) {
				t.Errorf("finding of unknown rule %q: %v", d.Rule, d)
			}
			if d.Line < 0 || d.Line > n || d.Column < 0 || (d.Line > 0) != (d.Column > 0) {
				t.Errorf("position %v outside a file of %d lines: %v", d.Pos, n, d)
			}
			if d.Message == "" || d.File != "records/events/x.yaml" {
				t.Errorf("bad finding %#v", d)
			}
		}
		if errs, _ := l1.Count(); !p.Value.Exists() && errs == 0 {
			t.Errorf("no value and no error: a file that holds no record must say so")
		}
		if len(l1) > maxFindingsPerFile+1 {
			t.Errorf("%d findings; at most %d are kept", len(l1), maxFindingsPerFile+1)
		}
		if p.Value.Exists() {
			if _, err := json.Marshal(p.Value.Any()); err != nil {
				t.Errorf("value is not JSON: %v", err)
			}
		}
	})
}

// FuzzLocate checks the JSON pointer to position mapping on any file and
// pointer: every position is inside the file, a pointer the reading indexed
// maps to its own value's position, and a pointer below it falls back to
// the nearest indexed ancestor.
func FuzzLocate(f *testing.F) {
	fuzzSeeds(f, func(src []byte) { f.Add(src, "/sources/0/locator", false) })
	f.Add([]byte("id: a\nsources:\n  - source: s\n    locator: p\n"), "/sources/0/source", true)
	f.Add([]byte("a/b: 1\n~c: 2\n"), "/a~1b", true)
	f.Add([]byte("a: [1, 2]\n"), "/a/7/x", false)
	f.Add([]byte("a: 1\n"), "", false)
	// testdata/fuzz/FuzzLocate holds the cases that found lookup walking
	// up by path.Dir, which cleaned the tokens "" and ".." away.
	f.Add([]byte("a: 1\n"), "a", false)
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	kind := set.KindByTable("events")
	f.Fuzz(func(t *testing.T, src []byte, pointer string, key bool) {
		idx := ParseFull("records/events/x.yaml", src, kind, config.Limits{}).Positions()
		n := lines(src)
		got := idx.Find(pointer, key)
		if got.Line < 1 || got.Line > n || got.Column < 1 {
			t.Fatalf("Find(%q) = %v, outside a file of %d lines", pointer, got, n)
		}
		for ptr, at := range idx {
			if at.Value.Line < 1 || at.Value.Line > n || at.Key.Line > n {
				t.Fatalf("index %q = %+v, outside a file of %d lines", ptr, at, n)
			}
			if p := idx.Find(ptr, false); p != at.Value {
				t.Fatalf("Find(%q) = %v, want its value at %v", ptr, p, at.Value)
			}
			if key && at.Key.Line > 0 {
				if p := idx.Find(ptr, true); p != at.Key {
					t.Fatalf("Find(%q, key) = %v, want its key at %v", ptr, p, at.Key)
				}
			}
		}
		if want := nearest(idx, pointer, key); got != want {
			t.Fatalf("Find(%q, %v) = %v, want %v (the nearest indexed ancestor)", pointer, key, got, want)
		}
	})
}

// nearest is the specification of Find: the position of the pointer's
// own value (or key), else of its nearest ancestor by JSON pointer tokens,
// else of the root, else 1:1.
func nearest(idx Positions, pointer string, key bool) diag.Pos {
	if at, ok := idx[pointer]; ok {
		if key && at.Key.Line > 0 {
			return at.Key
		}
		return at.Value
	}
	for p := pointer; p != ""; {
		p = p[:max(0, strings.LastIndexByte(p, '/'))]
		if at, ok := idx[p]; ok {
			return at.Value
		}
	}
	return diag.Pos{Line: 1, Column: 1}
}

func knownRule(id string) bool {
	for _, r := range Rules() {
		if r.ID == id {
			return true
		}
	}
	return false
}
