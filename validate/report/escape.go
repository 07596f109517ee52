package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize replaces control and bidirectional formatting characters (tab
// aside) with '?', so that a name or a line of a record cannot rewrite a
// terminal, inject CI workflow commands or reorder text.
func Sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r < 0x20 || r >= 0x7f && r <= 0x9f: // C0, DEL and C1 controls
			return '?'
		case r == 0xFEFF, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F:
			return '?'
		}
		return r
	}, s)
}

// escapeInvisible writes C1 controls and bidirectional formatting
// characters of encoded JSON as \u escapes, which encoding/json leaves raw:
// the strings decode the same, and a viewer showing the raw text cannot be
// made to reorder it. They can only occur inside JSON strings.
func escapeInvisible(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, "\\u%04x", r)
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}
