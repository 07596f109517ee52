package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/rules"
)

// recordsRoot is the records folder as findings name it: paths are
// relative to the dataset root, so that messages read as `dossier
// validate` run at the root writes them.
const recordsRoot = config.RecordsFolder

// entry is one record file as the server holds it.
type entry struct {
	rec *record.Record // rec.File is the path relative to the dataset root
	// own are the file's own findings (reading, limits, schema) and cross
	// those of the rules across records, both with the rules' default
	// severities and before silences.
	own, cross diag.List
	refs       []ref    // the references the record makes, in field order
	aff        []uint64 // rules.Affinity, once keyed
	keyed      bool
	indexed    bool // a mapping of a known kind: the rules see it
}

// ref is one reference a record makes.
type ref struct {
	ptr, id string
	kinds   []string
}

// dataset is the dataset held in memory: every record file, read and
// checked, the findings of the rules across records, and the maps that
// tell which records an edit can reach. It is read and changed by one
// goroutine at a time (the server's check loop, or a request holding its
// read lock).
type dataset struct {
	root     string // absolute, in the OS's form
	set      *schemas.Set
	cfg      config.Config
	cfgDiags diag.List
	checker  *validate.Checker
	isNew    func(file string) bool
	head     string                   // the commit isNew was read from ("" outside git)
	dups     int                      // id-duplicate findings: while there are, a new commit is looked for
	open     func(file string) []byte // the editor's text of a file; nil when the editor does not hold it
	jobs     int

	files     map[string]*entry         // record files by path
	unread    map[string]*entry         // those that did not read as a mapping: the rules cannot see them
	listed    map[string]diag.List      // findings of listing the records folder, by path
	skipped   []rules.Unread            // the entries the listing reports and does not read that may hold records
	missing   bool                      // the records folder was missing at the last listing
	byID      map[string][]*entry       // indexed records by ID
	referrers map[string][]*entry       // records by the IDs they reference, each once
	affinity  map[uint64][]*entry       // records by rules.Affinity key
	kinds     map[string][]*entry       // indexed records by kind, in file order
	loops     map[string]int            // ref-cycle findings by rules.LoopField
	unknown   map[*entry]bool           // records with ref-unresolved findings
	near      map[string]*rules.IDIndex // did-you-mean indexes by kind, made on first use
	ready     bool                      // the maps above are made (prepare)
	// after a whole run, until prepare: its references, and every entry
	// in file order
	refs   []rules.Ref
	sorted []*entry

	posMu sync.Mutex
	pos   map[string]read.Positions // positions of values, by file, read when a finding needs them
}

// abs returns the OS path of a dataset path.
func (ds *dataset) abs(file string) string {
	return ds.root + string(filepath.Separator) + filepath.FromSlash(file)
}

