package validate

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// cacheFiles says what the cache folder holds: records.cache's identity
// and modification time, and the journal's size (-1: none).
type cacheFiles struct {
	base    os.FileInfo
	journal int64
}

func cacheState(t *testing.T, dir string) cacheFiles {
	t.Helper()
	base, err := os.Stat(filepath.Join(dir, cacheFile))
	if err != nil {
		t.Fatal(err)
	}
	st := cacheFiles{base: base, journal: -1}
	if j, err := os.Stat(filepath.Join(dir, journalFile)); err == nil {
		st.journal = j.Size()
	}
	return st
}

// rewritten reports whether records.cache was replaced between a and b.
func (a cacheFiles) rewritten(b cacheFiles) bool {
	return !os.SameFile(a.base, b.base) || !a.base.ModTime().Equal(b.base.ModTime()) || a.base.Size() != b.base.Size()
}

// warmCache runs twice with a new cache, once every file is past the racy
// window: the cold run fills it, the next writes it in file order; after
// it the journal is empty.
func warmCache(t *testing.T, root string) Options {
	t.Helper()
	settle(t, root)
	opts := Options{Cache: t.TempDir(), Version: "test"}
	load(t, root, opts)
	load(t, root, opts)
	if st := cacheState(t, opts.Cache); st.journal != -1 {
		t.Fatalf("a journal after two runs over unchanged files: %d bytes", st.journal)
	}
	return opts
}

// quoteFiles returns the quote files of the dataset, sorted.
func quoteFiles(t *testing.T, root string) []string {
	t.Helper()
	q, _ := filepath.Glob(filepath.Join(root, "quotes", "*.yaml"))
	if len(q) < 10 {
		t.Fatal("too few quotes")
	}
	sort.Strings(q)
	return q
}

