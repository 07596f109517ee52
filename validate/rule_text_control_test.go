package validate

import (
	"math/rand/v2"
	"testing"
)

// noControls, the quick scan, says "clean" exactly when the full scan
// finds nothing: on every character class it treats specially, alone and
// amid text, and on random mixes of them.
func TestNoControlsAgreesWithScan(t *testing.T) {
	pieces := []string{"a", " ", "~", "\n", "\t", "\r\n", "\r", "\x00", "\x1b", "\x7f", "é", "ë", "中", "😀",
		"\u0085", "\u009f", "\u00a0", "\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff", "\u2028"}
	check := func(src string) {
		t.Helper()
		var l List
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
