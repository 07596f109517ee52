package validate

import (
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/cache"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/rules"
	"github.com/dossier-data/dossier/validate/schema"
)

// Checker checks one record file at a time: it reads it under the strict
// profile and checks it against its kind's schema. Load uses one for every
// file; a language server, for each edit.
type Checker struct {
	Schemas *schemas.Set
	Limits  config.Limits
	schema  *schema.Validator
}

// NewChecker compiles the schemas of set.
func NewChecker(set *schemas.Set, lim config.Limits) (*Checker, error) {
	v, err := schema.Compile(set)
	if err != nil {
		return nil, err
	}
	return &Checker{Schemas: set, Limits: lim, schema: v}, nil
}

// File reads src, the bytes of the record file at path (of kind, nil when
// it is in no kind folder), and checks it. The findings are this file's
// own, capped at 100, with the rules' default severities.
func (c *Checker) File(path string, kind *schemas.Kind, src []byte) (*record.Record, diag.List) {
	rec := &record.Record{Kind: kind, File: path}
	r := read.Parse(path, src, kind, c.Limits)
	l := r.Findings
	if !r.Value.Exists() {
		return rec, l
	}
	if r.Value.IsMap() {
		rec.Value = r.Value
		rec.ID = rec.Value.Get("id").Text()
	} // else the schema says a record is a mapping
	rec.Ignores = r.Ignores
	if !r.Limited {
		rec.Valid = c.schema.Check(path, kind, r, &l)
	} // else over a limit: reported, and not schema-checked
	read.Cap(path, &l)
	return rec, l
}

// Load reads and checks every record file of the records folder root, each
// on its own, and returns the dataset with their findings (unsorted, with
// the rules' default severities). With opts.Cache, a file whose content
// was checked before under the same schemas, rules, limits and dossier is
// not read again but taken from the cache.
func Load(root string, opts Options) (*Dataset, diag.List, error) {
	set, err := opts.schemas()
	if err != nil {
		return nil, nil, err
	}
	lim := opts.Config.Limits
	var c *Checker
	var cerr error
	compiled := make(chan struct{})
	go func() { // compiling the schemas takes as long as listing 10k files
		defer close(compiled)
		c, cerr = NewChecker(set, lim)
	}()
	files, diags, err := read.List(root, set, lim)
	<-compiled
	if cerr != nil {
		err = cerr // the schemas' error first, as before any file is listed
	}
	if err != nil {
		return nil, nil, err
	}
	ds := &Dataset{Schemas: set, Root: filepath.ToSlash(root), Records: make([]*record.Record, len(files))}
	var ch *cache.Cache
	var sums []cache.Sum
	if opts.Cache != "" {
		ch, sums = openCache(files, set, opts)
	}
	per := make([]diag.List, len(files))
	parallel.For(len(files), opts.jobs(), func(i int) {
		ds.Records[i], per[i] = loadFile(c, files[i], sums, i, ch)
	})
	if ch != nil {
		ds.CacheHits = ch.Hits
		ch.Save() // a cache that cannot be written only costs the next run time
	}
	for _, l := range per {
		diags = append(diags, l...)
	}
	return ds, diags, nil
}

// openCache opens the dataset's cache. When a cache file exists, every
// record file is read and hashed first, so that a file of a size no cache
// of these files could reach is not read; sums holds the hashes, by file.
func openCache(files []read.File, set *schemas.Set, opts Options) (*cache.Cache, []cache.Sum) {
	key := cache.Key(set, Rules(), opts.Config.Limits, opts.Version)
	if !cache.Exists(opts.Cache) {
		return cache.Open(opts.Cache, key, 0), nil
	}
	sums := make([]cache.Sum, len(files))
	var total atomic.Int64
	parallel.For(len(files), opts.jobs(), func(i int) {
		src, d := read.ReadFile(files[i].Path, opts.Config.Limits.FileSize())
		if d == nil {
			sums[i] = cache.SumOf(files[i].Kind, src)
			total.Add(int64(len(src)))
		}
	})
	return cache.Open(opts.Cache, key, cache.Bound(len(files), total.Load())), sums
}

// loadFile reads and checks file number i, or takes its result from the
// cache when the content is unchanged (sums[i], when hashed already).
func loadFile(c *Checker, f read.File, sums []cache.Sum, i int, ch *cache.Cache) (*record.Record, diag.List) {
	if ch != nil && sums != nil {
		if e, ok := ch.Get(sums[i], f.Path); ok {
			rec := &record.Record{Kind: f.Kind, File: f.Path, ID: e.ID, Value: e.Value, Valid: e.Valid, Ignores: e.Ignores}
			rules.Derive(rec)
			return rec, e.Findings
		}
	}
	src, d := read.ReadFile(f.Path, c.Limits.FileSize())
	if d != nil {
		return &record.Record{Kind: f.Kind, File: f.Path}, diag.List{*d}
	}
	rec, l := checkFile(c, f, src)
	if ch != nil {
		e := ch.Put(cache.SumOf(f.Kind, src), f.Path, cache.Entry{ID: rec.ID, Value: rec.Value, Valid: rec.Valid, Ignores: rec.Ignores, Findings: l})
		rec.ID, rec.Value, rec.Ignores, l = e.ID, e.Value, e.Ignores, e.Findings
	}
	rules.Derive(rec) // on the value kept, once the cache holds it; big files side by side again
	return rec, l
}

// checkFile reads and checks src, a big file only when no other is being
// read (see bigRecord).
func checkFile(c *Checker, f read.File, src []byte) (*record.Record, diag.List) {
	if len(src) > bigRecord {
		bigRecordMu.Lock()
		defer bigRecordMu.Unlock()
		runtime.GC() // the last one's garbage gone first
	}
	return c.File(f.Path, f.Kind, src)
}

// bigRecord is the size above which a record file is read by one worker at
// a time. Reading YAML costs up to ~100 bytes of memory per byte of a
// crafted file (a 1 MiB list of 400,000 numbers), so a few such files read
// side by side would multiply the peak; real records are a few KiB.
const bigRecord = 128 << 10

var bigRecordMu sync.Mutex
