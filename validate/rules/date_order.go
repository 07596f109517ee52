package rules

import (
	"strconv"

	"github.com/dossier-data/dossier/validate/diag"
)

var dateOrder = rule{
	doc: &diag.Rule{
		ID: "date-order", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "dates that must follow each other are out of order",
		Explain: "Some records order others in time: an event that follows another is not earlier than it; a quote about an event, " +
			"or a figure that belongs to an event, is not dated before the event; a role ends after it begins. " +
			"(An interval written in one date, 2016/2013, is checked by the date parser: schema-format.) " +
			"Comparisons are EDTF-aware: 2023-06 and 2023-06-20 are compatible, and approximate dates (~) compare by their widest span. " +
			"A contradiction that holds on the widest spans of dates that are not uncertain is an error; one that involves an uncertain date (?), " +
			"or that an approximation can reconcile, is a warning. Fix the date that is wrong, or the link.",
		Bad:  "# event camp-raid\ndate: 2023-06-20\nfollows:\n  - spak-proceeding-filed   # dated 2023-07-15",
		Good: "# event camp-raid\ndate: 2023-06-20\nfollows:\n  - spak-proceeding-filed   # dated 2023-05-15",
	},
	check: checkDateOrder,
	reach: ByReference,
}

func checkDateOrder(ix *Index, out *Report) {
	for _, r := range ix.Refs {
		if !r.Live {
			continue
		}
		top := r.Field()
		var relation string
		switch {
		case r.From.Kind.Name == "event" && top == "follows":
			relation = "which it follows"
		case r.From.Kind.Name == "quote" && top == "about":
			relation = "which it is about"
		case r.From.Kind.Name == "figure" && top == "event":
			relation = "which it belongs to"
		default:
			continue
		}
		t := r.To
		if t == nil || !r.ToLive || t.Kind.Name != "event" {
			continue
		}
		d, ds, ok := ix.Date(r.From, "date")
		if !ok {
			continue
		}
		e, es, ok := ix.Date(t, "date")
		if !ok {
			continue
		}
		if sev, bad := notBefore(d, e); bad {
			out.Graded(sev, r.From, r.Pointer(),
				"check both dates: the "+r.From.Kind.Name+" is dated at "+out.Where(r.From, "/date")+", the event at "+out.Where(t, "/date"),
				"%s is %sdated before event %q, %s: %s is before %s", r.From.Kind.Name, severityWord(sev), r.ID(), relation, ds, es)
		}
	}
	for _, rec := range ix.Kind("actor") {
		if !ix.Active(rec) {
			continue
		}
		for i, role := range rec.Value.Get("roles").Items() {
			fs, ts := text(role, "start_date"), text(role, "end_date")
			if fs == "" || ts == "" {
				continue
			}
			from, ok1 := parseDate(fs)
			to, ok2 := parseDate(ts)
			if !ok1 || !ok2 {
				continue
			}
			if sev, bad := notBefore(to, from); bad {
				ptr := "/roles/" + strconv.Itoa(i) + "/end_date"
				out.Graded(sev, rec, ptr, "a role ends (end_date) after it begins (start_date)",
					"role %q %sends before it begins: end_date %s is before start_date %s", text(role, "title"), severityWord(sev), ts, fs)
			}
		}
	}
}
