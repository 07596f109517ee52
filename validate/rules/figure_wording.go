package rules

import (
	"slices"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var figureWording = rule{
	doc: &diag.Rule{
		ID: "figure-wording", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a figure's number cannot be read from the source's wording, and its value is not marked derived",
		Explain: "A figure's value, low, best and high are the numbers its source prints. Each must be readable from wording " +
			"(a derived value, computed from the words, is exempt): " +
			"in digits (27.9, 3,000, 20 million) or in number words (one hundred and fifty, seventy-nine-year-old) of the language of the sources it cites " +
			"(number words are read in English, Italian and Albanian: " + strings.Join(numberLanguages, ", ") + "; in another language only digits are checked, and wording without digits is not checked). " +
			"Vague words give no number: several dozen is not 72, and several million dollars is no sum at all. " +
			"When the source gives no number, leave value out and keep the words in wording; when the source gives a bound (over ten years, about 3,000), " +
			"write the number with bound; when the value is computed from the words (three out of four citizens: 75 percent), say how in derived (3/4 = 75 percent). " +
			"A figure without wording is not checked.",
		Bad:  "measure: forces who intervened in the camp\ntype: count\nvalue: 72\nunit: forces\nwording: several dozen",
		Good: "measure: forces who intervened in the camp\ntype: count\nunit: forces\nwording: several dozen",
	},
	check: checkFigureWording,
	reach: ByReference,
}

func checkFigureWording(ix *Index, out *Report) {
	for _, f := range ix.Kind("figure") {
		wording := text(f.Value, "wording")
		if !ix.Active(f) || wording == "" || f.Value.Get("derived").Exists() {
			continue
		}
		var read []float64
		known := false
		for _, lang := range figureLanguages(ix, f) {
			nums, ok := readNumbers(wording, lang)
			read = append(read, nums...)
			known = known || ok
		}
		if !known && len(read) == 0 {
			continue // words of a language the reader does not know: no check
		}
		for _, field := range []string{"value", "low", "best", "high"} {
			n, ok := number(f.Value, field)
			if !ok || containsNumber(read, n) {
				continue
			}
			seen := "no number"
			if len(read) > 0 {
				parts := make([]string, len(read))
				for i, r := range read {
					parts[i] = fmtNum(r)
				}
				seen = "only " + strings.Join(parts, ", ")
			}
			out.At(f, "/"+field,
				"write the number the source prints; leave value out when it gives none; say in derived how a computed value was computed",
				"%s %s cannot be read from wording %q (it reads as %s)", field, fmtNum(n), diag.Clip(wording, 80), seen)
		}
	}
}

// figureLanguages returns the languages of the sources a figure cites, in
// citation order without repeats; "" when none of them states one.
func figureLanguages(ix *Index, f *record.Record) []string {
	var langs []string
	for _, c := range f.Value.Get("sources").Items() {
		s := ix.Lookup(text(c, "source"), "source")
		if s == nil {
			continue
		}
		if l := text(s.Value, "language"); l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		return []string{""}
	}
	return langs
}
