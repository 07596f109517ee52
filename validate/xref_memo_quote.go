package validate

import (
	"encoding/binary"
	"hash/crc32"
	"sync"
	"sync/atomic"
	"unsafe"
)

// quoteSigs is quote-duplicate's part of the cross-record memo: per quote
// record, in file order, a digest of its file and value (which covers
// what the rule reads of it: ID, speaker, text, status), the digests of its text and
// normalized text, its MinHash signature, whether it was the first quote
// of its normalized text, and the finding it was given.
//
// When the check runs again after a few quotes changed, it redoes only
// what a change can affect (quoteDuplicatesSince) and keeps the findings
// of every other quote. When the quotes are not the same number as last
// time, or too many changed, it runs over every quote, taking the
// signatures of the texts it knows from the memo: then only the changed
// texts are normalized and hashed.
//
// Texts are keyed by a 128-bit digest. The normalized texts are compared
// by digest too, and two quotes found the same that way are compared in
// full before they are reported: if that ever tells them apart (two texts
// whose digests collide), the check runs again without the memo.
//
// The entries are a file of their own, cross-sigs.cache, read only when
// the check runs, written when it ran. Each run that writes it writes the
// state of every quote, so the file always describes one run whole.
type quoteSigs struct {
	path  string   // the file of the entries
	key   [32]byte // the memo's key, which the file must hold
	base  []uint64 // per record of the pass (xref.all): the digest of its file and kind
	whole []uint64 // per record of the pass: the digest of its value

	once   sync.Once
	old    string              // the entries read, sigSize bytes each
	cursor int                 // the entry after the last one found
	index  map[[2]uint64]int32 // key -> first entry, built at the first text not found near the cursor

	mu   sync.Mutex
	ran  bool   // the check ran this time; out holds its entries
	out  []byte // the entry of every quote this time, in order
	hits int    // texts (or quotes) whose entry was reused this time, for tests
}

const sigFormat = "dossier-cross-sigs 2\n"

// quoteIncremental counts the runs of quote-duplicate that redid only what
// changed (quoteDuplicatesSince), for tests.
var quoteIncremental atomic.Int64

// sigEntry is what the memo keeps of one quote record.
type sigEntry struct {
	in         uint64    // digest of the quote's file and value (quoteDigests)
	text, norm [2]uint64 // digests of the text and of its normalized form; zero when not a participant
	flags      byte      // sigKnown, sigNear, sigPart, sigFirst
	sig        [bands * rows]uint64
	find       byte  // the finding: findNone, findSame, findNear
	ref        int32 // the quote the finding names, by position among the quotes
	pct        byte  // findNear: how alike, in percent
}

const (
	sigKnown = 1 << iota // sig (and sigNear) were computed
	sigNear              // the text has enough shingles to have a signature
	sigPart              // the quote takes part: it is active and has a text
	sigFirst             // the quote is the first (in file order) of its normalized text
)

const (
	findNone = iota
	findSame
	findNear
)

// Layout of an entry, little-endian: in, text, norm, flags, sig, find,
// ref, pct.
const (
	offIn    = 0
	offText  = 8
	offNorm  = 24
	offFlags = 40
	offSig   = 41
	offFind  = offSig + 8*bands*rows
	offRef   = offFind + 1
	offPct   = offRef + 4
	sigSize  = offPct + 1
)

// textKey is the 128-bit digest of a text.
func textKey(s string) [2]uint64 {
	return [2]uint64{xxh64(s, 0x9e3779b97f4a7c15), xxh64(s, 0xc2b2ae3d27d4eb4f)}
}

// quoteDigests returns, per quote (in the order of x.records("quote")), a
// digest of everything quote-duplicate reads of it, and more: the memo's
// digests of its file (and kind) and of its whole value, which holds its
// ID. nil when the memo did not digest the records.
func quoteDigests(x *xref, q *quoteSigs, quotes []*Record) []uint64 {
	if len(q.whole) != len(x.all) || len(q.base) != len(x.all) || len(quotes) == 0 {
		return nil
	}
	kind := quotes[0].Kind
	out := make([]uint64, 0, len(quotes))
	for i, rec := range x.all {
		if rec.Kind == kind {
			out = append(out, mix(mix(q.base[i])^q.whole[i]))
		}
	}
	if len(out) != len(quotes) {
		return nil
	}
	return out
}

