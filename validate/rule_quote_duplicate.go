package validate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
)

var ruleQuoteDuplicate = register(&Rule{
	ID: "quote-duplicate", Severity: Error,
	Summary: "two quotes have the same or nearly the same text",
	Explain: "One statement is one quote record, citing every source that prints it. Two active quotes whose texts are the same once case, " +
		"spacing and quotation marks are ignored are an error: merge them into one record with both citations. " +
		"Texts that are nearly the same (at least 80% of their five-letter shingles shared) are a warning: often one source's wording " +
		"of the same statement, sometimes a repeated statement that deserves its own record (then silence the finding with a reason). " +
		"Near-duplicates are found through a MinHash index, so the check stays linear in the number of quotes.",
	Bad:  "# quotes/a.yaml\ntext: \"Was not caused by any action by the police\"\n# quotes/b.yaml\ntext: was not caused by any action by the police",
	Good: "# quotes/a.yaml\ntext: was not caused by any action by the police\nsources:\n  - source: obc-article\n    locator: para. 8\n  - source: euronews-interview\n    locator: 02:15",
})

func init() {
	crossCheck(ruleQuoteDuplicate, reads{Fields: map[string][]string{"quote": {"text", "speaker"}}}, checkQuoteDuplicate)
}

const (
	shingleLen  = 5
	minShingles = 8
	bands       = 8
	rows        = 4
	bucketCap   = 16   // quotes kept per bucket, so a crowded bucket costs a constant
	verifyMax   = 4    // candidates per quote measured exactly, likeliest first
	nearAlike   = 0.80 // Jaccard similarity of shingle sets that makes a near-duplicate
)

func checkQuoteDuplicate(x *xref) {
	if x.sigs != nil {
		n := len(x.diags)
		if quoteDuplicatesSince(x, x.sigs) {
			quoteIncremental.Add(1)
			return
		}
		x.diags, x.at = x.diags[:n], x.at[:n]
		if quoteDuplicates(x, x.sigs) {
			return
		}
		// Two texts told apart only in full: their digests collide. Drop what
		// was found and look again without the memo.
		x.diags, x.at = x.diags[:n], x.at[:n]
	}
	quoteDuplicates(x, nil)
}

