package escape

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// unsafe reports whether r is shown as '?': a C0 control other than tab,
// DEL, a C1 control, the line and paragraph separators, a bidirectional
// formatting character or the byte-order mark.
func unsafe(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029:
		return true // line breaks to some viewers (and to JavaScript before ES2019)
	case r == 0xFEFF, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// Line returns s made safe to print as one line, or as part of one: every
// control character but tab (line ends included), every bidirectional
// formatting character and the byte-order mark become '?', and so does the
// first ':' of a leading "::" (after spaces) and the '[' of every "##[",
// the markers of GitHub Actions workflow commands. Invalid UTF-8 becomes
// U+FFFD. Text that needs none of this is returned as is, without
// allocating.
func Line(s string) string {
	if Safe(s) {
		return s
	}
	b := []byte(strings.Map(func(r rune) rune {
		if unsafe(r) {
			return '?'
		}
		return r
	}, s))
	if i := commandStart(string(b)); i >= 0 {
		b[i] = '?'
	}
	for i := 0; ; {
		j := strings.Index(string(b[i:]), "##[")
		if j < 0 {
			break
		}
		b[i+j+2] = '?'
		i += j + 3
	}
	return string(b)
}

// Safe reports whether Line would return s unchanged.
func Safe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c >= 0x7f {
			return safeSlow(s)
		}
	}
	return commandStart(s) < 0 && !strings.Contains(s, "##[")
}

func safeSlow(s string) bool {
	for i, r := range s {
		if unsafe(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return false
		}
	}
	return commandStart(s) < 0 && !strings.Contains(s, "##[")
}

// commandStart returns the offset of a "::" that starts s after white
// space, as the Actions runner trims it, or -1.
func commandStart(s string) int {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.HasPrefix(t, "::") {
		return len(s) - len(t)
	}
	return -1
}

// Text returns s, text of several lines, with each line made safe as Line
// makes it; the line feeds between lines are kept (a CR is not).
func Text(s string) string {
	if !strings.Contains(s, "\n") {
		return Line(s)
	}
	lines := strings.Split(s, "\n")
	changed := false
	for i, l := range lines {
		if !Safe(l) {
			lines[i] = Line(l)
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(lines, "\n")
}

// JSON returns encoded JSON (as encoding/json writes it) with what it
// leaves raw written as \u escapes: DEL, C1 controls, bidirectional
// formatting characters, the byte-order mark, and the '[' of "##[". They
// can only occur inside JSON strings, which decode to the same text.
// encoding/json already escapes C0 controls and the line and paragraph
// separators.
func JSON(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		esc := r >= 0x7f && r != utf8.RuneError && unsafe(r) ||
			r == '[' && i >= 2 && b[i-1] == '#' && b[i-2] == '#'
		if esc {
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
