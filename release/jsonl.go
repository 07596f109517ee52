package release

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/edtf"
)

// appendRecord appends obj as one line of JSON: keys in schema order, every
// field present (null when absent; a boolean false), an EDTF field followed
// by the columns it derives (dateKeys), nested objects and lists kept as
// they are in the record.
func appendRecord(b []byte, fields []*schemas.Field, obj map[string]any) ([]byte, error) {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.Name)
		b = append(b, ':')
		var err error
		v := obj[f.Name]
		if v == nil && f.Type == "boolean" {
			v = false
		}
		if b, err = appendValue(b, f, v); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if f.Format == "edtf" {
			if b, err = appendDateKeys(b, f.Name, v); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
		}
	}
	return append(b, '}'), nil
}

// appendDateKeys appends the keys an EDTF field name derives from its
// value v, as the table columns of dateColumns: <name>_earliest and
// _latest (YYYY-MM-DD or null), _precision (null when v is), _uncertain
// and _approximate (false when v is null).
func appendDateKeys(b []byte, name string, v any) ([]byte, error) {
	var d edtf.Date
	if s, ok := v.(string); ok {
		var err error
		if d, err = edtf.Parse(s); err != nil {
			return nil, fmt.Errorf("EDTF date %q: %v", s, err)
		}
	}
	sp := d.Span()
	day := func(b []byte, open bool, x edtf.Day) []byte {
		if d.IsZero() || open {
			return append(b, "null"...)
		}
		return appendString(b, x.String())
	}
	b = append(appendKey(append(b, ','), name, "_earliest"), ':')
	b = day(b, sp.OpenStart, sp.Earliest)
	b = append(appendKey(append(b, ','), name, "_latest"), ':')
	b = day(b, sp.OpenEnd, sp.Latest)
	b = append(appendKey(append(b, ','), name, "_precision"), ':')
	if d.IsZero() {
		b = append(b, "null"...)
	} else {
		b = appendString(b, string(d.Precision()))
	}
	b = append(appendKey(append(b, ','), name, "_uncertain"), ':')
	b = strconv.AppendBool(b, d.Uncertain())
	b = append(appendKey(append(b, ','), name, "_approximate"), ':')
	return strconv.AppendBool(b, d.Approximate()), nil
}

func appendValue(b []byte, f *schemas.Field, v any) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	switch f.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("want a mapping, have %T", v)
		}
		return appendRecord(b, f.Fields, m)
	case "array":
		items, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list, have %T", v)
		}
		b = append(b, '[')
		for i, it := range items {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			item := f.Items
			if item == nil {
				item = &schemas.Field{Type: "string"}
			}
			if b, err = appendValue(b, item, it); err != nil {
				return nil, fmt.Errorf("item %d: %w", i+1, err)
			}
		}
		return append(b, ']'), nil
	case "number", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("want a number, have %T", v)
		}
		if f.Type == "integer" {
			i, err := n.Int64()
			if err != nil {
				return nil, fmt.Errorf("integer %s: %v", n, err)
			}
			return strconv.AppendInt(b, i, 10), nil
		}
		x, err := n.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s is out of range", n)
		}
		return appendFloat(b, x), nil
	case "boolean":
		t, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("want true or false, have %T", v)
		}
		return strconv.AppendBool(b, t), nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want text, have %T", v)
	}
	return appendString(b, s), nil
}

// appendFloat formats x as encoding/json does: the shortest text that
// reads back as the same float64, in exponent form below 1e-6 and from
// 1e21 on, with a two-digit negative exponent losing its leading zero
// (1e-07 is written 1e-7). NaN and the infinities, which JSON cannot
// hold, append nothing, as json.Marshal gives them no text.
func appendFloat(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return b
	}
	format := byte('f')
	if abs := math.Abs(x); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendKey appends the JSON string name+suffix, without building it when
// neither needs escaping.
func appendKey(b []byte, name, suffix string) []byte {
	if !plainText(name) || !plainText(suffix) {
		return appendString(b, name+suffix)
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, suffix...)
	return append(b, '"')
}

// plainText reports whether s is printable ASCII needing no JSON escape.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

