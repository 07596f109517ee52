package record

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestBuilderOrder builds maps whose fields come in file order, not key
// order, and holds each to the encoding of the same value made from Go
// maps: keys sorted at every depth, lengths and counts of every width.
func TestBuilderOrder(t *testing.T) {
	var b Builder
	for _, n := range []int{0, 1, 2, 5, 127, 128, 300} {
		b.Reset()
		want := map[string]any{}
		b.OpenMap()
		for i := n - 1; i >= 0; i-- { // reverse order
			k := fmt.Sprintf("k%03d", i)
			b.Key(k)
			if i%3 == 0 {
				b.OpenMap()
				b.Key("z")
				b.Number(fmt.Sprint(i))
				b.Key("a")
				b.OpenList()
				b.String(k)
				b.Null()
				b.Bool(i%2 == 0)
				if !b.Close() {
					t.Fatal("list refused")
				}
				if !b.Close() {
					t.Fatal("inner map refused")
				}
				want[k] = map[string]any{"z": json.Number(fmt.Sprint(i)), "a": []any{k, nil, i%2 == 0}}
			} else {
				b.StringBytes([]byte(k + "-text"))
				want[k] = k + "-text"
			}
		}
		if !b.Close() {
			t.Fatalf("%d fields: map refused", n)
		}
		got := b.Value()
		if got.Encoded() != EncodeValue(want).Encoded() {
			t.Errorf("%d fields: encoding differs from EncodeValue's", n)
		}
		if _, err := DecodeValue(got.Encoded(), 10); err != nil {
			t.Errorf("%d fields: %v", n, err)
		}
	}
}

// TestBuilderDuplicateKey refuses a map with one key twice, in and out of
// order.
func TestBuilderDuplicateKey(t *testing.T) {
	for _, keys := range [][]string{{"a", "a"}, {"b", "a", "b"}, {"c", "b", "a", "c"}} {
		var b Builder
		b.OpenMap()
		for _, k := range keys {
			b.Key(k)
			b.Null()
		}
		if b.Close() {
			t.Errorf("keys %q: accepted", keys)
		}
	}
}
