package validate

// bandTable is quote-duplicate's MinHash index: per band key, the quotes
// whose signatures have that band, in the order they were added, at most
// bucketCap each. It does what a map[uint64][]int32 would, in one
// allocation of fixed-size slots (open addressing) and one list of members
// instead of a map growing through hundreds of thousands of keys and a
// slice per key.
type bandTable struct {
	slots []bandSlot
	mask  uint64
	quote []int32 // per member: the index of its quote
	next  []int32 // per member: the next member of its bucket; -1 at the end
}

type bandSlot struct {
	key  uint64
	head int32 // first member
	n    int32 // members; 0: the slot is free
}

// newBandTable sizes a table for up to keys band keys.
func newBandTable(keys int) *bandTable {
	size := 16
	for size < 2*keys {
		size <<= 1
	}
	return &bandTable{slots: make([]bandSlot, size), mask: uint64(size - 1)}
}

// bucket returns the slot of key: a free one when the key has no members.
func (t *bandTable) bucket(key uint64) *bandSlot {
	for i := mix(key) & t.mask; ; i = (i + 1) & t.mask {
		if s := &t.slots[i]; s.n == 0 || s.key == key {
			return s
		}
	}
}

// add appends quote q to the bucket s of key, after member last (the last
// member of s; ignored when s is free).
func (t *bandTable) add(s *bandSlot, key uint64, last int32, q int32) {
	m := int32(len(t.quote))
	t.quote = append(t.quote, q)
	t.next = append(t.next, -1)
	if s.n == 0 {
		s.key, s.head = key, m
	} else {
		t.next[last] = m
	}
	s.n++
}

// keySet is a set of band keys, few as a rule, asked about many times: a
// bitmap of the keys' low bits answers most questions without the map.
type keySet struct {
	bits [1024]uint64
	m    map[uint64]struct{}
}

func newKeySet() *keySet { return &keySet{m: map[uint64]struct{}{}} }

func (s *keySet) add(k uint64) {
	s.bits[k>>6&1023] |= 1 << (k & 63)
	s.m[k] = struct{}{}
}

func (s *keySet) has(k uint64) bool {
	if s.bits[k>>6&1023]&(1<<(k&63)) == 0 {
		return false
	}
	_, ok := s.m[k]
	return ok
}

// bandKeys returns the band keys of a signature.
func bandKeys(sig *[bands * rows]uint64) [bands]uint64 {
	var ks [bands]uint64
	for b := range ks {
		ks[b] = bandKey(b, sig[b*rows:(b+1)*rows])
	}
	return ks
}
