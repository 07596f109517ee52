package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate/diag"
)

// text writes each finding as its canonical line, then the source line and
// a caret under the column, then the hint; last a count.
type text struct{ Options }

func (t text) Write(w io.Writer, l diag.List, sum Summary) error {
	src := t.Source
	bw := bufio.NewWriter(w)
	var cur string
	var b []byte
	var lines []int // where each line of b starts (diag.LineStarts)
	for _, d := range l {
		fmt.Fprintln(bw, t.findingLine(d)) // a file name may hold controls
		if d.Line > 0 && src != nil {
			if d.File != cur {
				cur = d.File
				b, lines = src(d.File), nil
				if b != nil {
					lines = diag.LineStarts(b)
				}
			}
			if d.Line <= len(lines) {
				raw := b[lines[d.Line-1]:diag.LineEnd(b, lines, d.Line-1)]
				if len(raw) > 500 {
					raw = nil // not quoted; and not copied once per finding
				}
				line := string(raw)
				if raw != nil && !strings.ContainsRune(line, 0) {
					fmt.Fprintf(bw, "%5d | %s\n", d.Line, escape.Line(line))
					fmt.Fprintf(bw, "      | %s^\n", caretPad(line, d.Column))
				}
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(bw, "      = hint: %s\n", escape.Line(d.Hint))
		}
	}
	if !t.Quiet {
		fmt.Fprintf(bw, "%s\n", sum.Line())
	}
	return bw.Flush()
}

// caretPad returns the whitespace that puts a caret under column col
// (1-based, in characters), keeping tabs so it lines up.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// SGR sequences of the coloured text format.
const (
	sgrError   = "\x1b[1;31m"
	sgrWarning = "\x1b[1;33m"
	sgrReset   = "\x1b[0m"
)

// findingLine is the canonical line of d, escaped, with its severity in
// colour when t.Color is set. The colour codes are the only control
// characters it can hold: the parts from the data are escaped each.
func (t text) findingLine(d diag.Diagnostic) string {
	at := fileName(d.File)
	if d.Line > 0 {
		at = fmt.Sprintf("%s:%d:%d", at, d.Line, d.Column)
	}
	sev := d.Severity.String()
	if t.Color {
		sgr := sgrError
		if d.Severity == diag.Warning {
			sgr = sgrWarning
		}
		sev = sgr + sev + sgrReset
	}
	return at + ": " + sev + ": " + escape.Line(fmt.Sprintf("%s [%s]", d.Message, d.Rule))
}

// fileName is a file name made safe to print: as escape.Line makes a
// line, and a tab shown too, since a name holds none.
func fileName(s string) string { return escape.Line(strings.ReplaceAll(s, "\t", "\x00")) }
