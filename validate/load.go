package validate

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-data/dossier/schemas"
)

// Limits bound what one run reads. Zero fields take the defaults.
type Limits struct {
	MaxFileSize   int64 // bytes per record file; default 1 MiB
	MaxDepth      int   // nesting of mappings and lists; default 64
	MaxStringSize int   // bytes per text value; default 256 KiB
	MaxRecords    int   // record files per dataset; default 5,000,000
	MaxValues     int   // values (scalars, lists, mappings) per record; default 10,000
}

func (l Limits) maxValues() int {
	if l.MaxValues > 0 {
		return l.MaxValues
	}
	return 10_000
}

func (l Limits) maxFileSize() int64 {
	if l.MaxFileSize > 0 {
		return l.MaxFileSize
	}
	return 1 << 20
}

func (l Limits) maxDepth() int {
	if l.MaxDepth > 0 {
		return l.MaxDepth
	}
	return 64
}

func (l Limits) maxString() int {
	if l.MaxStringSize > 0 {
		return l.MaxStringSize
	}
	return 256 << 10
}

func (l Limits) maxRecords() int {
	if l.MaxRecords > 0 {
		return l.MaxRecords
	}
	return 5_000_000
}

// Options configure a run. The zero value uses the embedded schemas, one
// worker per CPU and the default limits.
type Options struct {
	Schemas *schemas.Set // nil: the schemas embedded in the binary
	Jobs    int          // parallel workers; 0: GOMAXPROCS
	Limits  Limits
	// Severity overrides the default severity of rules by ID (Off silences
	// a rule). Usually read from the dataset's dossier.yaml.
	Severity map[string]Severity
	// Cache is the folder of the load cache (see cache.go), usually
	// .dossier-cache at the dataset root; "" loads every file afresh.
	Cache string
	// Version is the dossier version; it is part of the cache key.
	Version string
}

func (o *Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.GOMAXPROCS(0)
}

// Record is one loaded record. Its value has been schema-checked when it
// comes out of Load; findings about it are in the List Load returns.
type Record struct {
	Kind  *schemas.Kind
	File  string // slash-separated path as walked, e.g. records/events/raid.yaml
	ID    string // the id field; "" when missing or not a string
	Value Value  // the record as JSON, compact; Missing when the file did not parse to a mapping
	// Valid is true when the record passed its schema: every field has the
	// declared type, so rules may rely on it.
	Valid bool
	// Ignores are the inline silences (# dossier:ignore) in the file; nil
	// for most records.
	Ignores []Ignore
}

// Dataset is every record found under one records/ folder, sorted by file.
type Dataset struct {
	Schemas *schemas.Set
	Root    string // the records folder as given, e.g. records
	Records []*Record

	// Cache says how loading used the load cache; zero without one.
	Cache CacheStats

	mu    sync.Mutex
	locs  map[string]map[string]loc // file -> pointer -> position, filled lazily by Locate
	limit Limits
}

// ErrNoRecords is returned when a records folder does not exist.
var ErrNoRecords = errors.New("no records folder")

// file is one record file to load.
type file struct {
	path  string // slash-separated, as reported
	kind  *schemas.Kind
	zpath bool // path is followed in memory by a NUL byte: a C string (see listFolder)
}

