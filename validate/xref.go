package validate

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/edtf"
)

// The cross-record pass. Each rule that looks across records lives in its
// own file (rule_<id>.go): it registers its catalog entry with register and
// its check with crossCheck. Checks run once over the whole dataset, after
// every record is loaded and schema-checked, and share the indexes built
// here: records by ID, references found through the schemas' x-ref fields,
// and parsed dates. Every index is built in one pass over the records, so
// the cross-record pass is linear in the number of records. With a cache
// folder, a rule whose input has not changed since the last run gives the
// findings it gave then instead of running (xref_memo.go); each rule
// declares what it reads for that (reads, xref_reads.go).

// crossRule pairs a catalog entry with its check and what the check reads.
type crossRule struct {
	rule  *Rule
	reads reads
	check func(x *xref)
}

var crossRules []crossRule

// crossCheck registers the check of a cross-record rule, with what it
// reads of the records (see reads); rule files call it from init.
func crossCheck(r *Rule, rd reads, check func(x *xref)) {
	crossRules = append(crossRules, crossRule{r, rd, check})
}

// silenceable reports whether findings of rule id may be silenced inline:
// only those of cross-record rules. A finding of the input or schema layer
// means the record itself is broken.
func silenceable(id string) bool {
	for _, c := range crossRules {
		if c.rule.ID == id {
			return true
		}
	}
	return false
}

// ref is one reference from a record to another, found at a field the
// schemas declare with x-ref.
type ref struct {
	from    *Record
	to      *Record  // the record named, when it exists and is of a kind the field accepts; else nil
	live    bool     // from is active (not withdrawn)
	toLive  bool     // to is set and active
	pointer string   // JSON pointer of the value: /sources/0/source
	id      string   // the ID written
	kinds   []string // kinds the field accepts, in schema order
}

// xref is the state the cross-record checks share.
type xref struct {
	ds    *Dataset
	diags List        // findings; positions not yet looked up (see finish)
	at    []findingAt // per finding in diags: where to look its position up

	all       []*Record          // the records rules see: parsed to a mapping, of a known kind; file order
	lazy      *lazyIndex         // byID and refs, built on first use; nil: the two fields below hold them
	byID      map[string]*Record // first record (in file order) with each ID; read through ids()
	refs      []ref              // every reference, in record then field order; read through allRefs()
	dates     map[string]*edtfDate
	near      map[string]*idIndex // kind -> ID index for suggestions, built on first use
	suggested map[string]string   // id and kinds -> "; did you mean …?"

	path      []byte            // scratch: the pointer being built by collectRefs
	live      bool              // scratch: the record collectRefs walks is active
	pointers  map[string]string // the pointers of refs, kept once each
	refFields map[*schemas.Field]bool

	files    map[string]*Record     // file -> record, for finish; built on first use
	recDates *[recDateSlots]recDate // recDate's cache, per view
	sigs     *quoteSigs             // quote-duplicate's memo of text signatures; nil without a memo
}

// findingAt says where a finding is: at pointer (d.Pointer) of rec, at
// its key when key is true.
type findingAt struct {
	rec *Record
	key bool
}

// pending is a finding of one rule whose position, and the positions its
// message and hint name (see where), are looked up by finish.
type pending struct {
	d Diagnostic
	findingAt
}

// edtfDate is a parsed date; ok is false when the text is not valid EDTF
// (the schema layer reports that).
type edtfDate struct {
	d  edtf.Date
	ok bool
}

// CrossCheck runs the cross-record rules over a loaded dataset and returns
// their findings, sorted, with the severities of opts.Severity applied.
// Rules switched off do not run. Run calls it after Load; it reads the
// records' files again only to position findings.
//
// With opts.Cache set, the findings of each rule are kept in a memo there
// (see xref_memo.go) with a digest of everything the rule reads; a rule
// whose digest is unchanged gives its kept findings instead of running.
// The output is the same with or without the memo.
func (ds *Dataset) CrossCheck(opts Options) List {
	l, _ := ds.crossCheck(opts)
	return l
}

// memoStats counts the rules that gave kept findings and those that ran,
// for tests.
type memoStats struct{ kept, ran, sigHits int }

func (ds *Dataset) crossCheck(opts Options) (List, memoStats) {
	x := &xref{
		ds:        ds,
		dates:     map[string]*edtfDate{},
		near:      map[string]*idIndex{},
		pointers:  map[string]string{},
		refFields: map[*schemas.Field]bool{},
		lazy:      &lazyIndex{jobs: opts.jobs()},
	}
	x.all = make([]*Record, 0, len(ds.Records))
	for _, rec := range ds.Records {
		if rec == nil || !rec.Value.IsMap() || rec.Kind == nil {
			continue
		}
		x.all = append(x.all, rec)
	}
	var run []crossRule
	for _, c := range crossRules {
		if s, ok := opts.Severity[c.rule.ID]; ok && s == Off {
			continue
		}
		run = append(run, c)
	}
	m := openMemo(x, opts, run) // nil without a cache folder
	todo := run
	if m != nil {
		todo = m.stale()
	}
	fresh := x.runRules(todo, opts.jobs())
	var found []pending
	if m != nil {
		found = m.merge(todo, fresh)
		m.save()
	} else {
		for _, f := range fresh {
			found = append(found, f...)
		}
	}
	diags := x.finish(found)
	applySeverity(&diags, opts.Severity)
	diags.Sort()
	st := memoStats{kept: len(run) - len(todo), ran: len(todo)}
	if x.sigs != nil {
		st.sigHits = x.sigs.hits
	}
	return diags, st
}

