package edtf

import (
	"errors"
	"fmt"
	"testing"
)

// validCases pins, for each accepted form, the narrow span, the widest span
// and the flags. Spans are written as Span.String formats them.
var validCases = []struct {
	in           string
	span, widest string
	unc, approx  bool
	interval     bool
	start, end   Bound
}{
	// Level 0: years, months, days.
	{in: "2016", span: "2016-01-01..2016-12-31", widest: "2016-01-01..2016-12-31"},
	{in: "0000", span: "0000-01-01..0000-12-31", widest: "0000-01-01..0000-12-31"},
	{in: "9999", span: "9999-01-01..9999-12-31", widest: "9999-01-01..9999-12-31"},
	{in: "1970", span: "1970-01-01..1970-12-31", widest: "1970-01-01..1970-12-31"},
	{in: "2016-05", span: "2016-05-01..2016-05-31", widest: "2016-05-01..2016-05-31"},
	{in: "2016-02", span: "2016-02-01..2016-02-29", widest: "2016-02-01..2016-02-29"},
	{in: "2015-02", span: "2015-02-01..2015-02-28", widest: "2015-02-01..2015-02-28"},
	{in: "2016-12", span: "2016-12-01..2016-12-31", widest: "2016-12-01..2016-12-31"},
	{in: "2016-05-20", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2024-02-29", span: "2024-02-29..2024-02-29", widest: "2024-02-29..2024-02-29"},
	{in: "2000-02-29", span: "2000-02-29..2000-02-29", widest: "2000-02-29..2000-02-29"},
	{in: "2023-04-30", span: "2023-04-30..2023-04-30", widest: "2023-04-30..2023-04-30"},
	{in: "2023-12-31", span: "2023-12-31..2023-12-31", widest: "2023-12-31..2023-12-31"},

	// Level 0: date-times cover their day as written.
	{in: "2016-05-20T10:30:00", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2016-05-20T23:59:59Z", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2016-05-20T00:00:00+05:00", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2016-05-20T00:00:00-14:00", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2016-05-20T00:00:00+00:00", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},
	{in: "2016-05-20T12:00:00+05:45", span: "2016-05-20..2016-05-20", widest: "2016-05-20..2016-05-20"},

	// Level 0: intervals.
	{in: "2013/2016", span: "2013-01-01..2016-12-31", widest: "2013-01-01..2016-12-31", interval: true},
	{in: "2016-05/2016-06-20", span: "2016-05-01..2016-06-20", widest: "2016-05-01..2016-06-20", interval: true},
	{in: "2016/2016", span: "2016-01-01..2016-12-31", widest: "2016-01-01..2016-12-31", interval: true},
	{in: "2016-06-20/2016-06-20", span: "2016-06-20..2016-06-20", widest: "2016-06-20..2016-06-20", interval: true},
	{in: "2016/2016-01-01", span: "2016-01-01..2016-01-01", widest: "2016-01-01..2016-01-01", interval: true},
	{in: "2016-12-31/2016", span: "2016-12-31..2016-12-31", widest: "2016-12-31..2016-12-31", interval: true},

	// Level 1: qualifiers.
	{in: "2016?", span: "2016-01-01..2016-12-31", widest: "2016-01-01..2016-12-31", unc: true},
	{in: "2016~", span: "2016-01-01..2016-12-31", widest: "2015-01-01..2017-12-31", approx: true},
	{in: "2016%", span: "2016-01-01..2016-12-31", widest: "2015-01-01..2017-12-31", unc: true, approx: true},
	{in: "2016-06?", span: "2016-06-01..2016-06-30", widest: "2016-06-01..2016-06-30", unc: true},
	{in: "2016-06~", span: "2016-06-01..2016-06-30", widest: "2016-05-01..2016-07-31", approx: true},
	{in: "2016-01~", span: "2016-01-01..2016-01-31", widest: "2015-12-01..2016-02-29", approx: true},
	{in: "2016-12%", span: "2016-12-01..2016-12-31", widest: "2016-11-01..2017-01-31", unc: true, approx: true},
	{in: "2016-06-20?", span: "2016-06-20..2016-06-20", widest: "2016-06-20..2016-06-20", unc: true},
	{in: "2016-06-20~", span: "2016-06-20..2016-06-20", widest: "2016-06-19..2016-06-21", approx: true},
	{in: "2016-12-31~", span: "2016-12-31..2016-12-31", widest: "2016-12-30..2017-01-01", approx: true},
	{in: "2016-03-01%", span: "2016-03-01..2016-03-01", widest: "2016-02-29..2016-03-02", unc: true, approx: true},

	// Level 1: unspecified digits.
	{in: "201X", span: "2010-01-01..2019-12-31", widest: "2010-01-01..2019-12-31"},
	{in: "20XX", span: "2000-01-01..2099-12-31", widest: "2000-01-01..2099-12-31"},
	{in: "99XX", span: "9900-01-01..9999-12-31", widest: "9900-01-01..9999-12-31"},
	{in: "2016-XX", span: "2016-01-01..2016-12-31", widest: "2016-01-01..2016-12-31"},
	{in: "2016-05-XX", span: "2016-05-01..2016-05-31", widest: "2016-05-01..2016-05-31"},
	{in: "2016-02-XX", span: "2016-02-01..2016-02-29", widest: "2016-02-01..2016-02-29"},
	{in: "2016-XX-XX", span: "2016-01-01..2016-12-31", widest: "2016-01-01..2016-12-31"},

	// Level 1: seasons, northern hemisphere, in whole months covering both
	// the meteorological and the astronomical season.
	{in: "2016-21", span: "2016-03-01..2016-06-30", widest: "2016-03-01..2016-06-30"},
	{in: "2016-22", span: "2016-06-01..2016-09-30", widest: "2016-06-01..2016-09-30"},
	{in: "2016-23", span: "2016-09-01..2016-12-31", widest: "2016-09-01..2016-12-31"},
	{in: "2015-24", span: "2015-12-01..2016-03-31", widest: "2015-12-01..2016-03-31"},
	{in: "2016-24", span: "2016-12-01..2017-03-31", widest: "2016-12-01..2017-03-31"},
	{in: "9999-24", span: "9999-12-01..10000-03-31", widest: "9999-12-01..10000-03-31"},
	{in: "2016-21~", span: "2016-03-01..2016-06-30", widest: "2015-12-01..2016-09-30", approx: true},
	{in: "2016-22~", span: "2016-06-01..2016-09-30", widest: "2016-03-01..2016-12-31", approx: true},
	{in: "2016-24~", span: "2016-12-01..2017-03-31", widest: "2016-09-01..2017-06-30", approx: true},
	{in: "2016-23?", span: "2016-09-01..2016-12-31", widest: "2016-09-01..2016-12-31", unc: true},

	// Level 1: negative years (year 0000 is 1 BC; -0001 is 2 BC).
	{in: "-0500", span: "-0500-01-01..-0500-12-31", widest: "-0500-01-01..-0500-12-31"},
	{in: "-0001-12-31", span: "-0001-12-31..-0001-12-31", widest: "-0001-12-31..-0001-12-31"},
	{in: "-9999-01", span: "-9999-01-01..-9999-01-31", widest: "-9999-01-01..-9999-01-31"},
	{in: "-0004-02-29", span: "-0004-02-29..-0004-02-29", widest: "-0004-02-29..-0004-02-29"},
	{in: "-050X", span: "-0509-01-01..-0500-12-31", widest: "-0509-01-01..-0500-12-31"},
	{in: "-0500~", span: "-0500-01-01..-0500-12-31", widest: "-0501-01-01..-0499-12-31", approx: true},
	{in: "-0001-24", span: "-0001-12-01..0000-03-31", widest: "-0001-12-01..0000-03-31"},
	{in: "-0500/0500", span: "-0500-01-01..0500-12-31", widest: "-0500-01-01..0500-12-31", interval: true},

	// Level 1: open and unknown ends.
	{in: "2013/..", span: "2013-01-01..", widest: "2013-01-01..", interval: true, end: BoundOpen},
	{in: "../2016", span: "..2016-12-31", widest: "..2016-12-31", interval: true, start: BoundOpen},
	{in: "2013/", span: "2013-01-01..", widest: "2013-01-01..", interval: true, end: BoundUnknown},
	{in: "/2016", span: "..2016-12-31", widest: "..2016-12-31", interval: true, start: BoundUnknown},
	{in: "../2016-06-20~", span: "..2016-06-20", widest: "..2016-06-21", approx: true, interval: true, start: BoundOpen},
	{in: "2013?/", span: "2013-01-01..", widest: "2013-01-01..", unc: true, interval: true, end: BoundUnknown},

	// Level 1: qualified, unspecified and season ends.
	{in: "2013~/2016-06?", span: "2013-01-01..2016-06-30", widest: "2012-01-01..2016-06-30", unc: true, approx: true, interval: true},
	{in: "2004-06~/2004-06-11%", span: "2004-06-01..2004-06-11", widest: "2004-05-01..2004-06-12", unc: true, approx: true, interval: true},
	{in: "2016~/2016", span: "2016-01-01..2016-12-31", widest: "2015-01-01..2016-12-31", approx: true, interval: true},
	{in: "201X/2016-05", span: "2010-01-01..2016-05-31", widest: "2010-01-01..2016-05-31", interval: true},
	{in: "2016-21/2016-24", span: "2016-03-01..2017-03-31", widest: "2016-03-01..2017-03-31", interval: true},
	{in: "2017-03/2016-24", span: "2017-03-01..2017-03-31", widest: "2017-03-01..2017-03-31", interval: true},
	{in: "2016-24/2017-01", span: "2016-12-01..2017-01-31", widest: "2016-12-01..2017-01-31", interval: true},
}

func TestParseValid(t *testing.T) {
	for _, c := range validCases {
		d, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", c.in, err)
			continue
		}
		if !Valid(c.in) {
			t.Errorf("Valid(%q) = false, want true", c.in)
		}
		if got := d.String(); got != c.in {
			t.Errorf("Parse(%q).String() = %q", c.in, got)
		}
		if got := d.Span().String(); got != c.span {
			t.Errorf("Parse(%q).Span() = %s, want %s", c.in, got, c.span)
		}
		if got := d.Widest().String(); got != c.widest {
			t.Errorf("Parse(%q).Widest() = %s, want %s", c.in, got, c.widest)
		}
		if d.Uncertain() != c.unc || d.Approximate() != c.approx {
			t.Errorf("Parse(%q): Uncertain, Approximate = %v, %v; want %v, %v",
				c.in, d.Uncertain(), d.Approximate(), c.unc, c.approx)
		}
		if d.IsInterval() != c.interval {
			t.Errorf("Parse(%q).IsInterval() = %v, want %v", c.in, d.IsInterval(), c.interval)
		}
		if s, e := d.Bounds(); s != c.start || e != c.end {
			t.Errorf("Parse(%q).Bounds() = %v, %v; want %v, %v", c.in, s, e, c.start, c.end)
		}
		if d.IsZero() {
			t.Errorf("Parse(%q).IsZero() = true", c.in)
		}
		// Widest always contains Span.
		sp, w := d.Span(), d.Widest()
		if sp.OpenStart != w.OpenStart || sp.OpenEnd != w.OpenEnd ||
			(!sp.OpenStart && w.Earliest > sp.Earliest) || (!sp.OpenEnd && w.Latest < sp.Latest) {
			t.Errorf("Parse(%q): Widest %s does not contain Span %s", c.in, w, sp)
		}
	}
}

