package read

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/validate/diag"
	"go.yaml.in/yaml/v3"
)

// noControls, the quick scan, says "clean" exactly when the full scan
// finds nothing: on every character class it treats specially, alone and
// amid text, and on random mixes of them.
func TestNoControlsAgreesWithScan(t *testing.T) {
	pieces := []string{"a", " ", "~", "\n", "\t", "\r\n", "\r", "\x00", "\x1b", "\x7f", "é", "ë", "中", "😀",
		"\u0085", "\u009f", "\u00a0", "\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff", "\u2028"}
	check := func(src string) {
		t.Helper()
		var l diag.List
		scanControls("f.yaml", []byte(src), &l)
		if got, want := noControls([]byte(src)), len(l) == 0; got != want {
			t.Fatalf("noControls(%q) = %v; the full scan found %d findings", src, got, len(l))
		}
	}
	for _, p := range pieces {
		check(p)
		check("text: " + p + " more\n")
		check(p + p)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 20000; i++ {
		var s string
		for n := r.IntN(12); n >= 0; n-- {
			s += pieces[r.IntN(len(pieces))]
		}
		check(s)
	}
}

func TestInlineIgnores(t *testing.T) {
	cases := []struct {
		src  string
		want string
	}{
		{"id: a   # dossier:ignore orphan -- named in passing\n", "1:9 orphan \"named in passing\""},
		{"# dossier:ignore orphan, id-filename -- kept\nid: a\n", "1:1 alone orphan \"kept\"; 1:1 alone id-filename \"kept\""},
		{"id: a # dossier:ignore orphan\n", "1:7 orphan \"\""},
		{"id: a # dossier:ignore -- why\n", "1:7  \"why\""},
		{"id: a\nname: \"x # dossier:ignore orphan -- no\"\n", ""},
		{"id: a\nnotes: |\n  # dossier:ignore orphan -- text, not a comment\n", ""},
		{"id: a # dossier:ignored orphan -- other word\n", ""},
		{"id: a\nlist:\n  - b # dossier:ignore orphan -- item\n", "3:7 orphan \"item\""},
		{"id: a\n", ""},
		{"# dossier:ignore orphan -- apart\n\nid: a\n", "1:1 alone orphan \"apart\""},
		{"id: a\n\n# dossier:ignore orphan -- at the end\n", "3:1 alone orphan \"at the end\""},
	}
	for _, c := range cases {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, ig := range inlineIgnores(&doc, []byte(c.src)) {
			alone := ""
			if ig.Alone {
				alone = " alone"
			}
			parts = append(parts, fmt.Sprintf("%d:%d%s %s %q", ig.Line, ig.Column, alone, ig.Rule, ig.Reason))
		}
		if got := strings.Join(parts, "; "); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}
