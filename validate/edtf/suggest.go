package edtf

import (
	"strconv"
	"strings"
	"unicode"
)

// Suggestion is what to type instead of a date written in a common human
// form that Parse refuses.
type Suggestion struct {
	// EDTF holds the texts the date may mean, each valid: one, or two when
	// the order of day and month cannot be told (10/07/2023).
	EDTF []string
	// Ambiguous is set when EDTF holds two readings of day and month.
	Ambiguous bool
}

// Hint says what to type, as a finding's hint: `write "2023-06"`, or for
// an ambiguous date `the order of day and month is ambiguous: write
// "2023-07-10" for 10 July 2023 or "2023-10-07" for 7 October 2023`.
func (s Suggestion) Hint() string {
	switch {
	case len(s.EDTF) == 0:
		return ""
	case s.Ambiguous && len(s.EDTF) == 2:
		return "the order of day and month is ambiguous: write " + strconv.Quote(s.EDTF[0]) + " for " + spoken(s.EDTF[0]) +
			" or " + strconv.Quote(s.EDTF[1]) + " for " + spoken(s.EDTF[1])
	}
	h := "write " + strconv.Quote(s.EDTF[0])
	if note := qualifierNote(s.EDTF[0]); note != "" {
		h += " (" + note + ")"
	}
	return h
}

// spoken writes an EDTF day YYYY-MM-DD as "10 July 2023".
func spoken(day string) string {
	y, m, d := day[:4], day[5:7], day[8:10]
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	return strconv.Itoa(di) + " " + monthNames[mi-1] + " " + y
}

// qualifierNote explains the EDTF marks a suggestion uses.
func qualifierNote(s string) string {
	var notes []string
	switch {
	case strings.Contains(s, "%"):
		notes = append(notes, "% marks a date both uncertain and approximate")
	case strings.Contains(s, "~"):
		notes = append(notes, "~ marks an approximate date")
	case strings.Contains(s, "?"):
		notes = append(notes, "? marks an uncertain date")
	}
	if len(s) >= 7 && s[4] == '-' && (len(s) == 7 || !unicode.IsDigit(rune(s[7]))) {
		if name := seasonNames[s[5:7]]; name != "" {
			notes = append(notes, s[5:7]+" is "+name+" in EDTF")
		}
	}
	if strings.Contains(s, "X") {
		notes = append(notes, "X stands for any digit")
	}
	return strings.Join(notes, "; ")
}

