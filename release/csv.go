package release

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/validate/edtf"
)

// ListSeparator joins the items of a list in its CSV convenience column.
const ListSeparator = ";"

// Neutralize guards a free-text CSV cell against spreadsheet formula
// injection (OWASP "CSV Injection"): a cell starting with =, +, -, @, a tab
// or a carriage return gets a leading apostrophe, so spreadsheets show it as
// text instead of running it. JSON and Parquet keep the text intact.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvTable writes a table as RFC 4180 CSV, a row at a time: UTF-8
// without byte-order mark, CRLF line ends, a header row, fields quoted only
// when needed, null as an empty cell. List columns hold their items joined
// with ";".
type csvTable struct {
	cw   *csv.Writer
	cols []*Column
	rec  []string
}

// newCSVTable writes the header row of t to w.
func newCSVTable(w io.Writer, t *Table, _ passOptions) (tableSink, error) {
	s := &csvTable{cw: csv.NewWriter(w), cols: t.Columns, rec: make([]string, len(t.Columns))}
	s.cw.UseCRLF = true
	for i, c := range t.Columns {
		s.rec[i] = c.Name
	}
	return s, s.cw.Write(s.rec)
}

// add writes one row.
func (s *csvTable) add(r *tableRow) error {
	for i, c := range s.cols {
		s.rec[i] = csvCell(c, r.cells[i])
	}
	return s.cw.Write(s.rec)
}

// close writes what is buffered.
func (s *csvTable) close() error {
	s.cw.Flush()
	return s.cw.Error()
}

// csvCell formats one cell; free text is neutralized.
func csvCell(c *Column, v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	case edtf.Day:
		return x.String()
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return string(appendFloat(nil, x))
	case bool:
		return strconv.FormatBool(x)
	case []string:
		s = strings.Join(x, ListSeparator)
	case [][]any:
		first := *c.Elem[0]
		first.Field = nil // not neutralized item by item: only the cell's first character matters
		parts := make([]string, 0, len(x))
		for _, it := range x {
			parts = append(parts, csvCell(&first, it[0]))
		}
		s = strings.Join(parts, ListSeparator)
		if c.Elem[0].FreeText() {
			return Neutralize(s)
		}
		return s
	}
	if c.FreeText() {
		return Neutralize(s)
	}
	return s
}