func appendTo(t *testing.T, p, s string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(b, s...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCacheJournalAppends edits a few files: their entries are appended to
// the journal and records.cache is left as it is; the next run finds them
// there, and once the files are past the racy window reads none of them.
func TestCacheJournalAppends(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	before := cacheState(t, opts.Cache)
	quotes := quoteFiles(t, root)
	edited := []string{quotes[1], quotes[len(quotes)/2], quotes[len(quotes)-2]}
	for _, p := range edited {
		appendTo(t, p, "# edited\n")
	}
	ds := sameAsUncached(t, "three edits", root, opts)
	if ds.Cache.Misses != len(edited) {
		t.Errorf("three edits: %+v, want three misses", ds.Cache)
	}
	after := cacheState(t, opts.Cache)
	if before.rewritten(after) {
		t.Error("records.cache was rewritten for three edits")
	}
	if after.journal <= 0 || after.journal > int64(len(edited))*4096 {
		t.Errorf("journal of %d bytes after three edits", after.journal)
	}

	// The entries appended are used, and refreshed once past the window.
	settle(t, root)
	reads := watchReads(t)
	ds = load(t, root, opts)
	if ds.Cache.Misses != 0 || ds.Cache.Read != len(edited) {
		t.Errorf("run after the edits: %+v, want every file a hit, the three edited read (racily clean)", ds.Cache)
	}
	refreshed := cacheState(t, opts.Cache)
	if before.rewritten(refreshed) || refreshed.journal <= after.journal {
		t.Errorf("refreshed stat data: records.cache rewritten %v, journal %d -> %d bytes; want it appended",
			before.rewritten(refreshed), after.journal, refreshed.journal)
	}
	clear(reads)
	ds = load(t, root, opts)
	if ds.Cache.Misses != 0 || ds.Cache.Read != 0 || len(reads) != 0 {
		t.Errorf("run after the refresh: %+v, read %v; want no file read", ds.Cache, reads)
	}
	if st := cacheState(t, opts.Cache); before.rewritten(st) || st.journal != refreshed.journal {
		t.Error("a run with nothing changed wrote the cache")
	}
	sameAsUncached(t, "after the refresh", root, opts)
}

// TestCacheJournalRandomEdits edits, adds, copies, deletes, renames and
// touches files at random (fixed seed), comparing each cached run with an
// uncached one; the journal is appended to and compacted along the way.
func TestCacheJournalRandomEdits(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	r := rand.New(rand.NewPCG(11, 12))
	appended, compacted := 0, 0
	prev := cacheState(t, opts.Cache)
	for step := 0; step < 60; step++ {
		var ops []string
		for n := 1 + r.IntN(3); n > 0; n-- {
			files, _ := filepath.Glob(filepath.Join(root, "*", "*.yaml"))
			sort.Strings(files)
			p := files[r.IntN(len(files))]
			dir, name := filepath.Split(p)
			switch op := r.IntN(7); op {
			case 0, 1: // an edit that keeps the findings
				appendTo(t, p, fmt.Sprintf("# step %d\n", step))
			case 2: // an edit that changes them
				b, _ := os.ReadFile(p)
				b = bytes.Replace(b, []byte("\nid: "), []byte("\nid: x"), 1)
				os.WriteFile(p, b, 0o644)
			case 3: // a copy under a new name: its content is cached
				b, _ := os.ReadFile(p)
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy-%d-%s", step, name)), b, 0o644)
			case 4:
				os.Remove(p)
			case 5:
				os.Rename(p, filepath.Join(dir, fmt.Sprintf("moved-%d-%s", step, name)))
			case 6: // same content, new stat data
				now := time.Now()
				os.Chtimes(p, now, now)
			}
			ops = append(ops, fmt.Sprint(step, ":", name))
		}
		sameAsUncached(t, strings.Join(ops, " "), root, opts)
		st := cacheState(t, opts.Cache)
		switch {
		case prev.rewritten(st):
			compacted++
			if st.journal != -1 {
				t.Fatalf("step %d: records.cache rewritten, journal of %d bytes left", step, st.journal)
			}
		case st.journal > prev.journal:
			appended++
		}
		prev = st
	}
	if appended < 10 || compacted < 1 {
		t.Errorf("over 60 steps the journal was appended to %d times and compacted %d times", appended, compacted)
	}
	// and once more with every file past the racy window
	settle(t, root)
	sameAsUncached(t, "settled", root, opts)
	sameAsUncached(t, "settled, again", root, opts)
}

// TestCacheJournalDamage cuts, damages and replaces the journal: each is
// misses at worst, never an error, and the findings are those of an
// uncached run. A journal that fails a checksum is compacted away.
func TestCacheJournalDamage(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	quotes := quoteFiles(t, root)
	edited := []string{quotes[2], quotes[3], quotes[4], quotes[5]}
	for _, p := range edited {
		appendTo(t, p, "# edited\n")
	}
	load(t, root, opts)
	jpath := filepath.Join(opts.Cache, journalFile)
	good, err := os.ReadFile(jpath)
	if err != nil || len(good) < 100 {
		t.Fatalf("no journal after four edits: %v", err)
	}
	base, _ := os.ReadFile(filepath.Join(opts.Cache, cacheFile))
	flipped := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x20
		return b
	}
	cases := []struct {
		name    string
		journal []byte
		misses  bool // some edited file is a miss
		compact bool // records.cache is rewritten, the journal removed
	}{
		{"cut-at-end", good[:len(good)-7], true, true},
		{"cut-in-middle", good[:len(good)/2], true, true},
		{"flipped-magic", flipped(0), true, true},
		{"flipped-first-frame", flipped(60), true, true},
		{"flipped-last-byte", flipped(len(good) - 1), true, true},
		{"garbage-after", append(bytes.Clone(good), "not a frame at all"...), false, true},
		{"empty", nil, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.WriteFile(filepath.Join(opts.Cache, cacheFile), base, 0o644)
			if err := os.WriteFile(jpath, c.journal, 0o644); err != nil {
				t.Fatal(err)
			}
			before := cacheState(t, opts.Cache)
			ds := sameAsUncached(t, c.name, root, opts)
			if (ds.Cache.Misses > 0) != c.misses {
				t.Errorf("%+v, want misses: %v", ds.Cache, c.misses)
			}
			after := cacheState(t, opts.Cache)
			if c.compact && (!before.rewritten(after) || after.journal != -1) {
				t.Errorf("a damaged journal was not compacted away (journal %d bytes)", after.journal)
			}
			if ds := sameAsUncached(t, c.name+", again", root, opts); ds.Cache.Misses != 0 {
				t.Errorf("the run after: %+v, want no miss", ds.Cache)
			}
		})
	}
	t.Run("link", func(t *testing.T) {
		os.Remove(jpath)
		target := filepath.Join(t.TempDir(), "elsewhere")
		os.WriteFile(target, good, 0o644)
		if err := os.Symlink(target, jpath); err != nil {
			t.Skip("no symbolic links:", err)
		}
		appendTo(t, quotes[6], "# edited\n")
		sameAsUncached(t, "journal a link", root, opts)
		if b, _ := os.ReadFile(target); !bytes.Equal(b, good) {
			t.Error("a run wrote through a link put where the journal goes")
		}
	})
}

