package canonical_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/schemas"
)

// TestDatasetIdempotent formats every record of the dataset in this
// repository: each must format without error, keep its value (Format checks
// it) and be a fixed point after one pass.
func TestDatasetIdempotent(t *testing.T) {
	files, err := filepath.Glob("../records/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no records in ../records")
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kind := set.KindByTable(filepath.Base(filepath.Dir(f)))
		out, diags, err := canonical.Format(f, src, kind)
		if errors.Is(err, canonical.ErrNotParsed) {
			continue // a broken record is validate's finding, not fmt's failure
		}
		if err != nil {
			t.Errorf("%s: %v %v", f, err, diags)
			continue
		}
		again, _, err := canonical.Format(f, out, kind)
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("%s: a second pass changes the file (err %v)", f, err)
		}
	}
}

// FuzzFormat: whatever the input, Format does not panic, and what it
// formats is a fixed point that reads back to the same value and keeps
// every comment (Format itself fails when the value would change or a
// comment be lost; only a comment the YAML library does not read may be
// refused, with ErrComment, and a file whose silences would cover other
// values, with ErrSilence).
func FuzzFormat(f *testing.F) {
	paths, _ := filepath.Glob("testdata/golden/*.txtar")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if _, in, ok := strings.Cut(string(data), ".yaml --\n"); ok {
			in, _, _ = strings.Cut(in, "\n-- want")
			f.Add([]byte(in))
		}
	}
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	kinds := append(set.Kinds, nil)
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, k := range kinds {
			out, _, err := canonical.Format("f.yaml", src, k)
			if err != nil {
				if !errors.Is(err, canonical.ErrNotParsed) && !errors.Is(err, canonical.ErrComment) && !errors.Is(err, canonical.ErrSilence) {
					t.Fatalf("kind %v: %v\ninput %q", k, err, src)
				}
				continue
			}
			again, _, err := canonical.Format("f.yaml", out, k)
			if err != nil || !bytes.Equal(again, out) {
				t.Fatalf("kind %v: not a fixed point (err %v)\ninput %q\nonce  %q\ntwice %q", k, err, src, out, again)
			}
		}
	})
}