var seasonNames = map[string]string{"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Suggest reads s as a date in a common human form and returns the EDTF
// text to type instead. It knows month names in English, full or cut to
// three letters ("June 2023", "20 June 2023", "June 20, 2023",
// "20-Jun-2023"), numeric days with the year last or first ("10/07/2023",
// "20.06.2023", "2023/06/20", "2023-6-20", "06/2023"), seasons ("Summer
// 2022"), decades ("1990s"), ranges ("2013-2016", "2013 to 2016", "between
// 2013 and 2016"), approximate dates ("c. 2016", "circa 2016", "about
// 2016"), a qualifier after a space ("2016 ?"), and spaces around a valid
// date. ok is false when s is valid EDTF, or when no reading is certain
// enough to suggest (a two-digit year, a day the month does not have).
// Every suggestion is valid EDTF.
func Suggest(s string) (sug Suggestion, ok bool) {
	if Valid(s) || len(s) > 100 {
		return Suggestion{}, false
	}
	forms, ambiguous := suggest(s)
	for _, f := range forms {
		if !Valid(f) {
			return Suggestion{}, false
		}
	}
	if len(forms) == 0 {
		return Suggestion{}, false
	}
	return Suggestion{EDTF: forms, Ambiguous: ambiguous}, true
}

func suggest(s string) ([]string, bool) {
	t := strings.TrimSpace(strings.NewReplacer("\u2013", "-", "\u2014", "-", "\u00a0", " ").Replace(s))
	if t == "" {
		return nil, false
	}
	if Valid(t) {
		return []string{t}, false
	}
	// A qualifier after the date, with or without a space; "circa" and the
	// like before it.
	q := ""
	if n := len(t); strings.ContainsRune("?~%", rune(t[n-1])) {
		q, t = t[n-1:], strings.TrimSpace(t[:n-1])
	}
	lower := strings.ToLower(t)
	for _, p := range []string{"circa ", "circa", "ca. ", "ca.", "ca ", "c. ", "c.", "c ", "about ", "around ", "approximately ", "approx. ", "approx ", "roughly "} {
		if strings.HasPrefix(lower, p) {
			t, lower = strings.TrimSpace(t[len(p):]), strings.TrimSpace(lower[len(p):])
			switch q {
			case "", "~":
				q = "~"
			case "?", "%":
				q = "%"
			}
			break
		}
	}
	if q != "" && Valid(t) && !strings.Contains(t, "/") {
		return []string{t + q}, false
	}
	// A range of two dates.
	if a, b, ok := cutRange(lower); ok {
		fa, ambA := suggestOne(a)
		fb, ambB := suggestOne(b)
		if len(fa) != 1 || len(fb) != 1 || ambA || ambB {
			return nil, false
		}
		return []string{fa[0] + q + "/" + fb[0] + q}, false
	}
	forms, amb := suggestOne(lower)
	for i := range forms {
		forms[i] += q
	}
	return forms, amb
}

// cutRange splits "2013-2016", "2013 to 2016", "2013 - 2016", "from 2013
// to 2016" and "between 2013 and 2016" into their two dates.
func cutRange(s string) (string, string, bool) {
	s = strings.TrimPrefix(s, "from ")
	if rest, ok := strings.CutPrefix(s, "between "); ok {
		if a, b, ok := strings.Cut(rest, " and "); ok {
			return a, b, true
		}
		return "", "", false
	}
	for _, sep := range []string{" to ", " until ", " till ", " - ", "/"} {
		a, b, ok := strings.Cut(s, sep)
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if !ok || a == "" || b == "" {
			continue
		}
		if sep == "/" && !(len(a) == 4 && isDigits(a) && len(b) == 4 && isDigits(b)) {
			continue // 10/07/2023 and 2023/06 are dates, not ranges
		}
		return a, b, true
	}
	// 2013-2016: two four-digit years.
	if len(s) == 9 && s[4] == '-' && isDigits(s[:4]) && isDigits(s[5:]) {
		return s[:4], s[5:], true
	}
	return "", "", false
}

// token is a word, a number or a separator of a date written by hand.
type token struct {
	text string
	num  int  // the value of a number
	kind byte // 'w' word, 'n' number, or the separator itself: '/', '.', '-'
}

func tokens(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			n, _ := strconv.Atoi(s[i:min(j, i+9)])
			out = append(out, token{text: s[i:j], num: n, kind: 'n'})
			// an ordinal: 1st, 2nd, 3rd, 20th
			for _, suf := range []string{"st", "nd", "rd", "th"} {
				if strings.HasPrefix(s[j:], suf) && (j+2 == len(s) || !isLetter(s[j+2])) {
					j += 2
					break
				}
			}
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			out = append(out, token{text: s[i:j], kind: 'w'})
			if j < len(s) && s[j] == '.' { // Jun. 2023
				j++
			}
			i = j
		case c == '/' || c == '.' || c == '-':
			out = append(out, token{text: s[i : i+1], kind: c})
			i++
		case c == ' ' || c == ',':
			i++
		default:
			return nil
		}
	}
	// "of" and "the" carry nothing: "the 20th of June 2023".
	kept := out[:0]
	for _, t := range out {
		if t.kind == 'w' && (t.text == "of" || t.text == "the") {
			continue
		}
		kept = append(kept, t)
	}
	return kept
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// month returns the month a word names (1-12), or 0.
func month(w string) int {
	if w == "sept" {
		return 9
	}
	for i, name := range monthNames {
		n := strings.ToLower(name)
		if w == n || len(w) == 3 && strings.HasPrefix(n, w) {
			return i + 1
		}
	}
	return 0
}

// season returns the EDTF code a season word stands for, or 0.
func season(w string) int {
	switch w {
	case "spring":
		return 21
	case "summer":
		return 22
	case "autumn", "fall":
		return 23
	case "winter":
		return 24
	}
	return 0
}

// suggestOne reads one date (no range) from lowercase s: the EDTF forms
// it may mean, and whether they are two readings of day and month.
func suggestOne(s string) ([]string, bool) {
	if Valid(s) {
		return []string{s}, false
	}
	ts := tokens(s)
	p, ok := pattern(ts)
	if !ok {
		return nil, false
	}
	if out, ok := wordDate(p, ts); ok {
		return out, false
	}
	return numberDate(p, ts)
}

