package rules

import (
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var quoteDuplicate = rule{
	doc: &diag.Rule{
		ID: "quote-duplicate", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "two quotes have the same or nearly the same text",
		Explain: "One statement is one quote record, citing every source that prints it. Two active quotes whose texts are the same once case, " +
			"spacing and quotation marks are ignored, and once their characters are composed (Unicode normal form C), are an error: merge them into one record with both citations. " +
			"Composing makes a letter typed as one character (ë) and as a letter and a combining mark (e and U+0308) the same: " +
			"Unicode defines the two as the same text, shown alike. Compatibility forms (the ligature ﬁ, full-width letters, superscript digits) are not folded (NFKC is not used): " +
			"they can look or mean different (x² is not x2), so a text that differs only in them is measured as nearly the same instead. " +
			"Texts that are nearly the same (at least 80% of their five-letter shingles shared) are a warning: often one source's wording " +
			"of the same statement, sometimes a repeated statement that deserves its own record (then silence the finding with a reason). " +
			"Near-duplicates are found through a MinHash index, so the check stays linear in the number of quotes; texts of more than about " +
			"a thousand characters are compared by a sample of 1,024 shingles.",
		Bad:  "# quotes/a.yaml\ntext: \"Was not caused by any action by the police\"\n# quotes/b.yaml\ntext: was not caused by any action by the police",
		Good: "# quotes/a.yaml\ntext: was not caused by any action by the police\nsources:\n  - source: obc-article\n    locator: para. 8\n  - source: euronews-interview\n    locator: 02:15",
	},
	check: checkQuoteDuplicate,
	reach: ByContent,
	first: true,
}

// checkQuoteDuplicate reports each active quote whose text is the same as
// that of an earlier quote once normalized, or nearly the same. The work
// per text (normalizing, shingling, signing, sketching) is done when the
// record is loaded (Facts); the index of signatures is filled in file
// order, so the findings do not depend on the cores (see minhash.go).
func checkQuoteDuplicate(ix *Index, out *Report) {
	var quotes []*record.Record
	var texts []*quoteText
	for _, q := range ix.Kind("quote") {
		if f := ix.factsOf(q); f.quote != nil && f.active {
			quotes = append(quotes, q)
			texts = append(texts, f.quote)
		}
	}
	norm := func(i int32) string { return normalizeQuote(quotes[i].Text("text")) }
	same, near := matchQuotes(texts, norm)
	measureQuotes(texts, near, norm)

	// A finding is placed by reading its file again, and quotes can be
	// long: the files are read on every core first.
	var place []*record.Record
	for i, f := range same {
		if f > 0 {
			place = append(place, quotes[i], quotes[f-1])
		}
	}
	for _, n := range near {
		if n.best > 0 {
			place = append(place, quotes[n.i], quotes[n.best-1])
		}
	}
	parallel.For(len(place), 0, func(k int) { ix.Locate.Locate(place[k], "/text", false) })

	for i, q := range quotes {
		if same[i] > 0 {
			f := quotes[same[i]-1]
			also := ""
			if s, fs := q.Text("speaker"), f.Text("speaker"); s != fs {
				also = fmt.Sprintf("; there it is attributed to %q", fs)
			}
			out.At(q, "/text", "merge the two into one quote record that cites both sources",
				"text is the same as that of quote %q (at %s) once case, spaces and quotation marks are ignored%s", f.ID, out.Where(f, "/text"), also)
		}
		if len(near) > 0 && near[0].i == int32(i) {
			if n := near[0]; n.best > 0 {
				other := quotes[n.best-1]
				out.Graded(diag.Warning, q, "/text", "if both report one statement, merge them into one quote record that cites both sources",
					"text is nearly the same as that of quote %q (at %s): %d%% alike", other.ID, out.Where(other, "/text"), n.pct)
			}
			near = near[1:]
		}
	}
}

// quoteText is what the rule keeps of a quote's text: a hash of its
// normal form and, when it has enough shingles, its MinHash signature; the
// sketch of a long text (8 KB at most, under twice the text), costly to
// make again.
type quoteText struct {
	hash   uint64 // of the normal form
	sig    signature
	signed bool
	sketch []uint64
}

var (
	shingleBufs = sync.Pool{New: func() any { return new([]uint64) }}
	normBufs    = sync.Pool{New: func() any { return new([]byte) }}
	normSeed    = maphash.MakeSeed()
)

func readQuote(text string) *quoteText {
	nb := normBufs.Get().(*[]byte)
	if cap(*nb) < len(text) { // grown once, not by doubling: a pool is emptied at each collection
		*nb = make([]byte, 0, len(text))
	}
	*nb = appendNormalized((*nb)[:0], text)
	t := &quoteText{hash: maphash.Bytes(normSeed, *nb)}
	buf := shingleBufs.Get().(*[]uint64)
	if cap(*buf) < len(*nb) { // at most a shingle a byte
		*buf = make([]uint64, 0, len(*nb))
	}
	*buf = shingles(string(*nb), (*buf)[:0])
	normBufs.Put(nb)
	if len(*buf) >= minShingles {
		t.sig, t.signed = minhash(*buf), true
	}
	if len(*buf) > 4*sketchSize {
		t.sketch = sketch(*buf)
	}
	shingleBufs.Put(buf)
	return t
}

// nearQuote is a text with candidates: earlier texts the MinHash index
// names, the likeliest first; once measured, the most alike of them, at
// least nearAlike (its number plus one, or 0), and how alike in percent.
type nearQuote struct {
	i, best int32
	cands   []int32
	pct     int
}

// matchQuotes returns, for each text, the earlier text that is the same
// (its number plus one, or 0), and the texts that are not with their
// candidates, in order. norm gives a text's normal form, to tell two texts
// of one hash apart.
func matchQuotes(texts []*quoteText, norm func(int32) string) (same []int32, near []nearQuote) {
	same = make([]int32, len(texts))
	first := make(map[uint64]int32, len(texts)) // hash -> the first text of that hash, plus one
	other := make([]int32, len(texts))          // per text: the next first text of its hash, plus one
	var who []int32                             // the texts signed and not the same as another
	var sigs []*signature
	for i := range texts {
		t := texts[i]
		if f := sameText(first[t.hash], other, int32(i), norm); f != 0 {
			same[i] = f
			continue
		}
		other[i], first[t.hash] = first[t.hash], int32(i)+1
		if t.signed {
			who, sigs = append(who, int32(i)), append(sigs, &t.sig)
		}
	}
	for k, cs := range nearCandidates(sigs) {
		if len(cs) > 0 {
			for j := range cs {
				cs[j] = who[cs[j]]
			}
			near = append(near, nearQuote{i: who[k], cands: cs})
		}
	}
	return same, near
}

// sameText returns the text of the chain from f (a number plus one) whose
// normal form is that of text i, plus one; 0 when none is.
func sameText(f int32, other []int32, i int32, norm func(int32) string) int32 {
	mine := ""
	for ; f != 0; f = other[f-1] {
		if mine == "" {
			mine = norm(i)
		}
		if norm(f-1) == mine {
			return f
		}
	}
	return 0
}

// measureQuotes measures each text of near against its candidates on
// their sketches, on every core.
func measureQuotes(texts []*quoteText, near []nearQuote, norm func(int32) string) {
	sketches := map[int32][]uint64{}
	var need []int32 // the texts whose sketches are to be made
	mark := func(j int32) {
		if _, ok := sketches[j]; !ok {
			sketches[j] = texts[j].sketch
			if texts[j].sketch == nil {
				need = append(need, j)
			}
		}
	}
	for _, n := range near {
		mark(n.i)
		for _, j := range n.cands {
			mark(j)
		}
	}
	made := make([][]uint64, len(need))
	parallel.For(len(need), 0, func(k int) {
		buf := shingleBufs.Get().(*[]uint64)
		*buf = shingles(norm(need[k]), (*buf)[:0])
		made[k] = sketch(*buf)
		shingleBufs.Put(buf)
	})
	for k, j := range need {
		sketches[j] = made[k]
	}
	parallel.For(len(near), 0, func(k int) {
		n := &near[k]
		alike := 0.0
		for _, j := range n.cands {
			if sim := similarity(sketches[n.i], sketches[j]); sim >= nearAlike && sim > alike {
				n.best, alike = j+1, sim
			}
		}
		n.pct = int(alike * 100)
	})
}
