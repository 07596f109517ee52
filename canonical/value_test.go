package canonical

import "testing"

// TestSameValue: the check that formatting kept a record's value tells
// records apart by every part of their value, and no more.
func TestSameValue(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"a: 1\n", "a: 1\n", true},
		{"a: 1\nb: x\n", "b: x\na: 1\n", true},
		{"a: \"x\"\n", "a: x\n", true},
		{"a: [1, 2]\n", "a:\n  - 1\n  - 2\n", true},
		{"a: 1\n", "a: 2\n", false},
		{"a: 1\n", "a: \"1\"\n", false},
		{"a: x\n", "b: x\n", false},
		{"a: [1, 2]\n", "a: [2, 1]\n", false},
		{"a: {b: 1}\n", "a: {b: 1, c: null}\n", false},
	}
	for _, c := range cases {
		a, _ := parse("f.yaml", []byte(c.a), nil)
		b, _ := parse("f.yaml", []byte(c.b), nil)
		if got := sameValue(a, b); got != c.same {
			t.Errorf("sameValue(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
