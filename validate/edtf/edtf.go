package edtf

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Date is a parsed EDTF value: a single date or an interval. Make one with
// Parse. The zero Date is no date at all: String returns "", IsZero is true,
// and its spans mean nothing.
type Date struct {
	text       string
	start, end part // a single date has start == end
	interval   bool
}

// Bound says what stands at one end of an interval.
type Bound uint8

const (
	// BoundDate is a date; a single (non-interval) date has it at both ends.
	BoundDate Bound = iota
	// BoundUnknown is an empty end, as in "2013/" or "/2016": there is an
	// end, but it is not known.
	BoundUnknown
	// BoundOpen is "..", as in "2013/.." or "../2016": the interval has no
	// end on that side (for example a position still held).
	BoundOpen
)

// String returns "date", "unknown" or "open".
func (b Bound) String() string {
	switch b {
	case BoundDate:
		return "date"
	case BoundUnknown:
		return "unknown"
	case BoundOpen:
		return "open"
	}
	return "Bound(" + strconv.Itoa(int(b)) + ")"
}

// part is one end of a Date.
type part struct {
	early, late         Day // the narrow span; meaningful when bound is BoundDate
	wideEarly, wideLate Day // widened by one unit if approximate, else early, late
	bound               Bound
	uncertain, approx   bool
}

// Parse parses s as an EDTF date or interval of the forms the package
// documentation lists. The text is kept as is: no trimming, no case folding.
// On failure the Date is zero and the error is a *SyntaxError giving the
// byte offset of the first fault.
func Parse(s string) (Date, error) {
	d, err := parse(s)
	if err != nil {
		return Date{}, err
	}
	return d, nil
}

// Valid reports whether Parse accepts s.
func Valid(s string) bool {
	_, err := parse(s)
	return err == nil
}

// String returns the text the Date was parsed from, byte for byte.
func (d Date) String() string { return d.text }

// IsZero reports whether d is the zero Date rather than a parsed one.
func (d Date) IsZero() bool { return d.text == "" }

// IsInterval reports whether d was written as an interval, "A/B".
func (d Date) IsInterval() bool { return d.interval }

// Bounds reports what stands at each end of d. A single date and an interval
// of two dates give (BoundDate, BoundDate).
func (d Date) Bounds() (start, end Bound) { return d.start.bound, d.end.bound }

// Uncertain reports whether any part of d is marked uncertain ("?" or "%").
func (d Date) Uncertain() bool { return d.start.uncertain || d.end.uncertain }

// Approximate reports whether any part of d is marked approximate ("~" or "%").
func (d Date) Approximate() bool { return d.start.approx || d.end.approx }

// Span returns the days the text covers: from the first day of the (start)
// date to the last day of the (end) date. An unknown or open end of an
// interval sets OpenStart or OpenEnd.
func (d Date) Span() Span { return d.span(false) }

// Widest returns Span with each approximate part widened by one unit of its
// precision on each side: 2016~ gives 2015-01-01..2017-12-31, 2016-06~ gives
// 2016-05-01..2016-07-31, 2016-06-20~ gives 2016-06-19..2016-06-21 and
// 2016-22~ (summer) gives 2016-03-01..2016-11-30. Uncertain parts, and dates
// with X digits (which cannot be qualified), keep their span.
func (d Date) Widest() Span { return d.span(true) }

func (d Date) span(wide bool) Span {
	var s Span
	if d.start.bound == BoundDate {
		s.Earliest = d.start.early
		if wide {
			s.Earliest = d.start.wideEarly
		}
	} else {
		s.Earliest, s.OpenStart = MinDay, true
	}
	if d.end.bound == BoundDate {
		s.Latest = d.end.late
		if wide {
			s.Latest = d.end.wideLate
		}
	} else {
		s.Latest, s.OpenEnd = MaxDay, true
	}
	return s
}

// MarshalText returns the text of d, so a Date encodes as the string it was
// parsed from.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.text), nil }

// UnmarshalText parses text with Parse; on failure d is left unchanged and
// the error is a *SyntaxError.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := parse(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// SyntaxError says why a text is not a valid EDTF date.
type SyntaxError struct {
	Input  string // the whole text given to Parse
	Offset int    // 0-based byte offset in Input of the fault
	Reason string // one plain-English sentence, without a final period
}

