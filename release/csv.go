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

// Guard protects a CSV text cell against spreadsheet formula injection
// (OWASP "CSV Injection") in a way that can be undone: a cell that starts
// with =, +, -, @, a tab, a carriage return or an apostrophe gets one more
// apostrophe in front, so that spreadsheets show it as text instead of
// running it. Removing one leading apostrophe from any text cell that
// starts with one gives the text back exactly. Every text and list
// cell of the CSV files is guarded; numbers, booleans and days are not
// text and never start with an apostrophe. JSON, Parquet and SQLite keep
// the text as it is.
// csvGuardNote says what Guard does, in the description of every CSV
// resource of datapackage.json, for a reader who never opens the README.
const csvGuardNote = "Spreadsheet safety: a text or list cell that starts with =, +, -, @, a tab, a carriage return or an apostrophe " +
	"has one more apostrophe in front; remove one leading apostrophe from such a cell to get the exact text, " +
	"which the JSON, Parquet and SQLite files keep as it is."

func Guard(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + s
	}
	return s
}

// csvTable writes a table as CSV, a row at a time: RFC 4180 but for
// its line ends, UTF-8 without byte-order mark, LF (\n) at the end of each
// row, a header row, fields quoted only when needed, null as an empty
// cell. List columns hold their items joined with ";". A text's own line
// breaks are written as they are, byte for byte: with CRLF row ends,
// encoding/csv would turn every \n inside a field into \r\n, and the
// CSV files would hold other texts than the JSON, Parquet and SQLite ones.
type csvTable struct {
	cw  *csv.Writer
	rec []string
}

// newCSVTable writes the header row of t to w.
func newCSVTable(w io.Writer, t *Table, _ passOptions) (tableSink, error) {
	s := &csvTable{cw: csv.NewWriter(w), rec: make([]string, len(t.Columns))}
	for i, c := range t.Columns {
		s.rec[i] = c.Name
	}
	return s, s.cw.Write(s.rec)
}

// add writes one row.
func (s *csvTable) add(r *tableRow) error {
	for i := range s.rec {
		s.rec[i] = csvCell(r.cells[i])
	}
	return s.cw.Write(s.rec)
}

// close writes what is buffered.
func (s *csvTable) close() error {
	s.cw.Flush()
	return s.cw.Error()
}

// csvCell formats one cell; text is guarded.
func csvCell(v any) string {
	switch x := v.(type) {
	case string:
		return Guard(x)
	case edtf.Day:
		return x.String()
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return string(appendFloat(nil, x))
	case bool:
		return strconv.FormatBool(x)
	case []string:
		return Guard(strings.Join(x, ListSeparator))
	}
	return ""
}
