package rules

import (
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"
)

// Facts is what the rules read of one record that depends on the record
// alone: whether it is in use, its references, its date, and a quote's
// text as quote-duplicate compares it. Derive makes them when the record
// is loaded, on the loader's goroutines, so that the pass across records
// only joins records; a record loaded without them gets them in NewIndex.
type Facts struct {
	active    bool
	withdrawn bool // the record has a withdrawn mapping
	misnamed  bool // its file is named for another ID (id-filename)
	idHash    uint32
	refs      []refAt
	// when is the record's date field (date, or published for a source),
	// parsed; whenOK when it is valid EDTF.
	when      edtf.Date
	whenOK    bool
	published bool       // when is the published field
	quote     *quoteText // a quote with a text; nil otherwise
	// words are, for a record that did not read as a mapping, the words of
	// its file that may be IDs (Words); nil when they were not given. A
	// pointer keeps the facts of every other record small.
	words *[]string
}

// whenName is the name of the field when holds.
func (f *Facts) whenName() string {
	if f.published {
		return "published"
	}
	return "date"
}

// refAt is one reference as written: the ID and its hash, the field's
// model, and the index of the list item it is in (its pointer, made by the
// leaf).
type refAt struct {
	id    string
	leaf  *refLeaf
	hash  uint32
	index int32
}

// Derive derives the facts of rec from its value and keeps them with it
// (rec.Derived). src, the bytes of its file, is read only when rec did
// not read as a mapping: the rules cannot see it (UnreadRecord), and the
// words of src that may be IDs are what it may reference. It is safe to
// call on different records at once.
func Derive(rec *record.Record, src []byte) {
	f := derive(rec)
	if !rec.Value.IsMap() {
		w := Words(src)
		f.words = &w
	}
	rec.Derived = f
}

// factsOf returns the facts of rec: those Derive kept, or made now.
func factsOf(rec *record.Record) *Facts {
	if f, ok := rec.Derived.(*Facts); ok {
		return f
	}
	return derive(rec)
}

func derive(rec *record.Record) *Facts {
	f := &Facts{active: rec.Active(), misnamed: misnamed(rec), idHash: hashID(rec.ID)}
	if rec.Kind == nil || !rec.Value.IsMap() {
		return f
	}
	f.withdrawn = rec.Value.Get("withdrawn").IsMap()
	if plan := planOf(rec.Kind); plan != nil {
		w := refWalker{}
		w.walk(plan, rec.Value)
		f.refs = w.refs
	}
	f.published = rec.Kind.Name == "source"
	if s := rec.Text(f.whenName()); s != "" {
		d, err := edtf.Parse(s)
		f.when, f.whenOK = d, err == nil
	}
	if rec.Kind.Name == "quote" {
		if t := rec.Text("text"); t != "" {
			f.quote = readQuote(t)
		}
	}
	return f
}

var idSeed = maphash.MakeSeed()

// hashID is the hash an ID is found by in the index.
func hashID(id string) uint32 { return uint32(maphash.String(idSeed, id)) }

// plans holds the reference plan of each kind met, made once.
var plans sync.Map // *schemas.Kind -> *refNode (nil when the kind has no reference)

func planOf(k *schemas.Kind) *refNode {
	if p, ok := plans.Load(k); ok {
		return p.(*refNode)
	}
	p := planRefs(&schemas.Field{Type: "object", Fields: k.Fields}, nil)
	plans.Store(k, p)
	return p
}

// refNode is the part of a schema that the walk follows: the fields of an
// object that are or hold references, sorted by name as a Value's keys
// are, so that a value's fields and the node's are read side by side.
type refNode struct {
	leaf   *refLeaf   // set when a string here is a reference
	fields []refField // of an object
	items  *refNode   // of a list
}

type refField struct {
	name string
	seg  string // "/" and the name escaped, as the pointer's next token
	node *refNode
}

