package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"sort"
)

// Equal reports whether two JSON values are the same: numbers compare by
// value whatever their Go type (json.Number "1.0" equals float64 1),
// objects by their members, arrays element by element.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		if y, ok := b.(json.Number); ok && x == y {
			return true // the common case, without parsing
		}
	case string, nil, bool, map[string]any, []any:
	default:
		if ra, ok := number(a); ok {
			rb, ok := number(b)
			return ok && ra.Cmp(rb) == 0
		}
	}
	if ra, ok := a.(json.Number); ok {
		r, ok := number(ra)
		rb, okb := number(b)
		return ok && okb && r.Cmp(rb) == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// number returns the exact value of a JSON number of any Go numeric type.
func number(v any) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		s = fmt.Sprint(x)
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, false
	}
	return r, true
}

// compact renders a JSON value on one line with sorted object keys, for
// text and Markdown output.
func compact(v any) string {
	var b []byte
	b = appendCompact(b, v)
	return string(b)
}

func appendCompact(b []byte, v any) []byte {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSON(b, k)
			b = append(b, ": "...)
			b = appendCompact(b, x[k])
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendCompact(b, e)
		}
		return append(b, ']')
	}
	return appendJSON(b, v)
}

func appendJSON(b []byte, v any) []byte {
	if r, ok := number(v); ok {
		if r.IsInt() {
			return append(b, r.Num().String()...)
		}
		if n, ok := v.(json.Number); ok {
			return append(b, n...)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return append(b, fmt.Sprintf("%v", v)...)
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
