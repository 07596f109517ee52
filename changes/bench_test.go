package changes_test

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/dossier-data/dossier/changes"
)

// BenchmarkStageDiff compares two versions of 100,000 records where one in
// a hundred changed a field, one in a thousand was withdrawn and one in a
// thousand removed, then writes the JSON report.
func BenchmarkStageDiff(b *testing.B) {
	const n = 100_000
	var old, new changes.Snapshot
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("event-%06d", i)
		fields := map[string]any{"id": id, "status": "active", "title": "Event " + id, "date": "2023-06-20?",
			"actors": []any{"mek", "state-police"}, "value": json.Number("15"),
			"sources": []any{map[string]any{"source": "obc-mek-national-security", "locator": "para. 4"}}}
		old.Records = append(old.Records, changes.Record{Kind: "event", ID: id, Status: "active", Fields: fields})
		nf := map[string]any{}
		for k, v := range fields {
			nf[k] = v
		}
		status := "active"
		switch {
		case i%1000 == 7:
			continue // removed
		case i%1000 == 3:
			status = "withdrawn"
			nf["status"] = status
			nf["withdrawn"] = map[string]any{"reason": "duplicate"}
		case i%100 == 1:
			nf["title"] = "Changed " + id
		}
		new.Records = append(new.Records, changes.Record{Kind: "event", ID: id, Status: status, Fields: nf})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := changes.Compare(old, new)
		if err := r.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
		if len(r.Changed) != n/100 || len(r.Removed) != n/1000 || len(r.Withdrawn) != n/1000 {
			b.Fatalf("changed %d, removed %d, withdrawn %d", len(r.Changed), len(r.Removed), len(r.Withdrawn))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}
