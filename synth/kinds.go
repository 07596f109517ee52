package synth

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/validate/edtf"
)

// Random streams: each aspect of a record draws from its own stream, so
// what one record needs of another (its ID, date or roles) is computed
// without generating the other record whole.
const (
	streamEvent = iota
	streamQuote
	streamFigure
	streamActor
	streamPlace
	streamSource
	streamID
	streamEventDate
	streamRoles
	streamFigureCore
	streamFault
)

// dataset computes every record of one generated dataset from its seed.
type dataset struct {
	seed int64
	c    Counts
	// first global index of each kind, in Counts order
	base [6]int
}

func newDataset(seed int64, c Counts) *dataset {
	d := &dataset{seed: seed, c: c}
	n := [6]int{c.Events, c.Quotes, c.Figures, c.Actors, c.Places, c.Sources}
	for i := 1; i < 6; i++ {
		d.base[i] = d.base[i-1] + n[i-1]
	}
	return d
}

// record builds the record with global index g (kinds in Counts order).
func (d *dataset) record(g int) record {
	switch {
	case g < d.base[1]:
		return d.event(g)
	case g < d.base[2]:
		return d.quote(g - d.base[1])
	case g < d.base[3]:
		return d.figure(g - d.base[2])
	case g < d.base[4]:
		return d.actor(g - d.base[3])
	case g < d.base[5]:
		return d.place(g - d.base[4])
	}
	return d.source(g - d.base[5])
}

func (d *dataset) rng(stream, i int) *rng { return newRNG(d.seed, stream, i) }

// IDs: a readable stem and a kind letter with the index, so IDs are unique
// across kinds.

func (d *dataset) eventID(i int) string {
	r := d.rng(streamID, d.base[0]+i)
	return fmt.Sprintf("%s-%s-e%d", pick(r, tags), pick(r, vocabulary), i)
}

func (d *dataset) quoteID(i int) string {
	r := d.rng(streamID, d.base[1]+i)
	return fmt.Sprintf("%s-%s-q%d", pick(r, vocabulary), pick(r, vocabulary), i)
}

func (d *dataset) figureID(i int) string {
	m := strings.Fields(measures[i%len(measures)])
	return fmt.Sprintf("%s-f%d", kebab(strings.Join(m[:min(2, len(m))], " ")), i)
}

func (d *dataset) actorName(i int) string {
	r := d.rng(streamID, d.base[3]+i)
	if isOrg(i) {
		return pick(r, orgNames)
	}
	return pick(r, givenNames) + " " + pick(r, familyNames)
}

func (d *dataset) actorID(i int) string { return fmt.Sprintf("%s-a%d", kebab(d.actorName(i)), i) }

func (d *dataset) placeName(i int) string {
	r := d.rng(streamID, d.base[4]+i)
	name := pick(r, placeStems) + pick(r, placeEnds)
	if placeType(i) == "site" {
		name += " " + pick(r, []string{"Camp", "Hill", "Barracks", "Compound", "Square", "Station"})
	}
	return name
}

func (d *dataset) placeID(i int) string { return fmt.Sprintf("%s-p%d", kebab(d.placeName(i)), i) }

func (d *dataset) publisher(i int) string {
	return pick(d.rng(streamID, d.base[5]+i), publishers)
}

func (d *dataset) sourceID(i int) string { return fmt.Sprintf("%s-s%d", kebab(d.publisher(i)), i) }

// Actors: every fourth is an organization; the others are people with
// roles.

func isOrg(a int) bool { return a%4 == 3 }

func (d *dataset) orgs() int    { return d.c.Actors / 4 }
func (d *dataset) persons() int { return d.c.Actors - d.orgs() }

// person returns the actor index of the k-th person.
func person(k int) int { return k + k/3 }

// role is one position a person held.
type role struct {
	title    string
	org      int // actor index of the organization; -1 when none
	from, to string
	fromW    edtf.Span
	toW      edtf.Span
	open     bool // held to this day: no to
}

