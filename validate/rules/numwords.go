package rules

// Reading the numbers a text writes, in digits or in words, for the
// figure-wording rule. This file depends on nothing else in the package.

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numberLanguages lists the languages whose number words readNumbers knows.
var numberLanguages = []string{"en", "it", "sq"}

// readNumbers returns the numbers text writes, in the order written: digit
// groups ("27.9", "3,000", "20 million") and number words of lang ("one
// hundred and fifty", "seventy-nine-year-old", "centocinquanta", "tre mijë");
// a digit group read both ways gives its other reading first.
// known is false when lang is not one of numberLanguages: then only digits
// are read, with the decimal separator of either convention. Vague words
// give no number: "several dozen", "millions", "a few" read as nothing.
// Digits follow lang's convention: in en "3,000" is 3000 and "27.9" is
// 27.9; in it and sq "3.000" is 3000 and "27,9" is 27.9; a group the
// convention cannot read is read by the other one ("96.1" in it).
func readNumbers(text, lang string) (nums []float64, known bool) {
	words := numberWordsOf(lang)
	known = words != nil
	r := numberReader{words: words, lang: lang}
	for _, tok := range numberTokens(text) {
		r.token(tok)
	}
	r.flush()
	return r.out, known
}

// numClass is what a token is to the reader.
type numClass int

const (
	nOther    numClass = iota // not part of a number
	nUnit                     // 1 to 9
	nTeen                     // 0, and 10 to 19
	nTens                     // 20, 30, … 90
	nHundred                  // English "hundred": multiplies what precedes
	nHundreds                 // a whole hundreds word: Albanian "dyqind" (200)
	nWhole                    // a whole number word below a million: Italian "centocinquanta"
	nScale                    // thousand, million, billion: multiplies what precedes
	nDozen                    // dozen: multiplies what precedes by 12
	nJoin                     // "and" in "one hundred and fifty", Albanian "e" in "njëzet e një"
	nArticle                  // "a" in "a hundred", "a dozen"
	nDigits                   // a number written in digits
)

// numberWords gives the class and value of one lowercase word of a language.
type numberWords struct {
	word func(w string) (numClass, float64)
	// joinAfterTens: the joining word may follow tens (Albanian "njëzet e
	// një"); in English "thirty-five and forty-five" are two numbers.
	joinAfterTens bool
}

func numberWordsOf(lang string) *numberWords {
	switch strings.ToLower(strings.SplitN(lang, "-", 2)[0]) {
	case "en":
		return &numberWords{word: englishWord}
	case "it":
		return &numberWords{word: italianWord}
	case "sq":
		return &numberWords{word: albanianWord, joinAfterTens: true}
	}
	return nil
}

// numberReader reads a run of tokens into numbers, one token at a time.
type numberReader struct {
	words          *numberWords
	lang           string
	total, current float64
	last           numClass // class of the last token of the number being read; nOther when none
	out            []float64
}

func (r *numberReader) emit() {
	if r.last != nOther && r.last != nArticle && r.last != nJoin {
		r.out = append(r.out, r.total+r.current)
	}
	r.total, r.current, r.last = 0, 0, nOther
}

// flush ends the number being read, if any. A trailing joining word or
// article does not belong to it.
func (r *numberReader) flush() {
	if r.last == nJoin || r.last == nArticle {
		if r.total+r.current != 0 {
			r.out = append(r.out, r.total+r.current)
		}
		r.total, r.current, r.last = 0, 0, nOther
		return
	}
	r.emit()
}

func (r *numberReader) token(tok string) {
	if tok[0] >= '0' && tok[0] <= '9' {
		vals := digitsValue(tok, r.lang)
		r.flush()
		if len(vals) == 0 {
			return
		}
		r.out = append(r.out, vals[1:]...) // the other reading, when the convention is unknown
		r.current, r.last = vals[0], nDigits
		return
	}
	c, n := nOther, 0.0
	if r.words != nil {
		c, n = r.words.word(foldNumberWord(tok))
	}
	last := r.last
	if r.word(c, n) {
		return
	}
	// a number word that cannot continue the number being read starts
	// another; one that cannot start a number either is not read
	r.flush()
	if last != nOther {
		r.token(tok)
	}
}

// word reads a word of class c and value n; false when it cannot continue
// the number being read.
func (r *numberReader) word(c numClass, n float64) bool {
	switch c {
	case nUnit, nTeen, nTens, nHundreds, nWhole:
		return r.add(c, n)
	case nHundred, nScale, nDozen:
		return r.multiply(c, n)
	case nJoin:
		if last := r.last; last == nHundred || last == nHundreds || last == nScale || (last == nTens && r.words.joinAfterTens) {
			r.last = nJoin
			return true
		}
		r.flush()
	case nArticle:
		r.flush()
		r.last = nArticle
	default:
		r.flush()
	}
	return true
}

