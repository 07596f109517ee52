package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate/diag"
)

// github writes GitHub Actions workflow commands, one annotation per
// finding, then the summary as a notice.
type github struct{ quiet bool }

func (g github) Write(w io.Writer, l diag.List, sum Summary) error {
	bw := bufio.NewWriter(w)
	for _, d := range l {
		level := "error"
		if d.Severity == diag.Warning {
			level = "warning"
		}
		props := "file=" + ghProperty(d.File)
		if d.Line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d", d.Line, d.Column)
		}
		props += ",title=" + ghProperty("dossier "+d.Rule)
		msg := d.Message
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", level, props, ghData(msg))
	}
	if !g.quiet {
		fmt.Fprintf(bw, "::notice title=dossier::%s\n", ghData(sum.Line()))
	}
	return bw.Flush()
}

func ghData(s string) string {
	return escape.Line(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)) // no terminal escapes in the log
}

func ghProperty(s string) string {
	return escape.Line(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}
