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
