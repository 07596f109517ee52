package rules

import (
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"

	"golang.org/x/text/unicode/norm"
)

// nowhere is a Locator for records that have no file: every position is 1:1.
type nowhere struct{}

func (nowhere) Locate(*record.Record, string, bool) diag.Pos { return diag.Pos{Line: 1, Column: 1} }

// quotes builds an index of quotes with the given texts, q0000, q0001, …
func quotes(t testing.TB, texts []string) *Index {
	t.Helper()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	var recs []*record.Record
	for i, s := range texts {
		id := fmt.Sprintf("q%04d", i)
		recs = append(recs, &record.Record{Kind: set.Kind("quote"), File: "records/quotes/" + id + ".yaml", ID: id,
			Value: record.EncodeValue(map[string]any{"id": id, "status": "active", "text": s, "speaker": "s"})})
	}
	return NewIndex(Input{Schemas: set, Root: "records", Records: recs, Locate: nowhere{}})
}

// TestIDIndexSuggests checks that the trigram index finds, among many IDs,
// an ID as close to a typo as the one it was made from, the answer a scan
// of every ID would give.
func TestIDIndexSuggests(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := strings.Fields("police camp raid minister interior state albania iran mek border cyber attack court office media survey report unit special anti terror")
	var ids []string
	seen := map[string]bool{}
	for len(ids) < 5000 {
		id := fmt.Sprintf("%s-%s-%d", words[r.Intn(len(words))], words[r.Intn(len(words))], r.Intn(5000))
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	ids = append(ids, "mek", "iran", "spak")
	ix := newIDIndex(ids)
	typos := []func(string) string{
		func(s string) string { return s[:len(s)/2] + s[len(s)/2+1:] },                      // deletion
		func(s string) string { return s[:len(s)/2] + "x" + s[len(s)/2:] },                  // insertion
		func(s string) string { b := []byte(s); b[1], b[2] = b[2], b[1]; return string(b) }, // transposition
		func(s string) string { b := []byte(s); b[len(b)-1] = 'z'; return string(b) },       // substitution at the end
	}
	for i := 0; i < 200; i++ {
		want := ids[r.Intn(len(ids))]
		if i%25 == 0 {
			want = []string{"mek", "iran", "spak"}[i/25%3]
		}
		typo := typos[i%len(typos)](want)
		if seen[typo] || typo == want {
			continue
		}
		got := diag.Suggest(typo, ix.nearest(typo), 1)
		scan := diag.Suggest(typo, ids, 1)
		if len(scan) == 0 {
			continue // too far for any suggestion
		}
		if len(got) == 0 {
			t.Errorf("%q (from %q): the index suggests nothing, a scan %q", typo, want, scan[0])
			continue
		}
		if dg, ds := distance(typo, got[0]), distance(typo, scan[0]); dg != ds {
			t.Errorf("%q (from %q): the index suggests %q (distance %d), a scan %q (distance %d)", typo, want, got[0], dg, scan[0], ds)
		}
	}
}

// TestNearDuplicateRecall plants near-duplicate quotes (one or two words
// changed) among unrelated ones and checks that the MinHash index finds
// nearly every pair a comparison of all pairs finds, and nothing else.
func TestNearDuplicateRecall(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	vocab := strings.Fields("the police said that members of the camp were not notified before the raid and that the operation was lawful while the ministry spoke of a violation of the law and of the hospitality offered by the country to the group whose leaders denied any role in the cyber attacks on public institutions during the summer")
	sentence := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[r.Intn(len(vocab))]
		}
		return w
	}
	var texts []string
	for i := 0; i < 300; i++ {
		w := sentence(12 + r.Intn(30))
		texts = append(texts, strings.Join(w, " "))
		if i%3 == 0 {
			w2 := append([]string(nil), w...)
			w2[r.Intn(len(w2))] = "changed"
			texts = append(texts, strings.Join(w2, " "))
		}
	}
	long := sentence(6000) // long texts, compared by samples
	for i := range 6 {
		w := append([]string(nil), long...)
		w[r.Intn(len(w))] = fmt.Sprintf("changed%d", i)
		texts = append(texts, strings.Join(w, " "))
	}
	ix := quotes(t, texts)
	findings := Run(ix, []Rule{quoteDuplicate}, 1)
	found := map[string]bool{}
	for _, d := range findings {
		if d.Severity == diag.Warning {
			found[d.File] = true
		}
	}
	// The rule works on every core; its findings must not depend on them.
	procs := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(procs)
	if one := Run(ix, []Rule{quoteDuplicate}, 1); !reflect.DeepEqual(one, findings) {
		t.Errorf("on one core, %d findings; on %d, %d", len(one), procs, len(findings))
	}
	// Every pair, compared directly: the answer the index must match.
	want := map[string]bool{}
	sets := make([][]uint64, len(texts))
	for i, s := range texts {
		sets[i] = sketch(shingles(normalizeQuote(s), nil))
	}
	for j := range texts {
		for i := 0; i < j; i++ {
			if normalizeQuote(texts[i]) != normalizeQuote(texts[j]) && similarity(sets[i], sets[j]) >= nearAlike {
				want[ix.All[j].File] = true
			}
		}
	}
	if len(want) < 50 {
		t.Fatalf("only %d near-duplicates planted; the test needs more", len(want))
	}
	missed := 0
	for f := range want {
		if !found[f] {
			missed++
		}
	}
	for f := range found {
		if !want[f] {
			t.Errorf("%s reported as a near-duplicate, but no earlier quote is %v%% alike", f, nearAlike*100)
		}
	}
	if missed*100 > len(want)*3 {
		t.Errorf("the index missed %d of %d near-duplicates (more than 3%%)", missed, len(want))
	}
}

