package release

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/record"
)

// TestCompilerHoldsNoTable runs the kind pass, which writes every table
// file, on the same records replicated 20 and 60 times, and measures
// what stays live after it on top of the dataset: the page's digest and
// whatever else the compiler keeps for the rest of the build. It must not
// grow by more than maxPerRecord bytes for each record added: the tables
// are streamed, and only small per-record indexes (the page's labels and
// links, the records sorted by ID) may stay. Both sizes list ListLimit
// records of every kind on the page, so the rows the page keeps are the
// same. Holding every table's rows, or every record's page row, as the
// compiler once did, costs several times more.
func TestCompilerHoldsNoTable(t *testing.T) {
	if testing.Short() {
		t.Skip("writes the tables of 20,000 and 60,000 records")
	}
	const maxPerRecord = 400
	gen := t.TempDir()
	if _, err := synth.Generate(gen, synth.Options{Records: 1000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	base, _, err := validate.Run(filepath.Join(gen, "records"), validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept := func(copies int) (int, int64) {
		ds := replicate(base, copies)
		data, err := compile(Tables(ds.Schemas), ds)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		create := func(p string) (io.WriteCloser, error) { return os.Create(p) }
		settle()
		before := liveHeap()
		digest := releasepage.NewDigest()
		page := func(d *Data) pageFill { return pageDigest(digest, d.Name) }
		if _, err := writeKinds(create, dir, kindGroups(data), page, passOptions{tool: "test", spill: dir}, 2); err != nil {
			t.Fatal(err)
		}
		settle()
		after := liveHeap()
		runtime.KeepAlive(ds)
		runtime.KeepAlive(data)
		runtime.KeepAlive(digest)
		return len(ds.Records), int64(after) - int64(before)
	}
	n1, k1 := kept(20)
	n2, k2 := kept(60)
	per := float64(k2-k1) / float64(n2-n1)
	t.Logf("kept after the tables: %d records %.1f MB, %d records %.1f MB: %.0f bytes per record added",
		n1, float64(k1)/(1<<20), n2, float64(k2)/(1<<20), per)
	if per > maxPerRecord {
		t.Errorf("the compiler keeps %.0f bytes more per record added (at most %d): does it keep a table, or a row per record, for the rest of the build?", per, maxPerRecord)
	}
}

// settle collects garbage until the pools (the compressors' among them)
// are emptied too: a pool's objects outlive one collection.
func settle() {
	runtime.GC()
	runtime.GC()
}

// replicate makes a dataset of copies of the records of ds, the copy k of
// a record with the ID <id>-k in its value, its ID and its file name.
// References still point at the first copy; the compiler does not check
// them.
func replicate(ds *validate.Dataset, copies int) *validate.Dataset {
	out := &validate.Dataset{Schemas: ds.Schemas, Root: ds.Root}
	for k := 0; k < copies; k++ {
		for _, r := range ds.Records {
			c := *r
			if k > 0 {
				m := r.Value.Map()
				c.ID = fmt.Sprintf("%s-%d", r.ID, k)
				m["id"] = c.ID
				c.Value = record.EncodeValue(m)
				c.File = fmt.Sprintf("%s-%d", r.File, k)
			}
			out.Records = append(out.Records, &c)
		}
	}
	return out
}
