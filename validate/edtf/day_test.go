package edtf

import (
	"testing"
	"time"
)

// TestDayRoundTrip walks every day from -9999-01-01 to 10000-12-31 and
// checks DayOf and Day.Date against the standard library's calendar.
func TestDayRoundTrip(t *testing.T) {
	first := time.Date(-9999, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	last := time.Date(10000, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400
	if Day(first) != DayOf(-9999, 1, 1) || Day(last) != DayOf(10000, 12, 31) {
		t.Fatalf("range ends: DayOf gives %d, %d; time gives %d, %d",
			DayOf(-9999, 1, 1), DayOf(10000, 12, 31), first, last)
	}
	for n := first; n <= last; n++ {
		ty, tm, td := time.Unix(n*86400, 0).UTC().Date()
		y, m, d := Day(n).Date()
		if y != ty || m != int(tm) || d != td {
			t.Fatalf("Day(%d).Date() = %d-%d-%d, want %d-%d-%d", n, y, m, d, ty, tm, td)
		}
		if got := DayOf(ty, int(tm), td); got != Day(n) {
			t.Fatalf("DayOf(%d, %d, %d) = %d, want %d", ty, tm, td, got, n)
		}
	}
}

// TestDayOfNormalizes checks out-of-range months and days against time.Date.
func TestDayOfNormalizes(t *testing.T) {
	for _, c := range [][3]int{
		{2016, 13, 1}, {2016, 0, 1}, {2016, -1, 1}, {2016, -12, 1}, {2016, -13, 31},
		{2016, 3, 0}, {2015, 3, 0}, {2016, 1, -1}, {2016, 1, 400}, {2016, 25, 1},
		{-500, 14, 0}, {-1, 0, 0}, {0, 1, 0}, {1970, 1, 1}, {1969, 12, 31},
	} {
		want := time.Date(c[0], time.Month(c[1]), c[2], 0, 0, 0, 0, time.UTC).Unix() / 86400
		if got := DayOf(c[0], c[1], c[2]); got != Day(want) {
			t.Errorf("DayOf(%d, %d, %d) = %d, want %d", c[0], c[1], c[2], got, want)
		}
	}
}

func TestDayString(t *testing.T) {
	for _, c := range []struct {
		d    Day
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{DayOf(2016, 2, 29), "2016-02-29"},
		{DayOf(0, 1, 1), "0000-01-01"},
		{DayOf(-1, 12, 31), "-0001-12-31"},
		{DayOf(-500, 3, 1), "-0500-03-01"},
		{DayOf(-9999, 1, 1), "-9999-01-01"},
		{DayOf(9, 10, 11), "0009-10-11"},
		{DayOf(10000, 2, 29), "10000-02-29"},
		{MaxDay, "5881580-07-11"},
		{MinDay, "-5877641-06-23"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("Day(%d).String() = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestDaysIn(t *testing.T) {
	want := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for _, y := range []int{2023, 1900, -1, 2024, 2000, -4} {
		for m := 1; m <= 12; m++ {
			w := want[m]
			if m == 2 && isLeap(y) {
				w = 29
			}
			if got := daysIn(y, m); got != w {
				t.Errorf("daysIn(%d, %d) = %d, want %d", y, m, got, w)
			}
			if got := int(DayOf(y, m+1, 1) - DayOf(y, m, 1)); got != w {
				t.Errorf("month %d-%d has %d days by DayOf, want %d", y, m, got, w)
			}
		}
	}
}
