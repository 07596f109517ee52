package releasepage

import (
	"container/heap"
	"sort"

	"github.com/dossier-data/dossier/validate/edtf"
)

// Digest is what the page needs of a release's records, gathered one
// record at a time so that no table is ever held whole: the rows of the
// records each section lists (the first ListLimit in its order), and of
// every record only what links and counts need (its label, its status,
// its references to events, a source's address). The release compiler
// fills one as it writes the tables; a Dataset read from dataset.json is
// digested the same way (DigestOf).
//
// The Add methods of one table must be called in the table's order, one
// at a time; those of different tables may run at once.
type Digest struct {
	events  table[Event]
	quotes  table[Quote]
	figures table[Figure]
	actors  table[Actor]
	places  table[Place]
	sources table[Source]

	drawable   int               // events the timeline could draw
	follows    []edge            // event -> the events it follows
	about      []edge            // quote -> what it is about
	eventFigs  []edge            // figure -> its event
	quoteParts []quoteLabel      // the makings of each quote's label
	urls       map[string]string // source ID -> its web address ("" for none)
}

// NewDigest returns an empty Digest.
func NewDigest() *Digest {
	g := &Digest{urls: map[string]string{}}
	for _, m := range []*map[string]string{&g.events.labels, &g.quotes.labels, &g.figures.labels, &g.actors.labels, &g.places.labels, &g.sources.labels} {
		*m = map[string]string{}
	}
	g.quotes.unlabelled = true
	return g
}

// DigestOf digests every row of d.
func DigestOf(d *Dataset) *Digest {
	g := NewDigest()
	for i := range d.Events {
		g.AddEvent(&d.Events[i])
	}
	for i := range d.Quotes {
		g.AddQuote(&d.Quotes[i])
	}
	for i := range d.Figures {
		g.AddFigure(&d.Figures[i])
	}
	for i := range d.Actors {
		g.AddActor(&d.Actors[i])
	}
	for i := range d.Places {
		g.AddPlace(&d.Places[i])
	}
	for i := range d.Sources {
		g.AddSource(&d.Sources[i])
	}
	return g
}

// AddEvent digests the next event; e is copied when kept.
func (g *Digest) AddEvent(e *Event) {
	k := dateKey(e.Date, e.ID, g.events.n)
	g.events.add(e, &e.Record, e.Title, k)
	if _, ok := place(e); ok {
		g.drawable++
	}
	for _, f := range e.Follows {
		g.follows = append(g.follows, edge{target: f, key: k})
	}
}

// AddQuote digests the next quote; q is copied when kept.
func (g *Digest) AddQuote(q *Quote) {
	g.quotes.add(q, &q.Record, "", dateKey(q.Date, q.ID, g.quotes.n))
	g.quoteParts = append(g.quoteParts, quoteLabel{id: q.ID, speaker: q.Speaker, text: q.Text})
	for _, a := range q.About {
		g.about = append(g.about, edge{target: a, key: idKey(q.ID, g.quotes.n-1)})
	}
}

// AddFigure digests the next figure; f is copied when kept.
func (g *Digest) AddFigure(f *Figure) {
	g.figures.add(f, &f.Record, f.Measure, dateKey(f.Date, f.ID, g.figures.n))
	if f.Event != "" {
		g.eventFigs = append(g.eventFigs, edge{target: f.Event, key: idKey(f.ID, g.figures.n-1)})
	}
}

// AddActor digests the next actor; a is copied when kept.
func (g *Digest) AddActor(a *Actor) { g.actors.add(a, &a.Record, a.Name, idKey(a.ID, g.actors.n)) }

// AddPlace digests the next place; p is copied when kept.
func (g *Digest) AddPlace(p *Place) { g.places.add(p, &p.Record, p.Name, idKey(p.ID, g.places.n)) }

// AddSource digests the next source; s is copied when kept.
func (g *Digest) AddSource(s *Source) {
	g.sources.add(s, &s.Record, s.Title, idKey(s.ID, g.sources.n))
	g.urls[s.ID] = webURL(s.URL)
}

// sortKey orders the rows of a section: by date (when the section is
// ordered by date), then ID, then the order they came in, as a stable
// sort by date and ID would.
type sortKey struct {
	byDate   bool
	ok       bool // the date parses
	from, to edtf.Day
	id       string
	seq      int
}

