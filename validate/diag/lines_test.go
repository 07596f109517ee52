package diag

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLines holds LineStarts, LineEnd and PosAt to their definition: lines
// split at "\r\n", "\r" and "\n", and nowhere else.
func TestLines(t *testing.T) {
	breaks := regexp.MustCompile("\r\n|\r|\n")
	for _, s := range []string{"", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\rc", "a\r\r\nb\n\rc", "\r", "\n\r",
		"x\u2028y\u2029z\u0085w\n", "é\rü\r\n中\n😀", "\r\n\r\n"} {
		starts := LineStarts(s)
		if got := LineStarts([]byte(s)); len(got) != len(starts) {
			t.Errorf("%q: LineStarts differs between string and bytes", s)
		}
		lines := breaks.Split(s, -1)
		if len(starts) != len(lines) {
			t.Fatalf("%q: %d lines, want %d", s, len(starts), len(lines))
		}
		for n, l := range lines {
			if got := s[starts[n]:LineEnd(s, starts, n)]; got != l {
				t.Errorf("%q: line %d is %q, want %q", s, n+1, got, l)
			}
			off := starts[n]
			for col := 1; ; col++ {
				if got := PosAt(s, off); got != (Pos{Line: n + 1, Column: col}) {
					t.Errorf("%q: PosAt(%d) = %v, want %d:%d", s, off, got, n+1, col)
				}
				if off >= starts[n]+len(l) {
					break
				}
				_, size := utf8.DecodeRuneInString(s[off:])
				off += size
			}
		}
		if strings.HasSuffix(s, "\r\n") {
			if got, want := PosAt(s, len(s)-1), PosAt(s, len(s)-2); got.Line != want.Line {
				t.Errorf("%q: the LF of a CR LF is on line %d, its CR on %d", s, got.Line, want.Line)
			}
		}
	}
}
