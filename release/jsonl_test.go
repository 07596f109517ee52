package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"dossier/synth"
	"dossier/validate"
)

// TestAppendString: the fast path and the encoder give what encoding/json
// gives without HTML escaping, for every kind of text.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain text", `quote " and \ backslash`, "tab\tnew\nline", "<b>&</b>",
		"ça va — “curly”", "\u2028\u2029", "\x00\x1f", "\xff invalid", "emoji 😀"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestDatasetJSONFromLines: dataset.json made from the JSON Lines files
// is byte for byte the one encoded from the records, with an empty table
// too.
func TestDatasetJSONFromLines(t *testing.T) {
	gen := t.TempDir()
	if _, err := synth.Generate(gen, synth.Options{Records: 500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	m := fixtureOptions(t, "").Meta
	for _, records := range []string{filepath.Join(fixture, "records"), filepath.Join(gen, "records")} {
		ds, _, err := validate.Run(records, validate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := compile(Tables(ds.Schemas), ds)
		if err != nil {
			t.Fatal(err)
		}
		for _, emptied := range []string{"", "places"} {
			for _, d := range data {
				if d.Name == emptied {
					d.Records = nil
				}
			}
			var want, got bytes.Buffer
			if err := writeDatasetJSON(&want, &m, data); err != nil {
				t.Fatal(err)
			}
			err := writeDatasetJSONFrom(&got, &m, data, func(table string) (io.ReadCloser, error) {
				for _, d := range data {
					if d.Name == table {
						var b bytes.Buffer
						err := writeJSONL(&b, d, nil)
						return io.NopCloser(&b), err
					}
				}
				return nil, fmt.Errorf("no table %s", table)
			})
			if err != nil {
				t.Fatal(err)
			}
			if want.Len() < 100 || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, %q emptied: dataset.json from the lines differs (%d bytes, want %d)", records, emptied, got.Len(), want.Len())
			}
		}
	}
}
