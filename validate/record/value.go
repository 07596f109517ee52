package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sync"
)

// Value is a record's JSON value in compact form: one string holding an
// encoding of the whole tree, read in place. A loaded dataset keeps every
// record, and a map[string]any costs about four times the bytes of the
// record it holds (map groups, boxed strings, one allocation per value); a
// Value costs about the bytes of its text and is one allocation. Values are
// read-only. The zero Value is missing: Get on an absent key returns it.
//
// Encoding (bytes): a tag, then
//
//	null, false, true  nothing
//	string, number     uvarint length, the UTF-8 text (a number as written)
//	list               uvarint body length, uvarint count, the items
//	map                uvarint body length, uvarint count, then per field
//	                   uvarint key length, key, value; keys in byte order
//
// Containers give their body length so that a reader skips a value in one
// step: Get on a map of n fields reads n keys and no values but the one it
// returns.
type Value struct{ s string }

// ValueKind is the JSON type of a Value.
type ValueKind uint8

const (
	KindMissing ValueKind = iota // the zero Value: no value at all
	KindNull
	KindBool
	KindString
	KindNumber
	KindList
	KindMap
)

const (
	vNull byte = iota + 1
	vFalse
	vTrue
	vString
	vNumber
	vList
	vMap
)

// EncodeValue makes the compact form of a JSON value as the loader builds
// it: map[string]any, []any, string, json.Number, bool or nil. Any other
// type is kept as its text (the loader makes none).
func EncodeValue(v any) Value {
	b := builders.Get().(*Builder)
	b.Reset()
	encode(b, v)
	out := b.Value()
	b.Reset()
	builders.Put(b)
	return out
}

// builders hold the buffers values are encoded in, before the encoding is
// copied out at its size: one allocation a value instead of one per
// doubling of its buffer.
var builders = sync.Pool{New: func() any { return new(Builder) }}

func encode(b *Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.Null()
	case bool:
		b.Bool(x)
	case string:
		b.String(x)
	case json.Number:
		b.Number(string(x))
	case []any:
		b.OpenList()
		for _, it := range x {
			encode(b, it)
		}
		b.Close()
	case map[string]any:
		b.OpenMap()
		for k, fv := range x {
			b.Key(k)
			encode(b, fv)
		}
		b.Close() // a map has no key twice
	default:
		b.String(fmt.Sprint(x))
	}
}

func appendUvarint(b []byte, x uint64) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

// uvarint reads an unsigned varint at s[i:]; n is 0 when s ends first or
// the number overflows.
func uvarint(s string, i int) (x uint64, n int) {
	var shift uint
	for j := i; j < len(s); j++ {
		c := s[j]
		if shift > 63 {
			return 0, 0
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, j - i + 1
		}
		shift += 7
	}
	return 0, 0
}

// Kind returns the JSON type of v.
func (v Value) Kind() ValueKind {
	if v.s == "" {
		return KindMissing
	}
	switch v.s[0] {
	case vNull:
		return KindNull
	case vFalse, vTrue:
		return KindBool
	case vString:
		return KindString
	case vNumber:
		return KindNumber
	case vList:
		return KindList
	case vMap:
		return KindMap
	}
	return KindMissing
}

// IsMap reports whether v is a mapping.
func (v Value) IsMap() bool { return v.s != "" && v.s[0] == vMap }

// Exists reports whether v is a value (null included), not Missing.
func (v Value) Exists() bool { return v.s != "" }

// Text returns the text of a string value; "" for any other.
func (v Value) Text() string {
	s, _ := v.Str()
	return s
}

// Str returns the text of a string value and whether v is one.
func (v Value) Str() (string, bool) {
	if v.s == "" || v.s[0] != vString {
		return "", false
	}
	n, k := uvarint(v.s, 1)
	return v.s[1+k : 1+k+int(n)], true
}

// Num returns a number as written and whether v is one.
func (v Value) Num() (json.Number, bool) {
	if v.s == "" || v.s[0] != vNumber {
		return "", false
	}
	n, k := uvarint(v.s, 1)
	return json.Number(v.s[1+k : 1+k+int(n)]), true
}

// Bool returns a boolean and whether v is one.
func (v Value) Bool() (b, ok bool) {
	if v.s == "" || (v.s[0] != vTrue && v.s[0] != vFalse) {
		return false, false
	}
	return v.s[0] == vTrue, true
}

// body returns the count and the body after the count of a container.
func (v Value) body() (count int, body string) {
	l, k := uvarint(v.s, 1)
	b := v.s[1+k : 1+k+int(l)]
	c, k := uvarint(b, 0)
	return int(c), b[k:]
}

// Len returns the number of items of a list or fields of a map; 0 for
// any other value.
func (v Value) Len() int {
	if v.s == "" || (v.s[0] != vList && v.s[0] != vMap) {
		return 0
	}
	n, _ := v.body()
	return n
}

