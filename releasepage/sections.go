package releasepage

import (
	"html/template"
	"path"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// build turns a release into what the template shows: from its digest
// when it has one, else from its dataset. Each section of the page has
// its own builder below, in the order of the page.
func build(r *Release, set *schemas.Set) *view {
	g := r.digest
	if g == nil {
		g = DigestOf(&r.Dataset)
	}
	g.labelQuotes()
	x := &index{g: g, listed: map[string]bool{}}
	v := &view{CSP: contentPolicy, CSS: template.CSS(pageCSS), Lang: "en"}
	v.buildHeader(r)
	v.buildSummary(g, set)
	v.buildDownloads(r, set)
	l := listRecords(g, x, r.Files, v)
	v.buildTimeline(g, l.events, r.Files)
	v.buildEvents(x, g, l.events)
	v.buildQuotes(x, l.quotes)
	v.buildFigures(x, l.figures)
	v.buildActors(x, l.actors)
	v.buildPlaces(x, l.places)
	v.buildSources(x, l.sources)
	if set != nil {
		v.Dictionary = dictionary(set)
	}
	known := func(id string) bool { return x.listed[id] }
	v.Description = readMarkdown([]byte(r.Package.Description), known)
	if r.Changelog != nil {
		v.HasChangelog = true
		v.Changelog = readMarkdown(r.Changelog, known)
	}
	return v
}

// buildHeader fills what the masthead shows: title, version, day,
// licences, and how to cite.
func (v *view) buildHeader(r *Release) {
	p := &r.Package
	v.Title, v.Name, v.Version, v.Created = p.Title, p.Name, p.Version, createdDay(p.Created)
	if v.Title == "" {
		v.Title = p.Name
	}
	for _, l := range p.Licenses {
		name := l.Title
		if name == "" {
			name = l.Name
		}
		if name == "" {
			name = l.Path
		}
		v.Licenses = append(v.Licenses, licenseView{Name: name, URL: webURL(l.Path)})
	}
	v.Cite = citation(p, v.Created)
}

// buildSummary fills the counts of the summary.
func (v *view) buildSummary(g *Digest, set *schemas.Set) {
	v.Counts = g.counts(set)
	for _, c := range v.Counts {
		v.Records += c.Rows
	}
}

// listed are the rows each record section lists.
type listed struct {
	events  []Event
	quotes  []Quote
	figures []Figure
	actors  []Actor
	places  []Place
	sources []Source
}

// listRecords settles which records the page lists: each section the
// first ListLimit records of its table in its own order. It marks them
// in x, so that a link is made only to a record on the page, and sets the
// totals and cap notes of v.
func listRecords(g *Digest, x *index, files []File, v *view) listed {
	l := listed{g.events.listed(), g.quotes.listed(), g.figures.listed(), g.actors.listed(), g.places.listed(), g.sources.listed()}
	v.Total = map[string]int{"events": g.events.n, "quotes": g.quotes.n, "figures": g.figures.n,
		"actors": g.actors.n, "places": g.places.n, "sources": g.sources.n}
	const byDate, byIDOrder = "by date, then ID", "by ID"
	v.EventsCap = newCap("events", byDate, len(l.events), g.events.n, files)
	v.QuotesCap = newCap("quotes", byDate, len(l.quotes), g.quotes.n, files)
	v.FiguresCap = newCap("figures", byDate, len(l.figures), g.figures.n, files)
	v.ActorsCap = newCap("actors", byIDOrder, len(l.actors), g.actors.n, files)
	v.PlacesCap = newCap("places", byIDOrder, len(l.places), g.places.n, files)
	v.SourcesCap = newCap("sources", byIDOrder, len(l.sources), g.sources.n, files)
	for _, e := range l.events {
		x.listed[e.ID] = true
	}
	for _, q := range l.quotes {
		x.listed[q.ID] = true
	}
	for _, f := range l.figures {
		x.listed[f.ID] = true
	}
	for _, a := range l.actors {
		x.listed[a.ID] = true
	}
	for _, p := range l.places {
		x.listed[p.ID] = true
	}
	for _, s := range l.sources {
		x.listed[s.ID] = true
	}
	return l
}

// buildTimeline draws the first TimelineLimit of the events listed.
func (v *view) buildTimeline(g *Digest, events []Event, files []File) {
	v.Timeline = layoutTimeline(events, wideLayout, TimelineLimit)
	v.TimelineStacked = layoutTimeline(events, stackedLayout, TimelineLimit)
	if v.Timeline == nil {
		return
	}
	if shown := len(v.Timeline.Rows); shown < g.drawable {
		c := newCap("events", "by date, then ID", shown, g.drawable, files)
		v.Timeline.Capped, v.TimelineStacked.Capped = c, c
	}
}

// buildEvents lists the events in order of date, each with what links to
// it.
func (v *view) buildEvents(x *index, g *Digest, events []Event) {
	listedEvents := map[string]bool{}
	for _, e := range events {
		listedEvents[e.ID] = true
	}
	followedBy := referrers(g.follows, listedEvents)
	quotesOf := referrers(g.about, listedEvents)
	figuresOf := referrers(g.eventFigs, listedEvents)
	for _, e := range events {
		v.Events = append(v.Events, eventView{
			recordView: x.record(e.Record),
			Title:      e.Title, Summary: e.Summary, Date: e.Date, When: readDate(e.Date),
			Places: x.refs(e.Places), Actors: x.refs(e.Actors), Follows: x.refs(e.Follows),
			FollowedBy: x.refs(followedBy[e.ID]), Quotes: x.refs(quotesOf[e.ID]), Figs: x.refs(figuresOf[e.ID]),
			Tags: e.Tags,
		})
	}
}

// buildQuotes groups the quotes by speaker, speakers by name.
func (v *view) buildQuotes(x *index, quotes []Quote) {
	groups := map[string]*speakerView{}
	for _, q := range quotes {
		g := groups[q.Speaker]
		if g == nil {
			g = &speakerView{Speaker: x.ref(q.Speaker)}
			groups[q.Speaker] = g
		}
		g.Quotes = append(g.Quotes, quoteView{
			recordView: x.record(q.Record),
			Text:       q.Text, Role: q.Role, Date: q.Date, When: readDate(q.Date), Language: q.Language,
			Direct: q.Mode == "direct", About: x.refs(q.About), AppearedIn: x.optRef(q.AppearedIn),
		})
		v.Quotes++
	}
	for _, g := range groups {
		v.Speakers = append(v.Speakers, *g)
	}
	sort.Slice(v.Speakers, func(i, j int) bool {
		a, b := v.Speakers[i].Speaker, v.Speakers[j].Speaker
		if la, lb := strings.ToLower(a.Label), strings.ToLower(b.Label); la != lb {
			return la < lb
		}
		return a.ID < b.ID
	})
}

// buildFigures lists the figures in order of date.
func (v *view) buildFigures(x *index, figures []Figure) {
	for _, f := range figures {
		fv := figureView{
			recordView: x.record(f.Record),
			Measure:    f.Measure, Type: f.Type, Unit: f.Unit, Wording: f.Wording, Derived: f.Derived,
			Bound: boundWords[f.Bound], Value: number(f.Value),
			Low: number(f.Low), Best: number(f.Best), High: number(f.High),
			Date: f.Date, When: readDate(f.Date), Disputed: f.Disputed,
		}
		for _, l := range []struct{ rel, id string }{
			{"event", f.Event}, {"place", f.Place}, {"actor", f.Actor},
			{"part of", f.PartOf}, {"superseded by", f.SupersededBy},
		} {
			if l.id != "" {
				fv.About = append(fv.About, labelled{Rel: l.rel, Ref: x.ref(l.id)})
			}
		}
		v.Figures = append(v.Figures, fv)
	}
}

// buildActors lists the actors by ID, with their roles.
func (v *view) buildActors(x *index, actors []Actor) {
	for _, a := range actors {
		av := actorView{recordView: x.record(a.Record), Name: a.Name, Type: a.Type, Summary: a.Summary, Aliases: a.Aliases}
		for _, ro := range a.Roles {
			av.Roles = append(av.Roles, roleView{Title: ro.Title, Organization: x.optRef(ro.Organization), When: readRange(ro.StartDate, ro.EndDate)})
		}
		v.Actors = append(v.Actors, av)
	}
}

// buildPlaces lists the places by ID.
func (v *view) buildPlaces(x *index, places []Place) {
	for _, pl := range places {
		pv := placeView{recordView: x.record(pl.Record), Name: pl.Name, Type: pl.Type, Summary: pl.Summary,
			Aliases: pl.Aliases, Within: x.optRef(pl.Within)}
		if c := pl.Coordinates; c != nil {
			pv.Coordinates = string(c.Lat) + ", " + string(c.Lon)
		}
		v.Places = append(v.Places, pv)
	}
}

// buildSources lists the sources by ID; an address that is not a web
// address is shown as text, never a link.
func (v *view) buildSources(x *index, sources []Source) {
	for _, s := range sources {
		sv := sourceView{recordView: x.record(s.Record), Title: s.Title, Kind: s.Kind,
			Authors: strings.Join(s.Authors, ", "), Publisher: s.Publisher, URL: webURL(s.URL),
			Published: readDate(s.Published), Language: s.Language, Summary: s.Summary,
			AuthorActors: x.refs(s.AuthorActors), CitedIn: x.optRef(s.CitedIn)}
		if sv.URL == "" {
			sv.Address = s.URL
		}
		if t := s.Translation; t != nil {
			sv.Translation = "translated by " + t.Translator
			if t.OriginalLanguage != "" {
				sv.Translation += " from " + t.OriginalLanguage
			}
		}
		v.Sources = append(v.Sources, sv)
	}
}

// buildDownloads fills the downloads: the archive of the whole release
// first, then the files of the whole release, then one row per table with
// the file of each format, and every file with its checksum.
func (v *view) buildDownloads(r *Release, set *schemas.Set) {
	v.Files = fileGroups(r.Files, set)
	if r.Package.Name != "" && r.Package.Version != "" {
		v.Archive = r.Package.Name + "-" + r.Package.Version + ".tar.gz"
	}
	var db *fileView
	for _, f := range r.Files {
		if f.Format == "sqlite" {
			db = &fileView{File: f, Size: size(f.Bytes)}
		}
	}
	for _, g := range v.Files {
		if g.Table == "" {
			v.Whole = append(v.Whole, g.Files...)
			continue
		}
		td := tableDownload{Name: g.Name, Description: g.Description, Link: g.Link, Rows: -1, SQLite: db}
		for i := range g.Files {
			f := &g.Files[i]
			switch path.Ext(f.Path) {
			case ".csv":
				td.CSV, td.Rows = f, f.Rows
			case ".parquet":
				td.Parquet = f
			case ".jsonl":
				td.JSONL = f
			}
		}
		v.Tables = append(v.Tables, td)
	}
}