// pattern is the shape of a date's tokens: w a word, y a four-digit year,
// n a number of one or two digits, and the separators as written; false
// for a longer number, which is none of these.
func pattern(ts []token) (string, bool) {
	if len(ts) == 0 {
		return "", false
	}
	p := make([]byte, len(ts))
	for i, t := range ts {
		p[i] = t.kind
		switch {
		case t.kind != 'n':
		case len(t.text) == 4:
			p[i] = 'y'
		case len(t.text) > 2:
			return "", false
		}
	}
	return string(p), true
}

// wordDate reads the dates written with the name of a month or season.
func wordDate(p string, ts []token) ([]string, bool) {
	switch {
	case p == "wy" && month(ts[0].text) > 0: // June 2023
		return []string{ym(ts[1].text, month(ts[0].text))}, true
	case p == "wy" && season(ts[0].text) > 0: // Summer 2022
		return []string{ts[1].text + "-" + strconv.Itoa(season(ts[0].text))}, true
	case p == "nwy" && month(ts[1].text) > 0: // 20 June 2023
		return []string{ymd(ts[2].text, month(ts[1].text), ts[0].num)}, true
	case p == "n-w-y" && month(ts[2].text) > 0: // 20-Jun-2023
		return []string{ymd(ts[4].text, month(ts[2].text), ts[0].num)}, true
	case p == "wny" && month(ts[0].text) > 0: // June 20, 2023
		return []string{ymd(ts[2].text, month(ts[0].text), ts[1].num)}, true
	case p == "ywn" && month(ts[1].text) > 0: // 2023 June 20
		return []string{ymd(ts[0].text, month(ts[1].text), ts[2].num)}, true
	case p == "yw" && month(ts[1].text) > 0: // 2023 June
		return []string{ym(ts[0].text, month(ts[1].text))}, true
	case p == "yw" && ts[1].text == "s" && strings.HasSuffix(ts[0].text, "0"): // 1990s
		return []string{ts[0].text[:3] + "X"}, true
	}
	return nil, false
}

// numberDate reads the dates written in numbers with separators; ambiguous
// is set when the order of day and month cannot be told.
func numberDate(p string, ts []token) (out []string, ambiguous bool) {
	sep := func(c byte) bool { return c == '/' || c == '.' || c == '-' }
	switch {
	case len(p) == 5 && p[0] == 'y' && p[2] == 'n' && p[4] == 'n' && p[1] == p[3] && p[1] != 'w': // 2023/06/20, 2023.6.20
		return []string{ymd(ts[0].text, ts[2].num, ts[4].num)}, false
	case len(p) == 3 && p[0] == 'y' && p[2] == 'n' && sep(p[1]): // 2023/06, 2023-6
		return []string{ym(ts[0].text, ts[2].num)}, false
	case len(p) == 3 && p[0] == 'n' && p[2] == 'y' && sep(p[1]): // 06/2023
		return []string{ym(ts[2].text, ts[0].num)}, false
	case len(p) == 5 && p[0] == 'n' && p[2] == 'n' && p[4] == 'y' && p[1] == p[3] && p[1] != 'w': // 10/07/2023, 20.06.2023
		return dayMonth(ts[0].num, ts[2].num, ts[4].text)
	}
	return nil, false
}

// dayMonth reads a/b/year, day and month in either order: one reading when
// only one order makes a date (or both give the same), two when both do.
func dayMonth(a, b int, year string) ([]string, bool) {
	switch {
	case a > 12 && b <= 12:
		return []string{ymd(year, b, a)}, false
	case b > 12 && a <= 12:
		return []string{ymd(year, a, b)}, false
	case a == b:
		return []string{ymd(year, a, a)}, false
	case a <= 12 && b <= 12:
		return []string{ymd(year, b, a), ymd(year, a, b)}, true
	}
	return nil, false
}

func ym(y string, m int) string {
	if m < 1 || m > 12 {
		return "!"
	}
	return y + "-" + two(m)
}

func ymd(y string, m, d int) string {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return "!" // not valid: Suggest drops it
	}
	return y + "-" + two(m) + "-" + two(d)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