// put writes the entry at the start of b, which holds sigSize bytes.
func (e *sigEntry) put(b []byte) {
	le := binary.LittleEndian
	le.PutUint64(b[offIn:], e.in)
	le.PutUint64(b[offText:], e.text[0])
	le.PutUint64(b[offText+8:], e.text[1])
	le.PutUint64(b[offNorm:], e.norm[0])
	le.PutUint64(b[offNorm+8:], e.norm[1])
	b[offFlags] = e.flags
	for j, w := range e.sig {
		le.PutUint64(b[offSig+8*j:], w)
	}
	b[offFind] = e.find
	le.PutUint32(b[offRef:], uint32(e.ref))
	b[offPct] = e.pct
}

func u64(s string, i int) uint64 { return le64(s[i : i+8]) }

// entryAt decodes the entry of quote i of the file read.
func (q *quoteSigs) entryAt(i int) sigEntry {
	o := i * sigSize
	e := sigEntry{
		in:    u64(q.old, o+offIn),
		text:  [2]uint64{u64(q.old, o+offText), u64(q.old, o+offText+8)},
		norm:  [2]uint64{u64(q.old, o+offNorm), u64(q.old, o+offNorm+8)},
		flags: q.old[o+offFlags],
		find:  q.old[o+offFind],
		ref:   int32(le32(q.old[o+offRef : o+offRef+4])),
		pct:   q.old[o+offPct],
	}
	for j := range e.sig {
		e.sig[j] = u64(q.old, o+offSig+8*j)
	}
	return e
}

// read reads the entries file once; a foreign or damaged file gives none.
func (q *quoteSigs) read() {
	q.once.Do(func() {
		b, err := readCacheFile(q.path)
		head := sigFormat + string(q.key[:])
		if err != nil || len(b) < len(head)+4 || string(b[:len(head)]) != head {
			return
		}
		body := b[len(head)+4:]
		if binary.LittleEndian.Uint32(b[len(head):]) != crc32.ChecksumIEEE(body) || len(body)%sigSize != 0 {
			return
		}
		// The bytes are never written again: share them, as the load cache does.
		q.old = unsafe.String(unsafe.SliceData(body), len(body))
	})
}

func (q *quoteSigs) keyAt(i int) [2]uint64 {
	return [2]uint64{u64(q.old, i*sigSize+offText), u64(q.old, i*sigSize+offText+8)}
}

// lookup returns the normalized digest and signature kept for the text
// with digest k (text, norm, and the flags sigKnown and sigNear).
func (q *quoteSigs) lookup(k [2]uint64) (sigEntry, bool) {
	q.read()
	n := len(q.old) / sigSize
	at := -1
	for i := q.cursor; i < q.cursor+4 && i < n; i++ {
		if q.keyAt(i) == k {
			at = i
			break
		}
	}
	if at < 0 && n > 0 {
		if q.index == nil {
			q.index = make(map[[2]uint64]int32, n)
			for i := n - 1; i >= 0; i-- {
				if q.old[i*sigSize+offFlags]&sigPart != 0 {
					q.index[q.keyAt(i)] = int32(i)
				}
			}
		}
		if i, ok := q.index[k]; ok {
			at = int(i)
		}
	}
	if at < 0 || q.old[at*sigSize+offFlags]&sigPart == 0 {
		return sigEntry{}, false
	}
	q.cursor = at + 1
	e := q.entryAt(at)
	return sigEntry{text: e.text, norm: e.norm, flags: e.flags & (sigKnown | sigNear), sig: e.sig}, true
}

// keep records the entries of every quote this time, encoded in order.
func (q *quoteSigs) keep(out []byte, hits int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ran, q.out, q.hits = true, out, hits
}

// save writes the entries of this time, when the check ran.
func (q *quoteSigs) save() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.ran {
		return nil
	}
	sum := binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(q.out))
	return writeAtomic(q.path, sigFormat, string(q.key[:]), string(sum), unsafe.String(unsafe.SliceData(q.out), len(q.out)))
}

const (
	maxSince    = 256  // changed quotes beyond which quote-duplicate runs over all quotes
	maxAffected = 8192 // quotes to redo beyond which it runs over all quotes
)

// sign computes the signature of a normalized text into e; buf is scratch.
func (e *sigEntry) sign(norm string, buf []uint64) []uint64 {
	buf = shingles(norm, buf[:0])
	e.flags |= sigKnown
	if len(buf) >= minShingles {
		e.flags |= sigNear
		e.sig = minhash(buf)
	}
	return buf
}

// isNear reports whether a quote with these flags is in the MinHash index:
// it takes part, is the first of its normalized text, and has a signature.
func isNear(flags byte) bool {
	const all = sigPart | sigFirst | sigNear
	return flags&all == all
}

