package validate

import (
	"math"
	"slices"
	"strings"
)

var ruleFigureWording = register(&Rule{
	ID: "figure-wording", Severity: Error,
	Summary: "a figure's number cannot be read from the source's wording, and its value is not marked derived",
	Explain: "A figure's value, low, best and high are the numbers its source prints. Each must be readable from wording " +
		"(a derived value, computed from the words, is exempt): " +
		"in digits (27.9, 3,000, 20 million) or in number words (one hundred and fifty, seventy-nine-year-old) of the language of the sources it cites " +
		"(number words are read in English, Italian and Albanian: " + strings.Join(numberLanguages, ", ") + "; in another language only digits are checked, and wording without digits is not checked). " +
		"Vague words give no number: several dozen is not 72, and several million dollars is no sum at all. " +
		"When the source gives no number, leave value out and keep the words in wording; when the source gives a bound (over ten years, about 3,000), " +
		"write the number with bound; when the value is computed from the words (three out of four citizens: 75 percent), say how in derived (3/4 = 75 percent). " +
		"A figure without wording is not checked.",
	Bad:  "measure: forces who intervened in the camp\ntype: count\nvalue: 72\nunit: forces\nwording: several dozen",
	Good: "measure: forces who intervened in the camp\ntype: count\nunit: forces\nwording: several dozen",
})

func init() {
	crossCheck(ruleFigureWording, reads{Fields: map[string][]string{
		"figure": {"value", "low", "best", "high", "wording", "derived", "sources"},
		"source": {"language"},
	}}, checkFigureWording)
}

func checkFigureWording(x *xref) {
	for _, f := range x.records("figure") {
		wording := text(f.Value, "wording")
		if !active(f) || wording == "" || f.Value.Get("derived").Exists() {
			continue
		}
		var read []float64
		known := false
		for _, lang := range figureLanguages(x, f) {
			nums, ok := readNumbers(wording, lang)
			read = append(read, nums...)
			known = known || ok
		}
		if !known && len(read) == 0 {
			continue // words of a language the reader does not know: no check
		}
		for _, field := range []string{"value", "low", "best", "high"} {
			n, ok := number(f.Value, field)
			if !ok || containsNumber(read, n) {
				continue
			}
			seen := "no number"
			if len(read) > 0 {
				parts := make([]string, len(read))
				for i, r := range read {
					parts[i] = fmtNum(r)
				}
				seen = "only " + strings.Join(parts, ", ")
			}
			x.add(ruleFigureWording, ruleFigureWording.Severity, f, "/"+field, false,
				"write the number the source prints; leave value out when it gives none; say in derived how a computed value was computed",
				"%s %s cannot be read from wording %q (it reads as %s)", field, fmtNum(n), clip(wording, maxQuoted), seen)
		}
	}
}

// figureLanguages returns the languages of the sources a figure cites, in
// citation order without repeats; "" when none of them states one.
func figureLanguages(x *xref, f *Record) []string {
	var langs []string
	for _, c := range f.Value.Get("sources").Items() {
		s := x.lookup(text(c, "source"), "source")
		if s == nil {
			continue
		}
		if l := text(s.Value, "language"); l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		return []string{""}
	}
	return langs
}

// figureNumbers is what a figure states: one value, exact or with a bound,
// or a range (low and high, and the source's best estimate within it), or
// no number at all. figure-range and figure-conflict read figures through it.
type figureNumbers struct {
	value, low, best, high             float64
	hasValue, hasLow, hasBest, hasHigh bool
	bound                              string // about, at-least, more-than, at-most, less-than; "" when exact
}

func readFigureNumbers(v Value) figureNumbers {
	var n figureNumbers
	n.value, n.hasValue = number(v, "value")
	n.low, n.hasLow = number(v, "low")
	n.best, n.hasBest = number(v, "best")
	n.high, n.hasHigh = number(v, "high")
	n.bound = text(v, "bound")
	return n
}

// central is the one number the figure gives as its size: value (exact or
// about), else best; false for a one-sided bound (over ten years) or a
// range without best.
func (n figureNumbers) central() (float64, bool) {
	if n.hasValue {
		return n.value, n.bound == "" || n.bound == "about"
	}
	return n.best, n.hasBest
}

// lowest is the least the figure allows; false when it has no lower end.
func (n figureNumbers) lowest() (float64, bool) {
	if n.hasValue {
		if n.bound == "at-most" || n.bound == "less-than" {
			return 0, false
		}
		return n.value, true
	}
	return n.low, n.hasLow
}

// highest is the most the figure allows; false when it has no upper end.
func (n figureNumbers) highest() (float64, bool) {
	if n.hasValue {
		if n.bound == "at-least" || n.bound == "more-than" {
			return math.Inf(1), false
		}
		return n.value, true
	}
	return n.high, n.hasHigh
}

// statement renders what the figure states, such as "15", "about 3000",
// "more than 10" or "36 to 108 (best 72)"; "" when it states no number.
func (n figureNumbers) statement() string {
	switch {
	case n.hasValue:
		if n.bound == "" {
			return fmtNum(n.value)
		}
		return strings.ReplaceAll(n.bound, "-", " ") + " " + fmtNum(n.value)
	case n.hasLow && n.hasHigh:
		s := fmtNum(n.low) + " to " + fmtNum(n.high)
		if n.hasBest {
			s += " (best " + fmtNum(n.best) + ")"
		}
		return s
	}
	return ""
}

// disagrees reports whether two figures' numbers contradict each other:
// their central numbers differ, or, when either has none (a one-sided bound,
// a range without best), what one allows lies wholly above what the other does.
func (n figureNumbers) disagrees(m figureNumbers) bool {
	a, okA := n.central()
	b, okB := m.central()
	if okA && okB {
		return a != b
	}
	above := func(x, y figureNumbers) bool {
		lo, ok1 := x.lowest()
		hi, ok2 := y.highest()
		return ok1 && ok2 && lo > hi
	}
	return above(n, m) || above(m, n)
}
