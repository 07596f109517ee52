package synth

import (
	"testing"
)

// BenchmarkRender builds and renders records without writing them: the
// generator's own cost, apart from the file system.
func BenchmarkRender(b *testing.B) {
	c, _ := Plan(100_000)
	d := newDataset(1, c)
	var buf []byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := d.record(i % c.Total())
		buf = rec.render(buf[:0])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkGenerate writes a dataset of 10k records.
func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Generate(b.TempDir(), Options{Records: 10_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "records/s")
}