// lazyIndex holds the indexes that not every rule needs, built by the
// first rule that asks (ids, allRefs) and shared by every view: a run in
// which only quote-duplicate runs again builds neither.
type lazyIndex struct {
	jobs                         int // goroutines that resolve refs
	idsOnce, refsOnce, kindsOnce sync.Once
	byID                         map[string]*Record
	refs                         []ref
	byKind                       map[string][]*Record // all, by kind name
}

// ids returns the first record (in file order) with each ID.
func (x *xref) ids() map[string]*Record {
	if x.lazy == nil {
		return x.byID
	}
	x.lazy.idsOnce.Do(func() {
		byID := make(map[string]*Record, len(x.all))
		for _, rec := range x.all {
			if rec.ID != "" {
				if _, seen := byID[rec.ID]; !seen {
					byID[rec.ID] = rec
				}
			}
		}
		x.lazy.byID = byID
	})
	return x.lazy.byID
}

// allRefs returns every reference, in record then field order, each
// resolved to its target when that exists and is of a kind the field
// accepts.
func (x *xref) allRefs() []ref {
	if x.lazy == nil {
		return x.refs
	}
	x.lazy.refsOnce.Do(func() {
		byID := x.ids()
		b := &xref{refs: make([]ref, 0, 4*len(x.all)), pointers: map[string]string{}, refFields: map[*schemas.Field]bool{}}
		for _, rec := range x.all {
			b.path = b.path[:0]
			b.live = active(rec)
			b.collectRefs(rec, rec.Kind.Fields, rec.Value)
		}
		// Resolving is most of the work (a lookup by ID per reference): in
		// parts, side by side.
		parallel(len(b.refs), max(1, x.lazy.jobs), func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				r := &b.refs[i]
				if t := byID[r.id]; t != nil && contains(r.kinds, t.Kind.Name) {
					r.to, r.toLive = t, active(t)
				}
			}
		})
		x.lazy.refs = b.refs
	})
	return x.lazy.refs
}

// runRules runs the checks on up to jobs goroutines and returns the
// findings of each, in the order of run. The shared indexes (all, byKind,
// the lazy ones) are only read once built; each goroutine works on a
// view of its own, with its own findings and its own lazily filled caches
// (parsed dates, ID indexes, suggestions), so rules share no written
// state. The findings are later sorted, so which goroutine ran which rule
// never shows in the output.
func (x *xref) runRules(run []crossRule, jobs int) [][]pending {
	out := make([][]pending, len(run))
	one := func(v *xref, i int) {
		n := len(v.diags)
		run[i].check(v)
		p := make([]pending, len(v.diags)-n)
		for k := range p {
			p[k] = pending{v.diags[n+k], v.at[n+k]}
		}
		out[i] = p
	}
	if jobs > len(run) {
		jobs = len(run)
	}
	if jobs <= 1 {
		for i := range run {
			one(x, i)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range jobs {
		v := x.view()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(run) {
					return
				}
				one(v, i)
			}
		}()
	}
	wg.Wait()
	return out
}

// view returns a copy of x that shares its read-only indexes and has fresh
// findings and caches.
func (x *xref) view() *xref {
	v := *x
	v.diags = nil
	v.at = nil
	v.dates = make(map[string]*edtfDate, len(x.dates))
	v.near = map[string]*idIndex{}
	v.suggested = nil
	v.recDates = nil
	v.path = nil
	v.refFields = make(map[*schemas.Field]bool, len(x.refFields))
	for f, has := range x.refFields {
		v.refFields[f] = has
	}
	return &v
}

// collectRefs walks a mapping value along its declared fields and records
// every value of a field with x-ref. x.path holds the pointer of m.
func (x *xref) collectRefs(rec *Record, fields []*schemas.Field, m Value) {
	for _, f := range fields {
		if !x.hasRefs(f) {
			continue
		}
		v := m.Get(f.Name)
		if !v.Exists() {
			continue
		}
		n := len(x.path)
		x.path = append(append(x.path, '/'), escapePointer(f.Name)...)
		x.collectField(rec, f, v)
		x.path = x.path[:n]
	}
}

