package record

import "testing"

// TestIsKebab holds IsKebab to its definition, Kebab(s) == s for a text
// that is not empty.
func TestIsKebab(t *testing.T) {
	for _, s := range []string{"", "a", "camp-raid", "ashraf-3", "-a", "a-", "a--b", "A", "camp_raid", "çuçi", "a b", "a-b-c9", "9", "-", "é"} {
		want := s != "" && Kebab(s) == s
		if got := IsKebab(s); got != want {
			t.Errorf("IsKebab(%q) = %v, want %v", s, got, want)
		}
	}
}
