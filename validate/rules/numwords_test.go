package rules

import (
	"fmt"
	"testing"
)

func TestReadNumbers(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		want       string
	}{
		// English words, as the first dataset's figures print them
		{"en", "Fifteen officers", "[15]"},
		{"en", "twenty-one", "[21]"},
		{"en", "seventy-nine-year-old", "[79]"},
		{"en", "about one hundred and fifty electronic devices", "[150]"},
		{"en", "one hundred and seven buildings", "[107]"},
		{"en", "about three thousand inhabitants", "[3000]"},
		{"en", "twenty million dollars", "[2e+07]"},
		{"en", "over ten years", "[10]"},
		{"en", "three out of four citizens", "[3 4]"},
		{"en", "a hundred and one", "[101]"},
		{"en", "a dozen ships", "[12]"},
		{"en", "two dozen ships", "[24]"},
		{"en", "two thousand five hundred", "[2500]"},
		{"en", "two thousand and ten", "[2010]"},
		{"en", "fifteen hundred", "[1500]"},
		{"en", "between thirty-five and forty-five", "[35 45]"},
		{"en", "five six", "[5 6]"},
		// vague words give no number
		{"en", "several dozen", "[]"},
		{"en", "several million dollars", "[]"},
		{"en", "millions of dollars", "[]"},
		{"en", "hundreds of officers", "[]"},
		{"en", "a few", "[]"},
		{"en", "a second diplomat", "[]"},
		// digits, by the convention of the language
		{"en", "27.9 percent", "[27.9]"},
		{"en", "3,000 people", "[3000]"},
		{"en", "1,234,567.5", "[1.2345675e+06]"},
		{"en", "20 million", "[2e+07]"},
		{"en", "1.5 billion", "[1.5e+09]"},
		{"en", "about 150", "[150]"},
		{"it", "27,9 percento", "[27.9]"},
		{"it", "3.000 persone", "[3000]"},
		{"sq", "3.000 veta", "[3000]"},
		{"it", "96.1 percento", "[96.1]"},
		{"en", "1,5 million", "[1.5e+06]"},
		{"", "3,000", "[3 3000]"}, // both conventions
		{"", "27.9", "[27.9]"},
		{"", "three thousand", "[]"},
		// Italian
		{"it", "centocinquanta dispositivi", "[150]"},
		{"it", "settantanove anni", "[79]"},
		{"it", "ventuno mujaheddin", "[21]"},
		{"it", "trentotto", "[38]"},
		{"it", "ventitré", "[23]"},
		{"it", "tremila abitanti", "[3000]"},
		{"it", "centosette edifici", "[107]"},
		{"it", "duecento", "[200]"},
		{"it", "milleduecento", "[1200]"},
		{"it", "venti milioni di dollari", "[2e+07]"},
		{"it", "un milione", "[1e+06]"},
		{"it", "diverse decine", "[]"},
		{"it", "alcuni milioni", "[]"},
		// Albanian, with and without diacritics
		{"sq", "njëqind e pesëdhjetë", "[150]"},
		{"sq", "shtatëdhjetë e nëntë vjeç", "[79]"},
		{"sq", "njëzet e një", "[21]"},
		{"sq", "tre mijë banorë", "[3000]"},
		{"sq", "tre mije banore", "[3000]"},
		{"sq", "pesëmbëdhjetë", "[15]"},
		{"sq", "dyzet hektarë", "[40]"},
		{"sq", "dy e tre", "[2 3]"},
	} {
		got, known := readNumbers(tc.text, tc.lang)
		if s := fmt.Sprint(got); s != tc.want && !(len(got) == 0 && tc.want == "[]") {
			t.Errorf("readNumbers(%q, %q) = %s, want %s", tc.text, tc.lang, s, tc.want)
		}
		if wantKnown := tc.lang != ""; known != wantKnown {
			t.Errorf("readNumbers(%q, %q): known %v", tc.text, tc.lang, known)
		}
	}
}

func TestContainsNumber(t *testing.T) {
	if !containsNumber([]float64{0.1 + 0.2}, 0.3) || containsNumber([]float64{72}, 71.999) {
		t.Error("containsNumber compares up to rounding only")
	}
}
