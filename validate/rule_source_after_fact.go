package validate

import "strings"

var ruleSourceAfterFact = register(&Rule{
	ID: "source-after-fact", Severity: Error,
	Summary: "a record cites a source published before the fact it reports",
	Explain: "A source cannot report what had not yet happened: an event or a quote cites sources published on or after its date, " +
		"a quote's appeared_in is not published before the quote's date, and a source is not mentioned (sources, cited_in) by one published before it. " +
		"(Figures are left out: a source may give a figure for a later date, as a projection.) " +
		"Dates compare as in date-order: certain contradictions are errors, those that involve uncertain or approximate dates warnings. " +
		"Fix the date of the record or the source's published date, or cite the right source.",
	Bad:  "# event camp-raid\ndate: 2023-06-20\nsources:\n  - source: barometer-2019   # published 2019\n    locator: p. 4",
	Good: "# event camp-raid\ndate: 2023-06-20\nsources:\n  - source: obc-mek-national-security   # published 2023-07\n    locator: para. 4",
})

func init() {
	crossCheck(ruleSourceAfterFact, reads{Refs: true, Fields: map[string][]string{"event": {"date"}, "quote": {"date"}, "source": {"published"}}}, checkSourceAfterFact)
}

func checkSourceAfterFact(x *xref) {
	for _, r := range x.allRefs() {
		if !r.live {
			continue
		}
		top, _, _ := strings.Cut(strings.TrimPrefix(r.pointer, "/"), "/")
		kind := r.from.Kind.Name
		dateField := "date"
		switch {
		case (kind == "event" || kind == "quote") && top == "sources":
		case kind == "quote" && top == "appeared_in":
		case kind == "source" && (top == "sources" || top == "cited_in"):
			dateField = "published"
		default:
			continue
		}
		if !strings.HasSuffix(r.pointer, "/source") && top == "sources" {
			continue
		}
		s := r.to
		if s == nil || s.Kind.Name != "source" || s == r.from {
			continue
		}
		p, ps, ok := x.recDate(s, "published")
		if !ok {
			continue
		}
		d, ds, ok := x.recDate(r.from, dateField)
		if !ok {
			continue
		}
		if kind == "source" {
			// s mentions r.from: s is not published before r.from.
			if sev, bad := notBefore(p, d); bad {
				x.add(ruleSourceAfterFact, sev, r.from, r.pointer, false,
					"check both published dates, at "+x.where(r.from, "/published")+" and "+x.where(s, "/published"),
					"source %q is %spublished before this source it mentions: %s is before %s", r.id, severityWord(sev), ps, ds)
			}
			continue
		}
		if sev, bad := notBefore(p, d); bad {
			x.add(ruleSourceAfterFact, sev, r.from, r.pointer, false,
				"check the "+kind+"'s date at "+x.where(r.from, "/date")+" and the source's published date at "+x.where(s, "/published"),
				"source %q is %spublished before the %s it reports: %s is before %s", r.id, severityWord(sev), kind, ps, ds)
		}
	}
}
