package release

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// TestPageRowsMatchJSON fills the page's rows from the records of the
// fixture and of a synthetic dataset (every kind, optional fields, nested
// objects, numbers of both types, withdrawn records) and wants exactly
// the rows json.Unmarshal gives on the JSON lines the release writes.
func TestPageRowsMatchJSON(t *testing.T) {
	gen := t.TempDir()
	if _, err := synth.Generate(gen, synth.Options{Records: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, records := range []string{filepath.Join(fixture, "records"), filepath.Join(gen, "records")} {
		ds, _, err := validate.Run(records, validate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := compile(Tables(ds.Schemas), ds)
		if err != nil {
			t.Fatal(err)
		}
		var filled, decoded releasepage.Dataset
		kinds := 0
		for _, d := range data {
			if d.Link() {
				continue
			}
			fill := pageTable(&filled, d.Name, len(d.Records))
			if fill == nil {
				continue
			}
			kinds++
			decode := decodeTable(&decoded, d.Name, len(d.Records))
			for i, r := range d.Records {
				m := fields(r)
				line, err := appendRecord(nil, d.Kind.Fields, m)
				if err != nil {
					t.Fatal(err)
				}
				if err := fill(i, m, d.Kind.Fields, line); err != nil {
					t.Fatal(err)
				}
				if !fillsDirectly(d.Name, m, d.Kind.Fields) {
					t.Errorf("%s: %s fell back to decoding its line", records, r.ID)
				}
				if err := decode(i, line); err != nil {
					t.Fatal(err)
				}
			}
		}
		if kinds != 6 {
			t.Fatalf("%s: %d kind tables filled, want 6", records, kinds)
		}
		if len(decoded.Figures) == 0 || len(decoded.Events) == 0 {
			t.Fatalf("%s: nothing decoded", records)
		}
		if err := checkPageRows(filled, decoded); err != nil {
			t.Errorf("%s: %v", records, err)
		}
		numbers := 0
		for _, f := range decoded.Figures {
			if f.Value != nil {
				numbers++
			}
		}
		if numbers == 0 {
			t.Errorf("%s: no figure with a value: the test checks no number", records)
		}
	}
}

// decodeTable decodes JSON lines into table name of ds, as the page
// reading dataset.json does.
func decodeTable(ds *releasepage.Dataset, name string, n int) func(int, []byte) error {
	switch name {
	case "events":
		return decodeRows(&ds.Events, n)
	case "quotes":
		return decodeRows(&ds.Quotes, n)
	case "figures":
		return decodeRows(&ds.Figures, n)
	case "actors":
		return decodeRows(&ds.Actors, n)
	case "places":
		return decodeRows(&ds.Places, n)
	case "sources":
		return decodeRows(&ds.Sources, n)
	}
	return nil
}

func decodeRows[T any](rows *[]T, n int) func(int, []byte) error {
	*rows = make([]T, n)
	return func(i int, line []byte) error { return json.Unmarshal(line, &(*rows)[i]) }
}

// fillsDirectly reports whether the row of a record of table name is
// filled from its value, without decoding its line.
func fillsDirectly(name string, obj map[string]any, fields []*schemas.Field) bool {
	var v any
	switch name {
	case "events":
		v = new(releasepage.Event)
	case "quotes":
		v = new(releasepage.Quote)
	case "figures":
		v = new(releasepage.Figure)
	case "actors":
		v = new(releasepage.Actor)
	case "places":
		v = new(releasepage.Place)
	case "sources":
		v = new(releasepage.Source)
	}
	return fillStruct(reflect.ValueOf(v).Elem(), obj, fields)
}

// pageTable returns what fills kind table name of ds, n rows, from each
// record and its JSON line: every row held, as the page would read them
// from dataset.json; nil for a table the page does not show.
func pageTable(ds *releasepage.Dataset, name string, n int) pageFill {
	switch name {
	case "events":
		return pageRows(&ds.Events, n)
	case "quotes":
		return pageRows(&ds.Quotes, n)
	case "figures":
		return pageRows(&ds.Figures, n)
	case "actors":
		return pageRows(&ds.Actors, n)
	case "places":
		return pageRows(&ds.Places, n)
	case "sources":
		return pageRows(&ds.Sources, n)
	}
	return nil
}

func pageRows[T any](rows *[]T, n int) pageFill {
	*rows = make([]T, n)
	return func(i int, obj map[string]any, fields []*schemas.Field, line []byte) error {
		return fillRow(&(*rows)[i], obj, fields, line)
	}
}

// checkPageRows is for tests: the error says where the rows differ.
func checkPageRows(a, b any) error {
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("rows differ:\n%+v\n%+v", a, b)
	}
	return nil
}
