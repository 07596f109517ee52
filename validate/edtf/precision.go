package edtf

import "strings"

// Precision is how precisely a date is written, one word from the grammar
// the package accepts: the smallest unit its text gives.
type Precision string

// The precisions, from the grammar in the package documentation.
const (
	PrecisionTime     Precision = "time"     // 2016-05-20T10:30:00: a time of day
	PrecisionDay      Precision = "day"      // 2016-05-20
	PrecisionMonth    Precision = "month"    // 2016-05, and 2016-05-XX
	PrecisionSeason   Precision = "season"   // 2016-21 .. 2016-24
	PrecisionYear     Precision = "year"     // 2016, and 2016-XX, 2016-XX-XX
	PrecisionDecade   Precision = "decade"   // 201X
	PrecisionCentury  Precision = "century"  // 20XX
	PrecisionInterval Precision = "interval" // 2013/2016, 2013/.., /2016: the precision of its ends is in its text
)

// Precisions lists every Precision, finest first.
var Precisions = []Precision{PrecisionTime, PrecisionDay, PrecisionMonth, PrecisionSeason,
	PrecisionYear, PrecisionDecade, PrecisionCentury, PrecisionInterval}

// Precision returns how precisely d is written; "" for the zero Date.
// Qualifiers (?, ~, %) do not change it: they are Uncertain and
// Approximate.
func (d Date) Precision() Precision {
	if d.IsZero() {
		return ""
	}
	if d.interval {
		return PrecisionInterval
	}
	s := strings.TrimRight(d.text, "?~%")
	if strings.IndexByte(s, 'T') >= 0 {
		return PrecisionTime
	}
	s = strings.TrimPrefix(s, "-")
	parts := strings.Split(s, "-") // year, then month or season, then day
	y := parts[0]
	switch {
	case strings.HasSuffix(y, "XX"):
		return PrecisionCentury
	case strings.HasSuffix(y, "X"):
		return PrecisionDecade
	case len(parts) == 1 || parts[1] == "XX":
		return PrecisionYear
	case parts[1] >= "21":
		return PrecisionSeason
	case len(parts) == 2 || parts[2] == "XX":
		return PrecisionMonth
	}
	return PrecisionDay
}
