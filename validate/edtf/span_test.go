package edtf

import "testing"

// mustSpan parses in and returns its narrow span.
func mustSpan(t *testing.T, in string) Span {
	t.Helper()
	d, err := Parse(in)
	if err != nil {
		t.Fatalf("Parse(%q): %v", in, err)
	}
	return d.Span()
}

func TestRelations(t *testing.T) {
	cases := []struct {
		a, b                          string
		certainly, possibly, overlaps bool
	}{
		// Disjoint, a first.
		{"2013", "2016", true, true, false},
		{"2016-05-19", "2016-05-20", true, true, false},
		{"2015-12-31", "2016", true, true, false},
		// Disjoint, b first.
		{"2016", "2013", false, false, false},
		{"2016-05-20", "2016-05-19", false, false, false},
		// The same single day: not before, overlapping.
		{"2016-05-20", "2016-05-20", false, false, true},
		// A day inside a month, and the month around the day.
		{"2016-05-20", "2016-05", false, true, true},
		{"2016-05", "2016-05-20", false, true, true},
		// The first and last day of a year against the year.
		{"2016-01-01", "2016", false, true, true},
		{"2016", "2016-01-01", false, false, true},
		{"2016-12-31", "2016", false, false, true},
		{"2016", "2016-12-31", false, true, true},
		// Touching spans share no day.
		{"2016-05", "2016-06", true, true, false},
		{"2016-24", "2017-04", true, true, false},
		{"2016-24", "2017-03-31", false, true, true},
		// Seasons that follow each other share a month: either may be the
		// meteorological or the astronomical season.
		{"2016-21", "2016-22", false, true, true},
		{"2016-22", "2016-21", false, true, true},
		// X digits.
		{"201X", "2016", false, true, true},
		{"200X", "201X", true, true, false},
		// Open and unknown ends reach without bound.
		{"2013/..", "2099", false, true, true},
		{"2099", "2013/..", false, true, true},
		{"../2016", "1900", false, true, true},
		{"1900", "../2016", false, true, true},
		{"../2016", "2017", true, true, false},
		{"2017", "../2016", false, false, false},
		{"2017/", "2016", false, false, false},
		{"2016", "2017/", true, true, false},
		{"2013/..", "../2016", false, true, true},
		{"../2016", "2017/..", true, true, false},
		{"../2016", "../2016", false, true, true},
		{"2013/..", "2013/..", false, true, true},
	}
	for _, c := range cases {
		a, b := mustSpan(t, c.a), mustSpan(t, c.b)
		if got := a.CertainlyBefore(b); got != c.certainly {
			t.Errorf("%s CertainlyBefore %s = %v, want %v", c.a, c.b, got, c.certainly)
		}
		if got := a.PossiblyBefore(b); got != c.possibly {
			t.Errorf("%s PossiblyBefore %s = %v, want %v", c.a, c.b, got, c.possibly)
		}
		if got := a.Overlaps(b); got != c.overlaps {
			t.Errorf("%s Overlaps %s = %v, want %v", c.a, c.b, got, c.overlaps)
		}
		if got := b.Overlaps(a); got != c.overlaps {
			t.Errorf("%s Overlaps %s = %v, want %v (symmetry)", c.b, c.a, got, c.overlaps)
		}
		if c.certainly && !c.possibly {
			t.Errorf("bad case %s, %s: certainly but not possibly", c.a, c.b)
		}
	}
}

// TestRelationsWidest shows why rules choose between Span and Widest.
func TestRelationsWidest(t *testing.T) {
	a, _ := Parse("2015~")
	b, _ := Parse("2016")
	if !a.Span().CertainlyBefore(b.Span()) {
		t.Error("2015~ is not certainly before 2016 by Span")
	}
	if a.Widest().CertainlyBefore(b.Widest()) {
		t.Error("2015~ is certainly before 2016 by Widest; it should reach into 2016")
	}
	if !a.Widest().Overlaps(b.Widest()) {
		t.Error("2015~ and 2016 do not overlap by Widest")
	}
}

func TestContains(t *testing.T) {
	cases := []struct {
		span string
		day  Day
		want bool
	}{
		{"2016", DayOf(2016, 1, 1), true},
		{"2016", DayOf(2016, 12, 31), true},
		{"2016", DayOf(2015, 12, 31), false},
		{"2016", DayOf(2017, 1, 1), false},
		{"2013/..", DayOf(9999, 1, 1), true},
		{"2013/..", DayOf(2012, 12, 31), false},
		{"../2016", DayOf(-9999, 1, 1), true},
		{"../2016", DayOf(2017, 1, 1), false},
	}
	for _, c := range cases {
		if got := mustSpan(t, c.span).Contains(c.day); got != c.want {
			t.Errorf("%s Contains %s = %v, want %v", c.span, c.day, got, c.want)
		}
	}
}

func TestSpanString(t *testing.T) {
	for _, c := range []struct {
		s    Span
		want string
	}{
		{Span{}, "1970-01-01..1970-01-01"},
		{Span{Earliest: DayOf(2016, 1, 1), Latest: DayOf(2016, 12, 31)}, "2016-01-01..2016-12-31"},
		{Span{Earliest: DayOf(2016, 1, 1), Latest: MaxDay, OpenEnd: true}, "2016-01-01.."},
		{Span{Earliest: MinDay, Latest: DayOf(2016, 12, 31), OpenStart: true}, "..2016-12-31"},
		{Span{OpenStart: true, OpenEnd: true}, ".."},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.s, got, c.want)
		}
	}
}
