package release

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"dossier/validate/edtf"
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

// writeCSV writes a table as RFC 4180 CSV: UTF-8 without byte-order mark,
// CRLF line ends, a header row, fields quoted only when needed, null as an
// empty cell. List columns hold their items joined with ";".
func writeCSV(w io.Writer, d *Data) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range d.Rows {
		for i, c := range d.Columns {
			rec[i] = csvCell(c, r[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
