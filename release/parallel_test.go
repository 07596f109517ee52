package release

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dossier-data/dossier/synth"
)

// TestCoresDoNotChangeTheRelease builds the release of 2,000 synthetic
// records on one core and on four: the files are written, and the
// archive compressed (several chunks), by as many goroutines, and every
// byte must be the same, archive included.
func TestCoresDoNotChangeTheRelease(t *testing.T) {
	gen := t.TempDir()
	if _, err := synth.Generate(gen, synth.Options{Records: 2000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var trees []map[string][]byte
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		o := fixtureOptions(t, t.TempDir())
		o.Records = filepath.Join(gen, "records")
		rel := mustBuild(t, o)
		runtime.GOMAXPROCS(prev)
		tr := tree(t, o.Dist)
		if n := len(tr[filepath.Base(rel.Archive)]); n < 2*gzipChunk/4 {
			t.Fatalf("the archive is %d bytes: too small to take several chunks", n)
		}
		trees = append(trees, tr)
	}
	equalTrees(t, trees[0], trees[1], "GOMAXPROCS 1 and 4")
}

// TestKindWorkers: the SQLite pass keeps a core of its own, and the kinds
// are written on the others, one at least.
func TestKindWorkers(t *testing.T) {
	for cores, want := range map[int]int{1: 1, 2: 1, 4: 3} {
		if got := kindWorkers(cores); got != want {
			t.Errorf("kindWorkers(%d) = %d, want %d", cores, got, want)
		}
	}
}
