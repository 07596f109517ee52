package validate

import (
	"encoding/binary"
	"hash/crc32"
	"sync"
	"unsafe"
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
//
// The entries are a file of their own, cross-sigs.cache, read only when
// the check runs, in the order the check last saw the texts: a run finds
// most texts where the last one left them, next to the one before.
type quoteSigs struct {
	path string   // the file of the entries
	key  [32]byte // the memo's key, which the file must hold

	once   sync.Once
	old    string              // the entries read, sigSize bytes each
	cursor int                 // the entry after the last one found
	index  map[[2]uint64]int32 // key -> first entry, built at the first text not found near the cursor

	mu   sync.Mutex
	ran  bool   // the check ran this time; out holds its entries
	out  []byte // every text the check saw this time, encoded, in order
	hits int    // texts found in old this time, for tests
}

const sigFormat = "dossier-cross-sigs 1\n"

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

func u64(s string, i int) uint64 { return le64(s[i : i+8]) }

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
	return [2]uint64{u64(q.old, i*sigSize), u64(q.old, i*sigSize+8)}
}

// lookup returns the entry kept for the text with digest k.
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
				q.index[q.keyAt(i)] = int32(i)
			}
		}
		if i, ok := q.index[k]; ok {
			at = int(i)
		}
	}
	if at < 0 {
		return sigEntry{}, false
	}
	q.cursor = at + 1
	o := at * sigSize
	e := sigEntry{text: k, norm: [2]uint64{u64(q.old, o+16), u64(q.old, o+24)}, flags: q.old[o+32]}
	for j := range e.sig {
		e.sig[j] = u64(q.old, o+33+8*j)
	}
	return e, true
}

// keep records the entries the check saw this time, encoded in order.
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
