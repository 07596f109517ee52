package releasepage

import (
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/validate/edtf"
)

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var seasonNames = map[string]string{"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}

// readDate puts an EDTF date in words: "20 June 2023 (uncertain)", "about
// 2016", "summer 2022", "2013 to 2016", "from 2012 on". Text that does not
// parse is returned as it is; "" stays "".
func readDate(s string) string {
	if s == "" {
		return ""
	}
	if _, err := edtf.Parse(s); err != nil {
		return s
	}
	a, b, interval := strings.Cut(s, "/")
	if !interval {
		return readPart(a)
	}
	switch {
	case b == "..":
		return "from " + readPart(a) + " on"
	case a == "..":
		return "until " + readPart(b)
	case b == "":
		return "from " + readPart(a) + " to an unknown date"
	case a == "":
		return "from an unknown date to " + readPart(b)
	}
	return readPart(a) + " to " + readPart(b)
}

// readPart puts one date (no interval) of a valid EDTF text in words.
func readPart(s string) string {
	var uncertain, approx bool
	switch s[len(s)-1] {
	case '?':
		uncertain = true
	case '~':
		approx = true
	case '%':
		uncertain, approx = true, true
	}
	bare := strings.TrimRight(s, "?~%")
	out := readBare(bare)
	if approx {
		out = "about " + out
	}
	if uncertain {
		out += " (uncertain)"
	}
	return out
}

// readBare reads a date without a qualifier from the days it covers.
func readBare(s string) string {
	if i := strings.LastIndexByte(s, '-'); i > 0 && len(s)-i == 3 && !strings.Contains(s[1:i], "-") {
		if name, ok := seasonNames[s[i+1:]]; ok {
			return name + " " + s[:i]
		}
	}
	d, err := edtf.Parse(s)
	if err != nil || strings.ContainsRune(s, 'T') {
		return s
	}
	sp := d.Span()
	y1, m1, d1 := sp.Earliest.Date()
	y2, m2, d2 := sp.Latest.Date()
	last := (sp.Latest + 1)
	_, _, nextDay := last.Date()
	switch {
	case sp.Earliest == sp.Latest:
		return strconv.Itoa(d1) + " " + monthNames[m1-1] + " " + year(y1)
	case y1 == y2 && m1 == m2 && d1 == 1 && nextDay == 1:
		return monthNames[m1-1] + " " + year(y1)
	case y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31:
		return year(y1)
	case m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31 && y2-y1 == 9 && y1%10 == 0:
		return year(y1) + "s"
	}
	return sp.Earliest.String() + " to " + sp.Latest.String()
}

// year writes a year; years before 1 are written BC (year 0 is 1 BC).
func year(y int) string {
	if y <= 0 {
		return strconv.Itoa(1-y) + " BC"
	}
	return strconv.Itoa(y)
}