// Error returns the Reason, for example `month 13 is out of range 01-12` or
// `unexpected "x" at offset 4`.
func (e *SyntaxError) Error() string { return e.Reason }

func fail(s string, off int, reason string) *SyntaxError {
	return &SyntaxError{Input: s, Offset: off, Reason: reason}
}

// unexpected reports the character at s[off], off < len(s): a whole UTF-8
// character, or one byte of invalid UTF-8 ("\xff").
func unexpected(s string, off int) *SyntaxError {
	_, n := utf8.DecodeRuneInString(s[off:])
	return fail(s, off, "unexpected "+strconv.Quote(s[off:off+n])+" at offset "+strconv.Itoa(off))
}

func parse(s string) (Date, *SyntaxError) {
	if s == "" {
		return Date{}, fail(s, 0, "empty date")
	}
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		if s == ".." {
			return Date{}, fail(s, 0, `".." may stand only at an end of an interval, as in "2013/.."`)
		}
		p, _, err := parseDate(s, 0, len(s))
		if err != nil {
			return Date{}, err
		}
		return Date{text: s, start: p, end: p}, nil
	}

	a, err := parseEnd(s, 0, slash)
	if err != nil {
		return Date{}, err
	}
	hi := len(s)
	if i := strings.IndexByte(s[slash+1:], '/'); i >= 0 {
		hi = slash + 1 + i
	}
	b, err := parseEnd(s, slash+1, hi)
	if err != nil {
		return Date{}, err
	}
	if hi < len(s) {
		return Date{}, fail(s, hi, `an interval has only one "/"`)
	}
	if a.bound != BoundDate && b.bound != BoundDate {
		return Date{}, fail(s, 0, "an interval needs a date at one of its ends")
	}
	if a.bound == BoundDate && b.bound == BoundDate && a.early > b.late {
		return Date{}, fail(s, 0, "interval start "+s[:slash]+" is after its end "+s[slash+1:])
	}
	return Date{text: s, start: a, end: b, interval: true}, nil
}

// parseEnd parses s[lo:hi] as one end of an interval.
func parseEnd(s string, lo, hi int) (part, *SyntaxError) {
	switch s[lo:hi] {
	case "":
		return part{bound: BoundUnknown}, nil
	case "..":
		return part{bound: BoundOpen}, nil
	}
	p, timeAt, err := parseDate(s, lo, hi)
	if err != nil {
		return part{}, err
	}
	if timeAt >= 0 {
		return part{}, fail(s, timeAt, "an interval may not hold a time of day; write the date alone")
	}
	return p, nil
}

// followers are the characters that may end a field; a short field followed
// by one of them is reported as too short rather than as a stray character.
const followers = "-:+TZ?~%"

// field scans a field of exactly width digits (and X, if x) at s[pos:hi] and
// returns its end.
func field(s string, pos, hi, width int, x bool, name string) (int, *SyntaxError) {
	end := pos
	for end < hi && ('0' <= s[end] && s[end] <= '9' || x && s[end] == 'X') {
		end++
	}
	n := end - pos
	if n == width {
		return end, nil
	}
	digits := "two"
	if width == 4 {
		digits = "four"
	}
	if n == 0 {
		if pos == hi {
			return 0, fail(s, pos, "expected a "+digits+"-digit "+name+" at offset "+strconv.Itoa(pos))
		}
		return 0, unexpected(s, pos)
	}
	if n < width && end < hi && strings.IndexByte(followers, s[end]) < 0 {
		return 0, unexpected(s, end)
	}
	return 0, fail(s, pos, name+" "+strconv.Quote(s[pos:end])+" must have "+digits+" digits")
}

// num2 returns the value of the two digits at s[i:i+2].
func num2(s string, i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }

// twoDigits scans a two-digit number in [0, max] at s[pos:hi].
func twoDigits(s string, pos, hi int, name string, max int) (int, int, *SyntaxError) {
	end, err := field(s, pos, hi, 2, false, name)
	if err != nil {
		return 0, 0, err
	}
	v := num2(s, pos)
	if v > max {
		return 0, 0, fail(s, pos, name+" "+s[pos:end]+" is out of range 00-"+strconv.Itoa(max))
	}
	return v, end, nil
}