// discover walks root in sorted order and returns the record files, with
// findings for files that are out of place or unreadable.
func discover(root string, set *schemas.Set, lim Limits, diags *List) ([]file, error) {
	info, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoRecords, root)
		}
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", root)
	}
	var files []file
	walkRoot := root
	if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		// the records folder named is a link: walk the folder it points to
		walkRoot = root + string(filepath.Separator)
	}
	err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		rel := filepath.ToSlash(p)
		if err != nil {
			diags.Addf(rel, Pos{}, "", ruleFileRead.ID, Error, "cannot read: %v", unwrapPathError(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == walkRoot {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		checkName(rel, name, diags)
		sub, _ := filepath.Rel(root, p)
		parts := strings.Split(filepath.ToSlash(sub), "/")
		isYAML := strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
		if d.Type()&fs.ModeSymlink != 0 && len(parts) == 1 && set.KindByTable(name) != nil {
			diags.Addf(rel, Pos{}, "", ruleFileRead.ID, Error, "folder %s is a symbolic link; record folders are real folders inside %s, and its records are not read", name, root)
			return nil
		}
		if d.IsDir() {
			if kind := set.KindByTable(name); len(parts) == 1 && kind != nil {
				var err error
				files, err = listKind(root, p, rel, kind, files, lim, diags)
				return err // nil, errTooMany, or fs.SkipDir: listed
			}
			if isYAML {
				diags.Addf(rel, Pos{}, "", ruleFileRead.ID, Error, "%s is a folder, not a record file", rel)
			} else if len(parts) == 1 {
				diags.Add(Diagnostic{File: rel, Rule: ruleRecordPath.ID, Severity: Error,
					Message: fmt.Sprintf("folder %q is not a record kind", name),
					Hint:    "record folders are " + strings.Join(tables(set), ", ") + suggestion(name, tables(set))})
			}
			return fs.SkipDir
		}
		if !isYAML {
			return nil // README.md and other companions
		}
		// The walk sees only the records folder's own entries: every folder
		// is skipped, kind folders after listKind has listed them.
		diags.Add(Diagnostic{File: rel, Rule: ruleRecordPath.ID, Severity: Error,
			Message: "record file is not in a kind folder",
			Hint:    "move it to " + root + "/<kind>/ with kind one of " + strings.Join(tables(set), ", ")})
		return nil
	})
	if errors.Is(err, errTooMany) {
		diags.Add(Diagnostic{File: filepath.ToSlash(root), Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
			Message: fmt.Sprintf("the dataset holds more than %d record files, the limit; no record is checked", lim.maxRecords()),
			Hint:    "raise max-records, or split the dataset"})
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return files, nil
}

var errTooMany = errors.New("too many record files")

// dirEntry is one entry of a folder.
type dirEntry struct {
	path string      // the folder as reported, a slash, the name
	name string      // the end of path
	typ  fs.FileMode // type bits, as fs.DirEntry.Type
	// zpath: path is followed in memory by a NUL byte, so its bytes are a
	// C string the stat call takes as they are
	zpath bool
}

// listKind appends to files the record files of the kind folder dir
// (reported as rel) of the records folder root, with findings for what
// else is in it, as discover's walk would; it returns fs.SkipDir when
// done, errTooMany past the limit.
func listKind(root, dir, rel string, kind *schemas.Kind, files []file, lim Limits, diags *List) ([]file, error) {
	ents, err := listFolder(dir, rel)
	if err != nil {
		diags.Addf(rel, Pos{}, "", ruleFileRead.ID, Error, "cannot read: %v", unwrapPathError(err))
		return files, fs.SkipDir
	}
	for _, e := range ents {
		name := e.name
		if strings.HasPrefix(name, ".") {
			continue
		}
		checkName(e.path, name, diags)
		isYAML := strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
		if e.typ.IsDir() {
			if isYAML {
				diags.Addf(e.path, Pos{}, "", ruleFileRead.ID, Error, "%s is a folder, not a record file", e.path)
			}
			continue
		}
		if !isYAML {
			continue // README.md and other companions
		}
		if strings.HasSuffix(name, ".yml") {
			diags.Add(Diagnostic{File: e.path, Rule: ruleRecordPath.ID, Severity: Error,
				Message: "record files end in .yaml, not .yml",
				Hint:    "rename it to " + strings.TrimSuffix(name, ".yml") + ".yaml"})
			continue
		}
		if !e.typ.IsRegular() {
			if e.typ&fs.ModeSymlink != 0 {
				diags.Addf(e.path, Pos{}, "", ruleFileRead.ID, Error, "record file is a symbolic link; records are regular files inside %s", root)
			} else {
				diags.Addf(e.path, Pos{}, "", ruleFileRead.ID, Error, "record file is not a regular file")
			}
			continue
		}
		files = append(files, file{path: e.path, kind: kind, zpath: e.zpath})
		if len(files) > lim.maxRecords() {
			return files, errTooMany // stop: the rest need not be listed
		}
	}
	return files, fs.SkipDir
}

// checkName reports a control or bidirectional character in the name of a
// file or folder at path.
func checkName(path, name string, diags *List) {
	for _, r := range nonASCII(name) {
		if n := controlName(r); n != "" {
			diags.Add(Diagnostic{File: path, Rule: ruleTextControl.ID, Severity: ruleTextControl.Severity,
				Message: "the name holds " + n, Hint: "rename it: a file name is shown in reports and terminals"})
			return
		}
	}
}

// nonASCII returns name, or "" when every byte of it is printable ASCII,
// in which controlName finds nothing: most record files' names, whose runes
// need then not be looked at one by one.
func nonASCII(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] >= 0x7f {
			return name
		}
	}
	return ""
}

