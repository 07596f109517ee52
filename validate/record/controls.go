package record

import "fmt"

// ControlName names a character that a record's text may not hold, or
// returns "" for an allowed one: a control character other than tab, line
// feed and carriage return, DEL, a C1 control, or a bidirectional
// formatting character, which can make text read otherwise than it is
// stored. Rule text-control reports them in record files; dossier.yaml's
// dataset metadata is held to the same.
func ControlName(r rune) string {
	if r >= 0x20 && r < 0x7f {
		return "" // printable ASCII, the common case
	}
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ""
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("control character U+%04X", r)
	case r >= 0x80 && r <= 0x9f:
		return fmt.Sprintf("C1 control character U+%04X", r)
	}
	if n, ok := BidiNames[r]; ok {
		return fmt.Sprintf("U+%04X %s, a bidirectional formatting character", r, n)
	}
	return ""
}

// BidiNames names the bidirectional formatting characters ControlName
// refuses.
var BidiNames = map[rune]string{
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}