// add reads a word that adds to the number: a unit after tens or hundreds,
// tens or teens after hundreds, or any of them to start a number.
func (r *numberReader) add(c numClass, n float64) bool {
	last := r.last
	startable := last == nOther || last == nScale || last == nJoin
	ok := startable
	switch c {
	case nUnit:
		ok = ok || last == nTens || last == nHundred || last == nHundreds
	case nTeen, nTens:
		ok = ok || last == nHundred || last == nHundreds
	}
	if ok {
		r.current += n
		r.last = c
	}
	return ok
}

// multiply reads a word that multiplies what comes before it: hundred,
// a scale (thousand, million) or dozen.
func (r *numberReader) multiply(c numClass, n float64) bool {
	last := r.last
	counted := last == nUnit || last == nTeen || last == nTens || last == nDigits
	switch c {
	case nHundred:
		switch {
		case counted:
			r.current *= 100
		case last == nArticle:
			r.current = 100
		default:
			return false
		}
		r.last = nHundred
	case nScale:
		if !counted && last != nHundred && last != nHundreds && last != nWhole && last != nArticle {
			r.flush() // "millions", "several million": no number
			r.last = nOther
			return true
		}
		if last == nArticle {
			r.current = 1
		}
		r.total += r.current * n
		r.current, r.last = 0, nScale
	case nDozen:
		if !counted && last != nWhole && last != nArticle {
			r.flush()
			return true
		}
		if last == nArticle {
			r.current = 1
		}
		r.current *= 12
		r.last = nDozen
		r.emit()
	}
	return true
}

// numberTokens splits text into digit groups (digits with . or , between
// them) and words (runs of letters); everything else separates them.
func numberTokens(text string) []string {
	var out []string
	digit := func(i int) bool { return i < len(text) && text[i] >= '0' && text[i] <= '9' }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case digit(i):
			j := i
			for digit(j) || j < len(text) && (text[j] == '.' || text[j] == ',') && digit(j+1) {
				j++
			}
			out = append(out, text[i:j])
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			out = append(out, strings.ToLower(text[i:j]))
			i = j
		default:
			i += size
		}
	}
	return out
}

// digitsValue reads a digit group by lang's convention: the first value is
// the reading, a second one the other convention's when lang has none.
func digitsValue(tok, lang string) []float64 {
	var thousands, decimal byte
	switch strings.ToLower(strings.SplitN(lang, "-", 2)[0]) {
	case "en":
		thousands, decimal = ',', '.'
	case "it", "sq":
		thousands, decimal = '.', ','
	default:
		var out []float64
		for _, conv := range [][2]byte{{',', '.'}, {'.', ','}} {
			if v, ok := digitsAs(tok, conv[0], conv[1]); ok && !containsNumber(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	if v, ok := digitsAs(tok, thousands, decimal); ok {
		return []float64{v}
	}
	if v, ok := digitsAs(tok, decimal, thousands); ok { // data often keep the other convention: 96.1 in Italian text
		return []float64{v}
	}
	return nil
}

// digitsAs reads tok with the given separators: thousands separators must
// group three digits; at most one decimal separator, after the last of them.
func digitsAs(tok string, thousands, decimal byte) (float64, bool) {
	intPart, frac := tok, ""
	if i := strings.LastIndexByte(tok, decimal); i >= 0 {
		intPart, frac = tok[:i], tok[i+1:]
		if strings.ContainsAny(frac, ".,") {
			return 0, false
		}
	}
	if strings.IndexByte(intPart, decimal) >= 0 {
		return 0, false
	}
	groups := strings.Split(intPart, string(thousands))
	for i, g := range groups {
		if g == "" || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return 0, false
		}
	}
	s := strings.Join(groups, "")
	if frac != "" {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsInf(v, 0)
}

// containsNumber reports whether nums holds v, up to rounding.
func containsNumber(nums []float64, v float64) bool {
	for _, n := range nums {
		if n == v || math.Abs(n-v) <= 1e-9*math.Max(math.Abs(n), math.Abs(v)) {
			return true
		}
	}
	return false
}

// foldNumberWord drops the diacritics number words are written with, so
// that "katër" and "kater", "ventitré" and "ventitre" read alike.
func foldNumberWord(w string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'ë', 'é', 'è', 'ê':
			return 'e'
		case 'ç':
			return 'c'
		case 'à', 'á':
			return 'a'
		case 'ì', 'í':
			return 'i'
		case 'ò', 'ó':
			return 'o'
		case 'ù', 'ú':
			return 'u'
		}
		return r
	}, w)
}

