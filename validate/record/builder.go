package record

import (
	"slices"
	"strings"
)

// Builder writes one Value in its compact form, value by value: readers
// that meet a record's fields in file order build its Value directly,
// without making its map[string]any first. A map's fields may come in
// any order; Close puts them in key order. A Builder is reused after
// Reset.
type Builder struct {
	b      []byte
	open   []frame
	fields []field // of the maps open, innermost last
	tmp    []byte  // a map's fields put in order
}

type frame struct {
	at   int // where the container's tag is
	n    int // its items or fields so far
	base int // its first field in fields
}

type field struct {
	key        string
	start, end int // the field's bytes, from its key's length on
}

// room is what Open leaves after a tag: the body length and the count,
// each up to 2^35, written by Close in the fewest bytes.
const room = 10

// Reset empties b for a new Value; buffers a big value grew are let go.
func (b *Builder) Reset() {
	if cap(b.b) > 64<<10 || cap(b.tmp) > 64<<10 {
		b.b, b.tmp = nil, nil
	}
	b.b, b.open = b.b[:0], b.open[:0]
	clear(b.fields)
	b.fields = b.fields[:0]
}

func (b *Builder) item() {
	if len(b.open) > 0 {
		b.open[len(b.open)-1].n++
	}
}

// Null, Bool, String and Number write a scalar; a number is its text
// as JSON writes it.
func (b *Builder) Null() { b.item(); b.b = append(b.b, vNull) }

func (b *Builder) Bool(x bool) {
	b.item()
	if x {
		b.b = append(b.b, vTrue)
	} else {
		b.b = append(b.b, vFalse)
	}
}

func (b *Builder) String(s string) { b.item(); b.b = appendStr(append(b.b, vString), s) }

// StringBytes writes the text s as String does.
func (b *Builder) StringBytes(s []byte) {
	b.item()
	b.b = append(appendUvarint(append(b.b, vString), uint64(len(s))), s...)
}

func (b *Builder) Number(s string) { b.item(); b.b = appendStr(append(b.b, vNumber), s) }

// OpenList and OpenMap start a container; the values written until its
// Close are its items, or, in a map, each after its Key.
func (b *Builder) OpenList() { b.openTag(vList) }
func (b *Builder) OpenMap()  { b.openTag(vMap) }

func (b *Builder) openTag(tag byte) {
	b.item()
	b.open = append(b.open, frame{at: len(b.b), base: len(b.fields)})
	b.b = append(b.b, tag, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}

// Key starts a field of the innermost open map: the value written next
// is its value. The key is kept until the map is closed.
func (b *Builder) Key(k string) {
	b.fields = append(b.fields, field{key: k, start: len(b.b)})
	b.b = appendStr(b.b, k)
}

// Close ends the innermost open container. It returns false when a map
// has one key twice; the Value built is then not to be used.
func (b *Builder) Close() bool {
	f := b.open[len(b.open)-1]
	b.open = b.open[:len(b.open)-1]
	body := b.b[f.at+1+room:]
	if b.b[f.at] == vMap {
		fs := b.fields[f.base:]
		sorted := true
		for i := 1; i < len(fs); i++ {
			if fs[i].key <= fs[i-1].key {
				sorted = false
				break
			}
		}
		if !sorted && !b.order(fs, body) {
			return false
		}
		clear(fs)
		b.fields = b.fields[:f.base]
	}
	var hdr [room]byte
	h := appendUvarint(hdr[:0], uint64(uvarintLen(uint64(f.n))+len(body)))
	h = appendUvarint(h, uint64(f.n))
	copy(b.b[f.at+1:], h)
	copy(b.b[f.at+1+len(h):], body)
	b.b = b.b[:f.at+1+len(h)+len(body)]
	return true
}

// order puts the fields fs of a map, written from the start of body on,
// in key order; false when two have the same key.
func (b *Builder) order(fs []field, body []byte) bool {
	for i := range fs {
		fs[i].end = len(b.b)
		if i+1 < len(fs) {
			fs[i].end = fs[i+1].start
		}
	}
	slices.SortFunc(fs, func(x, y field) int { return strings.Compare(x.key, y.key) })
	for i := 1; i < len(fs); i++ {
		if fs[i].key == fs[i-1].key {
			return false
		}
	}
	b.tmp = b.tmp[:0]
	for _, f := range fs {
		b.tmp = append(b.tmp, b.b[f.start:f.end]...)
	}
	copy(body, b.tmp)
	return true
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// Value returns the Value built, copied out of b, once every container
// is closed.
func (b *Builder) Value() Value { return Value{string(b.b)} }
