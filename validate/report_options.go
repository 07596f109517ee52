package validate

import (
	"fmt"
	"io"
)

// TextOptions adjust the human formats of WriteWith.
type TextOptions struct {
	// Quiet leaves out the closing count (text) and the summary notice
	// (github): the findings only.
	Quiet bool
	// Color writes the severity of each finding of the text format in
	// colour (ANSI SGR: errors bold red, warnings bold yellow), for a
	// terminal. The caller decides (--color, NO_COLOR, a terminal or not).
	Color bool
}

// WriteWith is Write with options for the text and github formats; the
// machine formats (json, sarif) are the same whatever the options.
func WriteWith(w io.Writer, format string, l List, sum Summary, src ReadSource, o TextOptions) error {
	switch format {
	case "text":
		return writeText(w, l, sum, src, o)
	case "github":
		return writeGitHub(w, l, sum, o)
	}
	return Write(w, format, l, sum, src)
}

// SGR sequences of the coloured text format.
const (
	sgrError   = "\x1b[1;31m"
	sgrWarning = "\x1b[1;33m"
	sgrReset   = "\x1b[0m"
)

// findingLine is the canonical line of d, escaped, with its severity in
// colour when o.Color is set. The colour codes are the only control
// characters it can hold: the parts from the data are escaped each.
func (o TextOptions) findingLine(d Diagnostic) string {
	if !o.Color {
		return sanitizeLine(d.String())
	}
	at := d.File
	if d.Line > 0 {
		at = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	}
	sgr := sgrError
	if d.Severity == Warning {
		sgr = sgrWarning
	}
	return sanitizeLine(at) + ": " + sgr + d.Severity.String() + sgrReset + ": " + sanitizeLine(fmt.Sprintf("%s [%s]", d.Message, d.Rule))
}