// roles returns the positions of person a, one after another in time.
func (d *dataset) roles(a int) []role {
	r := d.rng(streamRoles, a)
	n := r.between(1, 3)
	start := factStart - edtf.Day(r.intn(8*365))
	first := r.intn(len(roleTitles))
	var out []role
	for k := 0; k < n; k++ {
		end := start + edtf.Day(r.between(3*365, 12*365))
		ro := role{title: roleTitles[(first+k*5)%len(roleTitles)], org: -1}
		if d.orgs() > 0 {
			ro.org = 4*r.intn(d.orgs()) + 3
		}
		roleForms := weighted{{formDay, 40}, {formMonth, 35}, {formYear, 25}}
		ro.from = roleForms.pick(r).format(start, r)
		ro.fromW = widest(ro.from)
		if k == n-1 && r.chance(50) {
			ro.open = true
		} else {
			ro.to = roleForms.pick(r).format(end, r)
			ro.toW = widest(ro.to)
			if !before(ro.fromW, ro.toW) {
				ro.to = formDay.format(end, r)
				ro.toW = widest(ro.to)
			}
		}
		out = append(out, ro)
		start = end + edtf.Day(r.between(1, 90))
		if start > factEnd {
			break
		}
	}
	return out
}

// eventDate returns the date of event i: events are spread over the
// timeline in index order, each written in one of the EDTF forms.
func (d *dataset) eventDate(i int) string {
	r := d.rng(streamEventDate, i)
	span := int64(factEnd - factStart)
	day := factStart + edtf.Day(span*int64(i)/int64(d.c.Events)) + edtf.Day(r.intn(int(span/int64(d.c.Events))+1))
	return eventForms.pick(r).format(day, r)
}

// eventsBefore returns up to n distinct events that lie certainly before
// the span s, looking back from the event dated near day.
func (d *dataset) eventsBefore(r *rng, s edtf.Span, day edtf.Day, n int) []string {
	span := int64(factEnd - factStart)
	est := int(int64(day-factStart)*int64(d.c.Events)/span) - 2
	var out []string
	seen := map[int]bool{}
	for try := 0; try < 4*n && len(out) < n; try++ {
		j := est - r.intn(12)
		if j < 0 || j >= d.c.Events || seen[j] {
			continue
		}
		seen[j] = true
		if before(widest(d.eventDate(j)), s) {
			out = append(out, d.eventID(j))
		}
	}
	return out
}

// citations cites 1-3 sources; the first is chosen by the fact's global
// index so every source is cited.
func (d *dataset) citations(r *rng, g int) node {
	n := 1
	if x := r.intn(10); x >= 9 {
		n = 3
	} else if x >= 6 {
		n = 2
	}
	first := g % d.c.Sources
	used := map[int]bool{first: true}
	l := list(d.citation(r, first))
	for k := 1; k < n; k++ {
		s := r.intn(d.c.Sources)
		if used[s] {
			continue
		}
		used[s] = true
		l.list = append(l.list, d.citation(r, s))
	}
	return l
}

func (d *dataset) citation(r *rng, s int) node {
	var loc string
	switch r.intn(4) {
	case 0:
		loc = fmt.Sprintf("p. %d", r.between(1, 240))
	case 1:
		loc = fmt.Sprintf("%02d:%02d", r.intn(60), r.intn(60))
	default:
		loc = fmt.Sprintf("para. %d", r.between(1, 40))
	}
	return mapping(kv{"source", plain(d.sourceID(s))}, kv{"locator", plain(loc)})
}

