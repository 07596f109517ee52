package rules

import (
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/validate/record"
)

// text returns the text field of a mapping, or "" when absent or not text.
func text(m record.Value, key string) string { return m.Get(key).Text() }

// number returns the number field of a mapping and whether it is one.
func number(m record.Value, key string) (float64, bool) {
	n, ok := m.Get(key).Num()
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// isTrue reports whether v is the boolean true.
func isTrue(v record.Value) bool {
	b, ok := v.Bool()
	return b && ok
}

// withArticle gives "an actor", "a place".
func withArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// kindsWords gives "an actor", "an event or a quote", "a record" for every kind.
func kindsWords(kinds []string, all int) string {
	if len(kinds) >= all && all > 1 {
		return "a record"
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, withArticle(k))
	}
	return strings.Join(parts, " or ")
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func quoteID(s string) string { return `"` + s + `"` }

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