// TestSketchSimilarity holds the similarity of sketches to the exact
// Jaccard similarity of whole shingle sets: equal while the texts are
// short enough for whole sketches, within a few points for long texts.
func TestSketchSimilarity(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	words := strings.Fields("camp police raid minister interior state albania iran mek border cyber attack court office media survey report unit")
	text := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("%s%d", words[r.Intn(len(words))], r.Intn(1000))
		}
		return w
	}
	exact := func(a, b string) float64 {
		sa, sb := map[uint64]bool{}, map[uint64]bool{}
		for _, h := range shingles(normalizeQuote(a), nil) {
			sa[h] = true
		}
		both := 0
		for _, h := range shingles(normalizeQuote(b), nil) {
			if !sb[h] && sa[h] {
				both++
			}
			sb[h] = true
		}
		return float64(both) / float64(len(sa)+len(sb)-both)
	}
	for _, n := range []int{10, 60, 2000, 20000} {
		for k := 0; k < 5; k++ {
			w := text(n)
			w2 := append([]string(nil), w...)
			for i := 0; i < n/(5+k); i++ {
				w2[r.Intn(n)] = "changed"
			}
			a, b := strings.Join(w, " "), strings.Join(w2, " ")
			got := similarity(sketch(shingles(normalizeQuote(a), nil)), sketch(shingles(normalizeQuote(b), nil)))
			want := exact(a, b)
			tol := 0.0
			if n > 100 {
				tol = 0.05
			}
			if got < want-tol-1e-9 || got > want+tol+1e-9 {
				t.Errorf("%d words: sketch similarity %.3f, exact %.3f", n, got, want)
			}
		}
	}
}