// TestOpenSentinels pins the values of the meaningless side of an open span.
func TestOpenSentinels(t *testing.T) {
	for in, want := range map[string]Span{
		"2013/..": {Earliest: DayOf(2013, 1, 1), Latest: MaxDay, OpenEnd: true},
		"/2016":   {Earliest: MinDay, Latest: DayOf(2016, 12, 31), OpenStart: true},
	} {
		d, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Span(); got != want {
			t.Errorf("Parse(%q).Span() = %#v, want %#v", in, got, want)
		}
	}
}

var invalidCases = []struct {
	in     string
	offset int
	reason string
}{
	// Empty and stray characters.
	{"", 0, "empty date"},
	{" 2016", 0, `unexpected " " at offset 0`},
	{"2016 ", 4, `unexpected " " at offset 4`},
	{"2016x", 4, `unexpected "x" at offset 4`},
	{"2016-05-20x", 10, `unexpected "x" at offset 10`},
	{"201x", 3, `unexpected "x" at offset 3`},
	{"2016-0a", 6, `unexpected "a" at offset 6`},
	{"abcd", 0, `unexpected "a" at offset 0`},
	{"2016é", 4, `unexpected "é" at offset 4`},
	{"2016\xff", 4, `unexpected "\xff" at offset 4`},
	{"2016\x00", 4, `unexpected "\x00" at offset 4`},
	{"2016.5", 4, `unexpected "." at offset 4`},
	{"2016-05-20t10:00:00", 10, `unexpected "t" at offset 10`},
	{"?2016", 0, `unexpected "?" at offset 0`},
	{"2016?-05", 5, `unexpected "-" at offset 5`},
	{"Y170000002", 0, `unexpected "Y" at offset 0`},
	{"{2016,2017}", 0, `unexpected "{" at offset 0`},
	{"2016-05-20 10:00:00", 10, `unexpected " " at offset 10`},
	{"..", 0, `".." may stand only at an end of an interval, as in "2013/.."`},
	{"...", 0, `unexpected "." at offset 0`},
	{"2013/...", 5, `unexpected "." at offset 5`},

	// Wrong widths.
	{"-", 1, "expected a four-digit year at offset 1"},
	{"201", 0, `year "201" must have four digits`},
	{"16", 0, `year "16" must have four digits`},
	{"20165", 0, `year "20165" must have four digits`},
	{"201605", 0, `year "201605" must have four digits`},
	{"201-05", 0, `year "201" must have four digits`},
	{"2016-", 5, "expected a two-digit month at offset 5"},
	{"2016-5", 5, `month "5" must have two digits`},
	{"2016-5-20", 5, `month "5" must have two digits`},
	{"2016-005", 5, `month "005" must have two digits`},
	{"2016-05-", 8, "expected a two-digit day at offset 8"},
	{"2016-05-2", 8, `day "2" must have two digits`},
	{"2016-05-200", 8, `day "200" must have two digits`},
	{"--2016", 1, `unexpected "-" at offset 1`},
	{"2016--05", 5, `unexpected "-" at offset 5`},

	// Out of range.
	{"2016-00", 5, "month 00 is out of range 01-12"},
	{"2016-13", 5, "month 13 is out of range 01-12"},
	{"2016-20", 5, "month 20 is out of range 01-12"},
	{"2016-42", 5, "month 42 is out of range 01-12"},
	{"2016-99", 5, "month 99 is out of range 01-12"},
	{"2016-25", 5, "season 25 is not one of 21 (spring), 22 (summer), 23 (autumn), 24 (winter)"},
	{"2016-41", 5, "season 41 is not one of 21 (spring), 22 (summer), 23 (autumn), 24 (winter)"},
	{"2016-05-00", 8, "day 00 is out of range 01-31"},
	{"2016-05-32", 8, "day 32 is out of range 01-31"},
	{"2016-04-31", 8, "day 31 does not exist in 2016-04"},
	{"2023-02-29", 8, "day 29 does not exist in 2023-02"},
	{"2023-02-30", 8, "day 30 does not exist in 2023-02"},
	{"2024-02-30", 8, "day 30 does not exist in 2024-02"},
	{"1900-02-29", 8, "day 29 does not exist in 1900-02"},
	{"-0001-02-29", 9, "day 29 does not exist in -0001-02"},
	{"-0000", 0, "year -0000 is not valid; write 0000"},

	// Times.
	{"2016-05-20T", 11, "expected a two-digit hour at offset 11"},
	{"2016-05-20T10", 13, `expected ":" at offset 13`},
	{"2016-05-20T10:00", 16, `expected ":" at offset 16`},
	{"2016-05-20T1:00:00", 11, `hour "1" must have two digits`},
	{"2016-05-20T10-00-00", 13, `unexpected "-" at offset 13`},
	{"2016-05-20T24:00:00", 11, "hour 24 is out of range 00-23"},
	{"2016-05-20T10:60:00", 14, "minute 60 is out of range 00-59"},
	{"2016-05-20T10:00:60", 17, "second 60 is out of range 00-59"},
	{"2016-05-20T10:00:00.5", 19, `unexpected "." at offset 19`},
	{"2016-05-20T10:00:00z", 19, `unexpected "z" at offset 19`},
	{"2016-05-20T10:00:00ZZ", 20, `unexpected "Z" at offset 20`},
	{"2016-05-20T10:00:00+05", 22, `expected ":" at offset 22`},
	{"2016-05-20T10:00:00+0500", 20, `time zone hour "0500" must have two digits`},
	{"2016-05-20T10:00:00+15:00", 20, "time zone hour 15 is out of range 00-14"},
	{"2016-05-20T10:00:00+05:60", 23, "time zone minute 60 is out of range 00-59"},
	{"2016-05-20T10:00:00+14:30", 19, "time zone offset +14:30 is beyond 14:00"},
	{"2016-05-20T10:00:00?", 19, "a qualifier may not follow a time"},
	{"2016-05-20T10:00:00Z~", 20, "a qualifier may not follow a time"},
	{"2016T10:00:00", 4, `a time needs a full date (YYYY-MM-DD) before "T"`},
	{"2016-05T10:00:00", 7, `a time needs a full date (YYYY-MM-DD) before "T"`},
	{"2016-22T10:00:00", 7, `a time needs a full date (YYYY-MM-DD) before "T"`},
	{"2016-05-XXT10:00:00", 10, "a time may not follow an unspecified day XX"},

	// Qualifiers.
	{"2016??", 5, `only one qualifier is allowed; "%" means uncertain and approximate`},
	{"2016?~", 5, `only one qualifier is allowed; "%" means uncertain and approximate`},
	{"2016-05~?", 8, `only one qualifier is allowed; "%" means uncertain and approximate`},
	{"201X?", 4, "a qualifier may not follow X digits"},
	{"2016-XX~", 7, "a qualifier may not follow X digits"},
	{"2016-05-XX%", 10, "a qualifier may not follow X digits"},

	// Unspecified digits.
	{"XXXX", 0, "X may stand only for the last one or two digits of a year"},
	{"2XXX", 1, "X may stand only for the last one or two digits of a year"},
	{"X016", 0, "X may stand only for the last one or two digits of a year"},
	{"20X6", 2, "X may stand only for the last one or two digits of a year"},
	{"201X-05", 4, "a month may not follow a year with X digits"},
	{"20XX-XX", 4, "a month may not follow a year with X digits"},
	{"2016-1X", 5, `month "1X" must be two digits or XX`},
	{"2016-X1", 5, `month "X1" must be two digits or XX`},
	{"2016-05-1X", 8, `day "1X" must be two digits or XX`},
	{"2016-XX-05", 8, "day 05 may not follow an unspecified month XX"},
	{"2016-xx", 5, `unexpected "x" at offset 5`},
	{"201XX", 0, `year "201XX" must have four digits`},

	// Seasons.
	{"2016-21-05", 7, "a season has no day"},
	{"2016-24-XX", 7, "a season has no day"},
	{"2016-2X", 5, `month "2X" must be two digits or XX`},

	// Intervals.
	{"/", 0, "an interval needs a date at one of its ends"},
	{"../..", 0, "an interval needs a date at one of its ends"},
	{"/..", 0, "an interval needs a date at one of its ends"},
	{"2016/2013", 0, "interval start 2016 is after its end 2013"},
	{"2016-06-21/2016-06-20", 0, "interval start 2016-06-21 is after its end 2016-06-20"},
	{"2017~/2016?", 0, "interval start 2017~ is after its end 2016?"},
	{"2017-04/2016-24", 0, "interval start 2017-04 is after its end 2016-24"},
	{"2013/2016/2018", 9, `an interval has only one "/"`},
	{"2013//2016", 5, `an interval has only one "/"`},
	{"2013/201/2018", 5, `year "201" must have four digits`},
	{"2013-13/2016", 5, "month 13 is out of range 01-12"},
	{"2013/2016-13", 10, "month 13 is out of range 01-12"},
	{"2013/2016-02-30", 13, "day 30 does not exist in 2016-02"},
	{"2013/.../2016", 5, `unexpected "." at offset 5`},
	{"2016-05-20T10:00:00/2016-06", 10, "an interval may not hold a time of day; write the date alone"},
	{"2016/2016-06-20T10:00:00Z", 15, "an interval may not hold a time of day; write the date alone"},
	{"2016 / 2017", 4, `unexpected " " at offset 4`},
	{"2013/-", 6, "expected a four-digit year at offset 6"},
}