func tables(set *schemas.Set) []string {
	var t []string
	for _, k := range set.Kinds {
		t = append(t, k.Table)
	}
	return t
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load reads every record under root (a records/ folder), checks each
// against its schema and returns the dataset with the findings, sorted. The
// error is for failures that stop the run: root missing, the schemas
// broken.
func Load(root string, opts Options) (*Dataset, List, error) {
	set := opts.Schemas
	if set == nil {
		var err error
		if set, err = DefaultSchemas(); err != nil {
			return nil, nil, err
		}
	}
	v, err := compileSchemas(set)
	if err != nil {
		return nil, nil, err
	}
	// The cache file is read while the folders are listed.
	var cache *loadCache
	opened := make(chan struct{})
	go func() {
		defer close(opened)
		cache = openCache(set, opts)
	}()
	var diags List
	files, err := discover(root, set, opts.Limits, &diags)
	<-opened
	if err != nil {
		if cache != nil {
			cache.close()
		}
		return nil, nil, err
	}
	ds := &Dataset{Schemas: set, Root: filepath.ToSlash(root), Records: make([]*Record, len(files)), limit: opts.Limits}
	if cache != nil {
		cache.start(len(files))
	}
	recs := make([]Record, len(files)) // one allocation for every record
	perFile := make([]List, len(files))
	var next atomic.Int64 // the next file to load
	var wg sync.WaitGroup
	for w := 0; w < opts.jobs(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if int(i) >= len(files) {
					return
				}
				rec := &recs[i]
				loadOne(int(i), files[i], rec, v, opts.Limits, &perFile[i], cache)
				ds.Records[i] = rec
			}
		}()
	}
	wg.Wait()
	if cache != nil {
		ds.Cache = cache.stats()
		cache.save() // a cache that cannot be written only costs the next run time
	}
	for _, l := range perFile {
		diags = append(diags, l...)
	}
	applySeverity(&diags, opts.Severity)
	diags.Sort()
	return ds, diags, nil
}

// loadOne reads, parses and schema-checks file number i into rec. With a
// cache, a file whose stat data vouches for its entry is not read, and one
// whose content hashes as cached is not parsed.
func loadOne(i int, f file, rec *Record, v *validator, lim Limits, diags *List, cache *loadCache) {
	*rec = Record{Kind: f.kind, File: f.path}
	var st fileStat
	if cache != nil {
		// stat before reading: a change after it shows in the next stat
		var ok bool
		if st, ok = statListed(f); ok {
			if found, ok := cache.lookupStat(i, f, st, rec); ok {
				*diags = append(*diags, found...)
				return
			}
		}
	}
	src, err := readFile(f.path, lim.maxFileSize())
	if err == nil && cache != nil {
		sum := sha256.Sum256(src)
		if found, ok := cache.lookupSum(i, f, st, &sum, rec); ok {
			*diags = append(*diags, found...)
			return
		}
		defer func() { cache.store(i, f, &sum, st, rec, *diags) }()
	}
	if err != nil {
		var over *overLimit
		if errors.As(err, &over) {
			diags.Add(Diagnostic{File: f.path, Rule: ruleLimit.ID, Severity: ruleLimit.Severity, Message: err.Error(),
				Hint: "the record is not read; split it, or raise max-file-size"})
			return
		}
		diags.Addf(f.path, Pos{}, "", ruleFileRead.ID, Error, "%v", err)
		return
	}
	if len(src) > bigRecord {
		bigRecordMu.Lock() // one big file at a time: see bigRecord
		defer bigRecordMu.Unlock()
		runtime.GC() // and the last one's garbage gone first
	}
	p := parse(f.path, src, f.kind, lim, diags, false)
	if p.value == nil {
		return
	}
	if m, ok := p.value.(map[string]any); ok {
		rec.Value = EncodeValue(m)
		rec.ID = rec.Value.Get("id").Text()
	}
	rec.Ignores = inlineIgnores(p.doc, src)
	if !p.limited {
		rec.Valid = v.check(rec, p, diags)
	} // else over a limit: reported, and not schema-checked
	capFindings(f.path, diags)
}