// quoteDuplicatesSince reports the duplicate quotes as quoteDuplicates
// does, the same findings in the same order, by redoing only the quotes
// whose finding a change since the last run can have changed; it returns
// false (the caller drops what it reported) when it cannot tell (no entries of the
// last run, a different number of quotes, too many changes), and the
// check runs over every quote.
//
// What the full check finds for a quote p depends on: p's own text,
// speaker, status, ID and file (all in what quoteDigests digests); when p takes part, the first quote that takes part
// with p's normalized text (its position, ID and speaker); when p is that
// first one and has a signature, for each band key of p the first
// bucketCap quotes in the index with that key (the index holds the first
// quote of each normalized text that has a signature), those of them
// before p, with their signatures, texts and IDs. Positions are compared,
// never used as such, so with the same number of quotes at the same places
// the order is the same. So with D the changed quotes, N the normalized
// texts of D before and after, S = D plus every quote that takes part
// with a text of N (only they can start or stop being first of their text,
// so only they can enter or leave the index) and K the band keys of S
// before and after (when in the index), every quote that is not in S and
// has no key in K finds what it found last time: the findings of other
// quotes do not enter into it. Those quotes are redone, looking into the
// buckets of their keys, rebuilt from every quote's kept signature.
func quoteDuplicatesSince(x *xref, q *quoteSigs) bool {
	quotes := x.records("quote")
	n := len(quotes)
	q.read()
	ins := quoteDigests(x, q, quotes)
	if n == 0 || len(q.old) != n*sigSize || ins == nil {
		return false
	}
	over := make([]int32, n) // over[i] == k+1: ov[k] is quote i's entry now
	var ov []sigEntry
	var ovPos []int32
	setOver := func(i int, e sigEntry) int {
		ov = append(ov, e)
		ovPos = append(ovPos, int32(i))
		over[i] = int32(len(ov))
		return len(ov) - 1
	}
	var buf []uint64
	changed := 0
	for i, in := range ins {
		if in == u64(q.old, i*sigSize+offIn) {
			continue
		}
		if changed++; changed > maxSince {
			return false
		}
		rec := quotes[i]
		t := text(rec.Value, "text")
		live := t != "" && active(rec)
		e := sigEntry{in: in}
		if live {
			norm := normalizeQuote(t)
			e.text, e.norm, e.flags = textKey(t), textKey(norm), sigPart
			buf = e.sign(norm, buf)
		}
		setOver(i, e)
	}
	oldFlags := func(i int) byte { return q.old[i*sigSize+offFlags] }
	flagsAt := func(i int) byte {
		if k := over[i]; k > 0 {
			return ov[k-1].flags
		}
		return oldFlags(i)
	}
	oldNorm := func(i int) [2]uint64 {
		return [2]uint64{u64(q.old, i*sigSize+offNorm), u64(q.old, i*sigSize+offNorm+8)}
	}
	normAt := func(i int) [2]uint64 {
		if k := over[i]; k > 0 {
			return ov[k-1].norm
		}
		return oldNorm(i)
	}
	oldSig := func(i int) *[bands * rows]uint64 {
		var sig [bands * rows]uint64
		for j := range sig {
			sig[j] = u64(q.old, i*sigSize+offSig+8*j)
		}
		return &sig
	}
	sigAt := func(i int) *[bands * rows]uint64 {
		if k := over[i]; k > 0 {
			return &ov[k-1].sig
		}
		return oldSig(i)
	}

	// N, and the quotes that take part with a text of N, in file order.
	norms := map[[2]uint64][]int32{}
	for k, i := range ovPos {
		if oldFlags(int(i))&sigPart != 0 {
			norms[oldNorm(int(i))] = nil
		}
		if ov[k].flags&sigPart != 0 {
			norms[ov[k].norm] = nil
		}
	}
	if len(norms) > 0 {
		for i := 0; i < n; i++ {
			if flagsAt(i)&sigPart == 0 {
				continue
			}
			if l, ok := norms[normAt(i)]; ok {
				norms[normAt(i)] = append(l, int32(i))
			}
		}
	}
	// S: which of them is first now.
	for _, l := range norms {
		for j, i := range l {
			k := over[i] - 1
			if k < 0 {
				k = int32(setOver(int(i), q.entryAt(int(i))))
			}
			if len(ov) > maxAffected {
				return false
			}
			e := &ov[k]
			if j > 0 {
				e.flags &^= sigFirst
				continue
			}
			e.flags |= sigFirst
			if e.flags&sigKnown == 0 {
				buf = e.sign(normalizeQuote(text(quotes[i].Value, "text")), buf)
			}
		}
	}
	// K, and every quote in the index with its keys; affected: the quotes
	// to redo.
	touched := newKeySet()
	for k, i := range ovPos {
		if isNear(oldFlags(int(i))) {
			for _, key := range bandKeys(oldSig(int(i))) {
				touched.add(key)
			}
		}
		if isNear(ov[k].flags) {
			for _, key := range bandKeys(&ov[k].sig) {
				touched.add(key)
			}
		}
	}
	affected := make([]bool, n)
	for _, i := range ovPos {
		affected[i] = true
	}
	type indexed struct {
		pos  int32
		keys [bands]uint64
	}
	var index []indexed
	for i := 0; i < n; i++ {
		if !isNear(flagsAt(i)) {
			continue
		}
		ks := bandKeys(sigAt(i))
		index = append(index, indexed{int32(i), ks})
		for _, key := range ks {
			if touched.has(key) {
				affected[i] = true
				break
			}
		}
	}
	// The buckets the affected quotes look into: the first bucketCap
	// quotes of the index with each of their keys.
	wanted := newKeySet()
	redo := 0
	for _, e := range index {
		if affected[e.pos] {
			redo++
			for _, key := range e.keys {
				wanted.add(key)
			}
		}
	}
	if redo > maxAffected {
		return false
	}
	buckets := map[uint64][]int32{}
	for _, e := range index {
		for _, key := range e.keys {
			if wanted.has(key) {
				if l := buckets[key]; len(l) < bucketCap {
					buckets[key] = append(l, e.pos)
				}
			}
		}
	}
	// Redo the affected quotes.
	var seen []int32
	for i := 0; i < n; i++ {
		if !affected[i] {
			continue
		}
		k := over[i] - 1
		if k < 0 {
			k = int32(setOver(i, q.entryAt(i)))
		}
		e := &ov[k]
		e.find, e.ref, e.pct = findNone, 0, 0
		if e.flags&sigPart == 0 {
			continue
		}
		if e.flags&sigFirst == 0 {
			l := norms[e.norm]
			if len(l) == 0 || l[0] >= int32(i) {
				return false // cannot be: its text is in N
			}
			if normalizeQuote(text(quotes[i].Value, "text")) != normalizeQuote(text(quotes[l[0]].Value, "text")) {
				return false // digests collide
			}
			e.find, e.ref = findSame, l[0]
			continue
		}
		if e.flags&sigNear == 0 {
			continue
		}
		var cands []candidate
		seen = seen[:0]
		for _, key := range bandKeys(&e.sig) {
		members:
			for _, m := range buckets[key] {
				if m >= int32(i) {
					break
				}
				for _, s := range seen {
					if s == m {
						continue members
					}
				}
				seen = append(seen, m)
				if c, ok := compareSigs(&e.sig, sigAt(int(m)), m); ok {
					cands = append(cands, c)
				}
			}
		}
		cands = likeliest(cands)
		if len(cands) == 0 {
			continue
		}
		mine := shingleSet(shingles(normalizeQuote(text(quotes[i].Value, "text")), nil))
		best, bestSim := int32(-1), 0.0
		for _, c := range cands {
			other := shingleSet(shingles(normalizeQuote(text(quotes[c.i].Value, "text")), nil))
			if sim := jaccard(mine, other); sim >= nearAlike && sim > bestSim {
				best, bestSim = c.i, sim
			}
		}
		if best >= 0 {
			e.find, e.ref, e.pct = findNear, best, byte(int(bestSim*100))
		}
	}
	// Report, in file order, the findings redone and the kept ones.
	for i, rec := range quotes {
		var find, pct byte
		var ref int32
		if k := over[i]; k > 0 {
			find, ref, pct = ov[k-1].find, ov[k-1].ref, ov[k-1].pct
		} else if o := i * sigSize; q.old[o+offFind] != findNone {
			find, ref, pct = q.old[o+offFind], int32(le32(q.old[o+offRef:o+offRef+4])), q.old[o+offPct]
		}
		if find == findNone {
			continue
		}
		if find > findNear || ref < 0 || int(ref) >= n {
			return false
		}
		reportQuoteDuplicate(x, rec, find, quotes[ref], int(pct))
	}
	if len(ov) == 0 {
		q.mu.Lock()
		q.hits = n
		q.mu.Unlock()
		return true
	}
	out := make([]byte, len(q.old))
	copy(out, q.old)
	for k, i := range ovPos {
		ov[k].put(out[int(i)*sigSize:])
	}
	q.keep(out, n-changed)
	return true
}
