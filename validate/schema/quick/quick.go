// Package quick is the fast path of schema checking: a second, much
// cheaper reading of a kind's JSON Schema, compiled from the same documents
// for the keywords record schemas use. It answers one question: does a
// record certainly pass? Only then may package schema skip the full
// validator; a record that fails, or that the quick schema is Unsure of,
// goes through the full validator, which gives the findings. So the quick
// schema makes a run faster but never changes its findings; the
// differential test beside this file holds the two validators to the same
// Verdict on valid and broken records alike.
package quick

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/schemas"
)

// Verdict is the quick schema's answer.
type Verdict uint8

const (
	Pass   Verdict = iota // the record certainly passes
	Fail                  // the record certainly fails
	Unsure                // only the full validator can tell
)

// Schema is the quick schema of one kind.
type Schema struct {
	types       []string // JSON types allowed; nil: any
	enum        []string // string values allowed; nil: any
	hasEnum     bool
	required    []string
	props       map[string]*Schema
	closed      bool // additionalProperties: false
	items       *Schema
	minItems    int // -1: none
	maxItems    int
	unique      bool
	minLength   int // -1: none
	maxLength   int
	pattern     *regexp.Regexp
	format      func(any) bool
	min, max    *big.Rat
	xmin, xmax  *big.Rat  // exclusive bounds
	all         []*Schema // $ref targets, each must pass too
	cond, thenQ *Schema   // if / then
	elseQ       *Schema
}

// errUnsupported marks a schema the quick reader does not know; its kind
// always goes through the full validator.
var errUnsupported = fmt.Errorf("keyword not supported by the quick schema")

type quickCompiler struct {
	set     *schemas.Set
	formats map[string]func(any) bool
	done    map[*schemas.Object]*Schema
	depth   int
}

// Compile compiles the quick schema of every kind it can, by kind name;
// kinds it cannot are left out. formats are the format checks by name.
func Compile(set *schemas.Set, formats map[string]func(any) bool) map[string]*Schema {
	out := map[string]*Schema{}
	for _, k := range set.Kinds {
		c := &quickCompiler{set: set, formats: formats, done: map[*schemas.Object]*Schema{}}
		q, err := c.compile(k.File, set.Doc(k.File))
		if err == nil {
			out[k.Name] = q
		}
	}
	return out
}