func TestParseInvalid(t *testing.T) {
	for _, c := range invalidCases {
		d, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want error %q", c.in, d.Span(), c.reason)
			continue
		}
		if Valid(c.in) {
			t.Errorf("Valid(%q) = true, want false", c.in)
		}
		if !d.IsZero() {
			t.Errorf("Parse(%q) returned a non-zero Date with an error", c.in)
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q): error %T is not a *SyntaxError", c.in, err)
			continue
		}
		if se.Reason != c.reason || se.Offset != c.offset || se.Input != c.in {
			t.Errorf("Parse(%q):\n got offset %d %q (input %q)\nwant offset %d %q", c.in, se.Offset, se.Reason, se.Input, c.offset, c.reason)
		}
		if err.Error() != se.Reason {
			t.Errorf("Parse(%q).Error() = %q, want the Reason %q", c.in, err.Error(), se.Reason)
		}
		if se.Offset < 0 || se.Offset > len(c.in) {
			t.Errorf("Parse(%q): offset %d outside the input", c.in, se.Offset)
		}
	}
}

func TestLeapYears(t *testing.T) {
	cases := []struct {
		year int
		leap bool
	}{
		{2024, true}, {2023, false}, {2000, true}, {1900, false}, {2100, false},
		{2400, true}, {1600, true}, {1700, false}, {0, true}, {4, true}, {1, false},
		{-4, true}, {-1, false}, {-100, false}, {-400, true}, {9996, true}, {9999, false},
	}
	for _, c := range cases {
		year := fmt.Sprintf("%04d", c.year)
		if c.year < 0 {
			year = fmt.Sprintf("-%04d", -c.year)
		}
		_, err := Parse(year + "-02-29")
		if (err == nil) != c.leap {
			t.Errorf("Parse(%q) error = %v; want valid = %v", year+"-02-29", err, c.leap)
		}
		want := 28
		if c.leap {
			want = 29
		}
		for in, days := range map[string]int{year + "-02": want, year: 337 + want} {
			d, err := Parse(in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			if got := int(d.Span().Latest-d.Span().Earliest) + 1; got != days {
				t.Errorf("Parse(%q) covers %d days, want %d", in, got, days)
			}
		}
	}
}

// TestParseAllocs checks that valid text is parsed without allocating.
func TestParseAllocs(t *testing.T) {
	for _, in := range []string{"2016-05-20", "2016", "2013~/2016-06?", "2016-05-20T10:30:00Z"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = Parse(in) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times, want 0", in, n)
		}
	}
}