// TestSketch holds sketch to its definition, the sketchSize smallest
// distinct shingles sorted, on sets of every size around its thresholds,
// with repeats and with the largest hash.
func TestSketch(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, n := range []int{0, 1, sketchSize - 1, sketchSize, sketchSize + 1, 4*sketchSize - 1, 4 * sketchSize, 4*sketchSize + 1, 5000, 40000} {
		for _, spread := range []uint64{1 << 63, 3000, 50} {
			sh := make([]uint64, n)
			for i := range sh {
				sh[i] = r.Uint64() % spread
				if i%97 == 0 {
					sh[i] = ^uint64(0)
				}
			}
			want := slices.Clone(sh)
			slices.Sort(want)
			want = slices.Compact(want)
			want = want[:min(len(want), sketchSize)]
			if got := sketch(sh); !slices.Equal(got, want) {
				t.Errorf("%d shingles below %d: sketch of %d, want %d (first difference at %d)", n, spread, len(got), len(want), firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b []uint64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestNotBefore(t *testing.T) {
	cases := []struct {
		later, earlier string
		want           string // "", "error" or "warning"
	}{
		{"2023-06-20", "2023-06-20", ""},
		{"2023-06", "2023-06-20", ""}, // may share a day
		{"2023-06-19", "2023-06-20", "error"},
		{"2023-06-19?", "2023-06-20", "warning"}, // an uncertain date
		{"2022~", "2023-03", "warning"},          // the approximation reconciles it
		{"2021~", "2023-03", "error"},            // even widened by a year
		{"../2020", "2023", "error"},             // ends before it began
		{"2020/..", "2023", ""},                  // open end: never certain
		{"2013/2016", "2015", ""},                // an interval that reaches past it
		{"2023-06-21", "2023-06-20/2023-06-25", ""},
		{"2023-06-19", "2023-06-20/..", "error"},
	}
	for _, c := range cases {
		a, err1 := edtf.Parse(c.later)
		b, err2 := edtf.Parse(c.earlier)
		if err1 != nil || err2 != nil {
			t.Fatal(c, err1, err2)
		}
		got := ""
		if sev, bad := notBefore(a, b); bad {
			got = sev.String()
		}
		if got != c.want {
			t.Errorf("%s not before %s: got %q, want %q", c.later, c.earlier, got, c.want)
		}
	}
}

// distance is the edit distance (insertions, deletions, substitutions and
// transpositions of neighbours) between a and b.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestNormalizeQuote holds normalizeQuote's ASCII path to its definition:
// case folded, quotation marks dropped, every run of Unicode space one
// space, none at the ends, characters composed (NFC); and the same words
// written composed and decomposed to one normal form.
func TestNormalizeQuote(t *testing.T) {
	spec := func(s string) string {
		var words []string
		for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
			w = strings.Map(func(r rune) rune {
				if isQuoteMark(r) {
					return -1
				}
				return unicode.ToLower(r)
			}, w)
			if w != "" {
				words = append(words, w)
			}
		}
		return norm.NFC.String(strings.Join(words, " "))
	}
	for _, s := range []string{"Was NOT caused", "  a\t\vb\fc\r\nd  ", "«Çuçi» said: \"no\"", "x\u00a0y\u0085z\u2028w", "「引用」 『x』 ’tis", "ÀÉÎ ß Σ",
		"Ë\u0308e\u0301 \"\u0301\" \u1e9b\u0323 \u212b", "한국어 \u1112\u1161\u11ab"} {
		if got, want := normalizeQuote(s), spec(s); got != want {
			t.Errorf("normalizeQuote(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"Shqipëria është një vend i sigurt dhe qeveria e ka thënë këtë qartë", "Çuçi THËNË", "Ἀθῆναι", "한국어", "Åström"} {
		nfc, nfd := normalizeQuote(norm.NFC.String(s)), normalizeQuote(norm.NFD.String(s))
		if nfc != nfd || !norm.NFC.IsNormalString(nfc) {
			t.Errorf("normalizeQuote of %q: NFC %q, NFD %q", s, nfc, nfd)
		}
		if !slices.Equal(shingles(nfc, nil), shingles(nfd, nil)) {
			t.Errorf("shingles of %q differ between NFC and NFD", s)
		}
	}
	if a, b := normalizeQuote("ﬁnal"), normalizeQuote("final"); a == b {
		t.Errorf("normalizeQuote folds compatibility characters (NFKC): %q", a)
	}
}

// TestShingles holds shingles' byte-at-a-time ASCII path to its definition:
// the windows of five runes over the letters, digits and single spaces of
// the normalized text.
func TestShingles(t *testing.T) {
	spec := func(norm string) []uint64 {
		var kept []rune
		for _, r := range norm {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' && len(kept) > 0 && kept[len(kept)-1] != ' ' {
				kept = append(kept, r)
			}
		}
		const base = 1099511628211
		var out []uint64
		for i := 0; i+shingleLen <= len(kept); i++ {
			var h uint64
			for _, r := range kept[i : i+shingleLen] {
				h = h*base + uint64(r)
			}
			out = append(out, mix(h))
		}
		return out
	}
	for _, s := range []string{"was not caused by any action", "a, b; c... d -- e!", "  lead", "çuçi said: ‘no’ — 2023", "x", "「引用」 ß σ 42", "one  two ,  three"} {
		norm := normalizeQuote(s)
		if got, want := shingles(norm, nil), spec(norm); !slices.Equal(got, want) {
			t.Errorf("shingles(%q) = %v, want %v", norm, got, want)
		}
	}
}

// TestEveryRuleHasAReach: a rule says what its findings depend on, and a
// rule that compares records by content has its keys in Affinity.
func TestEveryRuleHasAReach(t *testing.T) {
	for _, r := range Catalog {
		switch r.Reach() {
		case ByReference, ByIDs, ByChain:
		case ByContent:
			if !slices.Contains(AffinityRules, r.Doc().ID) {
				t.Errorf("%s compares records by content, but Affinity gives no keys for it (AffinityRules)", r.Doc().ID)
			}
		default:
			t.Errorf("%s has no reach: say which records its findings depend on (rules.go, Reach)", r.Doc().ID)
		}
	}
}
