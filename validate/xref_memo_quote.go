package validate

import (
	"encoding/binary"
	"slices"
	"sync"
)

// quoteSigs is quote-duplicate's part of the cross-record memo: per quote
// text, a digest of its normalized text and its MinHash signature, the
// costly part of the check. When the check runs again after a few quotes
// changed, only their texts are normalized and hashed.
//
// Entries are keyed by a 128-bit digest of the text. The normalized texts
// are compared by digest too, and two quotes found the same that way are
// compared in full before they are reported: if that ever tells them apart
// (two texts whose digests collide), the check runs again without the memo.
type quoteSigs struct {
	old string // the entries read, sorted by key, sigSize bytes each

	mu   sync.Mutex
	ran  bool       // the check ran this time; new holds its entries
	new  []sigEntry // every text the check saw this time
	hits int        // texts found in old this time, for tests
}

// sigEntry is what the memo keeps of one text.
type sigEntry struct {
	text, norm [2]uint64 // digests of the text and of its normalized form
	flags      byte      // sigKnown, sigNear
	sig        [bands * rows]uint64
}

const (
	sigKnown = 1 << iota // sig (and sigNear) were computed
	sigNear              // the text has enough shingles to have a signature
	sigSize  = 16 + 16 + 1 + 8*bands*rows
)

// textKey is the 128-bit digest of a text.
func textKey(s string) [2]uint64 {
	return [2]uint64{xxh64(s, 0x9e3779b97f4a7c15), xxh64(s, 0xc2b2ae3d27d4eb4f)}
}

func (e *sigEntry) append(b []byte) []byte {
	for _, w := range [4]uint64{e.text[0], e.text[1], e.norm[0], e.norm[1]} {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	b = append(b, e.flags)
	for _, w := range e.sig {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	return b
}

func u64(s string, i int) uint64 { return binary.LittleEndian.Uint64([]byte(s[i : i+8])) }

// lookup returns the entry kept for the text with digest k.
func (q *quoteSigs) lookup(k [2]uint64) (sigEntry, bool) {
	n := len(q.old) / sigSize
	if n*sigSize != len(q.old) {
		return sigEntry{}, false // damaged: never used
	}
	lo, hi := 0, n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		a, b := u64(q.old, mid*sigSize), u64(q.old, mid*sigSize+8)
		if a < k[0] || (a == k[0] && b < k[1]) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == n {
		return sigEntry{}, false
	}
	at := lo * sigSize
	if u64(q.old, at) != k[0] || u64(q.old, at+8) != k[1] {
		return sigEntry{}, false
	}
	e := sigEntry{text: k, norm: [2]uint64{u64(q.old, at+16), u64(q.old, at+24)}, flags: q.old[at+32]}
	for j := range e.sig {
		e.sig[j] = u64(q.old, at+33+8*j)
	}
	return e, true
}

// keep records the entries the check saw this time.
func (q *quoteSigs) keep(entries []sigEntry, hits int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ran, q.new, q.hits = true, entries, hits
}

// encode returns the entries of this time, sorted by key, once each.
func (q *quoteSigs) encode() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	slices.SortFunc(q.new, func(a, b sigEntry) int {
		switch {
		case a.text[0] != b.text[0]:
			return cmpU64(a.text[0], b.text[0])
		case a.text[1] != b.text[1]:
			return cmpU64(a.text[1], b.text[1])
		}
		return int(b.flags&sigKnown) - int(a.flags&sigKnown) // an entry with its signature first
	})
	b := make([]byte, 0, len(q.new)*sigSize)
	for i := range q.new {
		if i > 0 && q.new[i].text == q.new[i-1].text {
			continue
		}
		b = q.new[i].append(b)
	}
	return string(b)
}

func cmpU64(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}
