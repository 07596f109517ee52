package cache

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var testKey = [32]byte{1, 2, 3}

func testEntry(i int) (Sum, Entry) {
	var s Sum
	s[0], s[1] = byte(i), byte(i>>8)
	e := Entry{ID: "raid", Valid: i%2 == 0,
		Value:   record.EncodeValue(map[string]any{"id": "raid", "n": i}),
		Ignores: []record.Ignore{{Line: 3, Column: 9, Alone: true, Rule: "orphan", Reason: "kept"}},
		Findings: diag.List{{File: "records/events/raid.yaml", Pos: diag.Pos{Line: 2, Column: 5}, Pointer: "/title",
			Rule: "yaml-bool", Severity: diag.Warning, Message: "m", Hint: "h"}}}
	return s, e
}

// save writes n entries to a cache in dir and returns their sums.
func save(t *testing.T, dir string, n int) []Sum {
	t.Helper()
	c := Open(dir, testKey, 1<<20)
	var sums []Sum
	for i := range n {
		s, e := testEntry(i)
		// what Put returns is the entry, held in the cache's bytes
		if kept := c.Put(s, "records/events/raid.yaml", e); !reflect.DeepEqual(kept, e) {
			t.Fatalf("Put returned %+v, want %+v", kept, e)
		}
		sums = append(sums, s)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	return sums
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sums := save(t, dir, 50)
	c := Open(dir, testKey, 1<<20)
	for i, s := range sums {
		_, want := testEntry(i)
		got, ok := c.Get(s, "records/events/raid.yaml")
		if !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("entry %d: %+v, %v; want %+v", i, got, ok, want)
		}
	}
	if got, ok := c.Get(Sum{9, 9, 9}, "x"); ok {
		t.Errorf("an unknown sum hits: %+v", got)
	}
	if c.Hits != 50 || c.Misses != 1 {
		t.Errorf("%d hits, %d misses", c.Hits, c.Misses)
	}
	// the file a hit copies to is the one asked for
	if got, _ := c.Get(sums[0], "records/events/copy.yaml"); got.Findings[0].File != "records/events/copy.yaml" {
		t.Errorf("finding of a copy names %s", got.Findings[0].File)
	}
}

// TestMisses: a cache of another key, damaged anywhere, cut short, over
// the size given, or a link, is empty; never an error.
func TestMisses(t *testing.T) {
	dir := t.TempDir()
	save(t, dir, 20)
	file := filepath.Join(dir, File)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	miss := func(name string, key [32]byte, size int64) {
		t.Helper()
		c := Open(dir, key, size)
		s, _ := testEntry(3)
		if _, ok := c.Get(s, "f"); ok {
			t.Errorf("%s: a hit", name)
		}
	}
	miss("another key", [32]byte{9}, 1<<20)
	miss("over the size", testKey, int64(len(good)-1))
	for _, at := range []int{0, 17, 60, len(good) / 2, len(good) - 5, len(good) - 1} {
		b := append([]byte(nil), good...)
		b[at] ^= 0x40
		os.WriteFile(file, b, 0o644)
		miss("damaged", testKey, 1<<20)
	}
	os.WriteFile(file, good[:len(good)/3], 0o644)
	miss("cut short", testKey, 1<<20)
	os.Remove(file)
	if err := os.Symlink("/dev/zero", file); err == nil {
		miss("a link", testKey, 1<<20)
	}
}

// TestSaveThroughLink: a link where the cache folder goes is not written
// through.
func TestSaveThroughLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	os.Mkdir(target, 0o755)
	link := filepath.Join(dir, ".dossier-cache")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	c := Open(link, testKey, 1<<20)
	s, e := testEntry(1)
	c.Put(s, "records/events/raid.yaml", e)
	if err := c.Save(); err == nil {
		t.Error("saved through a link")
	}
	if ents, _ := os.ReadDir(target); len(ents) > 0 {
		t.Errorf("%d files written through the link", len(ents))
	}
}

// TestConcurrentSaves: runs side by side each write their whole cache;
// whichever lands last, the file is whole and one of theirs.
func TestConcurrentSaves(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Open(dir, testKey, 1<<20)
			for i := range 30 + w {
				s, e := testEntry(i)
				c.Put(s, "records/events/raid.yaml", e)
			}
			c.Save()
		}()
	}
	wg.Wait()
	c := Open(dir, testKey, 1<<20)
	s, _ := testEntry(0)
	if _, ok := c.Get(s, "f"); !ok {
		t.Error("the cache left by concurrent runs is not whole")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the cache folder, want 1 (no temporary file left)", len(ents))
	}
}