// rel returns the dataset path of an OS path, and whether it is inside
// the dataset root.
func (ds *dataset) rel(p string) (string, bool) {
	r, err := filepath.Rel(ds.root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// kindOf returns the kind of a record file path, records/<table>/<name>.yaml;
// nil when the path is not one.
func (ds *dataset) kindOf(file string) *schemas.Kind {
	rest, ok := strings.CutPrefix(file, recordsRoot+"/")
	table, name, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || strings.Contains(name, "/") || !strings.HasSuffix(name, ".yaml") || strings.HasPrefix(name, ".") {
		return nil
	}
	return ds.set.KindByTable(table)
}

// load reads the configuration and every record file afresh and checks
// the whole dataset. open are the files the editor holds, which may not be
// on disk yet.
func (ds *dataset) load(open []string) error {
	var err error
	if ds.cfg, ds.cfgDiags, err = ds.readConfig(); err != nil {
		return err
	}
	var c *validate.Checker
	var cerr error
	compiled := make(chan struct{})
	go func() { // the schemas compile while the folders are listed, as validate.Load does
		defer close(compiled)
		c, cerr = validate.NewChecker(ds.set, ds.cfg.Limits)
	}()
	ds.pos = map[string]read.Positions{}
	paths, err := ds.list(open)
	<-compiled
	if cerr != nil {
		return cerr
	}
	if err != nil {
		return err
	}
	ds.checker = c
	entries := make([]*entry, len(paths))
	parallel.For(len(paths), ds.jobs, func(i int) { entries[i] = ds.read(paths[i]) })
	ds.files = make(map[string]*entry, len(paths))
	ds.unread = map[string]*entry{}
	for _, e := range entries {
		ds.files[e.rec.File] = e
		if !e.indexed {
			ds.unread[e.rec.File] = e
		}
	}
	ds.cross(entries)
	return nil
}

// readConfig reads dossier.yaml: the editor's text, else the disk's.
func (ds *dataset) readConfig() (config.Config, diag.List, error) {
	if b := ds.open(config.File); b != nil {
		cfg, l := config.Parse(config.File, b, validate.Rules())
		return cfg, l, nil
	}
	if _, err := os.Stat(ds.abs(config.File)); err != nil {
		return config.Default(), nil, nil
	}
	cfg, l, err := config.Read(ds.root, validate.Rules())
	for i := range l {
		l[i].File = config.File
	}
	return cfg, l, err
}

// reconfigure reads dossier.yaml again after it changed, and does what
// the change needs: nothing more for new severities (they apply as the
// findings are published), the rules across records again when a rule
// was switched on or off. It returns false when the limits changed: then
// every file must be read again.
func (ds *dataset) reconfigure() bool {
	cfg, l, err := ds.readConfig()
	if err != nil || cfg.Limits != ds.cfg.Limits {
		return false
	}
	before := ds.enabled()
	ds.cfg, ds.cfgDiags = cfg, l
	if after := ds.enabled(); len(after) != len(before) || !sameRules(after, before) {
		ds.crossAll()
		ds.prepare()
	}
	return true
}

func sameRules(a, b []rules.Rule) bool {
	for i := range a {
		if a[i].Doc().ID != b[i].Doc().ID {
			return false
		}
	}
	return true
}

// list lists the records folder: the record files (with the open files
// that are record paths but not yet on disk), in file order, and the
// findings of the listing by path.
func (ds *dataset) list(open []string) ([]string, error) {
	ds.listed = map[string]diag.List{}
	var paths []string
	files, skipped, found, err := read.List(ds.abs(recordsRoot), ds.set, ds.cfg.Limits)
	ds.missing = errors.Is(err, read.ErrNoRecords)
	switch {
	case errors.Is(err, read.ErrNoRecords):
	case err != nil:
		return nil, err
	}
	prefix := filepath.ToSlash(ds.abs(recordsRoot)) + "/"
	for _, f := range files {
		if rest, ok := strings.CutPrefix(f.Path, prefix); ok {
			paths = append(paths, recordsRoot+"/"+rest)
		}
	}
	ds.skipped = nil
	for _, s := range skipped {
		if p, ok := ds.rel(filepath.FromSlash(s.Path)); ok {
			s.Path = p
			ds.skipped = append(ds.skipped, validate.Unread(nil, []read.Skipped{s})...)
		}
	}
	for _, d := range found {
		if p, ok := ds.rel(filepath.FromSlash(d.File)); ok {
			d.File = p
			ds.listed[p] = append(ds.listed[p], d)
		}
	}
	for _, p := range open {
		if i, found := sort.Find(len(paths), func(i int) int { return strings.Compare(p, paths[i]) }); !found && ds.kindOf(p) != nil {
			paths = append(paths[:i], append([]string{p}, paths[i:]...)...)
		}
	}
	return paths, nil
}

// read reads and checks one record file on its own.
func (ds *dataset) read(file string) *entry {
	src, failed := ds.source(file)
	if failed != nil {
		return failed
	}
	return ds.check(file, src)
}

// source returns the text of a record file, the editor's or the disk's;
// an entry holding the finding when it cannot be read.
func (ds *dataset) source(file string) ([]byte, *entry) {
	kind := ds.kindOf(file)
	src := ds.open(file)
	if src == nil {
		b, d := read.ReadFile(ds.abs(file), ds.cfg.Limits.FileSize())
		if d != nil {
			d.File = file
			return nil, &entry{rec: &record.Record{Kind: kind, File: file}, own: diag.List{*d}}
		}
		return b, nil
	}
	if max := ds.cfg.Limits.FileSize(); int64(len(src)) > max {
		// the editor's text is held to max-file-size as the disk's is
		return nil, &entry{rec: &record.Record{Kind: kind, File: file}, own: diag.List{{File: file, Rule: "limit", Severity: diag.Error,
			Message: fmt.Sprintf("file of %d bytes is over the limit of %d bytes", len(src), max),
			Hint:    "the record is not read; split it, or raise max-file-size"}}}
	}
	return src, nil
}

// check reads and checks the text of a record file.
func (ds *dataset) check(file string, src []byte) *entry {
	kind := ds.kindOf(file)
	rec, own := ds.checker.File(file, kind, src)
	rules.Derive(rec, src)
	return &entry{rec: rec, own: own, indexed: kind != nil && rec.Value.IsMap()}
}

// unreadNow returns what the rules cannot see of the dataset: the record
// files that did not read as a mapping, and the entries the listing
// skipped (validate.Unread), in no order.
func (ds *dataset) unreadNow() []rules.Unread {
	out := slices.Clone(ds.skipped)
	for _, e := range ds.unread {
		out = append(out, rules.UnreadRecord(e.rec))
	}
	return out
}

// enabled returns the rules across records that dossier.yaml leaves on.
func (ds *dataset) enabled() []rules.Rule {
	var on []rules.Rule
	for _, r := range rules.Catalog {
		if s, ok := ds.cfg.Rules[r.Doc().ID]; !ok || s != diag.Off {
			on = append(on, r)
		}
	}
	return on
}

// sortEntries puts entries in file order.
func sortEntries(entries []*entry) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].rec.File < entries[j].rec.File })
}

