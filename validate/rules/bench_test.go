package rules_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/report"
	"github.com/dossier-data/dossier/validate/rules"
)

// generated loads the dataset of n records that the benchmarks share
// (synth.Kept), generated on first use.
func generated(b *testing.B, n int) *validate.Dataset {
	b.Helper()
	dir, err := synth.Kept(n)
	if err != nil {
		b.Fatal(err)
	}
	ds, diags, err := validate.Load(filepath.Join(dir, "records"), validate.Options{})
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	return ds
}

// only returns options that switch off every rule across records but id.
func only(id string) validate.Options {
	opts := validate.Options{Config: config.Default()}
	if id == "" {
		return opts
	}
	opts.Config.Rules = map[string]diag.Severity{}
	for _, r := range rules.Catalog {
		if r.Doc().ID != id {
			opts.Config.Rules[r.Doc().ID] = diag.Off
		}
	}
	return opts
}

// BenchmarkCrossCheck times the whole pass across records over 10k and
// 100k generated records. cpu-ns/record must stay flat from 10k to 100k
// (every rule is linear, with no pair loops), and at 100k at most 4,000.
// Run it 20 times (-benchtime 20x): the collections the pass's own
// garbage causes are then billed to it in their share.
func BenchmarkCrossCheck(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) { benchCross(b, generated(b, n), only("")) })
	}
}

// BenchmarkIndex times NewIndex alone over 100k generated records: the
// part of the pass every rule shares.
func BenchmarkIndex(b *testing.B) {
	ds := generated(b, 100_000)
	in := rules.Input{Schemas: ds.Schemas, Records: ds.Records}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		rules.NewIndex(in)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/float64(len(ds.Records)), "cpu-ns/record")
}

// BenchmarkCrossRules times each rule alone over 100k generated records.
func BenchmarkCrossRules(b *testing.B) {
	var ds *validate.Dataset
	for _, r := range rules.Catalog {
		b.Run(r.Doc().ID, func(b *testing.B) {
			if ds == nil {
				ds = generated(b, 100_000)
			}
			benchCross(b, ds, only(r.Doc().ID))
		})
	}
}

func benchCross(b *testing.B, ds *validate.Dataset, opts validate.Options) {
	b.ReportAllocs()
	runtime.GC() // the loading's garbage is the loading's cost
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if d := ds.CrossCheck(opts, report.OSSource); len(d) > 0 {
			b.Fatal(d[0])
		}
	}
	cpu = cpuTime() - cpu
	n := len(ds.Records)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
	// CPU time (this process, GC included) is steadier than wall time on a
	// shared machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/record")
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// inMemory makes a dataset of records that have no files: findings about
// them are positioned at 1:1.
func inMemory(b *testing.B, make func(set *schemas.Set, add func(kind, id string, fields map[string]any))) *validate.Dataset {
	set, err := schemas.Default()
	if err != nil {
		b.Fatal(err)
	}
	ds := &validate.Dataset{Schemas: set, Root: "records"}
	make(set, func(kind, id string, fields map[string]any) {
		fields["id"], fields["status"] = id, "active"
		k := set.Kind(kind)
		ds.Records = append(ds.Records, &record.Record{Kind: k, File: "records/" + k.Table + "/" + id + ".yaml", ID: id, Valid: true,
			Value: record.EncodeValue(fields)})
	})
	return ds
}

// BenchmarkCrossRulesHostile runs the pass on n quotes that are all
// near-duplicates of each other and whose speakers are all misspelt (each
// differently), beside n/10 actors: the worst case for the near-duplicate
// index and the did-you-mean index. ns/record must stay flat from 5k to
// 50k here too.
func BenchmarkCrossRulesHostile(b *testing.B) {
	words := []string{"the", "police", "operation", "was", "lawful", "and", "the", "camp", "was", "not", "notified"}
	for _, n := range []int{5_000, 50_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			ds := inMemory(b, func(_ *schemas.Set, add func(string, string, map[string]any)) {
				for i := range n / 10 {
					add("actor", fmt.Sprintf("actor-%06d", i), map[string]any{"name": "x", "type": "person"})
				}
				for i := range n {
					w := append([]string(nil), words...)
					w[i%len(w)] = fmt.Sprintf("w%d", i%97)
					text := strings.Repeat(strings.Join(w, " ")+" ", 3)
					add("quote", fmt.Sprintf("quote-%07d", i), map[string]any{"speaker": fmt.Sprintf("actor-%06dx", i%(n/10)+i/(n/10)), "text": text})
				}
			})
			b.ResetTimer()
			cpu := cpuTime()
			for range b.N {
				if d := ds.CrossCheck(only(""), func(string) []byte { return nil }); len(d) < n {
					b.Fatalf("%d findings for %d quotes", len(d), n)
				}
			}
			cpu = cpuTime() - cpu
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/record")
		})
	}
}

// BenchmarkQuoteDuplicateLong runs quote-duplicate on 300 nearly identical
// quotes of 200 KB each: one pass must take well under 3 s.
func BenchmarkQuoteDuplicateLong(b *testing.B) {
	ds := inMemory(b, func(_ *schemas.Set, add func(string, string, map[string]any)) {
		rng := rand.New(rand.NewPCG(1, 2))
		vocab := strings.Fields("the camp was raided by police at dawn while residents slept and ministers spoke of law order security cyber attacks iran albania")
		base := make([]string, 40_000)
		for i := range base {
			base[i] = fmt.Sprintf("%s%d", vocab[rng.IntN(len(vocab))], rng.IntN(100))
		}
		for i := range 300 {
			w := append([]string(nil), base...)
			for k := range 3 {
				w[rng.IntN(len(w))] = fmt.Sprintf("edit%d-%d", i, k)
			}
			add("quote", fmt.Sprintf("long-%03d", i), map[string]any{"speaker": "s", "text": strings.Join(w, " ")[:200_000]})
		}
	})
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if d := ds.CrossCheck(only("quote-duplicate"), func(string) []byte { return nil }); len(d) < 299 {
			b.Fatalf("%d findings for 300 nearly identical quotes", len(d))
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
