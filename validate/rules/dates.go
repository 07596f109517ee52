package rules

import (
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
)

// Date comparisons shared by the rules that order records in time. A
// constraint between EDTF dates is graded, never guessed:
//
//   - it fails on the widest spans (approximate dates widened by one unit
//     each side) and no date is uncertain: a certain contradiction, an error;
//   - it fails on the widest spans but a date is uncertain (?): a possible
//     contradiction, a warning;
//   - it fails only on the spans as written, and the approximation of a
//     date can reconcile it: a possible contradiction, a warning.
//
// Dates that may share a day never contradict: 2023-06 and 2023-06-20 are
// compatible.

// grade evaluates bad on the widest spans, then on the spans as written.
func grade(bad func(wide bool) bool, dates ...edtf.Date) (diag.Severity, bool) {
	if bad(true) {
		for _, d := range dates {
			if d.Uncertain() {
				return diag.Warning, true
			}
		}
		return diag.Error, true
	}
	if bad(false) {
		return diag.Warning, true
	}
	return diag.Off, false
}

func spanOf(d edtf.Date, wide bool) edtf.Span {
	if wide {
		return d.Widest()
	}
	return d.Span()
}

// notBefore grades the constraint "later is not before earlier": it fails
// when every day of later comes before every day of earlier.
func notBefore(later, earlier edtf.Date) (diag.Severity, bool) {
	return grade(func(wide bool) bool {
		return spanOf(later, wide).CertainlyBefore(spanOf(earlier, wide))
	}, later, earlier)
}

// term returns the span from the start of from to the end of to; a zero
// Date leaves that side open.
func term(from, to edtf.Date, wide bool) edtf.Span {
	s := edtf.Span{OpenStart: true, OpenEnd: true, Earliest: edtf.MinDay, Latest: edtf.MaxDay}
	if !from.IsZero() {
		f := spanOf(from, wide)
		s.Earliest, s.OpenStart = f.Earliest, f.OpenStart
	}
	if !to.IsZero() {
		t := spanOf(to, wide)
		s.Latest, s.OpenEnd = t.Latest, t.OpenEnd
	}
	return s
}

// severityWord says how sure a contradiction is, for messages.
func severityWord(s diag.Severity) string {
	if s == diag.Error {
		return ""
	}
	return "possibly "
}

// parseDate parses an EDTF text; false when it is not valid (the schema
// layer reports that).
func parseDate(s string) (edtf.Date, bool) {
	d, err := edtf.Parse(s)
	return d, err == nil
}
