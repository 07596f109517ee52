package release

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// Benchmarks of each release output format on its own, over the tables of
// a synthetic dataset of 10k records loaded once (kept in the temporary
// folder between runs, keyed by generator version, seed and size): rows
// compiled from the records, then each table written as CSV, JSON Lines
// and Parquet to nowhere. records/s counts dataset records, not rows.

func benchData(b *testing.B, n int) (*validate.Dataset, []*Data) {
	b.Helper()
	dir, err := synth.Kept(n)
	if err != nil {
		b.Fatal(err)
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
		files []format
	}{
		{"csv", []format{csvFormat}},
		{"jsonl", []format{jsonlFormat}},
		{"parquet", []format{parquetFormat}},
	}
	b.Run("rows", func(b *testing.B) {
		if ds == nil {
			ds, data = benchData(b, n)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := benchRows(data); err != nil {
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
				open := func(string) (io.Writer, error) { return cw, nil }
				for _, k := range kindGroups(data) {
					if err := writeKind(k, f.files, open, nil, passOptions{tool: "bench"}); err != nil {
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

// benchRows makes the cells of every record of the kind tables of data,
// as the kind pass does before writing them.
func benchRows(data []*Data) error {
	for _, d := range data {
		if d.Link() {
			continue
		}
		cells := make([]any, len(d.Columns))
		for _, r := range d.Records {
			var err error
			if cells, err = rowInto(cells, d.Columns, fields(r)); err != nil {
				return err
			}
		}
	}
	return nil
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkStage times each stage of writing a release after validation,
// on the 10k records of benchData: the tables in every format into a
// folder (tables), datapackage.json, the release page read back from that
// folder (page), the archive of the folder (archive), and all of write
// together (write: what dossier build does after validate.Run).
// DOSSIER_BENCH_100K=1 adds the same at 100k records.
func BenchmarkStage(b *testing.B) {
	sizes := []int{10_000}
	if os.Getenv("DOSSIER_BENCH_100K") != "" {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		var ds *validate.Dataset
		var data []*Data
		var dir string
		var files, dataFiles []File
		var opts Options
		setup := func(b *testing.B) {
			if ds != nil {
				return
			}
			ds, data = benchData(b, n)
			opts = fixtureOptions(b, "")
			dir = filepath.Join(os.TempDir(), fmt.Sprintf("dossier-stage-bench-%d-%d", n, os.Getpid()))
			os.RemoveAll(dir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			opts.Dist = filepath.Join(dir, "dist")
			if err := os.MkdirAll(opts.Dist, 0o755); err != nil {
				b.Fatal(err)
			}
			rel, err := write(ds, opts)
			if err != nil {
				b.Fatal(err)
			}
			files = rel.Files
			for _, f := range rel.Files {
				switch f.Name {
				case "datapackage.json", "README.md", releasepage.PageFile, "SHA256SUMS":
				default:
					dataFiles = append(dataFiles, f)
				}
			}
		}
		b.Cleanup(func() {
			if dir != "" {
				os.RemoveAll(dir)
			}
		})
		run := func(name string, f func(b *testing.B)) {
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				setup(b)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					f(b)
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
			})
		}
		run("rows", func(b *testing.B) {
			if err := benchRows(data); err != nil {
				b.Fatal(err)
			}
		})
		run("datasetjson", func(b *testing.B) {
			if err := writeDatasetJSON(io.Discard, &opts.Meta, data); err != nil {
				b.Fatal(err)
			}
		})
		run("datapackage", func(b *testing.B) {
			if err := writeDataPackage(io.Discard, &opts.Meta, data, dataFiles, ds); err != nil {
				b.Fatal(err)
			}
		})
		run("page", func(b *testing.B) {
			rel := filepath.Join(opts.Dist, opts.Meta.Folder())
			if err := releasepage.RenderFS(io.Discard, os.DirFS(rel), releasepage.Options{Schemas: ds.Schemas}); err != nil {
				b.Fatal(err)
			}
		})
		run("archive", func(b *testing.B) {
			rel := filepath.Join(opts.Dist, opts.Meta.Folder())
			if err := fillArchive(io.Discard, rel, opts.Meta.Folder(), files, opts.Created); err != nil {
				b.Fatal(err)
			}
		})
		run("write", func(b *testing.B) {
			if _, err := write(ds, opts); err != nil {
				b.Fatal(err)
			}
		})
	}
}
