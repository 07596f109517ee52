package synth

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// A fault turns one generated record into a record that breaks one rule
// (and, as far as possible, only that rule), or adds a file that does.
type fault struct {
	kind int // the kind of record it changes, in Counts order
	// accept reports whether a record suits the fault; nil accepts any.
	accept func(rec *record) bool
	// apply changes rec and returns any extra files to write. changed
	// says whether rec itself was changed (and so is written as changed);
	// with no extra file either, the record cannot carry the fault and
	// another is tried.
	apply func(d *dataset, rec *record, k int) (extra []record, changed bool)
}

const (
	kindEvent = iota
	kindQuote
	kindFigure
	kindActor
	kindPlace
	kindSource
)

func change(f func(rec *record)) func(*dataset, *record, int) ([]record, bool) {
	return func(_ *dataset, rec *record, _ int) ([]record, bool) { f(rec); return nil, true }
}

func has(key string) func(*record) bool {
	return func(rec *record) bool { return rec.get(key) != nil }
}

// faults maps a rule ID to the fault that breaks it. Input faults go to
// quotes, which no other record refers to, so a quote made unreadable
// leaves no dangling reference behind.
var faults = map[string]fault{
	"file-read":   {kind: kindQuote, apply: change(func(r *record) { r.folder = true })},
	"record-path": {kind: kindQuote, apply: change(func(r *record) { r.ext = ".yml" })},
	"yaml-syntax": {kind: kindQuote, apply: change(func(r *record) { r.suffix = "mode: [direct\n" })},
	"yaml-encoding": {kind: kindQuote, apply: change(func(r *record) {
		r.del("notes")
		r.suffix = "notes: caf\xe9 latin-1 byte\n"
	})},
	"yaml-bom":            {kind: kindQuote, apply: change(func(r *record) { r.prefix = "\xEF\xBB\xBF" })},
	"yaml-empty":          {kind: kindQuote, apply: change(func(r *record) { r.body = "# a quote still to be written\n" })},
	"yaml-duplicate-key":  {kind: kindQuote, apply: change(func(r *record) { r.suffix = "mode: " + r.get("mode").s + "\n" })},
	"yaml-multi-document": {kind: kindQuote, apply: change(func(r *record) { r.suffix = "---\nid: a-second-document\n" })},
	"yaml-alias":          {kind: kindQuote, apply: change(func(r *record) { r.set("language", raw("&lang "+r.get("language").s)) })},
	"yaml-tag":            {kind: kindQuote, apply: change(func(r *record) { r.set("language", raw("!!str "+r.get("language").s)) })},
	"yaml-key-type":       {kind: kindQuote, apply: change(func(r *record) { r.suffix = "1965: founded\n" })},
	"yaml-bool":           {kind: kindQuote, apply: change(func(r *record) { r.set("notes", raw("yes")) })},
	"yaml-number":         {kind: kindFigure, accept: has("value"), apply: change(func(r *record) { r.set("value", raw(".inf")) })},

	"schema-required": {kind: kindQuote, apply: change(func(r *record) { r.del("mode") })},
	"schema-unknown-field": {kind: kindQuote, apply: change(func(r *record) {
		r.insertAfter("speaker", "speakr", plain(r.get("speaker").s))
	})},
	"schema-enum":    {kind: kindQuote, apply: change(func(r *record) { r.set("mode", plain("drect")) })},
	"schema-type":    {kind: kindFigure, apply: change(func(r *record) { r.set("disputed", quoted("perhaps")) })},
	"schema-format":  {kind: kindQuote, apply: change(func(r *record) { r.set("date", quoted("2013-13-40")) })},
	"schema-pattern": {kind: kindQuote, apply: change(func(r *record) { r.set("language", plain("English")) })},
	"schema-range": {kind: kindPlace, apply: change(func(r *record) {
		r.set("coordinates", mapping(kv{"lat", plain("141.4")}, kv{"lon", plain("19.8")}))
	})},
	"schema-length": {kind: kindQuote, apply: change(func(r *record) { r.set("notes", quoted("")) })},
	"schema-array":  {kind: kindQuote, apply: change(func(r *record) { r.set("sources", list()) })},
	"limit": {kind: kindQuote, apply: change(func(r *record) {
		r.set("notes", raw(strings.Repeat("[", 70)+strings.Repeat("]", 70)))
	})},
	"text-control": {kind: kindQuote, apply: change(func(r *record) {
		r.set("text", quoted("\u202e"+r.get("text").s))
	})},
	"ignore-reason": {kind: kindQuote, apply: change(func(r *record) {
		r.set("mode", raw(r.get("mode").s+"   # dossier:ignore orphan"))
	})},
	"ignore-unused": {kind: kindQuote, apply: change(func(r *record) {
		r.set("mode", raw(r.get("mode").s+"   # dossier:ignore orphan -- kept for the timeline"))
	})},

	"id-duplicate": {kind: kindQuote, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		// An event file named after the quote's ID: valid in itself, so
		// only the duplicate is wrong.
		ev := d.event(0)
		ev.name = r.id()
		ev.set("id", plain(r.id()))
		ev.del("follows")
		return []record{ev}, true
	}},
	"id-filename": {kind: kindQuote, apply: change(func(r *record) { r.name += "-draft" })},
	"ref-unresolved": {kind: kindQuote, accept: has("role"), apply: change(func(r *record) {
		s := r.get("speaker").s
		i := strings.LastIndexByte(s, '-')
		r.set("speaker", plain(s[:i]+"x"+s[i:])) // a typo the did-you-mean finds
		r.del("role")
	})},
	"date-order": {kind: kindEvent, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		// follows an event that certainly happens later
		w := widest(r.get("date").s)
		for j := d.c.Events - 1; j > d.c.Events-20 && j >= 0; j-- {
			if before(w, widest(d.eventDate(j))) {
				r.set("follows", plainList([]string{d.eventID(j)}))
				return nil, true
			}
		}
		return nil, false
	}},
	"source-after-fact": {kind: kindQuote, apply: change(func(r *record) {
		r.set("date", quoted("2027-03-14")) // after every source is published
		r.del("role")
	})},
	"speaker-role": {kind: kindQuote, accept: has("role"), apply: change(func(r *record) {
		r.set("role", plain("Chief Astronaut"))
	})},
	"figure-range": {kind: kindFigure, accept: has("value"), apply: change(func(r *record) {
		r.set("type", plain("percentage"))
		r.set("unit", plain("percent"))
		r.set("value", plain("140"))
		r.del("bound")
		r.del("wording")
	})},
	"figure-conflict": {kind: kindFigure, accept: func(r *record) bool { return r.get("disputed") == nil && r.get("value") != nil }, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		c := r.clone()
		c.name = r.id() + "-recount"
		c.set("id", plain(c.name))
		c.set("value", plain(r.get("value").s+"1"))
		c.del("bound")
		c.del("wording")
		return []record{c}, true
	}},
	"figure-wording": {kind: kindFigure, accept: has("value"), apply: change(func(r *record) {
		// the wording prints another number than value (in digits, read
		// whatever the language of the sources)
		v, err := strconv.ParseFloat(r.get("value").s, 64)
		if err != nil {
			v = 0
		}
		r.del("bound")
		r.del("wording")
		r.insertAfter("unit", "wording", plain("about "+number(v+1)+" "+r.get("unit").s))
	})},
	"quote-duplicate": {kind: kindQuote, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		c := r.clone()
		c.name = r.id() + "-again"
		c.set("id", plain(c.name))
		return []record{c}, true
	}},
	"orphan": {kind: kindActor, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		o := record{table: "actors", name: fmt.Sprintf("unreferenced-person-a%d-%d", d.c.Actors, k)}
		o.set("id", plain(o.name))
		o.set("status", plain("active"))
		o.set("name", plain("Unreferenced Person"))
		o.set("type", plain("person"))
		return []record{o}, false // the actor it was planned on stays as it is
	}},
	"ref-cycle": {kind: kindPlace, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		// Two places each within the other: a loop, and neither orphaned.
		a := record{table: "places", name: fmt.Sprintf("loop-north-p%d-%d", d.c.Places, k)}
		b := record{table: "places", name: fmt.Sprintf("loop-south-p%d-%d", d.c.Places, k)}
		for _, x := range []struct {
			rec    *record
			name   string
			within string
		}{{&a, "Loop North", b.name}, {&b, "Loop South", a.name}} {
			x.rec.set("id", plain(x.rec.name))
			x.rec.set("status", plain("active"))
			x.rec.set("name", plain(x.name))
			x.rec.set("type", plain("settlement"))
			x.rec.set("within", plain(x.within))
		}
		return []record{a, b}, false
	}},
	"withdrawn-ref": {kind: kindActor, apply: func(d *dataset, r *record, k int) ([]record, bool) {
		// Event a's first actor is actor a: the withdrawn actor stays
		// referenced.
		r.set("status", plain("withdrawn"))
		r.insertAfter("status", "withdrawn", mapping(kv{"reason", plain("Recorded twice under two spellings.")}))
		return nil, true
	}},
}