func (x *xref) collectField(rec *Record, f *schemas.Field, v Value) {
	switch v.Kind() {
	case KindString:
		if f.Ref != nil {
			t := v.Text()
			p, ok := x.pointers[string(x.path)]
			if !ok {
				p = string(x.path)
				x.pointers[p] = p
			}
			x.refs = append(x.refs, ref{from: rec, pointer: p, id: t, kinds: f.Ref, live: x.live})
		}
	case KindList:
		if f.Items == nil {
			return
		}
		for i, it := range v.Items() {
			n := len(x.path)
			x.path = strconv.AppendInt(append(x.path, '/'), int64(i), 10)
			x.collectField(rec, f.Items, it)
			x.path = x.path[:n]
		}
	case KindMap:
		if f.Fields != nil {
			x.collectRefs(rec, f.Fields, v)
		}
	}
}

// records returns the loaded records of kind name (all kinds when ""), in
// file order; records that did not parse to a mapping are left out. The
// slice is shared: callers only read it.
func (x *xref) records(kind string) []*Record {
	if x.lazy != nil {
		if kind == "" {
			return x.all
		}
		x.lazy.kindsOnce.Do(func() {
			by := map[string][]*Record{}
			for _, rec := range x.all {
				by[rec.Kind.Name] = append(by[rec.Kind.Name], rec)
			}
			x.lazy.byKind = by
		})
		return x.lazy.byKind[kind]
	}
	out := make([]*Record, 0, len(x.ds.Records))
	for _, rec := range x.ds.Records {
		if rec == nil || !rec.Value.IsMap() || rec.Kind == nil {
			continue
		}
		if kind == "" || rec.Kind.Name == kind {
			out = append(out, rec)
		}
	}
	return out
}

// lookup returns the record with the given ID when it is of kind; nil
// otherwise (ref-unresolved reports it).
func (x *xref) lookup(id, kind string) *Record {
	t := x.ids()[id]
	if t == nil || t.Kind.Name != kind {
		return nil
	}
	return t
}

// date parses an EDTF text once per distinct text.
func (x *xref) date(s string) (edtf.Date, bool) {
	if d, ok := x.dates[s]; ok {
		return d.d, d.ok
	}
	d, err := edtf.Parse(s)
	x.dates[s] = &edtfDate{d, err == nil}
	return d, err == nil
}

// recDate returns a record's date field parsed, when it is valid EDTF.
// Rules ask for the dates of the same records many times over (a record's
// once per reference it makes, an event's once per reference to it), so
// the answers are kept in a small cache of the view, by record.
func (x *xref) recDate(rec *Record, field string) (edtf.Date, string, bool) {
	if x.recDates == nil {
		x.recDates = new([recDateSlots]recDate)
	}
	slot := &x.recDates[(uintptr(unsafe.Pointer(rec))>>4)%recDateSlots]
	if slot.rec == rec && slot.field == field {
		return slot.d, slot.s, slot.ok
	}
	s := text(rec.Value, field)
	var d edtf.Date
	ok := false
	if s != "" {
		d, ok = x.date(s)
	}
	*slot = recDate{rec, field, d, s, ok}
	return d, s, ok
}

// recDate is an answer of xref.recDate.
type recDate struct {
	rec   *Record
	field string
	d     edtf.Date
	s     string
	ok    bool
}

const recDateSlots = 16381 // a prime: record addresses are spaced evenly

// add reports a finding at pointer of rec (its key when key is true). Its
// position is looked up once every rule has run (finish).
func (x *xref) add(rule *Rule, sev Severity, rec *Record, pointer string, key bool, hint, format string, args ...any) {
	x.diags.Add(Diagnostic{File: rec.File, Pointer: pointer,
		Rule: rule.ID, Severity: sev, Message: fmt.Sprintf(format, args...), Hint: hint})
	x.at = append(x.at, findingAt{rec, key})
}

// where stands for "records/events/x.yaml:3:7", the position of pointer in
// rec, in a message or hint: it returns a mark that finish replaces with
// the position (see xref_where.go).
func (x *xref) where(rec *Record, pointer string) string {
	return whereMark(rec.File, pointer)
}

// active reports whether a record is in use: its status is not withdrawn.
func active(rec *Record) bool { return text(rec.Value, "status") != "withdrawn" }

// isTrue reports whether v is the boolean true.
func isTrue(v Value) bool {
	b, ok := v.Bool()
	return b && ok
}

// text returns the text field of a mapping, or "" when absent or not text.
func text(m Value, key string) string { return m.Get(key).Text() }

// number returns the number field of a mapping and whether it is one.
func number(m Value, key string) (float64, bool) {
	n, ok := m.Get(key).Num()
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// withArticle gives "an actor", "a place".
func withArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// kindsWords gives "an actor", "an event or a quote", "a record" for every kind.
func kindsWords(kinds []string, all int) string {
	if len(kinds) >= all && all > 1 {
		return "a record"
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, withArticle(k))
	}
	return strings.Join(parts, " or ")
}

// hasRefs reports whether f or a field within it is a reference; fields
// without any are not walked. Answers are kept per field.
func (x *xref) hasRefs(f *schemas.Field) bool {
	if v, ok := x.refFields[f]; ok {
		return v
	}
	has := f.Ref != nil || (f.Items != nil && x.hasRefs(f.Items))
	for _, sub := range f.Fields {
		has = x.hasRefs(sub) || has
	}
	x.refFields[f] = has
	return has
}