// quoteDuplicates reports the duplicate quotes; with memo, it takes the
// normalized texts' digests and signatures kept there, computes the rest,
// and keeps the entry of every quote for the next run. It returns false
// when two texts whose normalized digests are equal differ (then it
// reported some findings, to be dropped).
func quoteDuplicates(x *xref, memo *quoteSigs) bool {
	type nearQuote struct {
		pos int32 // among quotes
		sig [bands * rows]uint64
	}
	quotes := x.records("quote")
	var exact map[string]int32       // without memo: normalized text -> first quote
	var exactSum map[[2]uint64]int32 // with memo: its digest -> first quote
	var kept []byte                  // with memo: the entry of every quote, encoded
	var ins []uint64                 // with memo: quoteDigests, when known
	if memo != nil {
		ins = quoteDigests(x, memo, quotes)
		exactSum = make(map[[2]uint64]int32, len(quotes))
		kept = make([]byte, len(quotes)*sigSize)
	} else {
		exact = make(map[string]int32, len(quotes))
	}
	near := make([]nearQuote, 0, len(quotes))
	seenBy := make([]int32, len(quotes)) // per entry of near: see me below
	var buf []uint64
	hits := 0
	buckets := newBandTable(bands * len(quotes)) // band key -> indexes into near
	for pos, q := range quotes {
		t := text(q.Value, "text")
		live := t != "" && active(q)
		if !live {
			if ins != nil {
				e := sigEntry{in: ins[pos]}
				e.put(kept[pos*sigSize:])
			}
			continue
		}
		var e sigEntry
		norm, normed := "", false
		if memo != nil {
			k := textKey(t)
			var ok bool
			if e, ok = memo.lookup(k); ok {
				hits++
			} else {
				norm, normed = normalizeQuote(t), true
				e = sigEntry{text: k, norm: textKey(norm)}
			}
			if ins != nil {
				e.in = ins[pos]
			}
			e.flags |= sigPart
		} else {
			norm, normed = normalizeQuote(t), true
		}
		var first int32
		var dup bool
		if memo != nil {
			if first, dup = exactSum[e.norm]; dup && normalizeQuote(t) != normalizeQuote(text(quotes[first].Value, "text")) {
				return false
			}
		} else {
			first, dup = exact[norm]
		}
		if dup {
			if memo != nil {
				e.find, e.ref = findSame, first
				e.put(kept[pos*sigSize:])
			}
			reportQuoteDuplicate(x, q, findSame, quotes[first], 0)
			continue
		}
		if memo != nil {
			exactSum[e.norm] = int32(pos)
		} else {
			exact[norm] = int32(pos)
		}
		e.flags |= sigFirst
		shingled := false // buf holds this text's shingles
		if e.flags&sigKnown == 0 {
			if !normed {
				norm, normed = normalizeQuote(t), true
			}
			buf, shingled = shingles(norm, buf[:0]), true
			e.flags |= sigKnown
			if len(buf) >= minShingles {
				e.flags |= sigNear
				e.sig = minhash(buf)
			}
		}
		if e.flags&sigNear == 0 {
			if memo != nil {
				e.put(kept[pos*sigSize:])
			}
			continue
		}
		sig := &e.sig
		// Candidates share all rows of at least one band; the share of equal
		// minimums estimates their similarity, and only the likeliest few
		// are measured exactly.
		var cands []candidate
		me := int32(len(near)) // seenBy[i] == me+1: near[i] was compared with this quote already
		for b := 0; b < bands; b++ {
			key := bandKey(b, sig[b*rows:(b+1)*rows])
			bucket := buckets.bucket(key)
			last := int32(-1)
		members:
			for m := bucket.head; bucket.n > 0 && m >= 0; m = buckets.next[m] {
				last = m
				i := buckets.quote[m]
				if seenBy[i] == me+1 {
					continue members
				}
				seenBy[i] = me + 1
				if c, ok := compareSigs(sig, &near[i].sig, i); ok {
					cands = append(cands, c)
				}
			}
			if bucket.n < bucketCap {
				buckets.add(bucket, key, last, int32(len(near)))
			}
		}
		cands = likeliest(cands)
		best := int32(-1)
		bestSim := 0.0
		if len(cands) > 0 {
			if !shingled {
				if !normed {
					norm = normalizeQuote(t)
				}
				buf = shingles(norm, buf[:0])
			}
			mine := shingleSet(slices.Clone(buf))
			for _, c := range cands {
				p := near[c.i].pos
				other := shingleSet(shingles(normalizeQuote(text(quotes[p].Value, "text")), nil))
				if sim := jaccard(mine, other); sim >= nearAlike && sim > bestSim {
					best, bestSim = p, sim
				}
			}
		}
		near = append(near, nearQuote{pos: int32(pos), sig: *sig})
		if best >= 0 {
			e.find, e.ref, e.pct = findNear, best, byte(int(bestSim*100))
			reportQuoteDuplicate(x, q, findNear, quotes[best], int(bestSim*100))
		}
		if memo != nil {
			e.put(kept[pos*sigSize:])
		}
	}
	if memo != nil {
		memo.keep(kept, hits)
	}
	return true
}

// candidate is a quote a text may nearly duplicate: i orders candidates
// as their quotes are ordered in the files (an index into the quotes that
// have signatures, or a position among all quotes), equal is how many
// minimums of the two signatures are equal.
type candidate struct {
	i     int32
	equal int
}

// compareSigs counts the equal minimums of two signatures; a candidate
// when they are enough to be worth measuring.
func compareSigs(sig, other *[bands * rows]uint64, i int32) (candidate, bool) {
	equal := 0
	for k, v := range sig {
		d := v ^ other[k]
		equal += 1 - int((d|-d)>>63) // 1 when d == 0, without a branch
	}
	return candidate{i, equal}, float64(equal)/float64(len(sig)) >= nearAlike-0.2
}

