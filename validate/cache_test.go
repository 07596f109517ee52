package validate

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
)

// cacheDataset generates a dataset with one fault of every rule synth can
// inject, so cached entries carry findings of every kind.
func cacheDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: 400, Seed: 3, Faults: 1, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "records")
}

func run(t *testing.T, root string, opts Options) (*Dataset, List) {
	t.Helper()
	ds, diags, err := Run(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds, diags
}

// sameResult fails unless two runs found the same findings and loaded the
// same records.
func sameResult(t *testing.T, what string, a *Dataset, da List, b *Dataset, db List) {
	t.Helper()
	if !reflect.DeepEqual(da, db) {
		t.Fatalf("%s: findings differ: %d vs %d\n%v\n%v", what, len(da), len(db), da, db)
	}
	if len(a.Records) != len(b.Records) {
		t.Fatalf("%s: %d vs %d records", what, len(a.Records), len(b.Records))
	}
	for i, r := range a.Records {
		s := b.Records[i]
		if r.File != s.File || r.ID != s.ID || r.Valid != s.Valid || r.Kind != s.Kind ||
			!reflect.DeepEqual(r.Value, s.Value) || !reflect.DeepEqual(r.Ignores, s.Ignores) {
			t.Fatalf("%s: record %s differs:\n%+v\n%+v", what, r.File, r, s)
		}
	}
}

func TestCacheGivesTheSameFindings(t *testing.T) {
	root := cacheDataset(t)
	plain, want := run(t, root, Options{})
	if len(want) < 30 {
		t.Fatalf("only %d findings in the faulty dataset", len(want))
	}
	opts := Options{Cache: t.TempDir(), Version: "test"}
	cold, got := run(t, root, opts)
	sameResult(t, "cold cache", plain, want, cold, got)
	if cold.Cache.Hits != 0 || cold.Cache.Misses == 0 {
		t.Errorf("cold run: %+v", cold.Cache)
	}
	warm, got := run(t, root, opts)
	sameResult(t, "warm cache", plain, want, warm, got)
	if warm.Cache.Misses != 0 || warm.Cache.Hits != cold.Cache.Misses {
		t.Errorf("warm run: %+v after a cold run of %+v", warm.Cache, cold.Cache)
	}
	// The text report, positions and source lines included, is the same.
	var a, b bytes.Buffer
	WriteText(&a, want, NewSummary(plain, want), OSSource)
	WriteText(&b, got, NewSummary(warm, got), OSSource)
	if a.String() != b.String() {
		t.Error("text reports differ between a cached and an uncached run")
	}
}

// TestCacheInvalidation changes each thing a cached result depends on and
// checks which entries are used again.
func TestCacheInvalidation(t *testing.T) {
	root := cacheDataset(t)
	base := Options{Cache: t.TempDir(), Version: "1.0.0"}
	first, _ := run(t, root, base)
	loaded := first.Cache.Misses

	t.Run("record", func(t *testing.T) {
		quotes, _ := filepath.Glob(filepath.Join(root, "quotes", "*.yaml"))
		var p string
		var src []byte
		for _, q := range quotes {
			b, _ := os.ReadFile(q)
			if bytes.Contains(b, []byte("\nmode: direct\n")) {
				p, src = q, b
				break
			}
		}
		if p == "" {
			t.Fatal("no direct quote")
		}
		defer os.WriteFile(p, src, 0o644)
		os.WriteFile(p, bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: drect\n"), 1), 0o644)
		ds, diags := run(t, root, base)
		if ds.Cache.Misses != 1 || ds.Cache.Hits != loaded-1 {
			t.Errorf("one file changed: %+v, want 1 miss and %d hits", ds.Cache, loaded-1)
		}
		rel := filepath.ToSlash(p)
		found := false
		for _, d := range diags {
			found = found || d.File == rel && d.Rule == ruleSchemaEnum.ID
		}
		if !found {
			t.Error("the changed record's new finding is missing")
		}
		_, want := run(t, root, Options{})
		_, got := run(t, root, base)
		if !reflect.DeepEqual(want, got) {
			t.Error("after a change, cached findings differ from uncached ones")
		}
	})

	allMiss := func(t *testing.T, opts Options) {
		t.Helper()
		ds, _ := run(t, root, opts)
		if ds.Cache.Hits != 0 || ds.Cache.Misses != loaded {
			t.Errorf("%+v, want every entry missed", ds.Cache)
		}
		ds, _ = run(t, root, base) // and back: the cache was rewritten for opts
		if ds.Cache.Hits != 0 {
			t.Errorf("back to the base options: %+v, want every entry missed", ds.Cache)
		}
	}
	t.Run("schema", func(t *testing.T) {
		dir := t.TempDir()
		names, _ := filepath.Glob(filepath.Join("..", "schemas", "*.schema.json"))
		for _, p := range names {
			n := filepath.Base(p)
			b, _ := os.ReadFile(p)
			if n == "quote.schema.json" {
				b = bytes.Replace(b, []byte("What someone said"), []byte("What somebody said"), 1)
			}
			os.WriteFile(filepath.Join(dir, n), b, 0o644)
		}
		set, err := schemas.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		opts := base
		opts.Schemas = set
		allMiss(t, opts)
	})
	t.Run("rule", func(t *testing.T) {
		for _, sev := range []Severity{Warning, Error} {
			r := register(&Rule{ID: "zz-test-rule", Severity: sev, Summary: "a rule added by a test"})
			ds, _ := run(t, root, base)
			delete(catalog, r.ID)
			if ds.Cache.Hits != 0 {
				t.Errorf("rule added with severity %v: %+v, want every entry missed", sev, ds.Cache)
			}
		}
		ds, _ := run(t, root, base)
		if ds.Cache.Hits != 0 {
			t.Errorf("rule removed: %+v, want every entry missed", ds.Cache)
		}
	})
	t.Run("severity", func(t *testing.T) {
		opts := base
		opts.Severity = map[string]Severity{"orphan": Error}
		allMiss(t, opts)
	})
	t.Run("limits", func(t *testing.T) {
		opts := base
		opts.Limits.MaxDepth = 30
		allMiss(t, opts)
	})
	t.Run("version", func(t *testing.T) {
		opts := base
		opts.Version = "1.0.1"
		allMiss(t, opts)
	})
}

// TestCacheDamage writes broken cache files: every one is a miss, never an
// error, and the findings stay those of an uncached run.
func TestCacheDamage(t *testing.T) {
	root := cacheDataset(t)
	_, want := run(t, root, Options{})
	dir := t.TempDir()
	opts := Options{Cache: dir, Version: "test"}
	run(t, root, opts)
	path := filepath.Join(dir, cacheFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	damage := map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a cache at all"),
		"truncated": good[:len(good)*2/3],
		"header":    append([]byte("dossier-load-cache 0\n"), good[len(cacheFormat):]...),
	}
	for i := 0; i < 8; i++ {
		b := append([]byte(nil), good...)
		for k := 0; k < 1+i*3; k++ {
			b[len(cacheFormat)+32+r.IntN(len(b)-len(cacheFormat)-32)] ^= byte(1 + r.IntN(255))
		}
		damage["flipped-"+string(rune('a'+i))] = b
	}
	for name, b := range damage {
		t.Run(name, func(t *testing.T) {
			os.WriteFile(path, b, 0o644)
			os.Remove(filepath.Join(dir, journalFile)) // the damaged file is the whole cache
			ds, got := run(t, root, opts)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("findings differ from an uncached run")
			}
			if ds.Cache.Misses == 0 && name != "flipped-a" {
				t.Errorf("no miss after damage: %+v", ds.Cache)
			}
		})
	}
}

// TestCacheEntryDecodeNeverPanics feeds damaged entries to the decoder.
func TestCacheEntryDecodeNeverPanics(t *testing.T) {
	rec := &Record{ID: "x", Valid: true, Value: EncodeValue(map[string]any{"id": "x", "list": []any{"a", nil, true}}), Ignores: []Ignore{{Line: 2, Rule: "orphan"}}}
	var e encoder
	e.entry(rec, List{{Pos: Pos{1, 2}, Rule: "r", Message: "m"}})
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		b := append([]byte(nil), e.b...)
		for k := 0; k <= r.IntN(4); k++ {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		b = b[:r.IntN(len(b)+1)]
		var got Record
		decodeEntry(string(b), file{path: "records/quotes/x.yaml"}, &got)
	}
	var got Record
	diags, err := decodeEntry(string(e.b), file{path: "records/quotes/x.yaml"}, &got)
	if err != nil || !reflect.DeepEqual(got.Value, rec.Value) || len(diags) != 1 || diags[0].File != "records/quotes/x.yaml" {
		t.Fatalf("round trip: %v %+v %v", err, got, diags)
	}
}

// TestCacheConcurrentRuns runs validations at once on one cache: each
// gives the uncached findings and the cache is whole afterwards.
func TestCacheConcurrentRuns(t *testing.T) {
	root := cacheDataset(t)
	_, want := run(t, root, Options{})
	opts := Options{Cache: t.TempDir(), Version: "test", Jobs: 1}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, got, err := Run(root, opts)
			if err != nil || !reflect.DeepEqual(want, got) {
				errs <- "a concurrent run differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	ds, _ := run(t, root, opts)
	if ds.Cache.Misses != 0 {
		t.Errorf("after concurrent runs: %+v", ds.Cache)
	}
	left, _ := filepath.Glob(filepath.Join(opts.Cache, "*.tmp"))
	if len(left) > 0 || strings.Contains(strings.Join(left, ""), "tmp") {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestCacheGoldenCases runs every golden case (each strict-profile and
// schema finding the suite pins) with a cold and a warm cache: the text
// report must equal the uncached one byte for byte.
func TestCacheGoldenCases(t *testing.T) {
	paths, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(paths) == 0 {
		t.Fatal("no golden cases")
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		golden.Parse(data).Extract(t, dir)
		root := filepath.Join(dir, "records")
		report := func(opts Options) string {
			ds, diags, err := Run(root, opts)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			WriteText(&b, diags, NewSummary(ds, diags), OSSource)
			return b.String()
		}
		want := report(Options{})
		opts := Options{Cache: filepath.Join(dir, ".dossier-cache"), Version: "test"}
		for _, pass := range []string{"cold", "warm"} {
			if got := report(opts); got != want {
				t.Errorf("%s, %s cache:\n%s\nwant:\n%s", path, pass, got, want)
			}
		}
	}
}

// settle waits until every file under root is older than the racy window,
// so that a run from now on verifies entries its stat data vouches for.
func settle(t *testing.T, root string) {
	t.Helper()
	var newest int64
	var window int64
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			st, ok := statFile(p)
			if !ok {
				t.Skip("no stat data on this system: every file is read")
			}
			newest = max(newest, st.Mtime, st.Ctime)
			window = max(window, racyWindow(st))
		}
		return nil
	})
	if wait := time.Until(time.Unix(0, newest+window+int64(10*time.Millisecond))); wait > 0 {
		time.Sleep(wait)
	}
}

// watchReads counts the files loading reads while it is set.
func watchReads(t *testing.T) map[string]int {
	t.Helper()
	var mu sync.Mutex
	reads := map[string]int{}
	readHook = func(p string) {
		mu.Lock()
		reads[p]++
		mu.Unlock()
	}
	t.Cleanup(func() { readHook = nil })
	return reads
}

// load is Load with the cache, which reads no file but to load it (Run
// also reads files to place cross-record findings).
func load(t *testing.T, root string, opts Options) *Dataset {
	t.Helper()
	ds, _, err := Load(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// directQuote returns a quote file of the dataset that says "mode: direct".
func directQuote(t *testing.T, root string) (string, []byte) {
	t.Helper()
	quotes, _ := filepath.Glob(filepath.Join(root, "quotes", "*.yaml"))
	for _, q := range quotes {
		b, _ := os.ReadFile(q)
		if bytes.Contains(b, []byte("\nmode: direct\n")) {
			return q, b
		}
	}
	t.Fatal("no direct quote")
	return "", nil
}

// sameAsUncached fails unless a cached run gives what an uncached one does.
func sameAsUncached(t *testing.T, what, root string, opts Options) *Dataset {
	t.Helper()
	plain, want := run(t, root, Options{})
	ds, got := run(t, root, opts)
	sameResult(t, what, plain, want, ds, got)
	return ds
}

func TestCacheUnchangedFilesAreNotRead(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	settle(t, root)
	cold := load(t, root, opts)
	reads := watchReads(t)
	warm := load(t, root, opts)
	if warm.Cache.Hits != cold.Cache.Misses || warm.Cache.Misses != 0 || warm.Cache.Read != 0 {
		t.Errorf("warm run: %+v after a cold run of %+v", warm.Cache, cold.Cache)
	}
	if len(reads) != 0 {
		t.Errorf("a warm run read %d files, want none", len(reads))
	}
	sameAsUncached(t, "warm cache, no file read", root, opts)

	// A file written now is racily clean for its first run: read again
	// on the next, and not after the window.
	p, src := directQuote(t, root)
	changed := bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: drect\n"), 1)
	if err := os.WriteFile(p, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	clear(reads)
	ds := load(t, root, opts)
	written := time.Now()
	if ds.Cache.Misses != 1 || len(reads) != 1 || reads[p] != 1 {
		t.Errorf("one file changed: %+v, read %v", ds.Cache, reads)
	}
	st, _ := statFile(p)
	clear(reads)
	ds = load(t, root, opts)
	if written.UnixNano() < st.Ctime+racyWindow(st) {
		// the run that stored it began within the window of its ctime
		if ds.Cache.Read != 1 || reads[p] != 1 || ds.Cache.Misses != 0 {
			t.Errorf("racily clean entry: %+v, read %v; want it read and a hit", ds.Cache, reads)
		}
	}
	settle(t, root)
	load(t, root, opts) // verifies it anew
	clear(reads)
	ds = load(t, root, opts)
	if ds.Cache.Read != 0 || len(reads) != 0 || ds.Cache.Misses != 0 {
		t.Errorf("after the window: %+v, read %v; want no file read", ds.Cache, reads)
	}
	sameAsUncached(t, "after a change", root, opts)
}

// TestCacheSameSizeSameMtime changes a file's content keeping its size
// and mtime (os.Chtimes, as touch -d does): its ctime moved, so it is read.
func TestCacheSameSizeSameMtime(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	settle(t, root)
	load(t, root, opts)
	p, src := directQuote(t, root)
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := statFile(p)
	changed := bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: dirxct\n"), 1)
	if err := os.WriteFile(p, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, _ := statFile(p)
	if after.Size != before.Size || after.Mtime != before.Mtime || after.Ino != before.Ino {
		t.Fatalf("size, mtime or inode moved: %+v -> %+v", before, after)
	}
	reads := watchReads(t)
	ds := load(t, root, opts)
	if ds.Cache.Misses != 1 || reads[p] != 1 {
		t.Errorf("same size and mtime: %+v, read %v; want the file read and a miss", ds.Cache, reads)
	}
	ds = sameAsUncached(t, "same size, same mtime", root, opts)
	found := false
	for _, r := range ds.Records {
		found = found || r.File == filepath.ToSlash(p) && !r.Valid
	}
	if !found {
		t.Error("the changed record is not invalid")
	}
}

// TestCacheRacilyClean stores for a file an entry whose stat data is the
// file's own but whose content is older, as when a file is written again
// in the same clock tick after it was read: within the window of its
// verification time the entry is not trusted, and the file is read.
func TestCacheRacilyClean(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	settle(t, root)
	load(t, root, opts)
	path := filepath.Join(opts.Cache, cacheFile)
	b, err := os.ReadFile(path) // with the entry of the old content
	if err != nil {
		t.Fatal(err)
	}
	p, src := directQuote(t, root)
	changed := bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: dirxct\n"), 1)
	if err := os.WriteFile(p, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	st, ok := statFile(p)
	if !ok {
		t.Skip("no stat data on this system")
	}
	// the entry of the old content, given the stat data of the new
	forge := func(verified int64) {
		t.Helper()
		key := b[len(cacheFormat) : len(cacheFormat)+32]
		slots := readSlots(string(b), [32]byte(key))
		k := slices.IndexFunc(slots, func(s cacheSlot) bool { return s.path == filepath.ToSlash(p) })
		if k < 0 {
			t.Fatal("no entry for", p)
		}
		out := append([]byte(nil), b[:len(cacheFormat)+32]...)
		for i, s := range slots {
			if i != k {
				out = append(out, b[s.start:s.end]...)
				continue
			}
			out = appendStr(out, s.path)
			m := len(out)
			h := s.hash()
			out = appendMeta(out, &h, st, verified)
			out = binary.LittleEndian.AppendUint32(out, slotSum(string(out[m:]), s.entry))
			out = appendStr(out, s.entry)
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(opts.Cache, journalFile)) // the forged file is the whole cache
	}
	reads := watchReads(t)
	for _, ns := range []int64{0, 1, racyWindow(st) - 1} {
		forge(max(st.Mtime, st.Ctime) + ns)
		clear(reads)
		ds := load(t, root, opts)
		if reads[p] != 1 || ds.Cache.Misses != 1 {
			t.Errorf("entry verified %d ns after the file's ctime: %+v, read %v; want it read and a miss", ns, ds.Cache, reads)
		}
	}
	sameAsUncached(t, "racily clean entry", root, opts)

	// The same entry verified after the window is trusted without
	// reading: so only the window kept the stale content out above.
	forge(max(st.Mtime, st.Ctime) + racyWindow(st))
	clear(reads)
	ds := load(t, root, opts)
	if reads[p] != 0 || ds.Cache.Read != 0 {
		t.Errorf("entry verified after the window: %+v, read %v; want no read", ds.Cache, reads)
	}
}

// TestCacheReplacedByRename puts a new file in place of a cached one by
// rename, with its size and mtime: the new inode has it read.
func TestCacheReplacedByRename(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	settle(t, root)
	load(t, root, opts)
	p, src := directQuote(t, root)
	info, _ := os.Stat(p)
	reads := watchReads(t)
	for _, c := range []struct {
		name         string
		content      []byte
		misses, read int
	}{
		{"same content", src, 0, 1},
		{"new content", bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: dirxct\n"), 1), 1, 0},
	} {
		tmp := filepath.Join(filepath.Dir(root), "replacement.yaml")
		if err := os.WriteFile(tmp, c.content, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(tmp, info.ModTime(), info.ModTime())
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
		clear(reads)
		ds := load(t, root, opts)
		if reads[p] != 1 || ds.Cache.Misses != c.misses || ds.Cache.Read != c.read {
			t.Errorf("%s: %+v, read %v; want the file read, %d misses, %d read hits", c.name, ds.Cache, reads, c.misses, c.read)
		}
		sameAsUncached(t, c.name, root, opts)
	}
}

// TestCacheSameContentNewPath moves a file within its folder and copies a
// whole dataset with its cache: the content is known, so each is a hit
// after it is read and hashed, and a stat hit once verified anew.
func TestCacheSameContentNewPath(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	settle(t, root)
	load(t, root, opts)
	p, _ := directQuote(t, root)
	moved := filepath.Join(filepath.Dir(p), "moved-"+filepath.Base(p))
	if err := os.Rename(p, moved); err != nil {
		t.Fatal(err)
	}
	reads := watchReads(t)
	ds := load(t, root, opts)
	if ds.Cache.Misses != 0 || ds.Cache.Read != 1 || reads[moved] != 1 {
		t.Errorf("file moved: %+v, read %v; want one read hit", ds.Cache, reads)
	}
	sameAsUncached(t, "moved file", root, opts)

	// Into another kind's folder, the same content is another record.
	other := filepath.Join(root, "events", filepath.Base(p))
	if err := os.Rename(moved, other); err != nil {
		t.Fatal(err)
	}
	ds = load(t, root, opts)
	if ds.Cache.Misses != 1 {
		t.Errorf("file moved to another kind: %+v, want a miss", ds.Cache)
	}
	sameAsUncached(t, "moved to another kind", root, opts)

	// A copy of the dataset, cache included, run from its own root as the
	// command line does: every file has a new inode.
	src := filepath.Dir(root)
	t.Chdir(src)
	rel := Options{Cache: ".dossier-cache", Version: "test"}
	load(t, "records", rel)
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dst)
	clear(reads)
	ds = load(t, "records", rel)
	if ds.Cache.Misses != 0 || ds.Cache.Read != ds.Cache.Hits || len(reads) != ds.Cache.Hits {
		t.Errorf("copied dataset: %+v, %d files read; want every file read and a hit", ds.Cache, len(reads))
	}
	sameAsUncached(t, "copied dataset", "records", rel)
	settle(t, "records")
	load(t, "records", rel)
	clear(reads)
	ds = load(t, "records", rel)
	if ds.Cache.Misses != 0 || ds.Cache.Read != 0 || len(reads) != 0 {
		t.Errorf("copied dataset, verified anew: %+v, %d files read; want none", ds.Cache, len(reads))
	}
}

func TestVouches(t *testing.T) {
	const ms = int64(time.Millisecond)
	base := fileStat{Size: 120, Mtime: 1_700_000_000_123_456_789, Ctime: 1_700_000_000_223_456_789, Ino: 7, Dev: 2049, Mode: 0o100644}
	verified := base.Ctime + 100*ms
	coarse := base
	coarse.Mtime, coarse.Ctime = 1_700_000_000_000_000_000, 1_700_000_001_000_000_000
	with := func(f func(*fileStat)) fileStat { s := base; f(&s); return s }
	for _, c := range []struct {
		name        string
		stored, cur fileStat
		verified    int64
		want        bool
	}{
		{"unchanged, verified after the window", base, base, verified, true},
		{"unchanged, ctime within the window", base, base, verified - 1, false},
		{"mtime within the window", with(func(s *fileStat) { s.Mtime = s.Ctime + ms }), with(func(s *fileStat) { s.Mtime = s.Ctime + ms }), verified, false},
		{"mtime in the future", with(func(s *fileStat) { s.Mtime = verified * 2 }), with(func(s *fileStat) { s.Mtime = verified * 2 }), verified, false},
		{"never verified", base, base, 0, false},
		{"size", base, with(func(s *fileStat) { s.Size++ }), verified, false},
		{"mtime", base, with(func(s *fileStat) { s.Mtime-- }), verified, false},
		{"ctime", base, with(func(s *fileStat) { s.Ctime++ }), verified, false},
		{"inode", base, with(func(s *fileStat) { s.Ino++ }), verified, false},
		{"device", base, with(func(s *fileStat) { s.Dev++ }), verified, false},
		{"mode", base, with(func(s *fileStat) { s.Mode = 0o100600 }), verified, false},
		{"a link", with(func(s *fileStat) { s.Mode = 0o120777 }), with(func(s *fileStat) { s.Mode = 0o120777 }), verified, false},
		{"whole seconds, 1 s after", coarse, coarse, coarse.Ctime + 1000*ms, false},
		{"whole seconds, 3 s after", coarse, coarse, coarse.Ctime + 3000*ms, true},
	} {
		if got := vouches(c.stored, c.verified, c.cur); got != c.want {
			t.Errorf("%s: vouches = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCacheFind looks every file up in slots kept in file order, shifted,
// locally swapped and shuffled: each is found, and a path not there is not.
func TestCacheFind(t *testing.T) {
	const n = 500
	paths := make([]string, n)
	for i := range paths {
		paths[i] = fmt.Sprintf("records/quotes/q%04d.yaml", i)
	}
	r := rand.New(rand.NewPCG(5, 6))
	orders := map[string][]string{
		"in order": paths,
		"shifted":  append([]string{"records/quotes/gone-a.yaml", "records/quotes/gone-b.yaml"}, paths...),
		"swapped":  slices.Clone(paths),
		"shuffled": slices.Clone(paths),
		"reversed": slices.Clone(paths),
		"missing":  slices.Clone(paths[:n-50]),
	}
	for i := 0; i+1 < n; i += 3 {
		o := orders["swapped"]
		o[i], o[i+1] = o[i+1], o[i]
	}
	r.Shuffle(n, func(i, j int) { o := orders["shuffled"]; o[i], o[j] = o[j], o[i] })
	slices.Reverse(orders["reversed"])
	for name, order := range orders {
		c := &loadCache{}
		for _, p := range order {
			c.slots = append(c.slots, cacheSlot{path: p})
		}
		for i, p := range paths {
			k, ok := c.find(i, p)
			want := slices.Index(order, p)
			if ok != (want >= 0) || ok && int(k) != want {
				t.Fatalf("%s: find(%d, %s) = %d, %v; want %d", name, i, p, k, ok, want)
			}
		}
	}
}

// TestCacheKeepsFileOrder shuffles the entries of a cache file: the next
// run finds them all, and rewrites them in the order of the files, which
// a run with an edit keeps.
func TestCacheKeepsFileOrder(t *testing.T) {
	root := cacheDataset(t)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	ds := load(t, root, opts)
	var files []string
	for _, r := range ds.Records {
		files = append(files, r.File)
	}
	path := filepath.Join(opts.Cache, cacheFile)
	order := func() []string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, s := range readSlots(string(b), [32]byte(b[len(cacheFormat):len(cacheFormat)+32])) {
			paths = append(paths, s.path)
		}
		return paths
	}
	b, _ := os.ReadFile(path)
	slots := readSlots(string(b), [32]byte(b[len(cacheFormat):len(cacheFormat)+32]))
	rand.New(rand.NewPCG(7, 8)).Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	out := append([]byte(nil), b[:len(cacheFormat)+32]...)
	for _, s := range slots {
		out = append(out, b[s.start:s.end]...)
	}
	os.WriteFile(path, out, 0o644)
	if slices.Equal(order(), files) {
		t.Fatal("the shuffled cache is in order")
	}
	if ds := load(t, root, opts); ds.Cache.Misses != 0 || ds.Cache.Hits != len(files) {
		t.Errorf("shuffled cache: %+v, want every file a hit", ds.Cache)
	}
	if !slices.Equal(order(), files) {
		t.Error("the run after a shuffled cache did not write it in file order")
	}
	p, src := directQuote(t, root)
	os.WriteFile(p, bytes.Replace(src, []byte("\nmode: direct\n"), []byte("\nmode: drect\n"), 1), 0o644)
	if ds := load(t, root, opts); ds.Cache.Misses != 1 {
		t.Errorf("one file edited: %+v, want one miss", ds.Cache)
	}
	if !slices.Equal(order(), files) {
		t.Error("a run with an edit did not keep the cache in file order")
	}
	sameAsUncached(t, "after reordering", root, opts)
}