// records returns the indexed records of entries (in file order).
func records(entries []*entry) []*record.Record {
	recs := make([]*record.Record, 0, len(entries))
	for _, e := range entries {
		if e.indexed {
			recs = append(recs, e.rec)
		}
	}
	return recs
}

// crossAll runs every rule across records over the whole dataset. The
// maps that the incremental path and the requests use are made by
// prepare, after the first findings are published.
func (ds *dataset) crossAll() {
	all := make([]*entry, 0, len(ds.files))
	for _, e := range ds.files {
		all = append(all, e)
	}
	sortEntries(all)
	ds.cross(all)
}

// cross is crossAll over the entries of every file, in file order.
func (ds *dataset) cross(all []*entry) {
	for _, e := range all {
		e.cross = nil
	}
	ix := rules.NewIndex(rules.Input{Schemas: ds.set, Root: recordsRoot, Records: records(all), Unread: ds.unreadNow(),
		Locate: ds, IsNew: ds.isNew})
	found := rules.Run(ix, ds.enabled(), ds.jobs)
	for _, d := range found {
		if e := ds.files[d.File]; e != nil {
			e.cross = append(e.cross, d)
		}
	}
	ds.loops = map[string]int{}
	ds.unknown = map[*entry]bool{}
	ds.dups = 0
	for _, e := range all {
		ds.noteCross(e, 1)
	}
	ds.refs, ds.sorted, ds.ready = ix.Refs, all, false
}