// likeliest sorts candidates likeliest first (then in file order) and
// keeps the first verifyMax.
func likeliest(cands []candidate) []candidate {
	sort.Slice(cands, func(a, b int) bool {
		if cands[a].equal != cands[b].equal {
			return cands[a].equal > cands[b].equal
		}
		return cands[a].i < cands[b].i
	})
	if len(cands) > verifyMax {
		cands = cands[:verifyMax]
	}
	return cands
}

// reportQuoteDuplicate reports quote q: its text is the same as that of
// quote other once normalized (findSame), or pct% alike (findNear).
func reportQuoteDuplicate(x *xref, q *Record, find byte, other *Record, pct int) {
	if find == findSame {
		also := ""
		if s, fs := text(q.Value, "speaker"), text(other.Value, "speaker"); s != fs {
			also = fmt.Sprintf("; there it is attributed to %q", fs)
		}
		x.add(ruleQuoteDuplicate, ruleQuoteDuplicate.Severity, q, "/text", false,
			"merge the two into one quote record that cites both sources",
			"text is the same as that of quote %q (at %s) once case, spaces and quotation marks are ignored%s", other.ID, x.where(other, "/text"), also)
		return
	}
	x.add(ruleQuoteDuplicate, Warning, q, "/text", false,
		"if both report one statement, merge them into one quote record that cites both sources",
		"text is nearly the same as that of quote %q (at %s): %d%% alike", other.ID, x.where(other, "/text"), pct)
}

// normalizeQuote folds case, drops quotation marks and collapses spaces.
func normalizeQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isQuoteMark(r) {
			continue
		}
		if r < 0x80 {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
				space = true
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else if unicode.IsSpace(r) {
			space = true
			continue
		} else {
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '\'', '`', '´', '“', '”', '„', '‟', '«', '»', '‹', '›', '‘', '’', '‚', '‛', '″', '′', '「', '」', '『', '』':
		return true
	}
	return false
}

// shingles appends to out the hashes of the shingleLen-rune windows of a
// normalized text with punctuation removed, in text order, repeats kept.
func shingles(norm string, out []uint64) []uint64 {
	// A polynomial rolling hash over the window: one step per rune.
	const base = 1099511628211
	drop := uint64(1) // base^(shingleLen-1), mod 2^64
	for i := 1; i < shingleLen; i++ {
		drop *= base
	}
	var window [shingleLen]rune
	var h uint64
	n := 0
	last := ' '
	for _, r := range norm {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == ' ' && last != ' ':
		default:
			continue
		}
		last = r
		slot := n % shingleLen
		if n >= shingleLen {
			h -= uint64(window[slot]) * drop
		}
		h = h*base + uint64(r)
		window[slot] = r
		if n++; n >= shingleLen {
			out = append(out, mix(h))
		}
	}
	return out
}

// shingleSet sorts shingle hashes and drops repeats, for jaccard.
func shingleSet(sh []uint64) []uint64 {
	slices.Sort(sh)
	return slices.Compact(sh)
}

// minhash returns the signature of a shingle set by one-permutation
// hashing: the hashes are split into bands*rows bins by their top bits and
// each bin keeps its minimum, in one pass. An empty bin takes the minimum
// of the next bin that has one, mixed with its own index, so that two
// similar short texts still agree bin by bin.
func minhash(sh []uint64) [bands * rows]uint64 {
	const bins = bands * rows
	const shift = 64 - 5      // log2(bins)
	var _ [bins - 32]struct{} // the shift assumes 32 bins
	var _ [32 - bins]struct{}
	var sig [bins]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, h := range sh {
		if b := h >> shift; h < sig[b] {
			sig[b] = h
		}
	}
	filled := sig
	for i := range sig {
		if filled[i] != ^uint64(0) {
			continue
		}
		for j := 1; j < bins; j++ {
			if v := filled[(i+j)%bins]; v != ^uint64(0) {
				sig[i] = mix(v + uint64(i))
				break
			}
		}
	}
	return sig
}

// mix is the splitmix64 finalizer.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func bandKey(b int, part []uint64) uint64 {
	k := uint64(b) + 1
	for _, v := range part {
		k = mix(k ^ v)
	}
	return k
}

// jaccard is |a∩b| / |a∪b| of two sorted shingle sets.
func jaccard(a, b []uint64) float64 {
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}