// Injectable returns the rule IDs synth can inject faults of, sorted.
func Injectable() []string {
	ids := make([]string, 0, len(faults))
	for id := range faults {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// avoid reports records no fault may change: the pairs a withdrawn quote
// and its successor, and a figure and its part, keep their link intact.
func (d *dataset) avoid(kind, i int) bool {
	switch kind {
	case kindQuote:
		return i%97 == 49 || i%97 == 50
	case kindFigure:
		return i%10 == 8 || i%10 == 9
	}
	return false
}

type faultPlan struct {
	byRecord map[int]*record // global index -> the record as changed
	extra    []record
}

// planFaults picks, for each rule, n distinct records spread over the
// dataset and changes them.
func (d *dataset) planFaults(n int, rules []string) (faultPlan, Summary) {
	plan := faultPlan{byRecord: map[int]*record{}}
	sum := Summary{Faults: map[string]int{}}
	if n == 0 {
		return plan, sum
	}
	ids := append([]string(nil), rules...)
	sort.Strings(ids)
	counts := [6]int{d.c.Events, d.c.Quotes, d.c.Figures, d.c.Actors, d.c.Places, d.c.Sources}
	for ri, id := range ids {
		f, ok := faults[id]
		if !ok {
			sum.Skipped = append(sum.Skipped, id)
			continue
		}
		cnt := counts[f.kind]
		for k := 0; k < n; k++ {
			start := int((int64(k)+1)*int64(cnt)/int64(n+1)) + ri*13
			for probe := 0; probe < cnt; probe++ {
				i := (start + probe) % cnt
				g := d.base[f.kind] + i
				if plan.byRecord[g] != nil || d.avoid(f.kind, i) {
					continue
				}
				rec := d.record(g)
				if f.accept != nil && !f.accept(&rec) {
					continue
				}
				extra, changed := f.apply(d, &rec, k)
				if !changed && len(extra) == 0 {
					continue
				}
				if changed {
					plan.byRecord[g] = &rec
				}
				plan.extra = append(plan.extra, extra...)
				sum.Faults[id]++
				break
			}
		}
	}
	return plan, sum
}