// prepare makes, after a whole run, the maps of who has which ID,
// references what and shares which affinity key, and the affinity keys
// of the records that have none yet.
func (ds *dataset) prepare() {
	if ds.ready {
		return
	}
	all := ds.sorted
	var todo []*entry
	for _, e := range all {
		e.refs = nil
		if e.indexed && !e.keyed {
			todo = append(todo, e)
		}
	}
	parallel.For(len(todo), ds.jobs, func(i int) { todo[i].key() })
	var last *entry
	for _, r := range ds.refs {
		e := ds.files[r.From.File]
		if e != last {
			e.refs = make([]ref, 0, 4)
			last = e
		}
		e.refs = append(e.refs, ref{ptr: r.Pointer(), id: r.ID(), kinds: r.Kinds()})
	}
	ds.refs, ds.sorted = nil, nil
	ds.byID = map[string][]*entry{}
	ds.referrers = map[string][]*entry{}
	ds.affinity = map[uint64][]*entry{}
	ds.kinds = map[string][]*entry{}
	ds.near = map[string]*rules.IDIndex{}
	for _, e := range all { // in file order: the lists are made sorted
		ds.index(e)
	}
	ds.ready = true
}

// key sets the record's affinity keys.
func (e *entry) key() {
	e.aff, e.keyed = rules.Affinity(e.rec), true
}

// index adds e to the maps; unindex takes it out.
func (ds *dataset) index(e *entry) {
	if !e.indexed {
		return
	}
	if id := e.rec.ID; id != "" {
		ds.byID[id] = append(ds.byID[id], e)
	}
	for i, r := range e.refs {
		if !containsRef(e.refs[:i], r.id) {
			ds.referrers[r.id] = append(ds.referrers[r.id], e)
		}
	}
	for _, k := range e.aff {
		ds.affinity[k] = insertSorted(ds.affinity[k], e)
	}
	ds.kinds[e.rec.Kind.Name] = insertSorted(ds.kinds[e.rec.Kind.Name], e)
}

func (ds *dataset) unindex(e *entry) {
	if !e.indexed {
		return
	}
	if id := e.rec.ID; id != "" {
		ds.byID[id] = remove(ds.byID[id], e)
		if len(ds.byID[id]) == 0 {
			delete(ds.byID, id)
		}
	}
	for i, r := range e.refs {
		if !containsRef(e.refs[:i], r.id) {
			ds.referrers[r.id] = remove(ds.referrers[r.id], e)
			if len(ds.referrers[r.id]) == 0 {
				delete(ds.referrers, r.id)
			}
		}
	}
	for _, k := range e.aff {
		ds.affinity[k] = remove(ds.affinity[k], e)
		if len(ds.affinity[k]) == 0 {
			delete(ds.affinity, k)
		}
	}
	kind := e.rec.Kind.Name
	ds.kinds[kind] = remove(ds.kinds[kind], e)
}

// idDuplicate is the rule whose findings depend on git's last commit.
const idDuplicate = "id-duplicate"

// noteCross counts (sign 1) or uncounts (-1) the findings of e that the
// incremental path watches: ref-cycle's, by link field, id-duplicate's,
// and whether e has findings that name IDs of the whole dataset
// (namesIDs).
func (ds *dataset) noteCross(e *entry, sign int) {
	unresolved := false
	for _, d := range e.cross {
		if d.Rule == idDuplicate {
			ds.dups += sign
		}
		switch {
		case d.Rule == rules.LoopRule:
			ds.loops[rules.LoopField(d.Pointer)] += sign
		case namesIDs[d.Rule]:
			unresolved = true
		}
	}
	if unresolved && sign > 0 {
		ds.unknown[e] = true
	} else if sign < 0 {
		delete(ds.unknown, e)
	}
}

func containsRef(refs []ref, id string) bool {
	for _, r := range refs {
		if r.id == id {
			return true
		}
	}
	return false
}

func remove(l []*entry, e *entry) []*entry {
	for i, x := range l {
		if x == e {
			copy(l[i:], l[i+1:])
			l[len(l)-1] = nil
			return l[:len(l)-1]
		}
	}
	return l
}

