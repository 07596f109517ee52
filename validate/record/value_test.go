package record

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// valueCases are JSON values of every type and shape the loader makes.
func valueCases(t *testing.T) []any {
	t.Helper()
	var out []any
	for _, src := range []string{
		`null`, `true`, `false`, `""`, `"é ✓"`, `0`, `-12.5e3`, `[]`, `{}`, `[[],{}]`,
		`{"id":"a","status":"active","n":3,"b":false,"z":null,"l":["x",{"k":[1,2,{"deep":"y"}]}]}`,
		`{"":"empty key","~/":"escapes","b":1,"a":2,"aa":3,"ab":4}`,
		`{"text":"` + strings.Repeat("long words ", 2000) + `"}`,
		`{"id":"q","sources":[{"source":"obc","locator":"para. 8"}],"date":"2023-06-20?","value":15,"low":-1.5e-3}`,
	} {
		d := json.NewDecoder(strings.NewReader(src))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(src, err)
		}
		out = append(out, v)
	}
	return out
}

func TestValueRoundTrip(t *testing.T) {
	for _, want := range valueCases(t) {
		v := EncodeValue(want)
		if got := v.Any(); !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, want)
		}
		if _, err := DecodeValue(v.Encoded(), 100); err != nil {
			t.Fatalf("DecodeValue rejects an encoding of %v: %v", want, err)
		}
		if EncodeValue(v.Any()).Encoded() != v.Encoded() {
			t.Fatalf("encoding of %v is not deterministic", want)
		}
		checkAccessors(t, v, want)
	}
}

// checkAccessors holds every accessor of v to the decoded value want.
func checkAccessors(t *testing.T, v Value, want any) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		if v.Kind() != KindNull {
			t.Fatalf("kind %v, want null", v.Kind())
		}
	case bool:
		if b, ok := v.Bool(); !ok || b != w || v.Kind() != KindBool {
			t.Fatalf("Bool() = %v, %v; want %v", b, ok, w)
		}
	case string:
		if s, ok := v.Str(); !ok || s != w || v.Text() != w || v.Kind() != KindString {
			t.Fatalf("Str() = %q, %v; want %q", s, ok, w)
		}
		if _, ok := v.Num(); ok {
			t.Fatal("a string reads as a number")
		}
	case json.Number:
		if n, ok := v.Num(); !ok || n != w || v.Kind() != KindNumber {
			t.Fatalf("Num() = %q, %v; want %q", n, ok, w)
		}
		if v.Text() != "" {
			t.Fatal("a number reads as text")
		}
	case []any:
		if v.Kind() != KindList || v.Len() != len(w) {
			t.Fatalf("list: kind %v len %d, want %d", v.Kind(), v.Len(), len(w))
		}
		n := 0
		for i, it := range v.Items() {
			if i != n {
				t.Fatalf("item index %d, want %d", i, n)
			}
			checkAccessors(t, it, w[i])
			n++
		}
		if n != len(w) {
			t.Fatalf("Items yielded %d, want %d", n, len(w))
		}
		if v.Get("x").Exists() || v.IsMap() {
			t.Fatal("a list reads as a map")
		}
	case map[string]any:
		if !v.IsMap() || v.Len() != len(w) {
			t.Fatalf("map: kind %v len %d, want %d", v.Kind(), v.Len(), len(w))
		}
		prev, n := "", 0
		for k, fv := range v.Fields() {
			if n > 0 && k <= prev {
				t.Fatalf("keys out of order: %q after %q", k, prev)
			}
			prev = k
			checkAccessors(t, fv, w[k])
			n++
		}
		for k, wv := range w {
			g := v.Get(k)
			if !g.Exists() {
				t.Fatalf("Get(%q) missing", k)
			}
			checkAccessors(t, g, wv)
			if v.Get(k+"\x00").Exists() || v.Get("\x00"+k).Exists() {
				t.Fatalf("Get finds a key that is not there, near %q", k)
			}
		}
		if len(w) == 0 && v.Get("").Exists() {
			t.Fatal("Get on an empty map finds a field")
		}
		for range v.Items() {
			t.Fatal("a map yields list items")
		}
	}
}

// Truncated or damaged encodings are refused by DecodeValue, never a
// panic; whatever it accepts reads without panicking.
func TestDecodeValueDamaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range valueCases(t) {
		s := EncodeValue(c).Encoded()
		for i := 0; i < len(s); i++ {
			if _, err := DecodeValue(s[:i], 100); err == nil {
				t.Fatalf("a truncated encoding (%d of %d bytes) of %v is accepted", i, len(s), c)
			}
		}
		if _, err := DecodeValue(s+"\x01", 100); err == nil {
			t.Fatal("trailing bytes are accepted")
		}
		for k := 0; k < 200 && len(s) > 0; k++ {
			b := []byte(s)
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
			if v, err := DecodeValue(string(b), 100); err == nil {
				_ = v.Any() // must not panic
				_ = v.Get("id")
			}
		}
	}
	nested := EncodeValue([]any{[]any{[]any{[]any{"x"}}}}).Encoded()
	if _, err := DecodeValue(nested, 2); err == nil {
		t.Fatal("depth over the limit is accepted")
	}
	if _, err := DecodeValue(nested, 5); err != nil {
		t.Fatal("depth within the limit is refused")
	}
	e := EncodeValue(map[string]any{"a": nil, "b": nil}).Encoded()
	swapped := strings.Replace(strings.Replace(strings.Replace(e, "\x01a", "\x01X", 1), "\x01b", "\x01a", 1), "\x01X", "\x01b", 1)
	if _, err := DecodeValue(swapped, 10); err == nil {
		t.Fatal("keys out of order are accepted")
	}
}
