package release

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestGuard: a cell that could start a formula, or that starts with the
// guard's own apostrophe, is guarded, any other is kept; and unguard
// gives back every text exactly, so the guard can always be undone.
func TestGuard(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"'=1": "''=1", "'": "''", "'quoted'": "''quoted'", "''": "'''",
		"": "", "plain": "plain", " =1": " =1", "1-2": "1-2", "a'b": "a'b",
	} {
		if got := Guard(in); got != want {
			t.Errorf("Guard(%q) = %q, want %q", in, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("=+-@\t\r' a1")
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.IntN(5))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		if got := unguard(Guard(s)); got != s {
			t.Fatalf("Unguard(Guard(%q)) = %q", s, got)
		}
		if g := Guard(s); g != "" && strings.ContainsRune("=+-@\t\r", rune(g[0])) {
			t.Fatalf("Guard(%q) = %q starts a formula", s, g)
		}
	}
}

// unguard undoes Guard as the release README tells a reader to: one
// leading apostrophe removed from a cell that starts with one.
func unguard(s string) string { return strings.TrimPrefix(s, "'") }