func isQualifier(c byte) bool { return c == '?' || c == '~' || c == '%' }

// Precision of a date, for widening an approximate one.
const (
	precYear = iota
	precMonth
	precDay
	precSeason
)

// seasonStart is indexed by season code - 21.
var seasonStart = [4]int{3, 6, 9, 12} // first month of spring, summer, autumn, winter

// parseDate parses s[lo:hi] as a single date. timeAt is the offset of the
// "T" of a date-time, or -1. It reads the grammar in one pass, field by
// field, which gocyclo counts as one branch per field and marker.
//
//gocyclo:ignore
func parseDate(s string, lo, hi int) (p part, timeAt int, err *SyntaxError) {
	timeAt = -1
	pos := lo

	// Year: -?DDDD, the last one or two digits possibly X.
	neg := s[pos] == '-'
	if neg {
		pos++
	}
	ys := pos
	if pos, err = field(s, pos, hi, 4, true, "year"); err != nil {
		return
	}
	yLo, yHi, xAt := 0, 0, -1
	for i := ys; i < pos; i++ {
		c := s[i]
		if c == 'X' {
			if xAt < 0 {
				xAt = i
			}
			yLo, yHi = yLo*10, yHi*10+9
			continue
		}
		if xAt >= 0 {
			break // a digit after an X: reported below
		}
		yLo, yHi = yLo*10+int(c-'0'), yHi*10+int(c-'0')
	}
	if xAt >= 0 && (xAt < ys+2 || s[pos-1] != 'X' || (xAt == ys+2 && s[ys+3] != 'X')) {
		err = fail(s, xAt, "X may stand only for the last one or two digits of a year")
		return
	}
	if neg {
		if yHi == 0 {
			err = fail(s, lo, "year -0000 is not valid; write 0000")
			return
		}
		yLo, yHi = -yHi, -yLo
	}
	y := yLo
	prec := precYear
	m, d := 1, 1
	unspecified := xAt >= 0

	if pos < hi && s[pos] == '-' {
		// Month, season or XX.
		if unspecified {
			err = fail(s, pos, "a month may not follow a year with X digits")
			return
		}
		ms := pos + 1
		if pos, err = field(s, ms, hi, 2, true, "month"); err != nil {
			return
		}
		switch {
		case s[ms] == 'X' && s[ms+1] == 'X':
			unspecified = true
		case s[ms] == 'X' || s[ms+1] == 'X':
			err = fail(s, ms, "month "+strconv.Quote(s[ms:pos])+" must be two digits or XX")
			return
		default:
			v := num2(s, ms)
			switch {
			case 1 <= v && v <= 12:
				m, prec = v, precMonth
			case 21 <= v && v <= 24:
				m, prec = seasonStart[v-21], precSeason
			case 25 <= v && v <= 41:
				err = fail(s, ms, "season "+s[ms:pos]+" is not one of 21 (spring), 22 (summer), 23 (autumn), 24 (winter)")
				return
			default:
				err = fail(s, ms, "month "+s[ms:pos]+" is out of range 01-12")
				return
			}
		}

		if pos < hi && s[pos] == '-' {
			// Day or XX.
			if prec == precSeason {
				err = fail(s, pos, "a season has no day")
				return
			}
			ds := pos + 1
			if pos, err = field(s, ds, hi, 2, true, "day"); err != nil {
				return
			}
			switch {
			case s[ds] == 'X' && s[ds+1] == 'X':
				if !unspecified {
					prec = precMonth
				}
				unspecified = true
			case s[ds] == 'X' || s[ds+1] == 'X':
				err = fail(s, ds, "day "+strconv.Quote(s[ds:pos])+" must be two digits or XX")
				return
			case unspecified:
				err = fail(s, ds, "day "+s[ds:pos]+" may not follow an unspecified month XX")
				return
			default:
				v := num2(s, ds)
				if v < 1 || v > 31 {
					err = fail(s, ds, "day "+s[ds:pos]+" is out of range 01-31")
					return
				}
				if v > daysIn(y, m) {
					err = fail(s, ds, "day "+s[ds:pos]+" does not exist in "+s[lo:ds-1])
					return
				}
				d, prec = v, precDay
			}

			if pos < hi && s[pos] == 'T' {
				if unspecified {
					err = fail(s, pos, "a time may not follow an unspecified day XX")
					return
				}
				timeAt = pos
				if pos, err = parseTime(s, pos+1, hi); err != nil {
					return
				}
			}
		}
	}

	if pos < hi && s[pos] == 'T' && prec != precDay {
		err = fail(s, pos, `a time needs a full date (YYYY-MM-DD) before "T"`)
		return
	}
	if pos < hi && isQualifier(s[pos]) {
		switch {
		case timeAt >= 0:
			err = fail(s, pos, "a qualifier may not follow a time")
			return
		case unspecified:
			err = fail(s, pos, "a qualifier may not follow X digits")
			return
		}
		switch s[pos] {
		case '?':
			p.uncertain = true
		case '~':
			p.approx = true
		case '%':
			p.uncertain, p.approx = true, true
		}
		pos++
		if pos < hi && isQualifier(s[pos]) {
			err = fail(s, pos, `only one qualifier is allowed; "%" means uncertain and approximate`)
			return
		}
	}
	if pos < hi {
		err = unexpected(s, pos)
		return
	}

	// The days covered, and, if approximate, widened by one unit.
	switch {
	case xAt >= 0: // 201X, 20XX: a run of years
		p.early, p.late = DayOf(yLo, 1, 1), DayOf(yHi+1, 1, 1)-1
	case prec == precYear: // also 2016-XX, 2016-XX-XX
		p.early, p.late = DayOf(y, 1, 1), DayOf(y+1, 1, 1)-1
	case prec == precMonth: // also 2016-05-XX
		p.early, p.late = DayOf(y, m, 1), DayOf(y, m+1, 1)-1
	case prec == precSeason:
		p.early, p.late = DayOf(y, m, 1), DayOf(y, m+4, 1)-1 // four months: see the package doc
	default: // precDay
		p.early = DayOf(y, m, d)
		p.late = p.early
	}
	p.wideEarly, p.wideLate = p.early, p.late
	if p.approx { // never with X digits
		switch prec {
		case precYear:
			p.wideEarly, p.wideLate = DayOf(y-1, 1, 1), DayOf(y+2, 1, 1)-1
		case precMonth:
			p.wideEarly, p.wideLate = DayOf(y, m-1, 1), DayOf(y, m+2, 1)-1
		case precSeason:
			p.wideEarly, p.wideLate = DayOf(y, m-3, 1), DayOf(y, m+7, 1)-1 // a season each side
		default:
			p.wideEarly, p.wideLate = p.early-1, p.late+1
		}
	}
	return p, timeAt, nil
}

