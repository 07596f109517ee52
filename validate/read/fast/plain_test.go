package fast

import (
	"testing"
	"unicode/utf8"
)

// plainBytesByRune is plainBytes one character at a time.
func plainBytesByRune(src []byte) bool {
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r == '\n', r >= 0x20 && r < 0x7f:
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return false
		}
		src = src[size:]
	}
	return true
}

// TestPlainBytes checks the word-at-a-time scan against the plain one on
// every byte at every offset of a word.
func TestPlainBytes(t *testing.T) {
	base := []byte("id: abcdefgh-ijklmnop qrstuvwxyz 0123456789 ~!@#$%^&*()_+{}|:<>?,./;'[]\\=-`\n")
	for b := range 256 {
		for at := range 17 {
			src := append([]byte{}, base...)
			src[at] = byte(b)
			if got, want := plainBytes(src), plainBytesByRune(src); got != want {
				t.Fatalf("plainBytes(%q) = %v, want %v", src, got, want)
			}
		}
	}
	for _, s := range []string{"é", "\u2028", "\u2029", "\ufeff", "\u202e", "\u0085", "\u00a0", "\uffff", "\ufffd", "\U0001F600", "\xed\xa0\x80", "\xff"} {
		src := []byte("name: abcdefgh" + s + "ijklmnop\n")
		if got, want := plainBytes(src), plainBytesByRune(src); got != want {
			t.Errorf("plainBytes(%q) = %v, want %v", src, got, want)
		}
	}
}
