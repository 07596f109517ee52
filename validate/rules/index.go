package rules

import (
	"slices"
	"strings"

	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"
)

// Locator finds where the value at a JSON pointer of a record is written
// (its key, when key is true). It is called from several goroutines.
type Locator interface {
	Locate(rec *record.Record, pointer string, key bool) diag.Pos
}

// Input is the dataset the rules look at.
type Input struct {
	Schemas *schemas.Set
	Root    string           // the records folder, as reported, for hints
	Records []*record.Record // every record loaded, in file order
	Locate  Locator
	// IsNew tells the files that the last commit does not hold, so that a
	// duplicate ID is reported on the copy, not on the original; nil
	// outside a git checkout.
	IsNew func(file string) bool
	// Unread are the entries of the records folder that may hold records
	// the rules cannot see (see Unread).
	Unread []Unread
	// Near returns the index that the did-you-mean suggestions for a
	// reference to kind are drawn from: of the IDs of the records of
	// kind, in file order, that no other record shares. Nil builds them
	// from Records; a caller that checks part of a dataset (the language
	// server) gives those of the whole, kept across runs.
	Near func(kind string) *IDIndex
}

// Index is what the rules share: the records by kind and by ID, and every
// reference between them, each resolved. It is built once per run; the
// rules only read it.
type Index struct {
	Input
	// All are the records the rules see: parsed to a mapping, of a known
	// kind, in file order.
	All  []*record.Record
	Refs []Ref // every reference, in record then field order

	byKind map[string][]*record.Record
	byID   idTable                     // every ID, by its hash
	dups   map[string][]*record.Record // the records of each ID several have, in file order
	facts  map[*record.Record]*Facts   // of the records loaded without them (Derive)
	unseen unseen                      // what Input.Unread may hold
}

// Ref is one reference from a record to another, found at a field the
// schemas declare with x-ref.
type Ref struct {
	From *record.Record
	To   *record.Record // the record named when it exists, is unique and of a kind the field accepts; else nil
	at   *refAt
	// Live is true when From is active (not withdrawn); ToLive when To is
	// set and active.
	Live, ToLive bool
	// Duplicated is true when several records have the ID: id-duplicate
	// reports it, and no other rule follows the reference.
	Duplicated bool
	// Unread is true when the reference names no record the rules see,
	// and a record they cannot see may have the ID (Input.Unread): the
	// finding of that record's file is the one to fix, and no rule
	// reports the reference.
	Unread bool
}

// ID returns the ID written.
func (r Ref) ID() string { return r.at.id }

// Pointer returns the JSON pointer of the value: /sources/0/source.
func (r Ref) Pointer() string { return r.at.leaf.pointer(r.at.index) }

// Kinds returns the kinds the field accepts, in schema order (its x-ref).
func (r Ref) Kinds() []string { return r.at.leaf.kinds }

// Field returns the record's field the reference is in: sources for
// /sources/0/source.
func (r Ref) Field() string { return r.at.leaf.top }

// NewIndex indexes the dataset.
func NewIndex(in Input) *Index {
	ix := &Index{Input: in, byKind: map[string][]*record.Record{},
		dups: map[string][]*record.Record{}, All: make([]*record.Record, 0, len(in.Records))}
	for _, rec := range in.Records {
		if rec != nil && rec.Kind != nil && rec.Value.IsMap() {
			ix.All = append(ix.All, rec)
			ix.byKind[rec.Kind.Name] = append(ix.byKind[rec.Kind.Name], rec)
		}
	}
	ix.unseen = newUnseen(in.Unread)
	ix.deriveMissing()
	ix.indexIDs()
	ix.resolve()
	return ix
}

// deriveMissing derives the facts of the records loaded without them, on
// every core.
func (ix *Index) deriveMissing() {
	var missing []*record.Record
	for _, rec := range ix.All {
		if _, ok := rec.Derived.(*Facts); !ok {
			missing = append(missing, rec)
		}
	}
	if len(missing) == 0 {
		return
	}
	made := make([]*Facts, len(missing))
	parallel.For(len(missing), 0, func(i int) { made[i] = derive(missing[i]) })
	ix.facts = make(map[*record.Record]*Facts, len(missing))
	for i, rec := range missing {
		ix.facts[rec] = made[i]
	}
}

// indexIDs fills the table of IDs, and dups with the IDs several records
// have.
func (ix *Index) indexIDs() {
	ix.byID = newIDTable(len(ix.All))
	size := 0
	for _, rec := range ix.All {
		size += len(rec.ID)
	}
	var ids strings.Builder // the IDs side by side, not in each record's value
	ids.Grow(size)
	for _, rec := range ix.All {
		ids.WriteString(rec.ID)
	}
	all, at := ids.String(), 0
	for _, rec := range ix.All {
		id := all[at : at+len(rec.ID)]
		at += len(id)
		if id == "" {
			continue
		}
		h := ix.factsOf(rec).idHash
		switch t, slot := ix.byID.find(id, h); {
		case t == nil:
			ix.byID.add(slot, target{id: id, hash: h, rec: rec, kind: rec.Kind.Name, live: ix.Active(rec)})
		case t.dup:
			ix.dups[id] = append(ix.dups[id], rec)
		default:
			t.dup = true
			ix.dups[id] = []*record.Record{t.rec, rec}
		}
	}
}

