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
}

func checkFigureRange(ix *Index, out *Report) {
	for _, f := range ix.Kind("figure") {
		if !ix.Active(f) {
			continue
		}
		typ := text(f.Value, "type")
		value, hasValue := number(f.Value, "value")
		low, hasLow := number(f.Value, "low")
		high, hasHigh := number(f.Value, "high")
		best, hasBest := number(f.Value, "best")
		for _, field := range []string{"value", "low", "best", "high"} {
			n, ok := number(f.Value, field)
			if !ok {
				continue
			}
			switch typ {
			case "percentage":
				if n < 0 || n > 100 {
					out.At(f, "/"+field,
						"a percentage is a share from 0 to 100; for a change or a ratio above 100 use type quantity",
						"%s %s of a percentage is outside 0..100", field, fmtNum(n))
				}
			case "count":
				if n < 0 {
					out.At(f, "/"+field, "",
						"%s %s of a count is negative", field, fmtNum(n))
				} else if n != math.Trunc(n) && field != "best" {
					out.At(f, "/"+field,
						"a count is a whole number; use type quantity for a measured amount",
						"%s %s of a count is not a whole number", field, fmtNum(n))
				}
			}
		}
		if hasLow && hasValue && low > value {
			out.At(f, "/low", "", "low %s is above value %s", fmtNum(low), fmtNum(value))
		}
		if hasHigh && hasValue && high < value {
			out.At(f, "/high", "", "high %s is below value %s", fmtNum(high), fmtNum(value))
		}
		if hasLow && hasBest && low > best {
			out.At(f, "/low", "", "low %s is above best %s", fmtNum(low), fmtNum(best))
		}
		if hasHigh && hasBest && high < best {
			out.At(f, "/high", "", "high %s is below best %s", fmtNum(high), fmtNum(best))
		}
		if hasLow && hasHigh && low > high && !(hasValue && (low > value || high < value)) && !(hasBest && (low > best || high < best)) {
			out.At(f, "/high", "", "high %s is below low %s", fmtNum(high), fmtNum(low))
		}
		checkPartOf(ix, out, f)
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
