package validate_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/longtest"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// TestCacheDifferential edits a generated dataset (faults of every rule
// included) at random, step by step: content edits, broken YAML, copies,
// deletions, renames and files rewritten unchanged. After each step a run
// with the cache must report exactly what a run without it reports.
func TestCacheDifferential(t *testing.T) {
	steps, n := longtest.Size(25, 200), longtest.Size(400, 1500)
	dir := t.TempDir()
	var ids []string
	for _, r := range validate.Rules() {
		ids = append(ids, r.ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 3, Faults: 1, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 5))
	files := func() []string {
		var out []string
		filepath.WalkDir(filepath.Join(dir, "records"), func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".yaml") {
				out = append(out, p)
			}
			return nil
		})
		return out
	}
	hits := 0
	for step := range steps {
		fs := files()
		f := fs[rng.IntN(len(fs))]
		src, _ := os.ReadFile(f)
		what := ""
		switch op := rng.IntN(6); op {
		case 0:
			what = "edit"
			src = bytes.Replace(src, []byte("\ntitle: "), []byte(fmt.Sprintf("\ntitle: edit %d ", step)), 1)
			src = bytes.Replace(src, []byte("\ntext: "), []byte(fmt.Sprintf("\ntext: edit %d ", step)), 1)
			os.WriteFile(f, src, 0o644)
		case 1:
			what = "break"
			os.WriteFile(f, append(src, "\n  bad: [\n"...), 0o644)
		case 2:
			what = "copy"
			os.WriteFile(strings.TrimSuffix(f, ".yaml")+fmt.Sprintf("-c%d.yaml", step), src, 0o644)
		case 3:
			what = "delete"
			os.Remove(f)
		case 4:
			what = "rename"
			os.Rename(f, strings.TrimSuffix(f, ".yaml")+fmt.Sprintf("-r%d.yaml", step))
		case 5:
			what = "rewrite"
			os.WriteFile(f, src, 0o644)
		}
		ds, _, cached := check(t, dir, true)
		_, _, fresh := check(t, dir, false)
		if !bytes.Equal(cached, fresh) {
			t.Fatalf("step %d (%s %s): the cached run differs:\n--- cached\n%s\n--- fresh\n%s", step, what, f, cached, fresh)
		}
		hits += ds.CacheHits
	}
	if hits < steps*n/2 {
		t.Errorf("%d cache hits in %d steps over %d files: the cache is hardly used", hits, steps, n)
	}
}

// TestCacheKey: a run under other limits, another dossier version or other
// schemas takes nothing from the cache; the same run takes everything.
func TestCacheKey(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Records: 200, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	records := filepath.Join(dir, "records")
	base := validate.Options{Cache: filepath.Join(dir, ".dossier-cache"), Version: "1"}
	run := func(name string, opts validate.Options, want int) {
		t.Helper()
		ds, _, err := validate.Run(records, opts)
		if err != nil {
			t.Fatal(err)
		}
		if ds.CacheHits != want {
			t.Errorf("%s: %d cache hits, want %d", name, ds.CacheHits, want)
		}
	}
	run("first run", base, 0)
	run("same run", base, 200)
	o := base
	o.Version = "2"
	run("another version", o, 0)
	o = base
	o.Config.Limits = config.Limits{MaxDepth: 30}
	run("other limits", o, 0)
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for name, b := range set.Files {
		files[name] = bytes.Replace(b, []byte(`"description"`), []byte(`"$comment": "edited", "description"`), 1)
	}
	other, err := schemas.Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	o = base
	o.Schemas = other
	run("other schemas", o, 0)
	run("back to the first", base, 0) // each run above rewrote the cache
	run("and again", base, 200)
}

// mapFS is a file system of the given files, for a copy of the schemas.
func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, b := range files {
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// TestCacheOversized: a cache file larger than a cache of the dataset's
// files could be is not read (it costs what a run without the cache
// costs), and the run replaces it with its own.
func TestCacheOversized(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Records: 100, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(dir, ".dossier-cache")
	os.MkdirAll(cacheDir, 0o755)
	big := filepath.Join(cacheDir, "records.cache")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: 1 GiB that takes no disk
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ds, _, err := validate.Run(filepath.Join(dir, "records"), validate.Options{Cache: cacheDir, Version: "1"})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if ds.CacheHits != 0 {
		t.Errorf("%d hits from a 1 GiB cache file", ds.CacheHits)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 256<<20 {
		t.Errorf("the run allocated %d MiB: the oversized cache was read", grew>>20)
	}
	if info, err := os.Stat(big); err != nil || info.Size() > 4<<20 {
		t.Errorf("the cache was not replaced by the run's own: %v, %d bytes", err, info.Size())
	}
}
