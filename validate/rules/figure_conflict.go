package rules

import (
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var figureConflict = rule{
	doc: &diag.Rule{
		ID: "figure-conflict", Severity: diag.Warning, Scope: diag.ScopeDataset,
		Summary: "two figures give different values for the same measure, subject and date",
		Explain: "Two active figures with the same measure (compared without case and extra spaces), unit, subject (event, place and actor) and date " +
			"that give different values contradict each other, and a reader of the release cannot tell which holds. " +
			"When the sources do disagree, mark the figures disputed: true; when one replaces the other, set superseded_by on the older one; " +
			"when they measure different things, make the measures say so.",
		Bad:  "# figure officers-injured-police\nmeasure: officers injured\nvalue: 15\nevent: camp-raid\n# figure officers-injured-mek\nmeasure: officers injured\nvalue: 6\nevent: camp-raid",
		Good: "# figure officers-injured-police\nmeasure: officers injured\nvalue: 15\nevent: camp-raid\ndisputed: true\n# figure officers-injured-mek\nmeasure: officers injured\nvalue: 6\nevent: camp-raid\ndisputed: true",
	},
	check: checkFigureConflict,
}

func checkFigureConflict(ix *Index, out *Report) {
	first := map[string]*record.Record{}
	for _, f := range ix.Kind("figure") {
		if !ix.Active(f) || isTrue(f.Value.Get("disputed")) || text(f.Value, "superseded_by") != "" {
			continue
		}
		v, ok := number(f.Value, "value")
		measure := strings.Join(strings.Fields(strings.ToLower(text(f.Value, "measure"))), " ")
		if !ok || measure == "" {
			continue
		}
		key := strings.Join([]string{measure, text(f.Value, "unit"), text(f.Value, "event"), text(f.Value, "place"),
			text(f.Value, "actor"), text(f.Value, "date")}, "\x00")
		g, seen := first[key]
		if !seen {
			first[key] = f
			continue
		}
		gv, _ := number(g.Value, "value")
		if gv == v {
			continue
		}
		out.At(f, "/value",
			"mark both figures disputed: true if the sources disagree, or set superseded_by on the one replaced",
			"value %s %s conflicts with figure %q (%s %s, at %s) for the same measure, subject and date",
			fmtNum(v), text(f.Value, "unit"), g.ID, fmtNum(gv), text(g.Value, "unit"), out.Where(g, "/value"))
	}
}