func (c *quickCompiler) compile(file string, o *schemas.Object) (*Schema, error) {
	if o == nil {
		return nil, errUnsupported
	}
	if q, ok := c.done[o]; ok {
		return q, nil
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 40 {
		return nil, errUnsupported
	}
	q := &Schema{minItems: -1, maxItems: -1, minLength: -1, maxLength: -1}
	c.done[o] = q
	for _, key := range o.Keys {
		v := o.Values[key]
		var err error
		switch key {
		case "$schema", "$id", "title", "description", "$defs", "$comment", "examples", "default", "x-kind", "x-table", "x-ref":
			// annotations; x-ref is checked across records, not here
		case "type":
			switch t := v.(type) {
			case string:
				q.types = []string{t}
			case []any:
				for _, x := range t {
					s, ok := x.(string)
					if !ok {
						return nil, errUnsupported
					}
					q.types = append(q.types, s)
				}
			default:
				return nil, errUnsupported
			}
		case "enum", "const":
			vals, ok := v.([]any)
			if key == "const" {
				vals, ok = []any{v}, true
			}
			if !ok {
				return nil, errUnsupported
			}
			if q.hasEnum {
				return nil, errUnsupported // enum and const together
			}
			q.hasEnum = true
			for _, x := range vals {
				s, ok := x.(string)
				if !ok {
					return nil, errUnsupported
				}
				q.enum = append(q.enum, s)
			}
		case "required":
			l, ok := v.([]any)
			if !ok {
				return nil, errUnsupported
			}
			for _, x := range l {
				s, ok := x.(string)
				if !ok {
					return nil, errUnsupported
				}
				q.required = append(q.required, s)
			}
		case "properties":
			po, ok := v.(*schemas.Object)
			if !ok {
				return nil, errUnsupported
			}
			q.props = map[string]*Schema{}
			for _, name := range po.Keys {
				so, ok := po.Values[name].(*schemas.Object)
				if !ok {
					return nil, errUnsupported
				}
				if q.props[name], err = c.compile(file, so); err != nil {
					return nil, err
				}
			}
		case "additionalProperties":
			if b, ok := v.(bool); !ok || b {
				return nil, errUnsupported
			}
			q.closed = true
		case "items":
			so, ok := v.(*schemas.Object)
			if !ok {
				return nil, errUnsupported
			}
			if q.items, err = c.compile(file, so); err != nil {
				return nil, err
			}
		case "minItems", "maxItems", "minLength", "maxLength":
			n, ok := count(v)
			if !ok {
				return nil, errUnsupported
			}
			switch key {
			case "minItems":
				q.minItems = n
			case "maxItems":
				q.maxItems = n
			case "minLength":
				q.minLength = n
			case "maxLength":
				q.maxLength = n
			}
		case "uniqueItems":
			b, ok := v.(bool)
			if !ok {
				return nil, errUnsupported
			}
			q.unique = b
		case "pattern":
			s, ok := v.(string)
			if !ok {
				return nil, errUnsupported
			}
			if q.pattern, err = regexp.Compile(s); err != nil {
				return nil, errUnsupported
			}
		case "format":
			s, ok := v.(string)
			f := c.formats[s]
			if !ok || f == nil {
				return nil, errUnsupported
			}
			q.format = f
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
			r, ok := rat(v)
			if !ok {
				return nil, errUnsupported
			}
			switch key {
			case "minimum":
				q.min = r
			case "maximum":
				q.max = r
			case "exclusiveMinimum":
				q.xmin = r
			case "exclusiveMaximum":
				q.xmax = r
			}
		case "$ref":
			s, ok := v.(string)
			if !ok {
				return nil, errUnsupported
			}
			tfile, target, err := c.resolve(file, s)
			if err != nil {
				return nil, err
			}
			t, err := c.compile(tfile, target)
			if err != nil {
				return nil, err
			}
			q.all = append(q.all, t)
		case "if", "then", "else":
			so, ok := v.(*schemas.Object)
			if !ok {
				return nil, errUnsupported
			}
			t, err := c.compile(file, so)
			if err != nil {
				return nil, err
			}
			switch key {
			case "if":
				q.cond = t
			case "then":
				q.thenQ = t
			case "else":
				q.elseQ = t
			}
		default:
			return nil, errUnsupported
		}
	}
	return q, nil
}

// resolve finds the schema object a $ref names, within the set only.
func (c *quickCompiler) resolve(file, ref string) (string, *schemas.Object, error) {
	target, frag, _ := strings.Cut(ref, "#")
	if target == "" {
		target = file
	} else {
		target = strings.TrimPrefix(target, schemas.BaseURL)
	}
	o, ok := c.set.Doc(target).Pointer(frag).(*schemas.Object)
	if !ok {
		return "", nil, errUnsupported
	}
	return target, o, nil
}

func count(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > 1<<31 {
		return 0, false
	}
	return int(i), true
}

func rat(v any) (*big.Rat, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(string(n))
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return ""
}

// eval says whether v certainly passes, certainly fails, or is beyond the
// quick schema.
// Eval gives the verdict on a record's JSON value.
func (q *Schema) Eval(v any) Verdict {
	t := jsonTypeOf(v)
	if t == "" {
		return Unsure
	}
	if q.types != nil {
		ok := false
		for _, want := range q.types {
			if want == t {
				ok = true
				break
			}
			if want == "integer" && t == "number" {
				return Unsure
			}
		}
		if !ok {
			return Fail
		}
	}
	if q.hasEnum {
		s, ok := v.(string)
		if !ok {
			return Fail
		}
		found := false
		for _, e := range q.enum {
			if e == s {
				found = true
				break
			}
		}
		if !found {
			return Fail
		}
	}
	switch x := v.(type) {
	case string:
		if q.minLength >= 0 || q.maxLength >= 0 {
			n := utf8.RuneCountInString(x)
			if q.minLength >= 0 && n < q.minLength || q.maxLength >= 0 && n > q.maxLength {
				return Fail
			}
		}
		if q.pattern != nil && !q.pattern.MatchString(x) {
			return Fail
		}
	case json.Number:
		if q.min != nil || q.max != nil || q.xmin != nil || q.xmax != nil {
			r, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return Unsure
			}
			if q.min != nil && r.Cmp(q.min) < 0 || q.max != nil && r.Cmp(q.max) > 0 ||
				q.xmin != nil && r.Cmp(q.xmin) <= 0 || q.xmax != nil && r.Cmp(q.xmax) >= 0 {
				return Fail
			}
		}
	case []any:
		if q.minItems >= 0 && len(x) < q.minItems || q.maxItems >= 0 && len(x) > q.maxItems {
			return Fail
		}
		if q.unique && len(x) > 1 {
			seen := make(map[string]bool, len(x))
			for _, it := range x {
				s, ok := it.(string)
				if !ok {
					return Unsure
				}
				if seen[s] {
					return Fail
				}
				seen[s] = true
			}
		}
		if q.items != nil {
			for _, it := range x {
				if r := q.items.Eval(it); r != Pass {
					return r
				}
			}
		}
	case map[string]any:
		for _, r := range q.required {
			if _, ok := x[r]; !ok {
				return Fail
			}
		}
		for k, val := range x {
			p := q.props[k]
			if p == nil {
				if q.closed {
					return Fail
				}
				continue
			}
			if r := p.Eval(val); r != Pass {
				return r
			}
		}
	}
	if q.format != nil && !q.format(v) {
		return Fail
	}
	for _, s := range q.all {
		if r := s.Eval(v); r != Pass {
			return r
		}
	}
	if q.cond != nil {
		switch q.cond.Eval(v) {
		case Pass:
			if q.thenQ != nil {
				return q.thenQ.Eval(v)
			}
		case Fail:
			if q.elseQ != nil {
				return q.elseQ.Eval(v)
			}
		default:
			return Unsure
		}
	}
	return Pass
}
