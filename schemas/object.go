package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Object is a JSON object that keeps its keys in document order, which
// JSON Schema does not preserve but release columns and docs need.
type Object struct {
	Keys   []string
	Values map[string]any // values: *Object, []any, string, json.Number, bool, nil
}

// Get returns the value of key, or nil.
func (o *Object) Get(key string) any {
	if o == nil {
		return nil
	}
	return o.Values[key]
}

// Pointer resolves a JSON pointer fragment ("/$defs/id") from o; nil when it
// does not resolve.
func (o *Object) Pointer(ptr string) any {
	var cur any = o
	if ptr == "" {
		return cur
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case *Object:
			cur = c.Values[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

// ParseObject parses a JSON document whose top level is an object, keeping
// key order. Duplicate keys are an error.
func ParseObject(b []byte) (*Object, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("trailing data after the top-level object")
	}
	o, ok := v.(*Object)
	if !ok {
		return nil, fmt.Errorf("top level is not an object")
	}
	return o, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &Object{Values: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key := kt.(string)
				if _, dup := o.Values[key]; dup {
					return nil, fmt.Errorf("duplicate key %q", key)
				}
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				o.Keys = append(o.Keys, key)
				o.Values[key] = v
			}
			_, err := dec.Token()
			return o, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil
	}
}
