package lsp

import (
	"slices"
	"sort"

	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/rules"
)

// The incremental path: after an edit, the same rules, unchanged, re-run
// over the part of the dataset the edit can reach (update, part), and
// their findings are kept on the records reached. docs/architecture.md
// ("What an edit reaches") gives the reasoning; TestScopeDifferential
// holds this path to a whole run after random edits.

// maxScope is the size of the part above which a whole run is simpler and
// about as fast.
const maxScope = 20_000

// covered reports whether the reasoning above covers every rule across
// records: by reference and by IDs always; by content when rules.Affinity
// gives the rule's keys; by chain for the loop rule alone. A rule it does
// not cover makes every edit a whole run.
func covered() bool {
	for _, r := range rules.Catalog {
		id := r.Doc().ID
		switch r.Reach() {
		case rules.ByReference, rules.ByIDs:
		case rules.ByContent:
			if !slices.Contains(rules.AffinityRules, id) {
				return false
			}
		case rules.ByChain:
			if id != rules.LoopRule {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// namesIDs are the rules whose findings name IDs of the whole dataset
// (rules.ByIDs): a did-you-mean, a free file name.
var namesIDs = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range rules.Catalog {
		if r.Reach() == rules.ByIDs {
			m[r.Doc().ID] = true
		}
	}
	return m
}()

// change is one record file read again: old is what the dataset held (nil
// for a new file), new what it holds now (nil when it is gone).
type change struct {
	file     string
	old, new *entry
}

// update reads the files again (from the editor, else the disk) and
// checks what they reach. It returns the files whose findings may have
// changed, or all true when every file's may have (a whole run).
func (ds *dataset) update(files []string, open []string, relist bool) (touched []string, all bool) {
	ds.prepare()
	defer ds.prepare() // after a whole run
	skipped := ds.skipped
	changes, touched := ds.changesOf(files, open, relist)
	if !sameUnread(skipped, ds.skipped) {
		// an entry the listing skips may hold any record of its kind, or
		// reference any: every record's findings may change
		ds.apply(changes)
		ds.crossAll()
		return nil, true
	}
	if len(changes) == 0 {
		return touched, false
	}
	if !covered() || len(changes) > maxScope/10 {
		ds.apply(changes)
		ds.crossAll()
		return nil, true
	}
	loopsBefore := map[string]bool{}
	for f, n := range ds.loops {
		loopsBefore[f] = n > 0
	}
	reached, known := ds.applyReached(changes)
	if !known || ds.loopsMayChange(changes, loopsBefore) {
		ds.crossAll()
		return nil, true
	}
	var a []*entry
	for f := range reached {
		if e := ds.files[f]; e != nil {
			a = append(a, e)
		}
		touched = append(touched, f)
	}
	if !ds.crossPart(a) {
		ds.crossAll()
		return nil, true
	}
	sort.Strings(touched)
	return touched, false
}

// changesOf reads the files again, and with relist lists the records
// folder for files come and gone; touched are the files listed before or
// now, whose listing findings may change.
func (ds *dataset) changesOf(files []string, open []string, relist bool) (changes []change, touched []string) {
	seen := map[string]bool{}
	add := func(file string) {
		if seen[file] {
			return
		}
		seen[file] = true
		c := change{file: file, old: ds.files[file]}
		if ds.kindOf(file) != nil && (ds.open(file) != nil || fileExists(ds.abs(file))) {
			c.new = ds.read(file)
			c.new.refs = ds.refsOf(c.new)
			if c.new.indexed {
				c.new.key()
			}
		}
		if c.old != nil || c.new != nil {
			changes = append(changes, c)
		}
	}
	if relist {
		before := ds.listed
		if paths, err := ds.list(open); err == nil {
			now := map[string]bool{}
			for _, p := range paths {
				now[p] = true
				if ds.files[p] == nil {
					add(p)
				}
			}
			for p := range ds.files {
				if !now[p] {
					add(p)
				}
			}
		}
		for p := range before {
			touched = append(touched, p)
		}
		for p := range ds.listed {
			touched = append(touched, p)
		}
	}
	for _, f := range files {
		add(f)
	}
	return changes, touched
}

// applyReached applies the changes and returns the paths of the records
// they reach, before and after: their entries are replaced on the way.
// known is false when a changed file the rules cannot see could not be
// read either: it may reference any record, and a whole run decides.
func (ds *dataset) applyReached(changes []change) (reached map[string]bool, known bool) {
	reached, known = map[string]bool{}, true
	idsChanged := false
	for _, c := range changes {
		if c.old != nil {
			ds.reach(c.old, reached)
			known = ds.reachUnread(c.old, reached) && known
		}
		if c.old == nil || c.new == nil || c.old.indexed != c.new.indexed || c.old.rec.ID != c.new.rec.ID ||
			c.old.indexed && c.old.rec.Kind != c.new.rec.Kind {
			idsChanged = true
		}
	}
	ds.apply(changes)
	for _, c := range changes {
		if c.new != nil {
			reached[c.file] = true
			ds.reach(c.new, reached)
			known = ds.reachUnread(c.new, reached) && known
		}
	}
	if idsChanged {
		clear(ds.near)
		for e := range ds.unknown {
			reached[e.rec.File] = true
		}
	}
	return reached, known
}

// crossPart re-runs the rules across records, all but the loop rule, over
// the part of the dataset that the records a depend on, and keeps their
// findings on a; false when that part is too large to be worth it.
func (ds *dataset) crossPart(a []*entry) bool {
	inA := map[*entry]bool{}
	for _, e := range a {
		inA[e] = true
	}
	s := ds.closure(a)
	if len(s) > maxScope {
		return false
	}
	var run []rules.Rule
	for _, r := range ds.enabled() {
		if r.Doc().ID != rules.LoopRule {
			run = append(run, r)
		}
	}
	ix := rules.NewIndex(rules.Input{Schemas: ds.set, Root: recordsRoot, Records: ds.withStubs(s, inA), Unread: ds.unreadNow(),
		Locate: ds, IsNew: ds.isNew, Near: ds.nearIDs})
	found := rules.Run(ix, run, 1)
	cross := map[*entry][]int{}
	for i, d := range found {
		if e := ds.files[d.File]; inA[e] {
			cross[e] = append(cross[e], i)
		}
	}
	for _, e := range a {
		ds.noteCross(e, -1)
		kept := e.cross[:0:0]
		for _, d := range e.cross {
			if d.Rule == rules.LoopRule {
				kept = append(kept, d)
			}
		}
		for _, i := range cross[e] {
			kept = append(kept, found[i])
		}
		e.cross = kept
		ds.noteCross(e, 1)
	}
	return true
}

// apply puts the changed entries in place of the old ones.
func (ds *dataset) apply(changes []change) {
	for _, c := range changes {
		ds.forget(c.file)
		if c.old != nil {
			ds.noteCross(c.old, -1)
			ds.unindex(c.old)
			delete(ds.files, c.file)
			delete(ds.unread, c.file)
		}
	}
	for _, c := range changes {
		if c.new != nil {
			ds.files[c.file] = c.new
			ds.index(c.new)
			if !c.new.indexed {
				ds.unread[c.file] = c.new
			}
		}
	}
}

// reach adds to reached the paths of the records whose findings e can
// change: those sharing its ID, referencing its ID, referenced by it or
// sharing an affinity key with it; and those referencing a withdrawn
// record that references its ID, which are told whether that record's
// successor can replace it (rules.ByReference).
func (ds *dataset) reach(e *entry, reached map[string]bool) {
	if !e.indexed {
		return
	}
	mark := func(l []*entry) {
		for _, x := range l {
			reached[x.rec.File] = true
		}
	}
	if id := e.rec.ID; id != "" {
		mark(ds.byID[id])
		mark(ds.referrers[id])
		for _, x := range ds.referrers[id] {
			if !x.rec.Active() && x.rec.ID != "" {
				mark(ds.referrers[x.rec.ID])
			}
		}
	}
	for _, r := range e.refs {
		mark(ds.byID[r.id])
	}
	for i, k := range e.aff {
		if i == 0 || !ds.fullBefore(k, e.rec.File) {
			mark(after(ds.affinity[k], e.rec.File))
		}
	}
}

// reachUnread adds to reached, for e a file the rules cannot see
// (rules.Unread), the paths of the records whose findings it can change:
// those referencing the ID its name gives (ref-unresolved; withdrawn-ref,
// through a withdrawn record that does) and those whose IDs its text
// holds (orphan). It returns false when its text is unknown: it may then
// reference any record.
func (ds *dataset) reachUnread(e *entry, reached map[string]bool) bool {
	if e.indexed {
		return true
	}
	u := rules.UnreadRecord(e.rec)
	if u.Blind {
		return false
	}
	mark := func(l []*entry) {
		for _, x := range l {
			reached[x.rec.File] = true
		}
	}
	if u.ID != "" {
		mark(ds.referrers[u.ID])
		for _, x := range ds.referrers[u.ID] {
			if !x.rec.Active() && x.rec.ID != "" {
				mark(ds.referrers[x.rec.ID])
			}
		}
	}
	for _, w := range u.Words {
		mark(ds.byID[w])
	}
	return true
}

// sameUnread reports whether two lists of the listing's skipped entries
// are the same.
func sameUnread(a, b []rules.Unread) bool {
	return slices.EqualFunc(a, b, func(x, y rules.Unread) bool {
		return x.File == y.File && x.Kind == y.Kind && x.ID == y.ID && x.Folder == y.Folder &&
			x.Blind == y.Blind && slices.Equal(x.Words, y.Words)
	})
}

// neighbours returns the records before file that share the neighbour key
// k and that a record at file is compared with (rules.Affinity): the first
// rules.NeighbourCap admitted ones, with those not admitted among them.
func (ds *dataset) neighbours(k uint64, file string) []*entry {
	l := before(ds.affinity[k], file)
	n := 0
	for i, z := range l {
		if ds.admitted(z) {
			if n++; n == rules.NeighbourCap {
				return l[:i+1]
			}
		}
	}
	return l
}

// fullBefore reports whether rules.NeighbourCap admitted records share
// the neighbour key k before file: a record there is compared with none
// after it through k.
func (ds *dataset) fullBefore(k uint64, file string) bool {
	n := 0
	for _, z := range before(ds.affinity[k], file) {
		if ds.admitted(z) {
			if n++; n == rules.NeighbourCap {
				return true
			}
		}
	}
	return false
}

// admitted reports whether a record is compared through its neighbour
// keys: it is active and the first active record of its own key.
func (ds *dataset) admitted(z *entry) bool {
	if !z.rec.Active() {
		return false
	}
	for _, w := range before(ds.affinity[z.aff[0]], z.rec.File) {
		if w.rec.Active() {
			return false
		}
	}
	return true
}

// before returns the entries of l (in file order) before file; after,
// those after it.
func before(l []*entry, file string) []*entry {
	return l[:sort.Search(len(l), func(i int) bool { return l[i].rec.File >= file })]
}

func after(l []*entry, file string) []*entry {
	return l[sort.Search(len(l), func(i int) bool { return l[i].rec.File > file }):]
}

// closure returns the part of the dataset to run the rules over, for
// findings on a to come out as a whole run gives them (see above).
func (ds *dataset) closure(a []*entry) []*entry {
	in := map[*entry]bool{}
	var s []*entry
	add := func(e *entry) {
		if e != nil && e.indexed && !in[e] {
			in[e] = true
			s = append(s, e)
		}
	}
	addAll := func(l []*entry) {
		for _, e := range l {
			add(e)
		}
	}
	for _, y := range a {
		if !y.indexed {
			continue
		}
		add(y)
		if y.rec.ID != "" {
			addAll(ds.byID[y.rec.ID])
			add(ds.witness(y))
		}
		for _, r := range y.refs {
			addAll(ds.byID[r.id])
		}
		for i, k := range y.aff {
			near := before(ds.affinity[k], y.rec.File)
			if i > 0 {
				near = ds.neighbours(k, y.rec.File)
			}
			addAll(near)
		}
		if len(s) > maxScope {
			break
		}
	}
	return s
}

// withStubs returns the records of s, in file order, with a stub for each
// record that a record of s outside a references and that s does not
// hold: its kind, file, ID and status only. The rules then find those
// references resolved, as in the whole dataset, and spend no time on
// findings about them that are not kept; the stubs, having no other
// field, change no finding on a.
func (ds *dataset) withStubs(s []*entry, a map[*entry]bool) []*record.Record {
	ids := make(map[string]bool, len(s))
	for _, e := range s {
		ids[e.rec.ID] = true
	}
	sortEntries(s)
	recs := records(s)
	for _, e := range s {
		if a[e] {
			continue
		}
		for _, r := range e.refs {
			if ids[r.id] {
				continue
			}
			ids[r.id] = true
			for _, g := range ds.byID[r.id] {
				v := map[string]any{"id": g.rec.ID}
				if st := g.rec.Value.Get("status"); st.Exists() {
					v["status"] = st.Text()
				}
				recs = append(recs, &record.Record{Kind: g.rec.Kind, File: g.rec.File, ID: g.rec.ID, Value: record.EncodeValue(v)})
			}
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].File < recs[j].File })
	return recs
}

// witness returns a record other than y with a reference that resolves to
// y, or nil.
func (ds *dataset) witness(y *entry) *entry {
	for _, z := range ds.referrers[y.rec.ID] {
		if z == y {
			continue
		}
		for _, r := range z.refs {
			if r.id == y.rec.ID && contains(r.kinds, y.rec.Kind.Name) {
				return z
			}
		}
	}
	return nil
}

// loopsMayChange reports whether the changes may change ref-cycle's
// findings: they touch a link field that had a loop, or make a loop
// through a changed record (or through a record whose ID they made
// unique).
func (ds *dataset) loopsMayChange(changes []change, before map[string]bool) bool {
	for _, r := range ds.enabled() {
		if r.Doc().ID == rules.LoopRule {
			goto on
		}
	}
	return false
on:
	for _, c := range changes {
		touched := map[string]bool{}
		var nodes []*entry
		for _, e := range []*entry{c.old, c.new} {
			if e == nil || !e.indexed {
				continue
			}
			for _, r := range e.refs {
				if f := rules.LoopField(r.ptr); f != "" {
					touched[f] = true
				}
			}
			if id := e.rec.ID; id != "" {
				for _, z := range ds.referrers[id] {
					for _, r := range z.refs {
						if f := rules.LoopField(r.ptr); f != "" && r.id == id {
							touched[f] = true
						}
					}
				}
				if g := ds.byID[id]; len(g) == 1 {
					nodes = append(nodes, g[0])
				}
			}
		}
		if c.new != nil && c.new.indexed {
			nodes = append(nodes, c.new)
		}
		for f := range touched {
			if before[f] || ds.loops[f] > 0 {
				return true
			}
			for _, n := range nodes {
				if ds.reaches(n, f) {
					return true
				}
			}
		}
	}
	return false
}

// maxLoopWalk bounds the records one loop search visits; a longer search
// counts as a loop found (the whole run then decides).
const maxLoopWalk = 200_000

// reaches reports whether n can be reached from itself along the links of
// field f.
func (ds *dataset) reaches(n *entry, f string) bool {
	seen := map[*entry]bool{}
	stack := []*entry{n}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, r := range e.refs {
			if rules.LoopField(r.ptr) != f {
				continue
			}
			t := ds.lookup(r.id, r.kinds)
			if t == nil || seen[t] {
				continue
			}
			if t == n {
				return true
			}
			if seen[t] = true; len(seen) > maxLoopWalk {
				return true
			}
			stack = append(stack, t)
		}
	}
	return false
}

// refsOf returns the references a record makes, as the rules find them.
func (ds *dataset) refsOf(e *entry) []ref {
	if !e.indexed {
		return nil
	}
	ix := rules.NewIndex(rules.Input{Schemas: ds.set, Records: []*record.Record{e.rec}})
	out := make([]ref, 0, len(ix.Refs))
	for _, r := range ix.Refs {
		out = append(out, ref{ptr: r.Pointer(), id: r.ID(), kinds: r.Kinds()})
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
