package synth

import (
	"fmt"

	"github.com/dossier-data/dossier/validate/edtf"
)

// The timeline: every event, quote and figure happens between factStart and
// factEnd (figures and quotes up to about a year after the last event);
// every source is published between pubStart and pubEnd, well after any
// fact, even widened by an approximate qualifier. So no record cites a
// source published before what it reports.
var (
	factStart = edtf.DayOf(1990, 1, 1)
	factEnd   = edtf.DayOf(2015, 12, 31)
	pubStart  = edtf.DayOf(2020, 1, 1)
	pubEnd    = edtf.DayOf(2025, 12, 31)
)

// dateForm is one way of writing a date in EDTF.
type dateForm int

const (
	formDay dateForm = iota
	formMonth
	formYear
	formSeason
	formDayUncertain
	formMonthApprox
	formYearApprox
	formDayBoth // uncertain and approximate: %
	formInterval
	formYearInterval
	formMonthUncertain
)

func (f dateForm) format(d edtf.Day, r *rng) string {
	y, m, dd := d.Date()
	switch f {
	case formMonth:
		return fmt.Sprintf("%04d-%02d", y, m)
	case formYear:
		return fmt.Sprintf("%04d", y)
	case formSeason:
		// 21 spring (Mar-May), 22 summer, 23 autumn, 24 winter (Dec-Feb).
		switch {
		case m >= 3 && m <= 5:
			return fmt.Sprintf("%04d-21", y)
		case m >= 6 && m <= 8:
			return fmt.Sprintf("%04d-22", y)
		case m >= 9 && m <= 11:
			return fmt.Sprintf("%04d-23", y)
		case m == 12:
			return fmt.Sprintf("%04d-24", y)
		}
		return fmt.Sprintf("%04d-24", y-1)
	case formDayUncertain:
		return fmt.Sprintf("%04d-%02d-%02d?", y, m, dd)
	case formMonthApprox:
		return fmt.Sprintf("%04d-%02d~", y, m)
	case formYearApprox:
		return fmt.Sprintf("%04d~", y)
	case formDayBoth:
		return fmt.Sprintf("%04d-%02d-%02d%%", y, m, dd)
	case formMonthUncertain:
		return fmt.Sprintf("%04d-%02d?", y, m)
	case formInterval:
		end := d + edtf.Day(r.between(20, 200))
		ey, em, _ := end.Date()
		return fmt.Sprintf("%04d-%02d/%04d-%02d", y, m, ey, em)
	case formYearInterval:
		return fmt.Sprintf("%04d/%04d", y, y+r.between(1, 3))
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// eventForms weighs the forms of event dates: every form occurs.
var eventForms = weighted{
	{formDay, 38}, {formMonth, 14}, {formYear, 6}, {formSeason, 6}, {formDayUncertain, 12},
	{formMonthApprox, 5}, {formYearApprox, 4}, {formDayBoth, 3}, {formInterval, 6}, {formYearInterval, 3}, {formMonthUncertain, 3},
}

// pointForms are the forms of quotes, figures and publication dates: dates
// narrow enough to sit inside a role or after an event.
var pointForms = weighted{
	{formDay, 60}, {formMonth, 18}, {formDayUncertain, 14}, {formYear, 5}, {formMonthUncertain, 3},
}

type weighted []struct {
	form   dateForm
	weight int
}

func (w weighted) pick(r *rng) dateForm {
	total := 0
	for _, x := range w {
		total += x.weight
	}
	n := r.intn(total)
	for _, x := range w {
		if n < x.weight {
			return x.form
		}
		n -= x.weight
	}
	return w[0].form
}

// widest returns the widest span of an EDTF text the generator wrote. A
// generated text is always valid; a failure is a bug in the generator.
func widest(s string) edtf.Span {
	d, err := edtf.Parse(s)
	if err != nil {
		panic("synth: generated an invalid EDTF date " + s + ": " + err.Error())
	}
	return d.Widest()
}

// before reports whether a lies certainly and strictly before b, with no
// day in common even at their widest.
func before(a, b edtf.Span) bool { return a.CertainlyBefore(b) }

// within reports whether inner lies strictly inside the role span from..to
// (to may be open), at their widest: no day of inner is possibly outside.
func within(inner, from, to edtf.Span, open bool) bool {
	if !from.CertainlyBefore(inner) {
		return false
	}
	return open || inner.CertainlyBefore(to)
}