func (d *dataset) event(i int) record {
	r := d.rng(streamEvent, i)
	date := d.eventDate(i)
	rec := record{table: "events", name: d.eventID(i)}
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	rec.set("title", plain(strings.TrimSuffix(sentences(r, 30, 120), ".")))
	rec.set("summary", plain(sentences(r, 120, 480)))
	rec.set("date", quoted(date))
	places := []string{d.placeID(i % d.c.Places)}
	if r.chance(30) {
		if p := d.placeID(r.intn(d.c.Places)); p != places[0] {
			places = append(places, p)
		}
	}
	rec.set("places", plainList(places))
	actors := []string{d.actorID(i % d.c.Actors)}
	for k, n := 0, r.intn(4); k < n; k++ {
		a := d.actorID(r.intn(d.c.Actors))
		if !containsString(actors, a) {
			actors = append(actors, a)
		}
	}
	rec.set("actors", plainList(actors))
	if i > 0 && r.chance(50) {
		w := widest(date)
		if f := d.eventsBefore(r, w, w.Earliest, r.between(1, 2)); len(f) > 0 {
			rec.set("follows", plainList(f))
		}
	}
	var tl []string
	for k, n := 0, r.between(1, 3); k < n; k++ {
		if t := pick(r, tags); !containsString(tl, t) {
			tl = append(tl, t)
		}
	}
	rec.set("tags", plainList(tl))
	if r.chance(30) {
		rec.set("notes", plain(sentences(r, 60, 300)))
	}
	rec.set("sources", d.citations(r, i))
	return rec
}

func (d *dataset) quote(i int) record {
	r := d.rng(streamQuote, i)
	rec := record{table: "quotes", name: d.quoteID(i)}
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	var speaker int
	var ro *role
	if d.orgs() > 0 && r.chance(15) {
		speaker = 4*r.intn(d.orgs()) + 3
	} else {
		speaker = person(r.intn(d.persons()))
		rs := d.roles(speaker)
		ro = &rs[r.intn(len(rs))]
	}
	rec.set("speaker", plain(d.actorID(speaker)))
	var date string
	var w edtf.Span
	if ro != nil {
		lo, hi := ro.fromW.Latest+1, factEnd
		if !ro.open {
			hi = ro.toW.Earliest - 1
		}
		lo, hi = max(lo, factStart), min(hi, factEnd)
		for try := 0; try < 3 && date == "" && lo <= hi; try++ {
			day := lo + edtf.Day(r.intn(int(hi-lo)+1))
			f := pointForms.pick(r)
			if try == 2 {
				f = formDay
			}
			s := f.format(day, r)
			if sw := widest(s); within(sw, ro.fromW, ro.toW, ro.open) {
				date, w = s, sw
			}
		}
		if date == "" {
			ro = nil
		} else {
			rec.set("role", plain(ro.title))
		}
	}
	if date == "" {
		day := factStart + edtf.Day(r.intn(int(factEnd-factStart)))
		date = pointForms.pick(r).format(day, r)
		w = widest(date)
	}
	rec.set("date", quoted(date))
	text := sentences(r, 100, 600)
	if r.chance(30) {
		rec.set("text", quoted(text))
	} else {
		rec.set("text", plain(text))
	}
	rec.set("language", plain(pick(r, []string{"en", "en", "en", "sq", "fa", "it"})))
	rec.set("mode", plain(pick(r, []string{"direct", "indirect"})))
	if r.chance(20) {
		rec.set("appeared_in", plain(d.sourceID(r.intn(d.c.Sources))))
	}
	if r.chance(70) {
		if about := d.eventsBefore(r, w, w.Earliest, r.between(1, 2)); len(about) > 0 {
			rec.set("about", plainList(about))
		}
	}
	if r.chance(25) {
		rec.set("notes", plain(sentences(r, 60, 240)))
	}
	rec.set("sources", d.citations(r, d.c.Events+i))
	if i%97 == 50 {
		rec.set("status", plain("withdrawn"))
		rec.insertAfter("status", "withdrawn", mapping(
			kv{"reason", plain("Merged into the quote it repeats; " + words(r, 6) + ".")},
			kv{"successor", plain(d.quoteID(i - 1))}))
	}
	return rec
}

