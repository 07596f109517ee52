package release

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
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

// TestAppendFloat: appendFloat writes what json.Marshal writes, for
// numbers around the exponent cutoffs, tiny and huge ones, negative zero
// and random bit patterns; nothing for NaN and the infinities.
func TestAppendFloat(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.999999e-7, 1e-7, 1.5e-9, 1e20, 1e21, 9.99e20, 1.2e21,
		123456789, 3.14159, math.MaxFloat64, math.SmallestNonzeroFloat64, -2.5e-300, 5e-324}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		if x := math.Float64frombits(rng.Uint64()); !math.IsNaN(x) && !math.IsInf(x, 0) {
			xs = append(xs, x)
		}
	}
	for _, x := range xs {
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFloat([]byte("["), x); string(got) != "["+string(want) {
			t.Errorf("appendFloat(%v) = %s, want [%s", x, got, want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := appendFloat(nil, x); len(got) != 0 {
			t.Errorf("appendFloat(%v) = %q, want nothing", x, got)
		}
	}
}

// TestAppendKey: a key with a suffix is the JSON string of the two joined.
func TestAppendKey(t *testing.T) {
	for _, k := range [][2]string{{"date", "_earliest"}, {"", "_latest"}, {`we"ird`, "_latest"}, {"ça", "_earliest"}} {
		if got, want := string(appendKey(nil, k[0], k[1])), string(appendString(nil, k[0]+k[1])); got != want {
			t.Errorf("appendKey(%q, %q) = %s, want %s", k[0], k[1], got, want)
		}
	}
}

// writeJSONL writes the records of a kind table, one per line, in ID order.
// each, when not nil, is also given every record with its line (the i-th
// record's JSON, valid only during the call).
func writeJSONL(w io.Writer, d *Data, each pageFill) error {
	bw := bufio.NewWriter(w)
	if err := writeKind([]*Data{d}, []format{jsonlFormat}, func(string) (io.Writer, error) { return bw, nil }, each, passOptions{}); err != nil {
		return err
	}
	return bw.Flush()
}

// writeDatasetJSON writes dataset.json encoding every record afresh, as
// writeDatasetJSONFrom does without the JSON Lines files.
func writeDatasetJSON(w io.Writer, m *Meta, data []*Data) error {
	return writeDatasetJSONFrom(w, m, data, nil)
}
