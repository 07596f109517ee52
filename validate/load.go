package validate

import (
	"path/filepath"
	"runtime"
	"sync"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/schemas"
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
// own, capped at 100, with the rules' default severities. The record has
// no value when the file did not read as a record of kind: no mapping,
// or a record of another kind (schema-kind); the rules across records
// then take it as one they cannot see (rules.UnreadRecord).
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
		var elsewhere *schemas.Kind
		if rec.Valid, elsewhere = c.schema.Check(path, kind, r, &l); elsewhere != nil {
			rec.Value, rec.ID = record.Value{}, "" // in the wrong folder: not a record of kind
		}
	} // else over a limit: reported, and not schema-checked
	read.Cap(path, &l)
	return rec, l
}

// Load reads and checks every record file of the records folder root, each
// on its own, and returns the dataset with their findings (unsorted, with
// the rules' default severities).
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
	files, skipped, diags, err := read.List(root, set, lim)
	<-compiled
	if cerr != nil {
		err = cerr // the schemas' error first, as before any file is listed
	}
	if err != nil {
		return nil, nil, err
	}
	ds := &Dataset{Schemas: set, Root: filepath.ToSlash(root), Records: make([]*record.Record, len(files)), Skipped: skipped}
	per := make([]diag.List, len(files))
	parallel.For(len(files), opts.jobs(), func(i int) {
		ds.Records[i], per[i] = loadFile(c, files[i])
	})
	for _, l := range per {
		diags = append(diags, l...)
	}
	return ds, diags, nil
}

// loadFile reads and checks one record file and derives the facts the
// rules across records read.
func loadFile(c *Checker, f read.File) (*record.Record, diag.List) {
	src, d := read.ReadFile(f.Path, c.Limits.FileSize())
	if d != nil {
		return &record.Record{Kind: f.Kind, File: f.Path}, diag.List{*d}
	}
	rec, l := checkFile(c, f, src)
	rules.Derive(rec, src) // outside checkFile's lock: big files side by side again
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
