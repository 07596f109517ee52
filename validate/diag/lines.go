package diag

import "unicode/utf8"

// Lines. A position's line is counted as YAML 1.2 counts lines, and as
// the Language Server Protocol does: a line ends at a line feed, at a
// carriage return followed by a line feed, or at a carriage return alone.
// NEL (U+0085) and the line and paragraph separators (U+2028, U+2029),
// line breaks in YAML 1.1, are characters of their line. A column counts
// characters from the start of the line. Reading, the text report and the
// language server all count with LineStarts.

// LineStarts returns the byte offset at which each line of s starts: 0,
// then the offset after each line break.
func LineStarts[T ~string | ~[]byte](s T) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// LineEnd returns the byte offset where line n (0-based) of s ends,
// before its line break; starts are s's LineStarts.
func LineEnd[T ~string | ~[]byte](s T, starts []int, n int) int {
	if n+1 >= len(starts) {
		return len(s)
	}
	end := starts[n+1] - 1 // the break's last byte
	if end > starts[n] && s[end] == '\n' && s[end-1] == '\r' {
		end--
	}
	return end
}

// PosAt returns the position of byte offset off of s (clamped to s):
// its line and its column in characters.
func PosAt[T ~string | ~[]byte](s T, off int) Pos {
	off = max(0, min(off, len(s)))
	starts := LineStarts(s[:off])
	if off > 0 && off < len(s) && s[off-1] == '\r' && s[off] == '\n' {
		starts = starts[:len(starts)-1] // inside a CR LF: on the CR's line
	}
	start := starts[len(starts)-1]
	return Pos{Line: len(starts), Column: 1 + utf8.RuneCountInString(string(s[start:off]))}
}