// next splits the first encoded value off s.
func next(s string) (Value, string) {
	switch s[0] {
	case vNull, vFalse, vTrue:
		return Value{s[:1]}, s[1:]
	}
	n, k := uvarint(s, 1)
	end := 1 + k + int(n)
	return Value{s[:end]}, s[end:]
}

// Items yields the index and value of each item of a list; nothing for
// any other value.
func (v Value) Items() iter.Seq2[int, Value] {
	return func(yield func(int, Value) bool) {
		if v.s == "" || v.s[0] != vList {
			return
		}
		n, b := v.body()
		for i := 0; i < n; i++ {
			var it Value
			it, b = next(b)
			if !yield(i, it) {
				return
			}
		}
	}
}

// Fields yields the key and value of each field of a map, keys in byte
// order; nothing for any other value.
func (v Value) Fields() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		if v.s == "" || v.s[0] != vMap {
			return
		}
		n, b := v.body()
		for i := 0; i < n; i++ {
			kl, k := uvarint(b, 0)
			key := b[k : k+int(kl)]
			var fv Value
			fv, b = next(b[k+int(kl):])
			if !yield(key, fv) {
				return
			}
		}
	}
}

// Get returns the field key of a map; Missing when v is not a map or has
// no such field.
func (v Value) Get(key string) Value {
	if v.s == "" || v.s[0] != vMap {
		return Value{}
	}
	n, b := v.body()
	for i := 0; i < n; i++ {
		kl, k := uvarint(b, 0)
		name := b[k : k+int(kl)]
		b = b[k+int(kl):]
		if name == key {
			fv, _ := next(b)
			return fv
		}
		if name > key {
			return Value{} // keys are sorted
		}
		_, b = next(b)
	}
	return Value{}
}

// Any decodes v into a fresh JSON value as the loader builds them
// (map[string]any, []any, string, json.Number, bool or nil).
func (v Value) Any() any {
	switch v.Kind() {
	case KindString:
		return v.Text()
	case KindNumber:
		n, _ := v.Num()
		return n
	case KindBool:
		b, _ := v.Bool()
		return b
	case KindList:
		l := make([]any, 0, v.Len())
		for _, it := range v.Items() {
			l = append(l, it.Any())
		}
		return l
	case KindMap:
		return v.Map()
	}
	return nil
}

// Map decodes a map value into a fresh map; nil when v is not a map.
func (v Value) Map() map[string]any {
	if !v.IsMap() {
		return nil
	}
	m := make(map[string]any, v.Len())
	for k, fv := range v.Fields() {
		m[k] = fv.Any()
	}
	return m
}

// Encoded returns the encoding, for storing (see DecodeValue).
func (v Value) Encoded() string { return v.s }

// String renders v as JSON, for messages and tests.
func (v Value) String() string {
	if v.s == "" {
		return "<missing>"
	}
	b, err := json.Marshal(v.Any())
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(b)
}

var errBadValue = errors.New("malformed value encoding")

// DecodeValue checks that s is exactly one well-formed encoding (as
// Encoded returns) and returns it as a Value; the accessors may then read
// it without bounds checks failing. Depth is bounded by maxDepth.
func DecodeValue(s string, maxDepth int) (Value, error) {
	rest, err := checkValue(s, maxDepth)
	if err != nil || rest != "" {
		return Value{}, errBadValue
	}
	return Value{s}, nil
}

// checkValue checks the first value of s and returns what follows it.
func checkValue(s string, depth int) (string, error) {
	if s == "" || depth < 0 {
		return "", errBadValue
	}
	switch s[0] {
	case vNull, vFalse, vTrue:
		return s[1:], nil
	case vString, vNumber:
		n, k := uvarint(s, 1)
		if k == 0 || n > uint64(len(s)-1-k) {
			return "", errBadValue
		}
		return s[1+k+int(n):], nil
	case vList, vMap:
		l, k := uvarint(s, 1)
		if k == 0 || l > uint64(len(s)-1-k) {
			return "", errBadValue
		}
		body := s[1+k : 1+k+int(l)]
		rest := s[1+k+int(l):]
		c, k := uvarint(body, 0)
		if k == 0 || c > uint64(len(body)) {
			return "", errBadValue
		}
		b := body[k:]
		prev, first := "", true
		for i := uint64(0); i < c; i++ {
			if s[0] == vMap {
				kl, kk := uvarint(b, 0)
				if kk == 0 || kl > uint64(len(b)-kk) {
					return "", errBadValue
				}
				key := b[kk : kk+int(kl)]
				if !first && key <= prev {
					return "", errBadValue // keys sorted and unique: Get relies on it
				}
				prev, first = key, false
				b = b[kk+int(kl):]
			}
			var err error
			if b, err = checkValue(b, depth-1); err != nil {
				return "", err
			}
		}
		if b != "" {
			return "", errBadValue
		}
		return rest, nil
	}
	return "", errBadValue
}

func appendStr(b []byte, s string) []byte {
	return append(appendUvarint(b, uint64(len(s))), s...)
}
