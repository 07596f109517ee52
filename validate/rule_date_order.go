package validate

import (
	"strconv"
	"strings"
)

var ruleDateOrder = register(&Rule{
	ID: "date-order", Severity: Error,
	Summary: "dates that must follow each other are out of order",
	Explain: "Some records order others in time: an event that follows another is not earlier than it; a quote about an event, " +
		"or a figure that belongs to an event, is not dated before the event; a role ends after it begins. " +
		"(An interval written in one date, 2016/2013, is checked by the date parser: schema-format.) " +
		"Comparisons are EDTF-aware: 2023-06 and 2023-06-20 are compatible, and approximate dates (~) compare by their widest span. " +
		"A contradiction that holds on the widest spans of dates that are not uncertain is an error; one that involves an uncertain date (?), " +
		"or that an approximation can reconcile, is a warning. Fix the date that is wrong, or the link.",
	Bad:  "# event camp-raid\ndate: 2023-06-20\nfollows:\n  - spak-proceeding-filed   # dated 2023-07-15",
	Good: "# event camp-raid\ndate: 2023-06-20\nfollows:\n  - spak-proceeding-filed   # dated 2023-05-15",
})

func init() {
	crossCheck(ruleDateOrder, reads{Refs: true, Fields: map[string][]string{"event": {"date"}, "quote": {"date"}, "figure": {"date"}, "actor": {"roles"}}}, checkDateOrder)
}

func checkDateOrder(x *xref) {
	for _, r := range x.allRefs() {
		if !r.live {
			continue
		}
		top, _, _ := strings.Cut(strings.TrimPrefix(r.pointer, "/"), "/")
		var relation string
		switch {
		case r.from.Kind.Name == "event" && top == "follows":
			relation = "which it follows"
		case r.from.Kind.Name == "quote" && top == "about":
			relation = "which it is about"
		case r.from.Kind.Name == "figure" && top == "event":
			relation = "which it belongs to"
		default:
			continue
		}
		t := r.to
		if t == nil || !r.toLive || t.Kind.Name != "event" {
			continue
		}
		d, ds, ok := x.recDate(r.from, "date")
		if !ok {
			continue
		}
		e, es, ok := x.recDate(t, "date")
		if !ok {
			continue
		}
		if sev, bad := notBefore(d, e); bad {
			x.add(ruleDateOrder, sev, r.from, r.pointer, false,
				"check both dates: the "+r.from.Kind.Name+" is dated at "+x.where(r.from, "/date")+", the event at "+x.where(t, "/date"),
				"%s is %sdated before event %q, %s: %s is before %s", r.from.Kind.Name, severityWord(sev), r.id, relation, ds, es)
		}
	}
	for _, rec := range x.records("actor") {
		if !active(rec) {
			continue
		}
		for i, role := range rec.Value.Get("roles").Items() {
			fs, ts := text(role, "start_date"), text(role, "end_date")
			if fs == "" || ts == "" {
				continue
			}
			from, ok1 := x.date(fs)
			to, ok2 := x.date(ts)
			if !ok1 || !ok2 {
				continue
			}
			if sev, bad := notBefore(to, from); bad {
				ptr := "/roles/" + strconv.Itoa(i) + "/end_date"
				x.add(ruleDateOrder, sev, rec, ptr, false, "a role ends (end_date) after it begins (start_date)",
					"role %q %sends before it begins: end_date %s is before start_date %s", text(role, "title"), severityWord(sev), ts, fs)
			}
		}
	}
}
