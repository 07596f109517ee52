package rules

import (
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Near-duplicate texts. A text is cut into shingles (hashes of its
// five-character windows, letters, digits and single spaces only); two
// texts are near-duplicates when the Jaccard similarity of their shingle
// sets is at least nearAlike. A MinHash signature (32 minimums) of each
// text, split into 8 bands of 4, finds the candidates in linear time: texts
// that share all rows of a band. The likeliest candidates are measured on
// their sketches: the whole shingle set of a text, or its 1,024 smallest
// shingles when it has more, the bottom-k sample that estimates the
// similarity of long texts without holding them whole.

const (
	shingleLen  = 5
	minShingles = 8
	bands       = 8
	rows        = 4
	bucketCap   = 16   // texts kept per band bucket, so that a crowded bucket costs a constant
	verifyMax   = 4    // candidates per text measured on their sketches, likeliest first
	sketchSize  = 1024 // shingles a sketch keeps
	nearAlike   = 0.80 // similarity that makes a near-duplicate
)

// nearCandidates returns, for each signature in order, the earlier ones
// worth measuring against it, the likeliest first and at most verifyMax:
// those that share all rows of a band with it and enough minimums. Of the
// signatures that share a band's key, only the first bucketCap are
// compared with later ones, so that a crowded band costs a constant a
// signature. The bands are read one at a time, through a table small
// enough to stay in the processor's cache.
func nearCandidates(sigs []*signature) [][]int32 {
	n := len(sigs)
	// heads: per signature and band, the last earlier signature kept of its
	// key, plus one; links: per band and signature kept, the one kept before
	// it of its key, plus one.
	heads := make([][bands]int32, n)
	var links [bands][]int32
	table := newBucketTable(n)
	for b := range bands {
		links[b] = make([]int32, n)
		clear(table.slots)
		for i, s := range sigs {
			key := bandKey(b, s[b*rows:(b+1)*rows])
			slot := table.slot(key)
			heads[i][b] = slot.last
			if slot.n < bucketCap {
				links[b][i] = slot.last
				*slot = bucketSlot{key: key, last: int32(i) + 1, n: slot.n + 1}
			}
		}
	}
	out := make([][]int32, n)
	seen := make([]int32, n) // per signature: the last one compared with it, plus one
	var cands []candidate
	for me := range n {
		cands = cands[:0]
		for b, p := range heads[me] {
			for ; p != 0; p = links[b][p-1] {
				i := p - 1
				if seen[i] != int32(me)+1 {
					seen[i] = int32(me) + 1
					if c, ok := compareSigs(sigs[me], sigs[i], i); ok {
						cands = append(cands, c)
					}
				}
			}
		}
		for _, c := range likeliest(cands) {
			out[me] = append(out[me], c.i)
		}
	}
	return out
}

// bucketTable maps a band's keys to the signatures of each, by open
// addressing, at most half full.
type bucketTable struct {
	slots []bucketSlot
	mask  uint64
}

// bucketSlot is a key, the last signature kept of it (plus one) and how
// many are kept; an empty slot has n == 0.
type bucketSlot struct {
	key     uint64
	last, n int32
}

func newBucketTable(n int) bucketTable {
	size := 1
	for size < 2*n {
		size *= 2
	}
	return bucketTable{slots: make([]bucketSlot, size), mask: uint64(size - 1)}
}

// slot returns the slot of key: its own, or the empty one it would take.
func (t *bucketTable) slot(key uint64) *bucketSlot {
	i := key & t.mask
	for t.slots[i].n != 0 && t.slots[i].key != key {
		i = (i + 1) & t.mask
	}
	return &t.slots[i]
}

// candidate is an earlier text at position i whose signature has equal
// minimums in equal places with the text added.
type candidate struct {
	i     int32
	equal int
}

// compareSigs counts the equal minimums of two signatures; a candidate
// when they are enough to be worth measuring.
func compareSigs(sig, other *signature, i int32) (candidate, bool) {
	equal := 0
	for k, v := range sig {
		if v == other[k] {
			equal++
		}
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
	return cands[:min(len(cands), verifyMax)]
}

// ASCII classes of normalizeQuote and shingles, read from one table so
// that most text is handled a byte at a time.
const (
	asciiOther uint8 = iota // punctuation: kept in the text, not in shingles
	asciiWord               // letters and digits
	asciiSpace              // collapsed to one space
	asciiMark               // quotation marks: dropped
)

var asciiClass = func() (t [0x80]uint8) {
	for c := range t {
		r := rune(c)
		switch {
		case isQuoteMark(r):
			t[c] = asciiMark
		case r == ' ' || '\t' <= r && r <= '\r':
			t[c] = asciiSpace
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
			t[c] = asciiWord
		}
	}
	return t
}()

// normalizeQuote folds case, drops quotation marks, collapses spaces and
// composes characters (NFC).
func normalizeQuote(s string) string {
	return string(appendNormalized(make([]byte, 0, len(s)), s))
}

// appendNormalized appends the normalized text of s to b. Text other than
// ASCII is put in Unicode normal form C last, so that the same words typed
// with precomposed letters (ë) or with a letter and a combining mark
// (e and U+0308) compare equal; ASCII text is already in that form.
func appendNormalized(b []byte, s string) []byte {
	start := len(b)
	space, ascii := false, true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		class := asciiOther
		if r < 0x80 {
			class = asciiClass[r]
		} else {
			ascii = false
			r, size = utf8.DecodeRuneInString(s[i:])
			switch {
			case isQuoteMark(r):
				class = asciiMark
			case unicode.IsSpace(r):
				class = asciiSpace
			}
		}
		i += size
		switch class {
		case asciiMark:
			continue
		case asciiSpace:
			space = true
			continue
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	if !ascii && !norm.NFC.IsNormal(b[start:]) {
		composed := norm.NFC.Bytes(b[start:])
		b = append(b[:start], composed...)
	}
	return b
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
	for range shingleLen - 1 {
		drop *= base
	}
	var window [shingleLen]rune
	var h uint64
	n := 0
	last := ' '
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if r < 0x80 {
			if asciiClass[r] != asciiWord && (r != ' ' || last == ' ') {
				i++
				continue
			}
		} else {
			r, size = utf8.DecodeRuneInString(norm[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += size
				continue
			}
		}
		i += size
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

// sketch returns the sorted set of the sketchSize smallest distinct
// shingles of sh. It keeps at most 4*sketchSize of them at a time: when
// that many are kept, the sketchSize smallest stay and the largest of
// those becomes the cut, so most later shingles are passed over at one
// comparison.
func sketch(sh []uint64) []uint64 {
	s := make([]uint64, 0, min(len(sh), 4*sketchSize))
	smallest := func() {
		slices.Sort(s)
		s = slices.Compact(s)
		s = s[:min(len(s), sketchSize)]
	}
	cut, full := uint64(0), false
	for _, h := range sh {
		if full && h >= cut {
			continue
		}
		if len(s) == cap(s) {
			smallest()
			if full = len(s) == sketchSize; full {
				cut = s[len(s)-1]
				if h >= cut {
					continue
				}
			}
		}
		s = append(s, h)
	}
	smallest()
	return s[:len(s):len(s)]
}

// similarity estimates the Jaccard similarity of two texts from their
// sketches: exact when both hold their whole sets, else the share of the
// smallest sketchSize shingles of the union that both texts have.
func similarity(a, b []uint64) float64 {
	both, union := 0, 0
	full := len(a) < sketchSize && len(b) < sketchSize
	for i, j := 0, 0; (i < len(a) || j < len(b)) && (full || union < sketchSize); union++ {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			i++
		case i == len(a) || b[j] < a[i]:
			j++
		default:
			both++
			i++
			j++
		}
	}
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}

// signature is a MinHash signature: the low 32 bits of each minimum, as
// many as two texts need to tell equal minimums apart (two unequal ones
// agree once in 2^32), at half the memory.
type signature = [bands * rows]uint32

// minhash returns the signature of a shingle set by one-permutation
// hashing: the hashes are split into bands*rows bins by their top bits and
// each bin keeps its minimum, in one pass. An empty bin takes the minimum
// of the next bin that has one, mixed with its own index, so that two
// similar short texts still agree bin by bin.
func minhash(sh []uint64) signature {
	full := minhash64(sh)
	var sig signature
	for i, v := range full {
		sig[i] = uint32(v)
	}
	return sig
}

// minhash64 returns the full minimums of the bins.
func minhash64(sh []uint64) [bands * rows]uint64 {
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

func bandKey(b int, part []uint32) uint64 {
	k := uint64(b) + 1
	for _, v := range part {
		k = mix(k ^ uint64(v))
	}
	return k
}
