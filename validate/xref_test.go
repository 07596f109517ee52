package validate

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/dossier-data/dossier/validate/edtf"
)

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
		got := Suggest(typo, ix.nearest(typo), 1)
		scan := Suggest(typo, ids, 1)
		if len(scan) == 0 {
			continue // too far for any suggestion
		}
		if len(got) == 0 {
			t.Errorf("%q (from %q): the index suggests nothing, a scan %q", typo, want, scan[0])
			continue
		}
		if dg, ds := distance(typo, got[0], 9), distance(typo, scan[0], 9); dg != ds {
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
	ds := &Dataset{}
	add := func(id, text string) {
		ds.Records = append(ds.Records, &Record{Kind: nil, File: "records/quotes/" + id + ".yaml", ID: id,
			Value: EncodeValue(map[string]any{"id": id, "status": "active", "text": text, "speaker": "s"})})
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
	for i, s := range texts {
		add(fmt.Sprintf("q%04d", i), s)
	}
	set, err := DefaultSchemas()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range ds.Records {
		rec.Kind = set.Kind("quote")
	}
	ds.Schemas = set
	x := &xref{ds: ds, byID: map[string]*Record{}}
	for _, rec := range ds.Records {
		x.byID[rec.ID] = rec
	}
	checkQuoteDuplicate(x)
	found := map[string]bool{}
	for _, d := range x.diags {
		if d.Severity == Warning {
			found[d.File] = true
		}
	}
	// Every pair, compared directly: the answer the index must match.
	want := map[string]bool{}
	sets := make([][]uint64, len(texts))
	for i, s := range texts {
		sets[i] = shingleSet(shingles(normalizeQuote(s), nil))
	}
	for j := range texts {
		for i := 0; i < j; i++ {
			if normalizeQuote(texts[i]) != normalizeQuote(texts[j]) && jaccard(sets[i], sets[j]) >= nearAlike {
				want[ds.Records[j].File] = true
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

func TestInlineIgnores(t *testing.T) {
	cases := []struct {
		src  string
		want string
	}{
		{"id: a   # dossier:ignore orphan -- named in passing\n", "1:9 orphan \"named in passing\""},
		{"# dossier:ignore orphan, id-filename -- kept\nid: a\n", "1:1 alone orphan \"kept\"; 1:1 alone id-filename \"kept\""},
		{"id: a # dossier:ignore orphan\n", "1:7 orphan \"\""},
		{"id: a # dossier:ignore -- why\n", "1:7  \"why\""},
		{"id: a\nname: \"x # dossier:ignore orphan -- no\"\n", ""},
		{"id: a\nnotes: |\n  # dossier:ignore orphan -- text, not a comment\n", ""},
		{"id: a # dossier:ignored orphan -- other word\n", ""},
		{"id: a\nlist:\n  - b # dossier:ignore orphan -- item\n", "3:7 orphan \"item\""},
		{"id: a\n", ""},
		{"# dossier:ignore orphan -- apart\n\nid: a\n", "1:1 alone orphan \"apart\""},
		{"id: a\n\n# dossier:ignore orphan -- at the end\n", "3:1 alone orphan \"at the end\""},
	}
	for _, c := range cases {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, ig := range inlineIgnores(&doc, []byte(c.src)) {
			alone := ""
			if ig.Alone {
				alone = " alone"
			}
			parts = append(parts, fmt.Sprintf("%d:%d%s %s %q", ig.Line, ig.Column, alone, ig.Rule, ig.Reason))
		}
		if got := strings.Join(parts, "; "); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
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