func dateKey(date, id string, seq int) sortKey {
	k := sortKey{byDate: true, id: id, seq: seq}
	if d, err := edtf.Parse(date); err == nil {
		sp := d.Span()
		k.ok, k.from, k.to = true, sp.Earliest, sp.Latest
	}
	return k
}

func idKey(id string, seq int) sortKey { return sortKey{id: id, seq: seq} }

func (a *sortKey) less(b *sortKey) bool {
	if a.byDate {
		if a.ok != b.ok {
			return a.ok
		}
		if a.from != b.from {
			return a.from < b.from
		}
		if a.to != b.to {
			return a.to < b.to
		}
	}
	if a.id != b.id {
		return a.id < b.id
	}
	return a.seq < b.seq
}

// edge is a reference from a record (its key) to target.
type edge struct {
	target string
	key    sortKey
}

// quoteLabel is what a quote's label is made of. Its texts are the row's
// own, kept without a copy: the whole text, cut when labelled.
type quoteLabel struct {
	id, speaker, text string
}

// table digests one kind table: its counts, its labels, and its first
// ListLimit rows in section order, kept in a heap whose top is the last.
type table[T any] struct {
	n, withdrawn int
	labels       map[string]string
	unlabelled   bool // quotes: labelled once every table is in (labelQuotes)
	top          keptRows[T]
}

// add digests the next row; k.seq is t.n, the rows added before it.
func (t *table[T]) add(row *T, rec *Record, label string, k sortKey) {
	t.n++
	if rec.Status == "withdrawn" {
		t.withdrawn++
	}
	if !t.unlabelled {
		t.labels[rec.ID] = label
	}
	if len(t.top.rows) < ListLimit {
		heap.Push(&t.top, kept[T]{row: *row, key: k})
		return
	}
	if k.less(&t.top.rows[0].key) {
		t.top.rows[0] = kept[T]{row: *row, key: k}
		heap.Fix(&t.top, 0)
	}
}

// listed returns the rows kept, in section order.
func (t *table[T]) listed() []T {
	rows := append([]kept[T](nil), t.top.rows...)
	sort.Slice(rows, func(i, j int) bool { return rows[i].key.less(&rows[j].key) })
	out := make([]T, len(rows))
	for i := range rows {
		out[i] = rows[i].row
	}
	return out
}

type kept[T any] struct {
	row T
	key sortKey
}

// keptRows is a max-heap by key.
type keptRows[T any] struct{ rows []kept[T] }

func (h *keptRows[T]) Len() int           { return len(h.rows) }
func (h *keptRows[T]) Less(i, j int) bool { return h.rows[j].key.less(&h.rows[i].key) }
func (h *keptRows[T]) Swap(i, j int)      { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *keptRows[T]) Push(x any)         { h.rows = append(h.rows, x.(kept[T])) }
func (h *keptRows[T]) Pop() any {
	x := h.rows[len(h.rows)-1]
	h.rows = h.rows[:len(h.rows)-1]
	return x
}

// label returns what the page calls record id and whether it is a record
// of the release. When IDs repeat across tables the last table in the
// order actors, places, sources, events, figures, quotes names it.
func (g *Digest) label(id string) (string, bool) {
	for _, t := range []map[string]string{g.quotes.labels, g.figures.labels, g.events.labels, g.sources.labels, g.places.labels, g.actors.labels} {
		if l, ok := t[id]; ok {
			return l, true
		}
	}
	return "", false
}

// labelQuotes names every quote after its speaker and the start of its
// text, in the order the quotes came.
func (g *Digest) labelQuotes() {
	for _, q := range g.quoteParts {
		l, ok := g.label(q.speaker)
		if !ok {
			l = q.speaker
		}
		g.quotes.labels[q.id] = l + ": “" + fit(q.text, 60) + "”"
	}
	g.quoteParts = nil
}

// referrers returns, for each target in want, the IDs of the records
// whose edges point at it, in the order of their keys.
func referrers(edges []edge, want map[string]bool) map[string][]string {
	var keep []edge
	for _, e := range edges {
		if want[e.target] {
			keep = append(keep, e)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].key.less(&keep[j].key) })
	out := map[string][]string{}
	for _, e := range keep {
		out[e.target] = append(out[e.target], e.key.id)
	}
	return out
}
