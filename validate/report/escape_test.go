package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
)

// invisible are characters that a terminal, a log or a page acts upon or
// hides rather than shows: C0 and C1 controls (NEL among them), DEL, the
// line and paragraph separators, the bidirectional formatting characters
// and the byte-order mark. Tab is left out: it is kept in text.
var invisible = []rune{
	0x01, 0x07, 0x1b, '\r', '\n', 0x7f, 0x80, 0x85, 0x9b, 0x9f,
	0x2028, 0x2029, 0x200e, 0x200f, 0x061c,
	0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
}

// TestEveryFormatEscapes: with one of those characters in a file name, a
// message and a hint, no format prints it raw. A line feed is counted: a
// format may end its own lines, never one inside a field.
func TestEveryFormatEscapes(t *testing.T) {
	findings := func(c string) diag.List {
		return diag.List{
			{File: "records/places/x" + c + "y.yaml", Pos: diag.Pos{Line: 1, Column: 5}, Pointer: "/id", Rule: "id-filename",
				Severity: diag.Error, Message: "ID \"a" + c + "b\" is not the file's name", Hint: "rename it to a" + c + "b.yaml"},
			{File: "records/places/x" + c + "y.yaml", Rule: "yaml-empty", Severity: diag.Warning, Message: "empty " + c},
		}
	}
	for _, format := range report.Formats {
		var plain bytes.Buffer
		if err := write(t, &plain, format, findings("z"), report.Summary{Files: 1, Errors: 1, Warnings: 1}); err != nil {
			t.Fatal(err)
		}
		for _, r := range invisible {
			var buf bytes.Buffer
			if err := write(t, &buf, format, findings(string(r)), report.Summary{Files: 1, Errors: 1, Warnings: 1}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if r == '\n' {
				if got, want := strings.Count(out, "\n"), strings.Count(plain.String(), "\n"); got != want {
					t.Errorf("%s, U+%04X in the fields: %d lines, want %d:\n%s", format, r, got, want, out)
				}
			} else if strings.ContainsRune(out, r) {
				t.Errorf("%s prints U+%04X raw:\n%q", format, r, out)
			}
		}
	}
}
