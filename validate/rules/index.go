package rules

import (
	"strconv"

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
	byID   map[string]*record.Record   // the record of each ID only one record has
	dups   map[string][]*record.Record // the records of each ID several have, in file order
	active map[*record.Record]bool     // records not withdrawn
}

// Ref is one reference from a record to another, found at a field the
// schemas declare with x-ref.
type Ref struct {
	From    *record.Record
	To      *record.Record // the record named when it exists, is unique and of a kind the field accepts; else nil
	Pointer string         // JSON pointer of the value: /sources/0/source
	ID      string         // the ID written
	Kinds   []string       // kinds the field accepts, in schema order
	// Live is true when From is active (not withdrawn); ToLive when To is
	// set and active.
	Live, ToLive bool
	// Duplicated is true when several records have the ID: id-duplicate
	// reports it, and no other rule follows the reference.
	Duplicated bool
}

// NewIndex indexes the dataset.
func NewIndex(in Input) *Index {
	ix := &Index{Input: in, byKind: map[string][]*record.Record{}, byID: map[string]*record.Record{},
		dups: map[string][]*record.Record{}, active: map[*record.Record]bool{}}
	for _, rec := range in.Records {
		if rec == nil || rec.Kind == nil || !rec.Value.IsMap() {
			continue
		}
		ix.All = append(ix.All, rec)
		ix.byKind[rec.Kind.Name] = append(ix.byKind[rec.Kind.Name], rec)
		if rec.Active() {
			ix.active[rec] = true
		}
		if rec.ID == "" {
			continue
		}
		if d, ok := ix.dups[rec.ID]; ok {
			ix.dups[rec.ID] = append(d, rec)
		} else if first, ok := ix.byID[rec.ID]; ok {
			ix.dups[rec.ID] = []*record.Record{first, rec}
			delete(ix.byID, rec.ID)
		} else {
			ix.byID[rec.ID] = rec
		}
	}
	c := refCollector{ix: ix, pointers: map[string]string{}, hasRefs: map[*schemas.Field]bool{}}
	for _, rec := range ix.All {
		c.path = c.path[:0]
		c.from, c.live = rec, ix.active[rec]
		c.fields(rec.Kind.Fields, rec.Value)
	}
	ix.Refs = c.refs
	return ix
}

// Kind returns the records of kind name, in file order.
func (ix *Index) Kind(name string) []*record.Record { return ix.byKind[name] }

// ID returns the record with the given ID when exactly one record has it.
func (ix *Index) ID(id string) *record.Record { return ix.byID[id] }

// Lookup returns the record with the given ID when it is unique and of
// kind; nil otherwise (ref-unresolved or id-duplicate reports it).
func (ix *Index) Lookup(id, kind string) *record.Record {
	if t := ix.byID[id]; t != nil && t.Kind.Name == kind {
		return t
	}
	return nil
}

// Active reports whether a record is in use: not withdrawn.
func (ix *Index) Active(rec *record.Record) bool { return ix.active[rec] }

// Date returns a record's date field parsed, with its text, when it is
// valid EDTF.
func (ix *Index) Date(rec *record.Record, field string) (edtf.Date, string, bool) {
	s := rec.Text(field)
	if s == "" {
		return edtf.Date{}, "", false
	}
	d, err := edtf.Parse(s)
	return d, s, err == nil
}

// refCollector walks the values of records along the fields the schemas
// declare with x-ref.
type refCollector struct {
	ix       *Index
	refs     []Ref
	from     *record.Record
	live     bool
	path     []byte            // the pointer of the value being walked
	pointers map[string]string // pointers, kept once each
	hasRefs  map[*schemas.Field]bool
}

func (c *refCollector) fields(fields []*schemas.Field, m record.Value) {
	for _, f := range fields {
		if !c.holdsRefs(f) {
			continue
		}
		v := m.Get(f.Name)
		if !v.Exists() {
			continue
		}
		n := len(c.path)
		c.path = append(append(c.path, '/'), record.EscapePointer(f.Name)...)
		c.field(f, v)
		c.path = c.path[:n]
	}
}

func (c *refCollector) field(f *schemas.Field, v record.Value) {
	switch v.Kind() {
	case record.KindString:
		if f.Ref != nil {
			c.add(f, v.Text())
		}
	case record.KindList:
		if f.Items == nil {
			return
		}
		for i, it := range v.Items() {
			n := len(c.path)
			c.path = strconv.AppendInt(append(c.path, '/'), int64(i), 10)
			c.field(f.Items, it)
			c.path = c.path[:n]
		}
	case record.KindMap:
		c.fields(f.Fields, v)
	}
}

func (c *refCollector) add(f *schemas.Field, id string) {
	p, ok := c.pointers[string(c.path)]
	if !ok {
		p = string(c.path)
		c.pointers[p] = p
	}
	r := Ref{From: c.from, Pointer: p, ID: id, Kinds: f.Ref, Live: c.live}
	if t := c.ix.byID[id]; t != nil && contains(f.Ref, t.Kind.Name) {
		r.To, r.ToLive = t, c.ix.active[t]
	}
	_, r.Duplicated = c.ix.dups[id]
	c.refs = append(c.refs, r)
}

// holdsRefs reports whether f or a field within it is a reference; fields
// without any are not walked.
func (c *refCollector) holdsRefs(f *schemas.Field) bool {
	if v, ok := c.hasRefs[f]; ok {
		return v
	}
	has := f.Ref != nil || (f.Items != nil && c.holdsRefs(f.Items))
	for _, sub := range f.Fields {
		has = c.holdsRefs(sub) || has
	}
	c.hasRefs[f] = has
	return has
}
