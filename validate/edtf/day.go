package edtf

import (
	"math"
	"strconv"
)

// Day is a calendar day counted from 1970-01-01 (day 0) in the proleptic
// Gregorian calendar; days before 1970 are negative. It is the value the
// release compiler stores in DATE columns (int32 days since the Unix epoch).
type Day int32

// MinDay and MaxDay stand for "no bound" in a Span whose OpenStart or
// OpenEnd is set; they are not real days.
const (
	MinDay Day = math.MinInt32
	MaxDay Day = math.MaxInt32
)

// DayOf returns the day y-m-d. Months and days outside their usual ranges
// are normalized the way time.Date does: DayOf(2016, 13, 1) is 2017-01-01
// and DayOf(2016, 3, 0) is 2016-02-29. Year 0 is 1 BC, year -1 is 2 BC.
// The result is exact for years within ±5,000,000 (the range of Day);
// beyond that it is meaningless.
func DayOf(y, m, d int) Day {
	m--
	y += floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12
	return Day(daysFromCivil(y, m+1, 1) + d - 1)
}

// Date returns the year, month (1-12) and day of month (1-31) of d.
func (d Day) Date() (y, m, dd int) {
	return civilFromDays(int(d))
}

// String formats d as YYYY-MM-DD; years before 0 get a leading "-"
// (-0500-03-01) and years after 9999 get more digits.
func (d Day) String() string {
	y, m, dd := d.Date()
	var b [24]byte
	out := b[:0]
	if y < 0 {
		out = append(out, '-')
		y = -y
	}
	for w := 1000; w > 1 && y < w; w /= 10 {
		out = append(out, '0')
	}
	out = strconv.AppendInt(out, int64(y), 10)
	out = append(out, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return string(out)
}

// isLeap reports whether year y has a February 29.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn returns the number of days in month m (1-12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// floorDiv is a / b rounded towards minus infinity, for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// eraShift moves years and days into non-negative numbers (by whole 400-year
// eras, which repeat exactly) so that the arithmetic below is unsigned and
// its divisions by constants compile to multiplications. It makes the
// functions exact for years after -eraShift*400, about -6.5 million.
const eraShift = 1 << 14

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms
// (https://howardhinnant.github.io/date_algorithms.html), exact for the
// proleptic Gregorian calendar. m is 1-12 and d 1-31.
func daysFromCivil(y, m, d int) int {
	mp := m - 3 // month from March, [0, 11]
	if m <= 2 {
		y--
		mp = m + 9
	}
	yy := uint(y + eraShift*400)
	era, yoe := yy/400, yy%400              // yoe in [0, 399]
	doy := (153*uint(mp)+2)/5 + uint(d) - 1 // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int(era*146097+doe) - eraShift*146097 - 719468
}

func civilFromDays(z int) (y, m, d int) {
	zz := uint(z + 719468 + eraShift*146097)
	era, doe := zz/146097, zz%146097                       // doe in [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], from March
	d = int(doy - (153*mp+2)/5 + 1)
	y = int(yoe+era*400) - eraShift*400
	if mp < 10 {
		m = int(mp) + 3
	} else {
		m = int(mp) - 9
		y++
	}
	return y, m, d
}
