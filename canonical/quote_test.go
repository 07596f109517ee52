package canonical

import (
	"math/rand"
	"testing"
)

// TestLookalikeFastPath: skipping the regular expression never changes
// its answer.
func TestLookalikeFastPath(t *testing.T) {
	samples := []string{"y", "Y", "yes", "Yes", "YES", "no", "NO", "on", "Off", "true", "FALSE", "False", "null", "Null", "~",
		"0", "-5", "+1", ".5", "1e3", "0x1F", "0o17", "0b101", "1_000", "1:20", ".inf", "-.Inf", ".NaN", "2023-06-20",
		"2001-12-14t21:59:43.10-05:00", "<<", "=", "yesterday", "nothing", "Trueish", "online", "Y2K", "ok", "é", "Null Island"}
	r := rand.New(rand.NewSource(1))
	const alphabet = "yYnNtTfFoOeEsSrRuUlLaA0123456789+-._:~<=xXbB "
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+r.Intn(8))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		samples = append(samples, string(b))
	}
	for _, s := range samples {
		if got, want := lookalike(s), yaml11.MatchString(s); got != want {
			t.Errorf("lookalike(%q) = %v, the expression says %v", s, got, want)
		}
	}
}