// figureCore is what a figure's parts need to know of it: its type, unit
// and value.
type figureCore struct {
	typ, unit string
	value     float64
}

func (d *dataset) core(i int) figureCore {
	r := d.rng(streamFigureCore, i)
	switch x := r.intn(100); {
	case x < 55:
		return figureCore{"count", pick(r, []string{"people", "devices", "cases", "documents"}), float64(r.between(1, 5000))}
	case x < 75:
		return figureCore{"percentage", "percent", float64(r.between(0, 1000)) / 10}
	default:
		return figureCore{"quantity", pick(r, []string{"USD", "EUR", "hectares", "years", "square metres"}), float64(r.between(1, 2_000_000)) / 100}
	}
}

func (d *dataset) figure(i int) record {
	r := d.rng(streamFigure, i)
	rec := record{table: "figures", name: d.figureID(i)}
	c := d.core(i)
	parent := -1
	if i%10 == 9 {
		parent = i - 1
		p := d.core(parent)
		c = figureCore{p.typ, p.unit, p.value / 2}
		if c.typ == "count" {
			c.value = float64(int(p.value) / 2)
		}
	}
	ev := int(int64(i) * int64(d.c.Events) / int64(d.c.Figures))
	evW := widest(d.eventDate(ev))
	day := evW.Latest + edtf.Day(r.between(1, 120))
	date := pointForms.pick(r).format(day, r)
	if !before(evW, widest(date)) {
		date = formDay.format(day, r)
	}
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	rec.set("measure", plain(measures[i%len(measures)]+" "+measureQualifiers[(i/len(measures))%len(measureQualifiers)]))
	rec.set("type", plain(c.typ))
	if parent < 0 && r.chance(25) {
		// a range the source states, with its most likely number
		lo, hi := c.value*0.8, c.value*1.2
		if c.typ == "count" {
			lo, hi = float64(int(lo)), float64(int(hi)+1)
		}
		if c.typ == "percentage" {
			hi = min(hi, 100)
		}
		rec.set("low", plain(number(lo)))
		rec.set("best", plain(number(c.value)))
		rec.set("high", plain(number(hi)))
		rec.set("unit", plain(c.unit))
		rec.set("wording", plain("between "+number(lo)+" and "+number(hi)+" "+c.unit+", most likely "+number(c.value)))
	} else {
		rec.set("value", plain(number(c.value)))
		about := r.chance(30)
		if about {
			rec.set("bound", plain("about"))
		}
		rec.set("unit", plain(c.unit))
		if about {
			rec.set("wording", plain("about "+number(c.value)+" "+c.unit))
		}
	}
	rec.set("date", quoted(date))
	rec.set("event", plain(d.eventID(ev)))
	if r.chance(30) {
		rec.set("place", plain(d.placeID(r.intn(d.c.Places))))
	}
	if r.chance(20) {
		rec.set("actor", plain(d.actorID(r.intn(d.c.Actors))))
	}
	if parent >= 0 {
		rec.set("part_of", plain(d.figureID(parent)))
	}
	if r.chance(3) {
		rec.set("disputed", plain("true"))
	}
	if r.chance(20) {
		rec.set("notes", plain(sentences(r, 60, 200)))
	}
	rec.set("sources", d.citations(r, d.c.Events+d.c.Quotes+i))
	return rec
}

