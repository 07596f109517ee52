package release

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/schemas"
)

// The release page shows the records as dataset.json holds them. Decoding
// each record's JSON line again costs more than writing it, so the page's
// rows are filled straight from the record's value instead, with exactly
// the result json.Unmarshal would give on the line appendRecord writes
// (TestPageRowsMatchJSON holds the two to the same rows): fields matched by
// their JSON name, numbers as appendValue writes them, absent and null
// values left zero. A value of a shape the page's type does not expect
// falls back to decoding the line.

// pageDigest returns what digests the rows of kind table name into g, from
// each record and its JSON line; nil for a table the page does not show.
func pageDigest(g *releasepage.Digest, name string) pageFill {
	switch name {
	case "events":
		return digestRows(g.AddEvent)
	case "quotes":
		return digestRows(g.AddQuote)
	case "figures":
		return digestRows(g.AddFigure)
	case "actors":
		return digestRows(g.AddActor)
	case "places":
		return digestRows(g.AddPlace)
	case "sources":
		return digestRows(g.AddSource)
	}
	return nil
}

// digestRows fills one row after another and gives each to add, which
// copies what it keeps.
func digestRows[T any](add func(*T)) pageFill {
	row := new(T)
	return func(_ int, obj map[string]any, fields []*schemas.Field, line []byte) error {
		if err := fillRow(row, obj, fields, line); err != nil {
			return err
		}
		add(row)
		return nil
	}
}

// fillRow sets *dst to the row of a record: filled from its value, or
// decoded from its line when the value has a shape fillStruct does not
// handle.
func fillRow[T any](dst *T, obj map[string]any, fields []*schemas.Field, line []byte) error {
	var zero T
	*dst = zero
	if fillStruct(reflect.ValueOf(dst).Elem(), obj, fields) {
		return nil
	}
	*dst = zero
	return json.Unmarshal(line, dst)
}

var jsonFieldCache sync.Map // reflect.Type -> map[string][]int

// jsonFields maps the JSON names of the fields of struct type t, embedded
// structs' fields included, to their index paths.
func jsonFields(t reflect.Type) map[string][]int {
	if m, ok := jsonFieldCache.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Index
	}
	jsonFieldCache.Store(t, m)
	return m
}

// fillStruct sets the fields of struct dst from obj, a record or a nested
// object whose fields are described by fields. It reports false when a
// value has a shape it does not handle.
func fillStruct(dst reflect.Value, obj map[string]any, fields []*schemas.Field) bool {
	names := jsonFields(dst.Type())
	for _, f := range fields {
		v := obj[f.Name]
		if v == nil {
			continue
		}
		idx, ok := names[f.Name]
		if !ok {
			if hasFold(names, f.Name) {
				return false // encoding/json would match it ignoring case
			}
			continue
		}
		if !fillValue(dst.FieldByIndex(idx), v, f) {
			return false
		}
	}
	return true
}

func hasFold(names map[string][]int, name string) bool {
	for n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

var numberType = reflect.TypeFor[json.Number]()

// fillValue sets dst from v, the value of field f.
func fillValue(dst reflect.Value, v any, f *schemas.Field) bool {
	if dst.Type() == numberType {
		if f.Type != "number" && f.Type != "integer" {
			return false
		}
		b, err := appendValue(nil, f, v)
		if err != nil {
			return false
		}
		dst.SetString(string(b))
		return true
	}
	switch dst.Kind() {
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		if !fillValue(p.Elem(), v, f) {
			return false
		}
		dst.Set(p)
		return true
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return false
		}
		dst.SetString(s)
		return true
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return false
		}
		dst.SetBool(b)
		return true
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok || f.Type != "object" {
			return false
		}
		return fillStruct(dst, m, f.Fields)
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok || f.Type != "array" || f.Items == nil {
			return false
		}
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, it := range items {
			if it == nil {
				continue
			}
			if !fillValue(s.Index(i), it, f.Items) {
				return false
			}
		}
		dst.Set(s)
		return true
	}
	return false
}
