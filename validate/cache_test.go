package validate

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"dossier/internal/golden"
	"dossier/schemas"
	"dossier/synth"
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
		decodeEntry(string(b), file{path: "records/quotes/x.yaml"})
	}
	got, diags, err := decodeEntry(string(e.b), file{path: "records/quotes/x.yaml"})
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
