package edtf

// Span is a closed range of days, Earliest through Latest inclusive.
//
// OpenStart means there is no known lower bound (the start of an interval is
// open, "..", or unknown, empty); Earliest is then MinDay and should not be
// read as a day. OpenEnd is the same for the upper bound, with Latest set to
// MaxDay. For a closed side Earliest <= Latest always holds for spans made by
// this package. The zero Span is the single day 1970-01-01.
type Span struct {
	Earliest, Latest   Day
	OpenStart, OpenEnd bool
}

// CertainlyBefore reports whether every day of a is before every day of b:
// a.Latest < b.Earliest. An open end of a or open start of b is never
// certain, so the result is then false.
func (a Span) CertainlyBefore(b Span) bool {
	if a.OpenEnd || b.OpenStart {
		return false
	}
	return a.Latest < b.Earliest
}

// PossiblyBefore reports whether some day of a is before some day of b:
// a.Earliest < b.Latest. An open start of a or open end of b makes it
// possible, so the result is then true.
func (a Span) PossiblyBefore(b Span) bool {
	if a.OpenStart || b.OpenEnd {
		return true
	}
	return a.Earliest < b.Latest
}

// Overlaps reports whether a and b may share a day: neither certainly lies
// before the other. Open sides reach without bound.
func (a Span) Overlaps(b Span) bool {
	return !a.CertainlyBefore(b) && !b.CertainlyBefore(a)
}

// Contains reports whether day d lies within s, open sides reaching without
// bound.
func (s Span) Contains(d Day) bool {
	return (s.OpenStart || s.Earliest <= d) && (s.OpenEnd || d <= s.Latest)
}

// String formats s as "2016-01-01..2016-12-31", leaving an open side empty:
// "2016-01-01.." or "..2016-12-31".
func (s Span) String() string {
	var a, b string
	if !s.OpenStart {
		a = s.Earliest.String()
	}
	if !s.OpenEnd {
		b = s.Latest.String()
	}
	return a + ".." + b
}
