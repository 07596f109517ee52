//go:build unix

package validate_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/rules"
	"github.com/dossier-data/dossier/validate/schema"
)

// Benchmarks of each stage of a run, on datasets made by synth. A dataset
// is generated once and kept under the temporary folder, keyed by the
// generator version, seed and size, so later runs start at once. Sizes
// above 100k run only when DOSSIER_BENCH_1M=1 (generating 1M records takes
// minutes).

var (
	benchMu   sync.Mutex
	benchDirs = map[int]string{}
)

// benchDataset returns the records folder of a generated dataset of n
// records (seed 1), generating it on first use.
func benchDataset(b *testing.B, n int) string {
	b.Helper()
	if n > 100_000 && os.Getenv("DOSSIER_BENCH_1M") != "1" {
		b.Skip("set DOSSIER_BENCH_1M=1 to run on 1M records")
	}
	benchMu.Lock()
	defer benchMu.Unlock()
	if d, ok := benchDirs[n]; ok {
		return d
	}
	dir, err := synth.Kept(n)
	if err != nil {
		b.Fatal(err)
	}
	root := filepath.Join(dir, "records")
	benchDirs[n] = root
	return root
}

func sizeName(n int) string {
	switch {
	case n >= 1_000_000:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// reportRecords reports throughput, and the process CPU time (all
// threads, GC included) per record since cpu0: on a shared machine wall
// time measures the neighbours too, CPU time much less so.
func reportRecords(b *testing.B, n int, cpu0 time.Duration) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/float64(b.N), "ns/record")
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(n)/float64(b.N), "cpu-ns/record")
}

// processCPU is the CPU time the process used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchFiles lists the record files of a dataset.
func benchFiles(b *testing.B, root string) []read.File {
	set, err := schemas.Default()
	if err != nil {
		b.Fatal(err)
	}
	files, _, diags, err := read.List(root, set, config.Limits{})
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	return files
}

// benchSources reads every record file of a dataset.
func benchSources(b *testing.B, files []read.File) [][]byte {
	srcs := make([][]byte, len(files))
	for i, f := range files {
		var d *diag.Diagnostic
		if srcs[i], d = read.ReadFile(f.Path, 1<<20); d != nil {
			b.Fatal(d)
		}
	}
	return srcs
}

// BenchmarkStageRead reads every record file: the floor of any run.
func BenchmarkStageRead(b *testing.B) {
	files := benchFiles(b, benchDataset(b, 10_000))
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		benchSources(b, files)
	}
	reportRecords(b, len(files), cpu0)
}

// BenchmarkStageParse reads YAML under the strict profile into JSON values
// (files already in memory), on one core.
func BenchmarkStageParse(b *testing.B) {
	files := benchFiles(b, benchDataset(b, 10_000))
	srcs := benchSources(b, files)
	b.ResetTimer()
	cpu0 := processCPU()
	b.ReportAllocs()
	for range b.N {
		for j, f := range files {
			r := read.Parse(f.Path, srcs[j], f.Kind, config.Limits{})
			if !r.Value.Exists() || len(r.Findings) > 0 {
				b.Fatal(f.Path, r.Findings)
			}
		}
	}
	reportRecords(b, len(files), cpu0)
}

// BenchmarkStageSchema validates parsed records against their kind's
// schema, on one core.
func BenchmarkStageSchema(b *testing.B) {
	files := benchFiles(b, benchDataset(b, 10_000))
	srcs := benchSources(b, files)
	set, _ := schemas.Default()
	v, err := schema.Compile(set)
	if err != nil {
		b.Fatal(err)
	}
	rs := make([]*read.Result, len(files))
	for i, f := range files {
		rs[i] = read.Parse(f.Path, srcs[i], f.Kind, config.Limits{})
	}
	b.ResetTimer()
	cpu0 := processCPU()
	b.ReportAllocs()
	for range b.N {
		for j, f := range files {
			var l diag.List
			if ok, _ := v.Check(f.Path, f.Kind, rs[j], &l); !ok {
				b.Fatal(f.Path, l)
			}
		}
	}
	reportRecords(b, len(files), cpu0)
}

// BenchmarkStageDerive derives the facts the rules across records read
// of each loaded record (rules.Derive), on one core.
func BenchmarkStageDerive(b *testing.B) {
	ds, _, err := validate.Load(benchDataset(b, 10_000), validate.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu0 := processCPU()
	b.ReportAllocs()
	for range b.N {
		for _, rec := range ds.Records {
			rules.Derive(rec, nil)
		}
	}
	reportRecords(b, len(ds.Records), cpu0)
}

// BenchmarkLoad is the whole load stage (walk, read, parse, schema) with
// every CPU.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(sizeName(n), func(b *testing.B) {
			root := benchDataset(b, n)
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				_, diags, err := validate.Load(root, validate.Options{})
				if err != nil || len(diags) > 0 {
					b.Fatal(err, diags)
				}
			}
			reportRecords(b, n, cpu0)
		})
	}
}

// BenchmarkRun is dossier validate without the report: load and every
// rule.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(sizeName(n), func(b *testing.B) {
			root := benchDataset(b, n)
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				_, diags, err := validate.Run(root, validate.Options{})
				if err != nil || len(diags) > 0 {
					b.Fatal(err, diags)
				}
			}
			reportRecords(b, n, cpu0)
		})
	}
}

// BenchmarkLoadMemory reports the heap a loaded dataset keeps per record
// (after a collection): what 1M records cost in memory before any
// garbage.
func BenchmarkLoadMemory(b *testing.B) {
	root := benchDataset(b, 10_000)
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ds, _, err := validate.Load(root, validate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(ds.Records)), "live-B/record")
		runtime.KeepAlive(ds)
	}
}
