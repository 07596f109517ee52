package release

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// BenchmarkBuild builds the release of a synthetic dataset (validation
// included) into a fresh dist each time; records/s is the figure to watch.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			o := fixtureOptions(b, "")
			o.Records = filepath.Join(dir, "records")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				o.Dist = filepath.Join(b.TempDir(), "dist")
				if _, diags, err := Build(o); err != nil {
					b.Fatalf("%v\n%v", err, diags[:min(len(diags), 5)])
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// discard opens every file of a kind pass to io.Discard.
func discard(string) (io.Writer, error) { return io.Discard, nil }

// BenchmarkTables compiles the tables of a synthetic dataset and writes
// every table file (JSON Lines, CSV, Parquet, dataset.json) to io.Discard:
// the release compiler's own work, without validation, the release page or
// the archive.
func BenchmarkTables(b *testing.B) {
	for _, n := range []int{10000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			ds, _, err := validate.Run(filepath.Join(dir, "records"), validate.Options{})
			if err != nil {
				b.Fatal(err)
			}
			m := fixtureOptions(b, "").Meta
			tables := Tables(ds.Schemas)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				data, err := compile(tables, ds)
				if err != nil {
					b.Fatal(err)
				}
				for _, k := range kindGroups(data) {
					if err := writeKind(k, tableFormats, discard, nil, passOptions{tool: m.Tool}); err != nil {
						b.Fatal(err)
					}
				}
				if err := writeDatasetJSON(io.Discard, &m, data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkSQLite writes the SQLite database of a synthetic dataset: every
// row, the search index and the views.
func BenchmarkSQLite(b *testing.B) {
	for _, n := range []int{10000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			ds, _, err := validate.Run(filepath.Join(dir, "records"), validate.Options{})
			if err != nil {
				b.Fatal(err)
			}
			data, err := compile(Tables(ds.Schemas), ds)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := writeSQLite(context.Background(), filepath.Join(b.TempDir(), "db.sqlite"), data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
