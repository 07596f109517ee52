package release

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkWrite compiles the release of a synthetic dataset loaded once
// (DOSSIER_BENCH_RECORDS records, default 10k; see benchData): every table
// file, dataset.json, the descriptor, the README, the page, SHA256SUMS and
// the archive, without validation. Besides time it reports the compiler's
// own memory (cpu-ns/record counts every goroutine, the sampler's too):
// peak-heap-MB is the most the live heap (as the last garbage
// collection found it) grew above the loaded dataset while writing,
// sampled every millisecond, and B-peak/record the same per record.
func BenchmarkWrite(b *testing.B) {
	n := 10_000
	if s := os.Getenv("DOSSIER_BENCH_RECORDS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ds, _ := benchData(b, n)
	opts := fixtureOptions(b, "")
	var peak uint64
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		opts.Dist = filepath.Join(b.TempDir(), "dist")
		if err := os.MkdirAll(opts.Dist, 0o755); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		base := liveHeap()
		stop := samplePeak()
		cpu0 := processCPU()
		b.StartTimer()
		if _, err := write(ds, opts); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += processCPU() - cpu0
		if p := stop(); p > base && p-base > peak {
			peak = p - base
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n*b.N), "cpu-ns/record")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak)/float64(n), "B-peak/record")
}

// processCPU is the user and system CPU time of the process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// liveHeap is the heap found live by the last garbage collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// samplePeak samples liveHeap every millisecond until the function it
// returns is called, which gives the highest sample.
func samplePeak() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			h := liveHeap()
			mu.Lock()
			peak = max(peak, h)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}