// capFindings keeps the first maxFindingsPerFile findings of one file, in
// order, and closes them with one limit finding.
func capFindings(file string, diags *List) {
	if len(*diags) <= maxFindingsPerFile {
		return
	}
	diags.Sort()
	*diags = (*diags)[:maxFindingsPerFile]
	diags.Add(Diagnostic{File: file, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
		Message: fmt.Sprintf("over %d findings in this file; the rest are not shown", maxFindingsPerFile),
		Hint:    "fix the findings shown and run again"})
}

// bigRecord is the size above which a record file is read by one worker at
// a time. Reading YAML costs up to ~100 bytes of memory per byte of a
// crafted file (a 1 MiB list of 400,000 numbers), so a few such files read
// side by side would multiply the peak; real records are a few KiB.
const bigRecord = 128 << 10

var bigRecordMu sync.Mutex

// errNotRegular is the error of reading a FIFO, a device or a socket.
var errNotRegular = errors.New("not a regular file")

// overLimit is the error of a file over max-file-size.
type overLimit struct{ size, max int64 }

func (e *overLimit) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("file is over the limit of %d bytes", e.max)
	}
	return fmt.Sprintf("file of %d bytes is over the limit of %d bytes", e.size, e.max)
}

// readHook, when set (by tests), is told of every file readFile reads.
var readHook func(path string)

// readFile reads a record file, refusing one over max bytes before reading
// it whole.
func readFile(p string, max int64) ([]byte, error) {
	if readHook != nil {
		readHook(p)
	}
	return readRegular(filepath.FromSlash(p), max) // readfile_unix.go, readfile_other.go
}

// applySeverity rewrites severities by rule ID and drops findings of rules
// switched off.
func applySeverity(l *List, over map[string]Severity) {
	if len(over) == 0 {
		return
	}
	out := (*l)[:0]
	for _, d := range *l {
		if s, ok := over[d.Rule]; ok {
			if s == Off {
				continue
			}
			d.Severity = s
		}
		out = append(out, d)
	}
	*l = out
}

// Locate returns the position of the value at pointer in a record file, or
// of its key when key is true and the value has one. Positions are not kept
// in memory while loading; Locate re-reads the file once and caches it.
func (ds *Dataset) Locate(rec *Record, pointer string, key bool) Pos {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.locs == nil {
		ds.locs = map[string]map[string]loc{}
	}
	idx, ok := ds.locs[rec.File]
	if !ok {
		if src, err := readFile(rec.File, ds.limit.maxFileSize()); err == nil {
			var sink List
			idx = parseRecord(rec.File, src, rec.Kind, ds.limit, &sink).index
		}
		ds.locs[rec.File] = idx
	}
	return lookup(idx, pointer, key)
}

// lookup finds the closest known position for pointer: the value itself, or
// the nearest ancestor that exists.
func lookup(idx map[string]loc, pointer string, key bool) Pos {
	for p := pointer; ; p = p[:max(0, strings.LastIndexByte(p, '/'))] {
		// up one token at a time: a key may be "", "." or ".."
		if l, ok := idx[p]; ok {
			if key && l.Key.Line > 0 && p == pointer {
				return l.Key
			}
			return l.Value
		}
		if p == "" {
			return Pos{1, 1}
		}
	}
}

// SortedIDs returns the IDs of records in ID order; a helper for callers
// that emit records deterministically.
func (ds *Dataset) SortedIDs() []string {
	ids := make([]string, 0, len(ds.Records))
	for _, r := range ds.Records {
		if r.ID != "" {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}
