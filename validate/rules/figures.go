package rules

import (
	"math"
	"strings"

	"github.com/dossier-data/dossier/validate/record"
)

// figureNumbers is what a figure states: one value, exact or with a bound,
// or a range (low and high, and the source's best estimate within it), or
// no number at all. figure-range and figure-conflict read figures through it.
type figureNumbers struct {
	value, low, best, high             float64
	hasValue, hasLow, hasBest, hasHigh bool
	bound                              string // about, at-least, more-than, at-most, less-than; "" when exact
}

func readFigureNumbers(v record.Value) figureNumbers {
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