// parseTime parses "hh:mm:ss" with an optional "Z" or "±hh:mm" at s[pos:hi]
// and returns its end.
func parseTime(s string, pos, hi int) (int, *SyntaxError) {
	var err *SyntaxError
	if _, pos, err = twoDigits(s, pos, hi, "hour", 23); err != nil {
		return 0, err
	}
	for _, name := range [2]string{"minute", "second"} {
		if pos == hi {
			return 0, fail(s, pos, `expected ":" at offset `+strconv.Itoa(pos))
		}
		if s[pos] != ':' {
			return 0, unexpected(s, pos)
		}
		if _, pos, err = twoDigits(s, pos+1, hi, name, 59); err != nil {
			return 0, err
		}
	}
	if pos == hi {
		return pos, nil
	}
	switch s[pos] {
	case 'Z':
		return pos + 1, nil
	case '+', '-':
		zs := pos
		var h, mm int
		if h, pos, err = twoDigits(s, pos+1, hi, "time zone hour", 14); err != nil {
			return 0, err
		}
		if pos == hi {
			return 0, fail(s, pos, `expected ":" at offset `+strconv.Itoa(pos))
		}
		if s[pos] != ':' {
			return 0, unexpected(s, pos)
		}
		if mm, pos, err = twoDigits(s, pos+1, hi, "time zone minute", 59); err != nil {
			return 0, err
		}
		if h == 14 && mm != 0 {
			return 0, fail(s, zs, "time zone offset "+s[zs:pos]+" is beyond 14:00")
		}
	}
	return pos, nil
}