var englishSmall = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var englishTens = map[string]float64{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var englishScales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

func englishWord(w string) (numClass, float64) {
	if n, ok := englishSmall[w]; ok {
		if n >= 1 && n <= 9 {
			return nUnit, n
		}
		return nTeen, n
	}
	if n, ok := englishTens[w]; ok {
		return nTens, n
	}
	if n, ok := englishScales[w]; ok {
		return nScale, n
	}
	switch w {
	case "hundred":
		return nHundred, 100
	case "dozen":
		return nDozen, 12
	case "and":
		return nJoin, 0
	case "a", "an":
		return nArticle, 0
	}
	return nOther, 0
}

// Italian writes numbers below a million as one word: "centocinquanta",
// "settantanove", "tremila"; millions and billions are words of their own.

var italianUnits = map[string]float64{
	"uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
}

var italianTeens = map[string]float64{
	"zero": 0, "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15,
	"sedici": 16, "diciassette": 17, "diciotto": 18, "diciannove": 19,
}

var italianTens = []struct {
	word string
	n    float64
}{{"venti", 20}, {"trenta", 30}, {"quaranta", 40}, {"cinquanta", 50}, {"sessanta", 60}, {"settanta", 70}, {"ottanta", 80}, {"novanta", 90}}

func italianWord(w string) (numClass, float64) {
	switch w {
	case "milione", "milioni":
		return nScale, 1e6
	case "miliardo", "miliardi":
		return nScale, 1e9
	case "dozzina", "dozzine":
		if w == "dozzina" {
			return nDozen, 12
		}
		return nOther, 0
	case "e":
		return nJoin, 0
	case "un", "una":
		return nArticle, 0
	}
	if n, ok := italianBelowMillion(w); ok {
		return nWhole, n
	}
	return nOther, 0
}

func italianBelowMillion(w string) (float64, bool) {
	if w == "mille" {
		return 1000, true
	}
	if strings.HasPrefix(w, "mille") {
		if r, ok := italianBelowThousand(w[len("mille"):]); ok {
			return 1000 + r, true
		}
		return 0, false
	}
	if i := strings.Index(w, "mila"); i > 0 {
		l, ok1 := italianBelowThousand(w[:i])
		if !ok1 || l < 2 {
			return 0, false
		}
		if w[i+4:] == "" {
			return l * 1000, true
		}
		r, ok2 := italianBelowThousand(w[i+4:])
		return l*1000 + r, ok2
	}
	return italianBelowThousand(w)
}

func italianBelowThousand(w string) (float64, bool) {
	if i := strings.Index(w, "cento"); i >= 0 {
		h := 1.0
		if i > 0 {
			u, ok := italianUnits[w[:i]]
			if !ok || u < 2 || w[:i] == "un" || w[:i] == "una" {
				return 0, false
			}
			h = u
		}
		rest := w[i+len("cento"):]
		if rest == "" {
			return h * 100, true
		}
		if strings.HasPrefix(rest, "ttanta") { // centottanta: cento + ottanta
			rest = "o" + rest
		}
		r, ok := italianBelowHundred(rest)
		return h*100 + r, ok
	}
	return italianBelowHundred(w)
}

func italianBelowHundred(w string) (float64, bool) {
	if n, ok := italianUnits[w]; ok && w != "un" && w != "una" {
		return n, true
	}
	if n, ok := italianTeens[w]; ok {
		return n, true
	}
	for _, t := range italianTens {
		if w == t.word {
			return t.n, true
		}
		stem := t.word[:len(t.word)-1] // ventuno, trentotto: the tens' last vowel drops
		var rest string
		switch {
		case strings.HasPrefix(w, t.word):
			rest = w[len(t.word):]
		case strings.HasPrefix(w, stem) && (strings.HasPrefix(w[len(stem):], "uno") || strings.HasPrefix(w[len(stem):], "otto")):
			rest = w[len(stem):]
		default:
			continue
		}
		if u, ok := italianUnits[rest]; ok && rest != "un" && rest != "una" {
			return t.n + u, true
		}
		return 0, false
	}
	return 0, false
}

// Albanian (diacritics folded): units and tens are words of their own,
// joined by "e" (njëzet e një, 21); hundreds are one word (dyqind, 200);
// thousands and millions are separate words (tre mijë).

var albanianUnits = map[string]float64{
	"nje": 1, "dy": 2, "tre": 3, "tri": 3, "kater": 4, "pese": 5, "gjashte": 6, "shtate": 7, "tete": 8, "nente": 9,
}

func albanianWord(w string) (numClass, float64) {
	switch w {
	case "zero":
		return nTeen, 0
	case "dhjete":
		return nTeen, 10
	case "njezet":
		return nTens, 20
	case "dyzet":
		return nTens, 40
	case "mije":
		return nScale, 1e3
	case "milion", "milione":
		return nScale, 1e6
	case "miliard", "miliarde":
		return nScale, 1e9
	case "e":
		return nJoin, 0
	}
	if n, ok := albanianUnits[w]; ok {
		return nUnit, n
	}
	if u, ok := albanianUnits[strings.TrimSuffix(w, "mbedhjete")]; ok && strings.HasSuffix(w, "mbedhjete") {
		return nTeen, 10 + u
	}
	if u, ok := albanianUnits[strings.TrimSuffix(w, "dhjete")]; ok && strings.HasSuffix(w, "dhjete") && u >= 3 {
		return nTens, 10 * u
	}
	if u, ok := albanianUnits[strings.TrimSuffix(w, "qind")]; ok && strings.HasSuffix(w, "qind") {
		return nHundreds, 100 * u
	}
	return nOther, 0
}
