package releasepage

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/datapackage"
)

// bigRelease makes a release of n records of each kind. Event, quote and
// figure i is dated in the year 3000-i, so that the first by date are the
// last by ID.
func bigRelease(n int) *Release {
	r := &Release{Package: datapackage.Package{Name: "big", Title: "Big", Version: "1.0.0", Created: "2026-01-01T00:00:00Z"}}
	d := &r.Dataset
	for i := 0; i < n; i++ {
		date := fmt.Sprint(3000 - i)
		cites := []Citation{{Source: fmt.Sprintf("s-%04d", i), Locator: "p. 1"}}
		d.Events = append(d.Events, Event{Record: Record{ID: fmt.Sprintf("e-%04d", i), Status: "active", Sources: cites},
			Title: fmt.Sprintf("Event %d", i), Date: date, Actors: []string{fmt.Sprintf("a-%04d", i)}})
		d.Quotes = append(d.Quotes, Quote{Record: Record{ID: fmt.Sprintf("q-%04d", i), Status: "active", Sources: cites},
			Speaker: fmt.Sprintf("a-%04d", i%7), Date: date, Text: fmt.Sprintf("Quote %d", i), Mode: "direct",
			About: []string{fmt.Sprintf("e-%04d", i)}})
		d.Figures = append(d.Figures, Figure{Record: Record{ID: fmt.Sprintf("f-%04d", i), Status: "active", Sources: cites},
			Measure: fmt.Sprintf("Figure %d", i), Date: date, Event: fmt.Sprintf("e-%04d", i)})
		d.Actors = append(d.Actors, Actor{Record: Record{ID: fmt.Sprintf("a-%04d", i), Status: "active", Sources: cites}, Name: fmt.Sprintf("Actor %d", i), Type: "person"})
		d.Places = append(d.Places, Place{Record: Record{ID: fmt.Sprintf("p-%04d", i), Status: "active", Sources: cites}, Name: fmt.Sprintf("Place %d", i), Type: "site"})
		d.Sources = append(d.Sources, Source{Record: Record{ID: fmt.Sprintf("s-%04d", i), Status: "active"}, Title: fmt.Sprintf("Source %d", i), Kind: "report"})
	}
	for _, t := range []string{"events", "quotes", "figures", "actors", "places", "sources"} {
		for _, ext := range []string{".csv", ".jsonl", ".parquet"} {
			r.Files = append(r.Files, File{Path: t + ext, Bytes: 1, SHA256: strings.Repeat("0", 64), Format: ext[1:], Rows: n})
		}
	}
	return r
}

var (
	anchorRE = regexp.MustCompile(` id="([^"]+)"`)
	hrefRE   = regexp.MustCompile(` href="#([^"]+)"`)
)

// renderBig renders bigRelease(n) and returns the page and how many
// records of each kind (by ID prefix) have their anchor on it.
func renderBig(t *testing.T, n int) (string, map[string]int) {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, bigRelease(n), Options{Schemas: testSchemas(t)}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	anchors := map[string]int{}
	ids := map[string]bool{}
	for _, m := range anchorRE.FindAllStringSubmatch(page, -1) {
		ids[m[1]] = true
		if p, _, ok := strings.Cut(m[1], "-"); ok && len(p) == 1 {
			anchors[p]++
		}
	}
	for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
		if !ids[m[1]] {
			t.Errorf("link #%s leads nowhere on the page", m[1])
		}
	}
	return page, anchors
}

// TestCapOver renders a release over the caps: each record section lists
// exactly ListLimit records, the first in its order, with a note naming
// the table's files; the timeline draws TimelineLimit events; counts stay
// complete; every link inside the page lands on an anchor.
func TestCapOver(t *testing.T) {
	n := ListLimit + 5
	page, anchors := renderBig(t, n)
	for _, k := range []string{"e", "q", "f", "a", "p", "s"} {
		if anchors[k] != ListLimit {
			t.Errorf("%s-… records listed: %d, want %d", k, anchors[k], ListLimit)
		}
	}
	for _, table := range []string{"events", "quotes", "figures", "actors", "places", "sources"} {
		want := fmt.Sprintf(`<p class="note capped" data-capped="%s">Showing the first 1,000 of 1,005 %s, `, table, table)
		if !strings.Contains(page, want) {
			t.Errorf("no note %q", want)
		}
		for _, ext := range []string{".jsonl", ".csv", ".parquet"} {
			if !strings.Contains(page, `<a href="`+table+ext+`">`) {
				t.Errorf("the %s note does not link %s%s", table, table, ext)
			}
		}
		if want := `<span class="count-inline">1005</span>`; !strings.Contains(page, "<h2>"+strings.ToUpper(table[:1])+table[1:]+" "+want) {
			t.Errorf("the %s heading does not count every record (%s)", table, want)
		}
	}
	if got := strings.Count(page, `<a class="ev" href="#`); got != 2*TimelineLimit { // wide and stacked drawings
		t.Errorf("timeline rows: %d, want %d in each of two drawings", got, TimelineLimit)
	}
	if !strings.Contains(page, "The first 500 of 1,005 dated events from ") {
		t.Error("the timeline does not say it is capped")
	}
	// By date: e-1004 (year 1996) is the earliest event and listed; e-0000
	// (year 3000) is the latest and left out. Actors by ID: a-0999 in,
	// a-1000 out, shown by name without a link where referred to.
	for id, in := range map[string]bool{"e-1004": true, "e-0005": true, "e-0004": false, "e-0000": false, "a-0999": true, "a-1000": false} {
		if has := strings.Contains(page, ` id="`+id+`"`); has != in {
			t.Errorf("%s listed: %v, want %v", id, has, in)
		}
	}
	if !strings.Contains(page, `<span title="a-1004">Actor 1004</span>`) {
		t.Error("a reference to an actor left out is not shown by name")
	}
	if !strings.Contains(page, `<span data-count="events">1005</span>`) && !strings.Contains(page, `data-count="events">1005<`) {
		t.Error("the summary does not count every event")
	}
}

// TestCapUnder renders a release exactly at the list cap: every record is
// listed and no record section says it is capped; the timeline, over its
// own cap, says it is, and at its cap it draws every event and does not.
func TestCapUnder(t *testing.T) {
	page, anchors := renderBig(t, ListLimit)
	for _, k := range []string{"e", "q", "f", "a", "p", "s"} {
		if anchors[k] != ListLimit {
			t.Errorf("%s-… records listed: %d, want all %d", k, anchors[k], ListLimit)
		}
	}
	if strings.Contains(page, "capped") || strings.Contains(page, "Showing the first") {
		t.Error("a release within the caps says it is capped")
	}
	if got := strings.Count(page, `<a class="ev" href="#`); got != 2*TimelineLimit {
		t.Errorf("timeline rows: %d, want %d in each of two drawings", got, TimelineLimit)
	}
	if !strings.Contains(page, "The first 500 of 1,000 dated events") {
		t.Error("the timeline does not say it is capped")
	}
	page, _ = renderBig(t, TimelineLimit)
	if got := strings.Count(page, `<a class="ev" href="#`); got != 2*TimelineLimit || !strings.Contains(page, "<p>Each event from ") {
		t.Errorf("timeline at its cap: %d rows, want every one of %d in each of two drawings, captioned as all", got, TimelineLimit)
	}
}
