package rules

import (
	"github.com/dossier-data/dossier/validate/diag"
)

var sourceAfterFact = rule{
	doc: &diag.Rule{
		ID: "source-after-fact", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a record cites a source published before the fact it reports",
		Explain: "A source cannot report what had not yet happened: an event or a quote cites sources published on or after its date, " +
			"a quote's appeared_in is not published before the quote's date, and a source is not mentioned (sources, cited_in) by one published before it. " +
			"(Figures are left out: a source may give a figure for a later date, as a projection.) " +
			"Dates compare as in date-order: certain contradictions are errors, those that involve uncertain or approximate dates warnings. " +
			"Fix the date of the record or the source's published date, or cite the right source.",
		Bad:  "# event camp-raid\ndate: 2023-06-20\nsources:\n  - source: barometer-2019   # published 2019\n    locator: p. 4",
		Good: "# event camp-raid\ndate: 2023-06-20\nsources:\n  - source: obc-mek-national-security   # published 2023-07\n    locator: para. 4",
	},
	check: checkSourceAfterFact,
	reach: ByReference,
}

func checkSourceAfterFact(ix *Index, out *Report) {
	for _, r := range ix.Refs {
		if !r.Live {
			continue
		}
		top := r.Field()
		kind := r.From.Kind.Name
		dateField := "date"
		switch {
		case (kind == "event" || kind == "quote") && top == "sources":
		case kind == "quote" && top == "appeared_in":
		case kind == "source" && (top == "sources" || top == "cited_in"):
			dateField = "published"
		default:
			continue
		}
		if top == "sources" && r.at.leaf.name != "source" {
			continue
		}
		s := r.To
		if s == nil || s.Kind.Name != "source" || s == r.From {
			continue
		}
		p, ps, ok := ix.Date(s, "published")
		if !ok {
			continue
		}
		d, ds, ok := ix.Date(r.From, dateField)
		if !ok {
			continue
		}
		if kind == "source" {
			// s mentions r.From: s is not published before r.From.
			if sev, bad := notBefore(p, d); bad {
				out.Graded(sev, r.From, r.Pointer(),
					"check both published dates, at "+out.Where(r.From, "/published")+" and "+out.Where(s, "/published"),
					"source %q is %spublished before this source it mentions: %s is before %s", r.ID(), severityWord(sev), ps, ds)
			}
			continue
		}
		if sev, bad := notBefore(p, d); bad {
			out.Graded(sev, r.From, r.Pointer(),
				"check the "+kind+"'s date at "+out.Where(r.From, "/date")+" and the source's published date at "+out.Where(s, "/published"),
				"source %q is %spublished before the %s it reports: %s is before %s", r.ID(), severityWord(sev), kind, ps, ds)
		}
	}
}
