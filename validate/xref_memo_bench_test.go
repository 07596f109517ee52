package validate

import (
	"fmt"
	"testing"
)

// BenchmarkCrossCheckWarm is the cross-record pass of a re-validation: the
// memo holds the findings of the last run, and since then five quote
// texts changed (one letter each), so only quote-duplicate runs, and it
// redoes only the quotes those five can affect (quoteDuplicatesSince). "unchanged" is a run
// with nothing changed. Compare with BenchmarkCrossCheck, the full pass.
func BenchmarkCrossCheckWarm(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		var ds *Dataset
		for _, mode := range []string{"5-quotes", "unchanged"} {
			b.Run(fmt.Sprintf("%s/%dk", mode, n/1000), func(b *testing.B) {
				if ds == nil {
					ds = xrefDataset(b, n)
				}
				opts := Options{Cache: b.TempDir(), Version: "bench"}
				// Five quotes, each with two versions of its text.
				var quotes []*Record
				var versions [][2]Value
				for _, rec := range ds.Records {
					if len(quotes) == 5 {
						break
					}
					if rec.Kind.Name != "quote" || len(rec.Value.Get("text").Text()) < 20 {
						continue
					}
					m := rec.Value.Map()
					t := []byte(m["text"].(string))
					t[10] ^= 1
					m["text"] = string(t)
					quotes = append(quotes, rec)
					versions = append(versions, [2]Value{rec.Value, EncodeValue(m)})
				}
				defer func() {
					for i, q := range quotes {
						q.Value = versions[i][0]
					}
				}()
				if d, _ := ds.crossCheck(opts); len(d) > 0 {
					b.Fatal(d[0])
				}
				b.ReportAllocs()
				b.ResetTimer()
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					if mode == "5-quotes" {
						for k, q := range quotes {
							q.Value = versions[k][(i+1)%2]
						}
					}
					incr := quoteIncremental.Load()
					d, st := ds.crossCheck(opts)
					if len(d) > 0 {
						b.Fatal(d[0])
					}
					want := 0
					if mode == "5-quotes" {
						want = 1
					}
					if st.ran != want {
						b.Fatalf("%d rules ran, want %d", st.ran, want)
					}
					if got := int(quoteIncremental.Load() - incr); got != want {
						b.Fatalf("quote-duplicate redid only what changed %d times, want %d", got, want)
					}
				}
				cpu = cpuTime() - cpu
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/record")
			})
		}
	}
}