func TestUnmarshalText(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("2013~/2016-06?")); err != nil {
		t.Fatal(err)
	}
	if d.String() != "2013~/2016-06?" || !d.IsInterval() {
		t.Errorf("UnmarshalText gave %q", d)
	}
	b, _ := d.MarshalText()
	if string(b) != "2013~/2016-06?" {
		t.Errorf("MarshalText = %q", b)
	}
	err := d.UnmarshalText([]byte("2016-13"))
	if _, ok := err.(*SyntaxError); !ok {
		t.Errorf("UnmarshalText error = %#v, want *SyntaxError", err)
	}
	if d.String() != "2013~/2016-06?" {
		t.Errorf("failed UnmarshalText changed the Date to %q", d)
	}
}

func TestZeroDate(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" || d.IsInterval() || d.Uncertain() || d.Approximate() {
		t.Errorf("zero Date is not empty: %#v", d)
	}
}

func TestBoundString(t *testing.T) {
	for b, want := range map[Bound]string{BoundDate: "date", BoundUnknown: "unknown", BoundOpen: "open", 7: "Bound(7)"} {
		if got := b.String(); got != want {
			t.Errorf("Bound(%d).String() = %q, want %q", b, got, want)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for _, in := range []string{"2016-05-20", "2016", "2016-05-20T10:30:00+02:00", "2013~/2016-06?", "2016-13"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Parse(in)
			}
		})
	}
}
