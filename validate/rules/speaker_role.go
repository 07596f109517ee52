package rules

import (
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"
)

var speakerRole = rule{
	doc: &diag.Rule{
		ID: "speaker-role", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a quote's role is not one its speaker held at the quote's date",
		Explain: "A quote's role is the title the speaker spoke in, so it must be the title of one of the speaker actor's roles, written the same way, " +
			"and the quote's date must fall within that role's start_date and end_date (a missing one leaves the term open on that side). " +
			"A title the actor never held is an error, with the closest title suggested. A title held, but not at the quote's date, is an error when that is certain " +
			"and a warning when an uncertain or approximate date could reconcile it. A quote without a role is not checked. " +
			"Fix the role, or complete the actor's roles.",
		Bad:  "# quote\nspeaker: bledar-cuci\nrole: Interior Minister\n# actor bledar-cuci\nroles:\n  - title: Minister of the Interior",
		Good: "# quote\nspeaker: bledar-cuci\nrole: Minister of the Interior\n# actor bledar-cuci\nroles:\n  - title: Minister of the Interior",
	},
	check: checkSpeakerRole,
	reach: ByReference,
}

// role is one role of an actor, its dates parsed.
type role struct {
	title    string
	from, to edtf.Date // zero when open (or not valid EDTF)
}

// rolesOf reads the roles of an actor with a title.
func rolesOf(a *record.Record) []role {
	var out []role
	for _, v := range a.Value.Get("roles").Items() {
		t := text(v, "title")
		if t == "" {
			continue
		}
		r := role{title: t}
		if s := text(v, "start_date"); s != "" {
			r.from, _ = parseDate(s)
		}
		if s := text(v, "end_date"); s != "" {
			r.to, _ = parseDate(s)
		}
		out = append(out, r)
	}
	return out
}

func checkSpeakerRole(ix *Index, out *Report) {
	read := map[*record.Record][]role{} // the roles of each speaker met
	var held [][2]edtf.Date             // from, to of each role of the quote's title
	var dates []edtf.Date               // the dates graded
	for _, q := range ix.Kind("quote") {
		title := text(q.Value, "role")
		if title == "" || !ix.Active(q) {
			continue
		}
		a := ix.Lookup(text(q.Value, "speaker"), "actor")
		if a == nil {
			continue // ref-unresolved
		}
		roles, ok := read[a]
		if !ok {
			roles = rolesOf(a)
			read[a] = roles
		}
		held, dates = held[:0], dates[:0]
		for _, r := range roles {
			if r.title == title {
				held = append(held, [2]edtf.Date{r.from, r.to})
				dates = append(dates, r.from, r.to)
			}
		}
		if len(held) == 0 {
			var titles []string
			for _, r := range roles {
				if !contains(titles, r.title) {
					titles = append(titles, r.title)
				}
			}
			hint := "actor " + a.ID + " lists no roles; add this one to its roles, with start_date and end_date where known"
			if len(titles) > 0 {
				hint = "roles of " + a.ID + ": " + strings.Join(titles, "; ") + "; or add this role to the actor"
			}
			out.At(q, "/role", hint,
				"role %q is not a role of speaker %q%s", title, a.ID, diag.Suggestion(title, titles))
			continue
		}
		d, ds, ok := ix.Date(q, "date")
		if !ok {
			continue
		}
		dates = append(dates, d)
		sev, bad := grade(func(wide bool) bool {
			qs := spanOf(d, wide)
			for _, h := range held {
				if term(h[0], h[1], wide).Overlaps(qs) {
					return false
				}
			}
			return true
		}, dates...)
		if bad {
			var terms []string
			for _, h := range held {
				terms = append(terms, TermWords(h[0], h[1]))
			}
			out.Graded(sev, q, "/role",
				"check the quote's date, or the start_date and end_date of the role at "+out.Where(a, "/roles"),
				"speaker %q %sdid not hold role %q on %s: held %s", a.ID, severityWord(sev), title, ds, strings.Join(terms, " and "))
		}
	}
}

// TermWords renders a role's term: "from 2021~ to 2023", "from 2021~",
// "until 2019", "at any time"; the words of speaker-role's messages, which
// the language server's completion shows too.
func TermWords(from, to edtf.Date) string {
	switch {
	case !from.IsZero() && !to.IsZero():
		return "from " + from.String() + " to " + to.String()
	case !from.IsZero():
		return "from " + from.String()
	case !to.IsZero():
		return "until " + to.String()
	}
	return "at any time"
}