func insertSorted(l []*entry, e *entry) []*entry {
	i := sort.Search(len(l), func(i int) bool { return l[i].rec.File >= e.rec.File })
	l = append(l, nil)
	copy(l[i+1:], l[i:])
	l[i] = e
	return l
}

// nearIDs returns the index of the IDs of the records of kind that no
// other record shares, in file order: what the did-you-mean suggestions
// draw on. It is kept until an ID changes.
func (ds *dataset) nearIDs(kind string) *rules.IDIndex {
	if ix := ds.near[kind]; ix != nil {
		return ix
	}
	var ids []string
	for _, e := range ds.kinds[kind] {
		if id := e.rec.ID; id != "" && len(ds.byID[id]) == 1 {
			ids = append(ids, id)
		}
	}
	ix := rules.NewIDIndex(ids)
	ds.near[kind] = ix
	return ix
}

// lookup returns the record a reference resolves to, as the rules resolve
// it: the one record with the ID, when its kind is one of kinds.
func (ds *dataset) lookup(id string, kinds []string) *entry {
	g := ds.byID[id]
	if len(g) != 1 {
		return nil
	}
	for _, k := range kinds {
		if g[0].rec.Kind.Name == k {
			return g[0]
		}
	}
	return nil
}

// Locate implements rules.Locator: positions are read from the file's text
// (the editor's, else the disk's) on the first finding about it.
func (ds *dataset) Locate(rec *record.Record, pointer string, key bool) diag.Pos {
	ds.posMu.Lock()
	pos, ok := ds.pos[rec.File]
	ds.posMu.Unlock()
	if !ok {
		if b := ds.bytes(rec.File); b != nil {
			pos = read.Parse(rec.File, b, rec.Kind, ds.cfg.Limits).Positions()
		}
		ds.posMu.Lock()
		ds.pos[rec.File] = pos
		ds.posMu.Unlock()
	}
	return pos.Find(pointer, key)
}

// bytes returns the text of a file: the editor's, else the disk's; nil
// when it cannot be read or is over max-file-size.
func (ds *dataset) bytes(file string) []byte {
	if b := ds.open(file); b != nil {
		if int64(len(b)) > ds.cfg.Limits.FileSize() {
			return nil
		}
		return b
	}
	b, d := read.ReadFile(ds.abs(file), ds.cfg.Limits.FileSize())
	if d != nil {
		return nil
	}
	return b
}

// forget drops what is known of a file's positions, after it changed.
func (ds *dataset) forget(file string) {
	ds.posMu.Lock()
	delete(ds.pos, file)
	ds.posMu.Unlock()
}

// findings returns what a file's diagnostics are: its own findings and
// those of the rules across records (or of the listing, for a path that
// holds no record), with silences and severities applied, sorted.
func (ds *dataset) findings(file string) diag.List {
	var l diag.List
	var recs []*record.Record
	if e := ds.files[file]; e != nil {
		l = append(append(l, e.own...), e.cross...)
		recs = []*record.Record{e.rec}
	}
	l = append(l, ds.listed[file]...)
	if file == config.File {
		l = append(l, ds.cfgDiags...)
	}
	return validate.Finish(recs, l, ds.cfg)
}

// withFindings returns every path that has findings of any kind.
func (ds *dataset) withFindings() []string {
	var out []string
	for p, e := range ds.files {
		if len(e.own) > 0 || len(e.cross) > 0 || len(e.rec.Ignores) > 0 {
			out = append(out, p)
		}
	}
	for p := range ds.listed {
		if ds.files[p] == nil {
			out = append(out, p)
		}
	}
	if len(ds.cfgDiags) > 0 {
		out = append(out, config.File)
	}
	sort.Strings(out)
	return out
}

// fileExists reports whether a regular file is at p.
func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}
