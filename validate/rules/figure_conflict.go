package rules

import (
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var figureConflict = rule{
	doc: &diag.Rule{
		ID: "figure-conflict", Severity: diag.Warning, Scope: diag.ScopeDataset,
		Summary: "two figures give different numbers for the same measure, subject and date",
		Explain: "Two active figures with the same measure (compared without case and extra spaces), unit, subject (event, place and actor) and date " +
			"whose numbers contradict each other leave a reader of the release unable to tell which holds: their central numbers (value, exact or about, else best) differ, " +
			"or, where either has none (over ten years, a range without best), all one allows lies above all the other allows. " +
			"A figure that states no number (several dozen) is not compared. " +
			"When the sources do disagree, mark the figures disputed: true; when one replaces the other, set superseded_by on the older one; " +
			"when they measure different things, make the measures say so.",
		Bad:  "# figure officers-injured-police\nmeasure: officers injured\nvalue: 15\nevent: camp-raid\n# figure officers-injured-mek\nmeasure: officers injured\nvalue: 6\nevent: camp-raid",
		Good: "# figure officers-injured-police\nmeasure: officers injured\nvalue: 15\nevent: camp-raid\ndisputed: true\n# figure officers-injured-mek\nmeasure: officers injured\nvalue: 6\nevent: camp-raid\ndisputed: true",
	},
	check: checkFigureConflict,
	reach: ByContent,
}

func checkFigureConflict(ix *Index, out *Report) {
	first := map[string]*record.Record{}
	var key []byte
	for _, f := range ix.Kind("figure") {
		if !ix.Active(f) || isTrue(f.Value.Get("disputed")) || text(f.Value, "superseded_by") != "" {
			continue
		}
		fn := readFigureNumbers(f.Value)
		v := fn.statement()
		if v == "" {
			continue
		}
		key = figureKey(key[:0], f)
		if key == nil {
			continue
		}
		g, seen := first[string(key)]
		if !seen {
			first[string(key)] = f
			continue
		}
		gn := readFigureNumbers(g.Value)
		gv := gn.statement()
		if !fn.disagrees(gn) {
			continue
		}
		at, what, gat := "/value", "value", "/value"
		if !f.Value.Get("value").Exists() {
			at, what = "/low", "range"
		}
		if !g.Value.Get("value").Exists() {
			gat = "/low"
		}
		out.At(f, at,
			"mark both figures disputed: true if the sources disagree, or set superseded_by on the one replaced",
			"%s %s %s conflicts with figure %q (%s %s, at %s) for the same measure, subject and date",
			what, v, text(f.Value, "unit"), g.ID, gv, text(g.Value, "unit"), out.Where(g, gat))
	}
}

// figureKey appends to b what makes two figures figures of the same
// thing: the measure (case and spacing aside), unit, subject and date;
// nil when the figure names no measure.
func figureKey(b []byte, f *record.Record) []byte {
	for _, w := range strings.Fields(text(f.Value, "measure")) {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, strings.ToLower(w)...)
	}
	if len(b) == 0 {
		return nil
	}
	for _, field := range []string{"unit", "event", "place", "actor", "date"} {
		b = append(append(b, 0), text(f.Value, field)...)
	}
	return b
}
