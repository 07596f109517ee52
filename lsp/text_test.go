package lsp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate/read"
)

// TestTextLineModel: the server counts lines as validate's findings do
// (diag.LineStarts: LF, CR LF or a lone CR; not NEL, U+2028 or U+2029), so
// that a finding names the same character in both. In files with such
// line ends and characters, each finding about one of them leads, through
// the server's text, to that very character, at the protocol position one
// less than the finding's line and column (code points).
func TestTextLineModel(t *testing.T) {
	for _, src := range []string{
		"id: a\rstatus: active\rnotes: Off\r",
		"id: a\r\nstatus: active\rnotes: x\r\n",
		"id: a\ntext: \"the police\u2028are not responsible\"\nnotes: x\u0085y\n",
		"id: a\r\r\u2029\nnotes: é\u2028\r",
	} {
		r := read.Parse("a.yaml", []byte(src), nil, config.Limits{})
		if len(r.Findings) == 0 {
			t.Fatalf("%q: no finding", src)
		}
		tx := newText(src)
		for _, d := range r.Findings {
			off := tx.offsetOf(d.Pos)
			if ch, _ := utf8.DecodeRuneInString(src[off:]); !strings.ContainsRune("\r\u0085\u2028\u2029", ch) {
				t.Errorf("%q: %v is %q in the server's text", src, d, ch)
			}
			if p := tx.position(off, utf32Enc); int(p.Line) != d.Line-1 || int(p.Character) != d.Column-1 {
				t.Errorf("%q: %v is at %d:%d in the server's text (0-based, code points)", src, d, p.Line, p.Character)
			}
		}
	}
}