// resolve lists every reference, resolved, and marks the records that
// others reference.
func (ix *Index) resolve() {
	n := 0
	for _, rec := range ix.All {
		n += len(ix.factsOf(rec).refs)
	}
	ix.Refs = make([]Ref, 0, n)
	for _, rec := range ix.All {
		f := ix.factsOf(rec)
		for i := range f.refs {
			at := &f.refs[i]
			r := Ref{From: rec, at: at, Live: f.active}
			switch t, _ := ix.byID.find(at.id, at.hash); {
			case t == nil:
			case t.dup:
				r.Duplicated = true
			case contains(at.leaf.kinds, t.kind):
				r.To, r.ToLive = t.rec, t.live
				t.referenced = t.referenced || t.rec != rec
			}
			r.Unread = r.To == nil && !r.Duplicated && ix.unseen.mayHold(at.id, at.leaf.kinds) != ""
			ix.Refs = append(ix.Refs, r)
		}
	}
}

// idTable finds records by ID: open addressing on the ID's hash, made
// when the record is loaded (Facts), in a table at most half full. An ID
// is compared as text only when its hash matches.
type idTable struct {
	slots []int32 // the target's index in all, plus one; 0 when empty
	mask  uint32
	all   []target // in the file order of the records
}

// target is a record as a reference finds it: its ID, kind and status
// beside it, so resolving a reference reads the table alone.
type target struct {
	id   string
	hash uint32
	rec  *record.Record // the first record of the ID
	kind string
	live bool
	dup  bool // several records have the ID
	// referenced is true when a reference from another record resolves
	// to it.
	referenced bool
}

func newIDTable(n int) idTable {
	size := 1
	for size < 2*n {
		size *= 2
	}
	return idTable{slots: make([]int32, size), mask: uint32(size - 1), all: make([]target, 0, n)}
}

// find returns the target of id, of hash h, or nil and the slot to add it
// at.
func (t *idTable) find(id string, h uint32) (*target, uint32) {
	i := h & t.mask
	for ; t.slots[i] != 0; i = (i + 1) & t.mask {
		if x := &t.all[t.slots[i]-1]; x.hash == h && x.id == id {
			return x, i
		}
	}
	return nil, i
}

// add puts x at an empty slot that find returned.
func (t *idTable) add(slot uint32, x target) {
	t.all = append(t.all, x)
	t.slots[slot] = int32(len(t.all))
}

// unique returns the target of id when exactly one record has it.
func (t *idTable) unique(id string) *target {
	if x, _ := t.find(id, hashID(id)); x != nil && !x.dup {
		return x
	}
	return nil
}

// factsOf returns the facts of a record of ix.All.
func (ix *Index) factsOf(rec *record.Record) *Facts {
	if f, ok := rec.Derived.(*Facts); ok {
		return f
	}
	if f := ix.facts[rec]; f != nil {
		return f
	}
	return factsOf(rec)
}

// Kind returns the records of kind name, in file order.
func (ix *Index) Kind(name string) []*record.Record { return ix.byKind[name] }

// ID returns the record with the given ID when exactly one record has it.
func (ix *Index) ID(id string) *record.Record {
	if t := ix.byID.unique(id); t != nil {
		return t.rec
	}
	return nil
}

// Lookup returns the record with the given ID when it is unique and of
// kind; nil otherwise (ref-unresolved or id-duplicate reports it).
func (ix *Index) Lookup(id, kind string) *record.Record {
	if t := ix.byID.unique(id); t != nil && t.kind == kind {
		return t.rec
	}
	return nil
}

// Active reports whether a record is in use: not withdrawn.
func (ix *Index) Active(rec *record.Record) bool { return ix.factsOf(rec).active }

// Date returns a record's date field parsed, with its text, when it is
// valid EDTF.
func (ix *Index) Date(rec *record.Record, field string) (edtf.Date, string, bool) {
	if f := ix.factsOf(rec); f.whenName() == field {
		return f.when, f.when.String(), f.whenOK
	}
	s := rec.Text(field)
	if s == "" {
		return edtf.Date{}, "", false
	}
	d, err := edtf.Parse(s)
	return d, s, err == nil
}

func sortFields(fs []refField) {
	slices.SortFunc(fs, func(a, b refField) int { return strings.Compare(a.name, b.name) })
}
