package rules

import (
	"sort"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
)

// idIndex finds the IDs of one kind that are closest to a text that names
// none, without comparing the text with every ID: IDs are indexed by their
// character trigrams, the IDs sharing the most trigrams with the text are
// the candidates, and only those are compared by edit distance (Suggest).
// Short IDs, which share few trigrams with their typos, are also indexed by
// length.
type idIndex struct {
	ids   []string
	grams map[string][]int32 // trigram of "^id$" -> indexes into ids
	short map[int][]int32    // length (bytes) -> indexes of IDs of at most shortLen bytes
}

const (
	shortLen = 5
	// postingBudget bounds the posting entries one lookup walks.
	postingBudget = 4096
	// candidates is how many IDs a lookup compares by edit distance.
	candidates = 32
)

func newIDIndex(ids []string) *idIndex {
	ix := &idIndex{ids: ids, grams: map[string][]int32{}, short: map[int][]int32{}}
	for i, id := range ids {
		for _, g := range trigrams(id) {
			p := ix.grams[g]
			if len(p) > 0 && p[len(p)-1] == int32(i) {
				continue // the same trigram twice in one ID
			}
			ix.grams[g] = append(p, int32(i))
		}
		if len(id) <= shortLen {
			ix.short[len(id)] = append(ix.short[len(id)], int32(i))
		}
	}
	return ix
}

// trigrams returns the byte trigrams of "^s$".
func trigrams(s string) []string {
	p := "^" + s + "$"
	out := make([]string, 0, len(p))
	for i := 0; i+3 <= len(p); i++ {
		out = append(out, p[i:i+3])
	}
	return out
}

// nearest returns up to candidates IDs most likely to be what s meant,
// for Suggest to rank. It walks the posting lists of the rarest trigrams
// of s first, and stops after postingBudget entries: rare trigrams say the
// most about which ID is meant, and the budget bounds the cost of a lookup
// whatever the dataset.
func (ix *idIndex) nearest(s string) []string {
	grams := trigrams(s)
	sort.SliceStable(grams, func(a, b int) bool { return len(ix.grams[grams[a]]) < len(ix.grams[grams[b]]) })
	hits := map[int32]int{}
	walked := 0
	for _, g := range grams {
		p := ix.grams[g]
		if walked+len(p) > postingBudget {
			break
		}
		walked += len(p)
		for _, i := range p {
			hits[i]++
		}
	}
	if len(s) <= shortLen+2 {
		// A short text shares few trigrams with what it meant: the few short
		// IDs of about its length always go to Suggest.
		for n := len(s) - 2; n <= len(s)+2; n++ {
			for _, i := range ix.short[n] {
				hits[i] += 1 << 20
			}
		}
	}
	// The candidates best IDs by hits, then by ID: a bounded insertion, so
	// a lookup costs its walked postings times candidates at most.
	type scored struct {
		i int32
		n int
	}
	better := func(a, b scored) bool {
		if a.n != b.n {
			return a.n > b.n
		}
		return ix.ids[a.i] < ix.ids[b.i]
	}
	best := make([]scored, 0, candidates)
	for i, n := range hits {
		c := scored{i, n}
		if len(best) == candidates && !better(c, best[len(best)-1]) {
			continue
		}
		if len(best) < candidates {
			best = append(best, c)
		} else {
			best[len(best)-1] = c
		}
		for k := len(best) - 1; k > 0 && better(best[k], best[k-1]); k-- {
			best[k], best[k-1] = best[k-1], best[k]
		}
	}
	out := make([]string, len(best))
	for k, b := range best {
		out[k] = ix.ids[b.i]
	}
	return out
}

// IDIndex finds the IDs closest to a text that names none, among the IDs
// of one kind (see idIndex). Input.Near lets a caller keep one across
// runs.
type IDIndex struct{ ix *idIndex }

// NewIDIndex indexes ids, given in file order.
func NewIDIndex(ids []string) *IDIndex { return &IDIndex{newIDIndex(ids)} }

// suggester answers did-you-mean questions about IDs, with an index of
// the IDs of each kind built on first use.
type suggester struct {
	ix    *Index
	near  map[string]*idIndex // kind -> index
	known map[string]string   // id and kinds -> answer
}

func newSuggester(ix *Index) *suggester {
	return &suggester{ix: ix, near: map[string]*idIndex{}, known: map[string]string{}}
}

// suggest returns "; did you mean X?" naming the existing ID of one of
// kinds closest to id, or "". Answers are kept: a typo repeated across
// records is looked up once.
func (s *suggester) suggest(id string, kinds []string) string {
	key := id + "\x00" + strings.Join(kinds, ",")
	if a, ok := s.known[key]; ok {
		return a
	}
	var cands []string
	for _, k := range kinds {
		ix := s.near[k]
		if ix == nil && s.ix.Near != nil {
			ix = s.ix.Near(k).ix
			s.near[k] = ix
		}
		if ix == nil {
			var ids []string
			for _, rec := range s.ix.Kind(k) {
				if rec.ID != "" && s.ix.ID(rec.ID) == rec {
					ids = append(ids, rec.ID)
				}
			}
			ix = newIDIndex(ids)
			s.near[k] = ix
		}
		cands = append(cands, ix.nearest(id)...)
	}
	a := diag.Suggestion(id, cands)
	s.known[key] = a
	return a
}
