package canonical_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/schemas"
)

// BenchmarkStageFmt formats every record of the dataset in this repository
// once per iteration (the work of dossier fmt --check, without the file
// walk): read back, reordered, re-encoded and checked for the same value.
func BenchmarkStageFmt(b *testing.B) {
	files, err := filepath.Glob("../records/*/*.yaml")
	if err != nil || len(files) == 0 {
		b.Fatalf("no records in ../records (%v)", err)
	}
	set, err := schemas.Default()
	if err != nil {
		b.Fatal(err)
	}
	type rec struct {
		name string
		src  []byte
		kind *schemas.Kind
	}
	var recs []rec
	var size int64
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(src))
		recs = append(recs, rec{f, src, set.KindByTable(filepath.Base(filepath.Dir(f)))})
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range recs {
			if _, _, err := canonical.Format(r.name, r.src, r.kind); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}