// appendString appends s as a JSON string, without escaping <, > and &,
// exactly as encoding/json does with SetEscapeHTML(false).
func appendString(b []byte, s string) []byte {
	if plainText(s) { // printable ASCII needs no escape
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a Go string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// jsonlTable writes a kind table as JSON Lines: one record per line, the
// line appendRecord makes, ended by "\n".
type jsonlTable struct{ w io.Writer }

func newJSONLTable(w io.Writer, _ *Table, _ passOptions) (tableSink, error) {
	return jsonlTable{w}, nil
}

func (s jsonlTable) add(r *tableRow) error {
	r.line = append(r.line, '\n')
	_, err := s.w.Write(r.line)
	r.line = r.line[:len(r.line)-1]
	return err
}

func (s jsonlTable) close() error { return nil }

// writeDatasetJSONFrom writes every kind table in one JSON document: the
// dataset's name, title, version and created time, then one array per
// table, one record per line. It takes each kind table's records from
// lines, its JSON Lines file, when lines is not nil: the same records,
// encoded once, each file read a buffer at a time, never whole; with nil
// it encodes them.
func writeDatasetJSONFrom(w io.Writer, m *Meta, data []*Data, lines func(table string) (io.ReadCloser, error)) error {
	bw := bufio.NewWriter(w)
	b := []byte("{\n")
	for _, kv := range [][2]string{{"name", m.Dataset.Name}, {"title", m.Dataset.Title}, {"version", m.Version}, {"created", m.createdText()}} {
		b = appendString(b, kv[0])
		b = append(b, ": "...)
		b = appendString(b, kv[1])
		b = append(b, ",\n"...)
	}
	first := true
	for _, d := range data {
		if d.Link() {
			continue
		}
		if !first {
			b = append(b, ",\n"...)
		}
		first = false
		b = appendString(b, d.Name)
		b = append(b, ": ["...)
		var err error
		if lines != nil {
			b, err = copyLines(bw, b, d.Name, lines)
		} else {
			b, err = encodeLines(bw, b, d)
		}
		if err != nil {
			return err
		}
		if len(d.Records) > 0 {
			b = append(b, '\n')
		}
		b = append(b, ']')
	}
	b = append(b, "\n}\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

// copyLines appends the lines of table's JSON Lines file to b as the items
// of its array, spilling b to w as it grows.
func copyLines(w io.Writer, b []byte, table string, lines func(string) (io.ReadCloser, error)) ([]byte, error) {
	f, err := lines(table)
	if err != nil {
		return b, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for i := 0; ; i++ {
		chunk, err := br.ReadSlice('\n')
		if err == io.EOF && len(chunk) == 0 {
			return b, nil
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n  "...)
		for err == bufio.ErrBufferFull { // a line longer than the buffer
			b = append(b, chunk...)
			chunk, err = br.ReadSlice('\n')
		}
		if err == io.EOF {
			return b, fmt.Errorf("%s.jsonl: no line end after its last line", table)
		}
		if err != nil {
			return b, err
		}
		b = append(b, chunk[:len(chunk)-1]...)
		if b, err = spill(w, b); err != nil {
			return b, err
		}
	}
}

// encodeLines appends the records of d to b as the items of its array,
// spilling b to w as it grows.
func encodeLines(w io.Writer, b []byte, d *Data) ([]byte, error) {
	i := 0
	err := writeKind([]*Data{d}, nil, nil, func(_ int, _ map[string]any, _ []*schemas.Field, line []byte) error {
		if i > 0 {
			b = append(b, ',')
		}
		i++
		b = append(b, "\n  "...)
		b = append(b, line...)
		var err error
		b, err = spill(w, b)
		return err
	}, passOptions{})
	return b, err
}

// spill writes b to w once it holds over 64 KiB and returns it emptied;
// below that it returns b as it is, so callers batch small appends.
func spill(w io.Writer, b []byte) ([]byte, error) {
	if len(b) <= 1<<16 {
		return b, nil
	}
	if _, err := w.Write(b); err != nil {
		return b, err
	}
	return b[:0], nil
}
