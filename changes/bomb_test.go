package changes_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/internal/hostile"
)

// TestArchiveBomb: an archive of 3 MB holding 3 GiB of zeros, as a record
// table, as a file dossier skips, or as a gzipped table inside it, is
// refused with a LimitError naming the archive and the bound, having
// allocated a bounded amount of memory (well under 200 MB in all).
func TestArchiveBomb(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"dossier-0.1.0/events.jsonl", "dossier-0.1.0/events.parquet", "dossier-0.1.0/datapackage.json"} {
		p := hostile.ArchiveBomb(t, dir, name)
		if info, _ := os.Stat(p); info.Size() > 4<<20 {
			t.Fatalf("the bomb is %d bytes", info.Size())
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := changes.ReadRelease(p)
		runtime.ReadMemStats(&after)
		var le *changes.LimitError
		if !errors.As(err, &le) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want a LimitError naming %s", name, err, p)
			continue
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d MiB allocated: %v", name, alloc>>20, err)
		if alloc > 150<<20 {
			t.Errorf("%s: allocated %d MiB before refusing", name, alloc>>20)
		}
	}
}

// TestGzipTableBomb: a gzipped table of a release folder that expands a
// thousand times is refused the same way.
func TestGzipTableBomb(t *testing.T) {
	dir := t.TempDir()
	zeros := hostile.GzipMember(make([]byte, 1<<20))
	if err := os.WriteFile(filepath.Join(dir, "events.jsonl.gz"), bytes.Repeat(zeros, 256), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := changes.ReadRelease(dir)
	runtime.ReadMemStats(&after)
	var le *changes.LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "events.jsonl.gz expands more than 100 times") {
		t.Fatalf("error %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 150<<20 {
		t.Errorf("allocated %d MiB before refusing", alloc>>20)
	}
}
