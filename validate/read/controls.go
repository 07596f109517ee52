package read

import (
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// rawControls reports every control or bidirectional character written
// as is in src (valid UTF-8), at its line and column, and whether any was
// a control character YAML itself refuses (then the file is not parsed).
func rawControls(file string, src []byte, diags *diag.List) (fatal bool) {
	if noControls(src) {
		return false // the common case, without tracking lines and columns
	}
	return scanControls(file, src, diags)
}

// rawName names a character text-control rejects where it is written as
// is: a control or bidirectional character (record.ControlName); a carriage
// return alone, which YAML 1.2 reads as a line break but dossier's line
// ends are LF or CR LF; and the line and paragraph separators, which the
// YAML parser reads as line breaks, as YAML 1.1 did (YAML 1.2 reads them
// as text): the parser would read the file otherwise than YAML 1.2 and
// count its lines otherwise than dossier (see diag.LineStarts).
func rawName(r rune, src []byte, i int) string {
	switch r {
	case '\r':
		if i+1 >= len(src) || src[i+1] != '\n' {
			return "carriage return not followed by a line feed"
		}
	case 0x2028:
		return "line separator U+2028"
	case 0x2029:
		return "paragraph separator U+2029"
	}
	return record.ControlName(r)
}

// scanControls is rawControls character by character, with positions;
// lines are counted as diag.LineStarts counts them.
func scanControls(file string, src []byte, diags *diag.List) (fatal bool) {
	line, col := 1, 1
	for i := 0; i < len(src) && len(*diags) <= maxFindingsPerFile; {
		r, size := utf8.DecodeRune(src[i:])
		if name := rawName(r, src, i); name != "" {
			isBidi := record.BidiNames[r] != ""
			fatal = fatal || !isBidi
			hint := controlHint(isBidi)
			switch r {
			case 0x2028:
				hint = `delete it, or write it as \L in a double-quoted text`
			case 0x2029:
				hint = `delete it, or write it as \P in a double-quoted text`
			}
			diags.Add(diag.Diagnostic{File: file, Pos: diag.Pos{Line: line, Column: col}, Rule: ruleTextControl.ID, Severity: ruleTextControl.Severity,
				Message: name + " in the file",
				Hint:    hint})
		}
		i += size
		if r == '\n' || r == '\r' && (i >= len(src) || src[i] != '\n') {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fatal
}

// noControls reports whether src holds no character rawControls reports:
// every byte printable ASCII, a tab or a line feed (a carriage return only
// before a line feed), every other character neither a C1 control, a
// bidirectional formatting character nor a line or paragraph separator.
func noControls(src []byte) bool {
	for i := 0; i < len(src); {
		b := src[i]
		if b >= 0x20 && b < 0x7f || b == '\n' || b == '\t' {
			i++
			continue
		}
		if b == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i += 2
			continue
		}
		if b < 0x80 {
			return false
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || r == 0x2028 || r == 0x2029 || record.ControlName(r) != "" {
			return false
		}
		i += size
	}
	return true
}

func controlHint(bidi bool) string {
	if bidi {
		return "delete it: it can make the line display in another order than it is stored"
	}
	return "delete it; write a line break as a new line, and nothing else invisible"
}

// escapedControls reports control and bidirectional characters that a
// double-quoted scalar writes as escapes (\x01, \u202E, \e, …). start is
// the byte offset of the opening quote in src, at position at; findings go
// at the backslash of each such escape.
func escapedControls(file, ptr string, src []byte, start int, at diag.Pos, diags *diag.List) {
	if start < 0 || start >= len(src) || src[start] != '"' {
		return
	}
	line, col := at.Line, at.Column+1
	for i := start + 1; i < len(src); {
		c := src[i]
		if c == '"' {
			return
		}
		if c == '\\' && i+1 < len(src) {
			r, n := decodeEscape(src[i+1:])
			if name := record.ControlName(r); name != "" || r == '\r' {
				if r == '\r' {
					name = "carriage return"
				}
				diags.Add(diag.Diagnostic{File: file, Pos: diag.Pos{Line: line, Column: col}, Pointer: ptr, Rule: ruleTextControl.ID, Severity: ruleTextControl.Severity,
					Message: name + ", written as an escape",
					Hint:    controlHint(record.BidiNames[r] != "")})
			}
			if n > 0 && src[i+1] != '\n' && src[i+1] != '\r' {
				col += 1 + utf8.RuneCount(src[i+1:i+1+n])
				i += 1 + n
				continue
			}
			i++ // an escaped line break: the break is walked below
			col++
			continue
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
}

// decodeEscape reads the escape after a backslash in a double-quoted
// scalar: the character it writes (-1 for none or an unknown escape) and
// the bytes it spans after the backslash.
func decodeEscape(b []byte) (rune, int) {
	if r, ok := simpleEscapes[b[0]]; ok {
		return r, 1
	}
	width := escapeWidth[b[0]]
	if width == 0 || len(b) < 1+width {
		return -1, 0
	}
	var r rune
	for _, h := range b[1 : 1+width] {
		switch {
		case h >= '0' && h <= '9':
			r = r*16 + rune(h-'0')
		case h >= 'a' && h <= 'f':
			r = r*16 + rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r*16 + rune(h-'A'+10)
		default:
			return -1, 0
		}
	}
	return r, 1 + width
}

// simpleEscapes are YAML's one-letter escapes and what they write.
var simpleEscapes = map[byte]rune{'0': 0, 'a': 7, 'b': 8, 't': 9, '\t': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 0x1b,
	' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029}

// escapeWidth is the number of hex digits after \x, \u and \U.
var escapeWidth = map[byte]int{'x': 2, 'u': 4, 'U': 8}