// number writes a value the way a curator would: no exponent, no
// trailing zeros.
func number(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func (d *dataset) actor(i int) record {
	r := d.rng(streamActor, i)
	rec := record{table: "actors", name: d.actorID(i)}
	name := d.actorName(i)
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	rec.set("name", plain(name))
	if isOrg(i) {
		rec.set("type", plain("organization"))
	} else {
		rec.set("type", plain("person"))
	}
	if ascii := asciiFold.Replace(name); ascii != name {
		rec.set("aliases", plainList([]string{ascii}))
	}
	if !isOrg(i) {
		var l []node
		for _, ro := range d.roles(i) {
			m := []kv{{"title", plain(ro.title)}}
			if ro.org >= 0 {
				m = append(m, kv{"organization", plain(d.actorID(ro.org))})
			}
			m = append(m, kv{"start_date", quoted(ro.from)})
			if !ro.open {
				m = append(m, kv{"end_date", quoted(ro.to)})
			}
			l = append(l, mapping(m...))
		}
		rec.set("roles", list(l...))
	}
	if r.chance(60) {
		rec.set("summary", plain(sentences(r, 60, 260)))
	}
	if r.chance(50) {
		rec.set("sources", list(d.citation(r, r.intn(d.c.Sources))))
	}
	return rec
}

var placeTypes = []string{"country", "region", "municipality", "settlement", "site"}

// placeParent returns the place place i lies within; -1 for the three
// countries at the top.
func placeParent(i int) int {
	if i < 3 {
		return -1
	}
	return (i - 3) / 4
}

func placeType(i int) string {
	depth := 0
	for p := placeParent(i); p >= 0; p = placeParent(p) {
		depth++
	}
	return placeTypes[min(depth, len(placeTypes)-1)]
}

func (d *dataset) place(i int) record {
	r := d.rng(streamPlace, i)
	rec := record{table: "places", name: d.placeID(i)}
	name := d.placeName(i)
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	rec.set("name", plain(name))
	rec.set("type", plain(placeType(i)))
	if ascii := asciiFold.Replace(name); ascii != name {
		rec.set("aliases", plainList([]string{ascii}))
	}
	if p := placeParent(i); p >= 0 {
		rec.set("within", plain(d.placeID(p)))
	}
	if r.chance(60) {
		rec.set("coordinates", mapping(
			kv{"lat", plain(number(float64(r.between(395000, 427000)) / 10000))},
			kv{"lon", plain(number(float64(r.between(192000, 211000)) / 10000))}))
	}
	if r.chance(50) {
		rec.set("summary", plain(sentences(r, 60, 200)))
	}
	if r.chance(50) {
		rec.set("sources", list(d.citation(r, r.intn(d.c.Sources))))
	}
	return rec
}

var sourceKinds = []string{"article", "article", "article", "interview", "statement", "report", "survey", "document",
	"diplomatic-note", "legal-filing", "social-media", "other"}

func (d *dataset) source(i int) record {
	r := d.rng(streamSource, i)
	rec := record{table: "sources", name: d.sourceID(i)}
	pub := d.publisher(i)
	rec.set("id", plain(rec.name))
	rec.set("status", plain("active"))
	rec.set("title", plain(strings.TrimSuffix(sentences(r, 25, 110), ".")))
	rec.set("kind", plain(pick(r, sourceKinds)))
	if r.chance(60) {
		var authors []string
		for k, n := 0, r.between(1, 2); k < n; k++ {
			authors = append(authors, pick(r, givenNames)+" "+pick(r, familyNames))
		}
		rec.set("authors", plainList(authors))
	}
	if r.chance(20) {
		rec.set("author_actors", plainList([]string{d.actorID(r.intn(d.c.Actors))}))
	}
	rec.set("publisher", plain(pub))
	rec.set("url", plain("https://"+kebab(pub)+".example/"+rec.name))
	day := pubStart + edtf.Day(r.intn(int(pubEnd-pubStart)))
	rec.set("published", quoted(pointForms.pick(r).format(day, r)))
	rec.set("language", plain(pick(r, []string{"en", "en", "sq", "it", "fa"})))
	if r.chance(10) {
		rec.set("translation", mapping(
			kv{"translator", plain(pick(r, givenNames) + " " + pick(r, familyNames))},
			kv{"original_language", plain(pick(r, []string{"sq", "fa", "it"}))}))
	}
	if r.chance(40) {
		rec.set("summary", plain(sentences(r, 60, 260)))
	}
	return rec
}

func containsString(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
