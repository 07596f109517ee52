package rules

import (
	"slices"
	"strconv"
	"strings"

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

	byKind    map[string][]*record.Record
	byID      map[string]target           // the record of each ID only one record has
	dups      map[string][]*record.Record // the records of each ID several have, in file order
	withdrawn map[*record.Record]bool     // the records withdrawn: few, as a rule
}

// target is a record as a reference finds it: its kind and status beside
// it, so resolving a reference reads the map entry alone.
type target struct {
	rec  *record.Record
	kind string
	live bool
}

// Ref is one reference from a record to another, found at a field the
// schemas declare with x-ref.
type Ref struct {
	From    *record.Record
	To      *record.Record // the record named when it exists, is unique and of a kind the field accepts; else nil
	Pointer string         // JSON pointer of the value: /sources/0/source
	ID      string         // the ID written
	Kinds   []string       // kinds the field accepts, in schema order (the field's x-ref)
	// Live is true when From is active (not withdrawn); ToLive when To is
	// set and active.
	Live, ToLive bool
	// Duplicated is true when several records have the ID: id-duplicate
	// reports it, and no other rule follows the reference.
	Duplicated bool
}

// NewIndex indexes the dataset.
func NewIndex(in Input) *Index {
	ix := &Index{Input: in, byKind: map[string][]*record.Record{}, byID: make(map[string]target, len(in.Records)),
		dups: map[string][]*record.Record{}, withdrawn: map[*record.Record]bool{}, All: make([]*record.Record, 0, len(in.Records))}
	plans := map[*schemas.Kind]*refNode{} // the fields of each kind that hold references
	for _, rec := range in.Records {
		if rec == nil || rec.Kind == nil || !rec.Value.IsMap() {
			continue
		}
		if _, ok := plans[rec.Kind]; !ok {
			plans[rec.Kind] = planRefs(&schemas.Field{Type: "object", Fields: rec.Kind.Fields})
		}
		ix.All = append(ix.All, rec)
		ix.byKind[rec.Kind.Name] = append(ix.byKind[rec.Kind.Name], rec)
		if !rec.Active() {
			ix.withdrawn[rec] = true
		}
		if rec.ID == "" {
			continue
		}
		if d, ok := ix.dups[rec.ID]; ok {
			ix.dups[rec.ID] = append(d, rec)
		} else if first, ok := ix.byID[rec.ID]; ok {
			ix.dups[rec.ID] = []*record.Record{first.rec, rec}
			delete(ix.byID, rec.ID)
		} else {
			ix.byID[strings.Clone(rec.ID)] = target{rec, rec.Kind.Name, !ix.withdrawn[rec]} // keys side by side, not in each record's value
		}
	}
	c := refCollector{ix: ix, refs: make([]Ref, 0, 4*len(ix.All)), pointers: map[string]string{}, seqs: map[*schemas.Kind][]string{}}
	for _, rec := range ix.All {
		if plan := plans[rec.Kind]; plan != nil {
			c.path = c.path[:0]
			c.from, c.live = rec, ix.Active(rec)
			c.seq, c.at = c.seqs[rec.Kind], 0
			c.walk(plan, rec.Value)
			c.seqs[rec.Kind] = c.seq
		}
	}
	ix.Refs = c.refs
	return ix
}

// Kind returns the records of kind name, in file order.
func (ix *Index) Kind(name string) []*record.Record { return ix.byKind[name] }

// ID returns the record with the given ID when exactly one record has it.
func (ix *Index) ID(id string) *record.Record { return ix.byID[id].rec }

// Lookup returns the record with the given ID when it is unique and of
// kind; nil otherwise (ref-unresolved or id-duplicate reports it).
func (ix *Index) Lookup(id, kind string) *record.Record {
	if t := ix.byID[id]; t.rec != nil && t.kind == kind {
		return t.rec
	}
	return nil
}

// Active reports whether a record is in use: not withdrawn.
func (ix *Index) Active(rec *record.Record) bool { return !ix.withdrawn[rec] }

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
	// seq holds the pointers of the references of the last record of the
	// kind being walked, in order: records of one kind mostly repeat them,
	// so the pointer is most often found at the same place, at is the
	// place of the next reference.
	seq  []string
	at   int
	seqs map[*schemas.Kind][]string
}

// refNode is the part of a schema that the walk follows: the fields of an
// object that are or hold references, sorted by name as a Value's keys
// are, so that a value's fields and the node's are read side by side.
type refNode struct {
	field  *schemas.Field // the field; a string here is a reference when field.Ref is set
	fields []refField     // of an object
	items  *refNode       // of a list
}

type refField struct {
	name string
	seg  string // "/" and the name escaped, as the pointer's next token
	node *refNode
}

// planRefs returns the node of f, or nil when f holds no reference.
func planRefs(f *schemas.Field) *refNode {
	n := &refNode{field: f}
	if f.Items != nil {
		n.items = planRefs(f.Items)
	}
	for _, sub := range f.Fields {
		if s := planRefs(sub); s != nil {
			n.fields = append(n.fields, refField{sub.Name, "/" + record.EscapePointer(sub.Name), s})
		}
	}
	if f.Ref == nil && n.items == nil && n.fields == nil {
		return nil
	}
	slices.SortFunc(n.fields, func(a, b refField) int { return strings.Compare(a.name, b.name) })
	return n
}

// walk collects the references of v along n.
func (c *refCollector) walk(n *refNode, v record.Value) {
	switch v.Kind() {
	case record.KindString:
		if n.field.Ref != nil {
			c.add(n.field, v.Text())
		}
	case record.KindList:
		if n.items == nil {
			return
		}
		for i, it := range v.Items() {
			l := len(c.path)
			c.path = strconv.AppendInt(append(c.path, '/'), int64(i), 10)
			c.walk(n.items, it)
			c.path = c.path[:l]
		}
	case record.KindMap:
		next := 0 // fields before it are behind the walk of v's sorted keys
		for name, fv := range v.Fields() {
			for next < len(n.fields) && n.fields[next].name < name {
				next++
			}
			if next == len(n.fields) {
				return
			}
			if f := &n.fields[next]; f.name == name {
				l := len(c.path)
				c.path = append(c.path, f.seg...)
				c.walk(f.node, fv)
				c.path = c.path[:l]
			}
		}
	}
}

func (c *refCollector) add(f *schemas.Field, id string) {
	r := Ref{From: c.from, Pointer: c.pointer(), ID: id, Kinds: f.Ref, Live: c.live}
	if t := c.ix.byID[id]; t.rec == nil {
		_, r.Duplicated = c.ix.dups[id]
	} else if contains(f.Ref, t.kind) {
		r.To, r.ToLive = t.rec, t.live
	}
	c.refs = append(c.refs, r)
}

// pointer returns the pointer of the value being walked, one string for
// every reference at the same place.
func (c *refCollector) pointer() string {
	i := c.at
	c.at++
	if i < len(c.seq) && c.seq[i] == string(c.path) {
		return c.seq[i]
	}
	p, ok := c.pointers[string(c.path)]
	if !ok {
		p = string(c.path)
		c.pointers[p] = p
	}
	if i < len(c.seq) {
		c.seq[i] = p
	} else {
		c.seq = append(c.seq, p)
	}
	return p
}
