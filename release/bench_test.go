package release

import (
	"fmt"
	"path/filepath"
	"testing"

	"dossier/synth"
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
