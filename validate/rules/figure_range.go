package rules

import (
	"math"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var figureRange = rule{
	doc: &diag.Rule{
		ID: "figure-range", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a figure's number is impossible for its type or outside its own range",
		Explain: "A percentage is a share within 0 and 100. A count is a number of things or people: not negative, and whole " +
			"(only best, the most likely number within a range, may fall between two whole numbers). " +
			"low is not above best, and best not above high. A figure that is part_of another has the same unit and is not larger: " +
			"an error when even the least it allows (its value, or its low) is above the most the whole allows (its value, or its high; " +
			"a whole with bound at-least or more-than has no most), a warning when only the central numbers (value, else best) disagree or either figure is about. " +
			"A figure without a number is not compared. Fix the number, its type or the part_of link.",
		Bad:  "type: percentage\nvalue: 275\nunit: percent",
		Good: "type: percentage\nvalue: 27.5\nunit: percent",
	},
	check: checkFigureRange,
	reach: ByReference,
}

func checkFigureRange(ix *Index, out *Report) {
	for _, f := range ix.Kind("figure") {
		if !ix.Active(f) {
			continue
		}
		checkTypeRange(out, f)
		checkOwnRange(out, f)
		checkPartOf(ix, out, f)
	}
}

// checkTypeRange holds each number of a figure to its type: a percentage
// within 0..100, a count not negative and whole (best aside).
func checkTypeRange(out *Report, f *record.Record) {
	typ := text(f.Value, "type")
	for _, field := range []string{"value", "low", "best", "high"} {
		n, ok := number(f.Value, field)
		switch {
		case !ok:
		case typ == "percentage" && (n < 0 || n > 100):
			out.At(f, "/"+field, "a percentage is a share from 0 to 100; for a change or a ratio above 100 use type quantity",
				"%s %s of a percentage is outside 0..100", field, fmtNum(n))
		case typ == "count" && n < 0:
			out.At(f, "/"+field, "", "%s %s of a count is negative", field, fmtNum(n))
		case typ == "count" && n != math.Trunc(n) && field != "best":
			out.At(f, "/"+field, "a count is a whole number; use type quantity for a measured amount",
				"%s %s of a count is not a whole number", field, fmtNum(n))
		}
	}
}

// checkOwnRange holds low, value or best and high in order.
func checkOwnRange(out *Report, f *record.Record) {
	low, hasLow := number(f.Value, "low")
	high, hasHigh := number(f.Value, "high")
	inside := false // a finding about value or best and an end says it already
	for _, mid := range []string{"value", "best"} {
		m, ok := number(f.Value, mid)
		if !ok {
			continue
		}
		if hasLow && low > m {
			out.At(f, "/low", "", "low %s is above %s %s", fmtNum(low), mid, fmtNum(m))
			inside = true
		}
		if hasHigh && high < m {
			out.At(f, "/high", "", "high %s is below %s %s", fmtNum(high), mid, fmtNum(m))
			inside = true
		}
	}
	if hasLow && hasHigh && low > high && !inside {
		out.At(f, "/high", "", "high %s is below low %s", fmtNum(high), fmtNum(low))
	}
}

// checkPartOf compares a figure with the figure it is part of.
func checkPartOf(ix *Index, out *Report, f *record.Record) {
	id := text(f.Value, "part_of")
	if id == "" {
		return
	}
	w := ix.Lookup(id, "figure")
	if w == nil || w == f {
		return
	}
	if fu, wu := text(f.Value, "unit"), text(w.Value, "unit"); fu != "" && wu != "" && fu != wu {
		out.At(f, "/part_of",
			"a part is counted in the unit of its whole; convert one of the two",
			"part of figure %q in %s, but that figure is in %s", id, fu, wu)
		return
	}
	fn, wn := readFigureNumbers(f.Value), readFigureNumbers(w.Value)
	lo, okLo := fn.lowest()
	hi, okHi := wn.highest()
	v, okV := fn.central()
	wv, okW := wn.central()
	sev, shown, wshown := diag.Warning, fmtNum(v), fmtNum(wv)
	switch {
	case !okHi:
		return // the whole states no upper end: no part can be larger
	case okLo && lo > hi:
		sev, shown, wshown = diag.Error, fmtNum(lo), fmtNum(hi) // even the least the part allows is above the most the whole allows
		if fn.bound == "about" || wn.bound == "about" {
			sev = diag.Warning
		}
	case okV && okW && v > wv:
		// the ranges or bounds overlap: only the central numbers disagree
	default:
		return
	}
	at := "/value"
	if !wn.hasValue {
		at = "/high"
	}
	out.Graded(sev, f, "/part_of",
		"check both figures, and whether the whole is the right figure (at "+out.Where(w, at)+")",
		"part of figure %q but larger: %s is above %s", id, shown, wshown)
}