// TestCacheJournalCompaction edits files until the journal passes a tenth
// of records.cache: the run that passes it writes records.cache afresh,
// in file order, with the same results.
func TestCacheJournalCompaction(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	quotes := quoteFiles(t, root)
	prev := cacheState(t, opts.Cache)
	limit := prev.base.Size() / 10
	compacted := false
	for k := 0; k < len(quotes) && !compacted; k++ {
		appendTo(t, quotes[k], "# edited\n")
		sameAsUncached(t, "edit "+filepath.Base(quotes[k]), root, opts)
		st := cacheState(t, opts.Cache)
		if prev.rewritten(st) {
			compacted = true
			if st.journal != -1 {
				t.Errorf("compacted, and a journal of %d bytes left", st.journal)
			}
			if prev.journal < limit/2 {
				t.Errorf("compacted with a journal of %d bytes, a tenth of records.cache is %d", prev.journal, limit)
			}
		} else if st.journal > limit+4096 {
			t.Fatalf("journal of %d bytes, past a tenth of records.cache (%d)", st.journal, limit)
		}
		prev = st
	}
	if !compacted {
		t.Fatal("never compacted")
	}
	ds := load(t, root, opts)
	if ds.Cache.Misses != 0 {
		t.Errorf("after compaction: %+v", ds.Cache)
	}
	b, _ := os.ReadFile(filepath.Join(opts.Cache, cacheFile))
	var got, want []string
	for _, s := range readSlots(string(b), [32]byte(b[len(cacheFormat):len(cacheFormat)+32])) {
		got = append(got, s.path)
	}
	for _, r := range ds.Records {
		want = append(want, r.File)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the compacted cache is not in file order")
	}
}

// TestCacheJournalConcurrent runs validations side by side while files
// change under them: no run fails, none leaves a temporary file, and the
// cache then gives what an uncached run does.
func TestCacheJournalConcurrent(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	quotes := quoteFiles(t, root)
	stop := make(chan struct{})
	var edits sync.WaitGroup
	edits.Add(1)
	go func() {
		defer edits.Done()
		r := rand.New(rand.NewPCG(5, 6))
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			p := quotes[r.IntN(len(quotes))]
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			os.WriteFile(p, append(b, fmt.Sprintf("# %d\n", n)...), 0o644)
			time.Sleep(time.Millisecond)
		}
	}()
	var runs sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 3; g++ {
		runs.Add(1)
		go func() {
			defer runs.Done()
			for k := 0; k < 6; k++ {
				if _, _, err := Run(root, opts); err != nil {
					errs <- err
				}
			}
		}()
	}
	runs.Wait()
	close(stop)
	edits.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	sameAsUncached(t, "after concurrent runs", root, opts)
	if ds := sameAsUncached(t, "and again", root, opts); ds.Cache.Misses != 0 {
		t.Errorf("after concurrent runs: %+v", ds.Cache)
	}
	if left, _ := filepath.Glob(filepath.Join(opts.Cache, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestCacheJournalBatches adds ten files side by side and removes ten
// side by side: records.cache stays in the order of the files, so the
// changes are appended, not rewritten, and the files after them are found
// where find looks.
func TestCacheJournalBatches(t *testing.T) {
	root := cacheDataset(t)
	opts := warmCache(t, root)
	before := cacheState(t, opts.Cache)
	quotes := quoteFiles(t, root)
	for k := 0; k < 10; k++ {
		b, err := os.ReadFile(quotes[k])
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, fmt.Sprintf("# added %d\n", k)...)
		if err := os.WriteFile(filepath.Join(root, "quotes", fmt.Sprintf("zz-added-%02d.yaml", k)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range quotes[len(quotes)/2 : len(quotes)/2+10] {
		os.Remove(p)
	}
	ds := sameAsUncached(t, "ten added, ten removed", root, opts)
	if ds.Cache.Misses != 10 {
		t.Errorf("%+v, want ten misses", ds.Cache)
	}
	after := cacheState(t, opts.Cache)
	if before.rewritten(after) || after.journal <= 0 {
		t.Errorf("records.cache rewritten %v, journal %d bytes; want the ten appended", before.rewritten(after), after.journal)
	}
	if ds := sameAsUncached(t, "the run after", root, opts); ds.Cache.Misses != 0 {
		t.Errorf("the run after: %+v", ds.Cache)
	}
	if st := cacheState(t, opts.Cache); before.rewritten(st) {
		t.Error("records.cache rewritten by the run after")
	}
}
