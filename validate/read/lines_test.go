package read_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
)

// TestLineModel: findings count lines as YAML 1.2 does (diag.LineStarts):
// a line ends at LF, CR LF or a lone CR, and not at NEL, U+2028 or U+2029.
// A lone CR and the separators written as is are refused (the YAML parser
// would read the separators as line breaks); their findings stand at the
// character itself, and no finding after one is a line off. Both readings
// agree.
func TestLineModel(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	kind := set.Kind("quote")
	for _, c := range []struct{ src, want string }{
		// lone CR line ends: one finding per CR, at the end of its line
		{"id: a\rstatus: active\rnotes: Off\r", "1:6 text-control; 2:15 text-control; 3:11 text-control"},
		{"id: a\nstatus: active\rnotes: x\n", "2:15 text-control"},
		{"id: a\r\rnotes: x\r\n", "1:6 text-control; 2:1 text-control"},
		// CR LF line ends are line ends
		{"id: a\r\nstatus: active\r\nnotes: Off\r\n", "3:8 yaml-bool"},
		// the separators and NEL written as is: refused where they are
		{"id: a\ntext: \"the police\u2028are not responsible\"\nnotes: Off\n", "2:18 text-control"},
		{"id: a\ntext: the police\u2028are: not responsible\nnotes: Off\n", "2:17 text-control"},
		{"id: a # x\u2029y: 1\nnotes: Off\n", "1:10 text-control"},
		{"id: a\nnotes: |\n  x\u2028y\n  z\u2029\nmode: Off\n", "3:4 text-control; 4:4 text-control"},
		{"id: a\nnotes: x\u0085y\nmode: Off\n", "2:9 text-control"},
		{"id: a\rnotes: x\u2028y\n", "1:6 text-control; 2:9 text-control"},
		// written as escapes, they are text
		{"id: a\ntext: \"the police\\Lare\\Pnot\\u2028responsible\"\nnotes: Off\n", "3:8 yaml-bool"},
	} {
		for name, parse := range map[string]func(string, []byte, *schemas.Kind, config.Limits) *read.Result{
			"Parse": read.Parse, "ParseFull": read.ParseFull,
		} {
			r := parse("a.yaml", []byte(c.src), kind, config.Limits{})
			var got []string
			for _, d := range r.Findings {
				got = append(got, fmt.Sprintf("%s %s", d.Pos, d.Rule))
				if d.Rule != "text-control" {
					continue
				}
				// the finding stands at the character refused
				starts := diag.LineStarts(c.src)
				off := starts[d.Line-1]
				for range d.Column - 1 {
					_, size := utf8.DecodeRuneInString(c.src[off:])
					off += size
				}
				if ch, _ := utf8.DecodeRuneInString(c.src[off:]); !strings.ContainsRune("\r\u2028\u2029\u0085", ch) {
					t.Errorf("%s(%q): %v points at %q", name, c.src, d, ch)
				}
			}
			if g := strings.Join(got, "; "); g != c.want {
				t.Errorf("%s(%q):\n got %s\nwant %s", name, c.src, g, c.want)
			}
		}
	}
}
