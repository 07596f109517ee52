package releasepage

import (
	"testing"
	"unicode/utf8"
)

// fitRunes is fit by its definition: the text as runes, cut.
func fitRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// TestFit: fit cuts where the definition does, invalid bytes and all.
func TestFit(t *testing.T) {
	for _, s := range []string{"", "abc", "héllo wörld ünïcode", "a\xffb\xfec", "😀😀😀😀😀", "\xff\xff\xff\xff\xff", "x\uFFFDy\uFFFDzzzz"} {
		for n := 0; n < 12; n++ {
			if got, want := fit(s, n), fitRunes(s, n); got != want {
				t.Errorf("fit(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}