// refLeaf is a field that holds a reference.
type refLeaf struct {
	kinds []string // the kinds it accepts, in schema order (its x-ref)
	top   string   // the record's field it is in: sources for /sources/0/source
	name  string   // the field's own name: source for /sources/0/source
	// The pointers of the field's values: the one pointer of a field in no
	// list; of a field in one list, before and after the item's index, and
	// those of the first items made once. A field in lists of lists gets a
	// leaf of its own for each value, with the value's pointer as fixed.
	fixed         string
	before, after string
	items         []string
	lists         int // lists the field is in
	// loop is the index in cycleFields of the links the field is part of;
	// -1 for none.
	loop int
}

// leafItems is how many items of a list the pointers are made for ahead.
const leafItems = 16

// planRefs returns the node of f, or nil when f holds no reference; path
// is the pointer's tokens down to f, with "" standing for a list index.
func planRefs(f *schemas.Field, path []string) *refNode {
	n := &refNode{}
	if f.Items != nil {
		n.items = planRefs(f.Items, append(path[:len(path):len(path)], ""))
	}
	for _, sub := range f.Fields {
		seg := "/" + record.EscapePointer(sub.Name)
		if s := planRefs(sub, append(path[:len(path):len(path)], seg)); s != nil {
			n.fields = append(n.fields, refField{sub.Name, seg, s})
		}
	}
	if f.Ref != nil {
		n.leaf = newLeaf(f.Ref, path)
	}
	if n.leaf == nil && n.items == nil && n.fields == nil {
		return nil
	}
	sortFields(n.fields)
	return n
}

func newLeaf(kinds []string, path []string) *refLeaf {
	l := &refLeaf{kinds: kinds}
	if len(path) > 0 {
		l.top = strings.TrimPrefix(path[0], "/")
	}
	for _, seg := range path {
		if seg != "" {
			l.name = strings.TrimPrefix(seg, "/")
		}
	}
	join := func(i int) string {
		var b strings.Builder
		for _, seg := range path {
			if seg == "" {
				b.WriteString("/" + strconv.Itoa(i))
			} else {
				b.WriteString(seg)
			}
		}
		return b.String()
	}
	for _, seg := range path {
		if seg == "" {
			l.lists++
		}
	}
	l.loop = slices.Index(cycleFields, LoopField(join(0)))
	switch l.lists {
	case 0:
		l.fixed = join(0)
	case 1:
		i := slices.Index(path, "")
		l.before, l.after = strings.Join(path[:i], ""), strings.Join(path[i+1:], "")
		for i := range leafItems {
			l.items = append(l.items, join(i))
		}
	}
	return l
}

// pointer returns the pointer of the field's value at item index of its
// list (0 for a field in no list).
func (l *refLeaf) pointer(index int32) string {
	switch {
	case l.lists != 1:
		return l.fixed
	case int(index) < len(l.items):
		return l.items[index]
	}
	return l.before + "/" + strconv.Itoa(int(index)) + l.after
}

// refWalker collects the references of a value along a plan.
type refWalker struct {
	refs []refAt
	path []byte // the pointer of the value being walked
	// index is the index of the innermost list item being walked.
	index int
}

func (w *refWalker) walk(n *refNode, v record.Value) {
	switch v.Kind() {
	case record.KindString:
		if n.leaf != nil {
			leaf := n.leaf
			if leaf.lists > 1 { // rare: a leaf of its own, holding the pointer
				own := *leaf
				own.fixed, own.lists = string(w.path), 0
				leaf = &own
			}
			id := v.Text()
			w.refs = append(w.refs, refAt{id: id, leaf: leaf, hash: hashID(id), index: int32(w.index)})
		}
	case record.KindList:
		if n.items == nil {
			return
		}
		index := w.index
		for i, it := range v.Items() {
			l := len(w.path)
			w.path = strconv.AppendInt(append(w.path, '/'), int64(i), 10)
			w.index = i
			w.walk(n.items, it)
			w.path = w.path[:l]
		}
		w.index = index
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
				l := len(w.path)
				w.path = append(w.path, f.seg...)
				w.walk(f.node, fv)
				w.path = w.path[:l]
			}
		}
	}
}
