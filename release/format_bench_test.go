package release

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dossier/synth"
	"dossier/validate"
)

// Benchmarks of each release output format on its own, over the tables of
// a synthetic dataset of 10k records loaded once (kept in the temporary
// folder between runs, keyed by generator version, seed and size): rows
// compiled from the records, then each table written as CSV, JSON Lines
// and Parquet to nowhere. records/s counts dataset records, not rows.

func benchData(b *testing.B, n int) (*validate.Dataset, []*Data) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "dossier-bench", fmt.Sprintf("synth%s-seed1-n%d", synth.Version, n))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		os.RemoveAll(dir)
		if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
	}
	ds, diags, err := validate.Load(filepath.Join(dir, "records"), validate.Options{})
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	data, err := compile(Tables(ds.Schemas), ds)
	if err != nil {
		b.Fatal(err)
	}
	return ds, data
}

func BenchmarkFormat(b *testing.B) {
	const n = 10_000
	var ds *validate.Dataset
	var data []*Data
	formats := []struct {
		name  string
		write func(io.Writer, *Data) error
	}{
		{"csv", writeCSV},
		{"jsonl", writeJSONL},
		{"parquet", func(w io.Writer, d *Data) error { return writeParquet(w, d, "bench") }},
	}
	b.Run("rows", func(b *testing.B) {
		if ds == nil {
			ds, data = benchData(b, n)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := compile(Tables(ds.Schemas), ds); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
	})
	for _, f := range formats {
		b.Run(f.name, func(b *testing.B) {
			if ds == nil {
				ds, data = benchData(b, n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cw := &countWriter{}
				for _, d := range data {
					if err := f.write(cw, d); err != nil {
						b.Fatal(err)
					}
				}
				if cw.n == 0 {
					b.Fatal("nothing written")
				}
				b.SetBytes(cw.n)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
