package validate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-data/dossier/internal/escape"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"text", "json", "github", "sarif"}

// Summary counts what a run looked at; it closes every report.
type Summary struct {
	Files    int `json:"files"`
	Records  int `json:"records"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// NewSummary counts a dataset and its findings.
func NewSummary(ds *Dataset, l List) Summary {
	s := Summary{}
	if ds != nil {
		s.Files = len(ds.Records)
		for _, r := range ds.Records {
			if r.Value.Exists() {
				s.Records++
			}
		}
	}
	s.Errors, s.Warnings = l.Count()
	return s
}

// ReadSource returns a file's bytes for quoting its lines; nil when it
// cannot be read. Text output calls it once per file with findings.
type ReadSource func(file string) []byte

// OSSource reads from the file system.
func OSSource(file string) []byte {
	b, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		return nil
	}
	return b
}

// Write renders findings in one of Formats. The list must be sorted.
func Write(w io.Writer, format string, l List, sum Summary, src ReadSource) error {
	switch format {
	case "text":
		return WriteText(w, l, sum, src)
	case "json", "sarif":
		var buf bytes.Buffer
		var err error
		if format == "json" {
			err = WriteJSON(&buf, l, sum)
		} else {
			err = WriteSARIF(&buf, l)
		}
		if err != nil {
			return err
		}
		_, err = w.Write(escapeInvisible(buf.Bytes()))
		return err
	case "github":
		return WriteGitHub(w, l, sum)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// WriteText writes each finding as its canonical line, then the source line
// and a caret under the column, then the hint; last a count.
func WriteText(w io.Writer, l List, sum Summary, src ReadSource) error {
	return writeText(w, l, sum, src, TextOptions{})
}

func writeText(w io.Writer, l List, sum Summary, src ReadSource, o TextOptions) error {
	bw := bufio.NewWriter(w)
	var cur string
	var lines [][]byte
	for _, d := range l {
		fmt.Fprintln(bw, o.findingLine(d)) // a file name may hold controls
		if d.Line > 0 && src != nil {
			if d.File != cur {
				cur = d.File
				lines = nil
				if b := src(d.File); b != nil {
					lines = bytes.Split(b, []byte("\n"))
				}
			}
			if d.Line <= len(lines) {
				raw := lines[d.Line-1]
				if len(raw) > 501 {
					raw = nil // not quoted; and not copied once per finding
				}
				line := strings.TrimRight(string(raw), "\r")
				if raw != nil && len(line) <= 500 && !strings.ContainsRune(line, 0) {
					fmt.Fprintf(bw, "%5d | %s\n", d.Line, sanitizeLine(line))
					fmt.Fprintf(bw, "      | %s^\n", caretPad(line, d.Column))
				}
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(bw, "      = hint: %s\n", sanitizeLine(d.Hint))
		}
	}
	if !o.Quiet {
		fmt.Fprintf(bw, "%s\n", sum.Line())
	}
	return bw.Flush()
}

// Line is the closing line of a text report.
func (s Summary) Line() string {
	return fmt.Sprintf("%d %s, %d %s in %d %s", s.Errors, plural(s.Errors, "error", "errors"), s.Warnings, plural(s.Warnings, "warning", "warnings"), s.Files, plural(s.Files, "file", "files"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sanitizeLine makes a line safe to print (escape.Line): no control or
// bidirectional-override character can rewrite the terminal or reorder
// text, and no workflow command can start the line.
func sanitizeLine(s string) string { return escape.Line(s) }

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

// jsonReport is the stable JSON output, version 1. Fields are only ever
// added.
type jsonReport struct {
	Version     int           `json:"version"`
	Diagnostics []jsonFinding `json:"diagnostics"`
	Summary     Summary       `json:"summary"`
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Pointer  string `json:"pointer"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// WriteJSON writes the findings as one JSON document (see README).
func WriteJSON(w io.Writer, l List, sum Summary) error {
	r := jsonReport{Version: 1, Diagnostics: make([]jsonFinding, 0, len(l)), Summary: sum}
	for _, d := range l {
		r.Diagnostics = append(r.Diagnostics, jsonFinding{File: d.File, Line: d.Line, Column: d.Column, Pointer: d.Pointer,
			Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message, Hint: d.Hint})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteGitHub writes GitHub Actions workflow commands, one annotation per
// finding, then the summary as a notice.
func WriteGitHub(w io.Writer, l List, sum Summary) error {
	return writeGitHub(w, l, sum, TextOptions{})
}

func writeGitHub(w io.Writer, l List, sum Summary, o TextOptions) error {
	bw := bufio.NewWriter(w)
	for _, d := range l {
		level := "error"
		if d.Severity == Warning {
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
	if !o.Quiet {
		fmt.Fprintf(bw, "::notice title=dossier::%s\n", ghData(sum.Line()))
	}
	return bw.Flush()
}

func ghData(s string) string {
	return sanitizeLine(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)) // no terminal escapes in the log
}

func ghProperty(s string) string {
	return sanitizeLine(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}

// escapeInvisible writes C1 controls, bidirectional formatting characters
// and the '[' of "##[" in encoded JSON as \u escapes (escape.JSON), which
// encoding/json leaves raw: the strings decode the same.
func escapeInvisible(b []byte) []byte { return escape.JSON(b) }
