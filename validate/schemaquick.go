package validate

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/schemas"
)

// A quick schema is a second, much cheaper reading of a kind's JSON Schema,
// compiled from the same documents for the keywords record schemas use.
// It answers one question: does a record certainly pass? Only then is the
// full validator skipped; a record that fails, or that the quick schema is
// unsure of, goes through the full validator, which gives the findings. So
// the quick schema can make a run faster but never change its findings; a
// test holds the two validators to the same verdict on valid and broken
// records alike.

type verdict uint8

const (
	pass verdict = iota
	fail
	unsure
)

type quickSchema struct {
	types       []string // JSON types allowed; nil: any
	enum        []string // string values allowed; nil: any
	hasEnum     bool
	required    []string
	props       map[string]*quickSchema
	closed      bool // additionalProperties: false
	items       *quickSchema
	minItems    int // -1: none
	maxItems    int
	unique      bool
	minLength   int // -1: none
	maxLength   int
	pattern     *regexp.Regexp
	format      func(any) bool
	min, max    *big.Rat
	xmin, xmax  *big.Rat       // exclusive bounds
	all         []*quickSchema // $ref targets and allOf items, each must pass too
	cond, thenQ *quickSchema   // if / then
	elseQ       *quickSchema
}

// errUnsupported marks a schema the quick reader does not know; its kind
// always goes through the full validator.
var errUnsupported = fmt.Errorf("keyword not supported by the quick schema")

type quickCompiler struct {
	set     *schemas.Set
	formats map[string]func(any) bool
	done    map[*schemas.Object]*quickSchema
	depth   int
}

// compileQuick compiles the quick schema of every kind it can; kinds it
// cannot are left out.
func compileQuick(set *schemas.Set, formats map[string]func(any) bool) map[string]*quickSchema {
	out := map[string]*quickSchema{}
	for _, k := range set.Kinds {
		c := &quickCompiler{set: set, formats: formats, done: map[*schemas.Object]*quickSchema{}}
		q, err := c.compile(k.File, set.Doc(k.File))
		if err == nil {
			out[k.Name] = q
		}
	}
	return out
}

func (c *quickCompiler) compile(file string, o *schemas.Object) (*quickSchema, error) {
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
	q := &quickSchema{minItems: -1, maxItems: -1, minLength: -1, maxLength: -1}
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
			q.props = map[string]*quickSchema{}
			for _, name := range po.Keys {
				if b, ok := po.Values[name].(bool); ok { // true: anything; false: nothing
					q.props[name] = &quickSchema{minItems: -1, maxItems: -1, minLength: -1, maxLength: -1}
					if !b {
						q.props[name].types = []string{}
					}
					continue
				}
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
		case "allOf":
			l, ok := v.([]any)
			if !ok {
				return nil, errUnsupported
			}
			for _, x := range l {
				so, ok := x.(*schemas.Object)
				if !ok {
					return nil, errUnsupported
				}
				t, err := c.compile(file, so)
				if err != nil {
					return nil, err
				}
				q.all = append(q.all, t)
			}
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
func (q *quickSchema) eval(v any) verdict {
	t := jsonTypeOf(v)
	if t == "" {
		return unsure
	}
	if q.types != nil {
		ok := false
		for _, want := range q.types {
			if want == t {
				ok = true
				break
			}
			if want == "integer" && t == "number" {
				return unsure
			}
		}
		if !ok {
			return fail
		}
	}
	if q.hasEnum {
		s, ok := v.(string)
		if !ok {
			return fail
		}
		found := false
		for _, e := range q.enum {
			if e == s {
				found = true
				break
			}
		}
		if !found {
			return fail
		}
	}
	switch x := v.(type) {
	case string:
		if q.minLength >= 0 || q.maxLength >= 0 {
			n := utf8.RuneCountInString(x)
			if q.minLength >= 0 && n < q.minLength || q.maxLength >= 0 && n > q.maxLength {
				return fail
			}
		}
		if q.pattern != nil && !q.pattern.MatchString(x) {
			return fail
		}
	case json.Number:
		if q.min != nil || q.max != nil || q.xmin != nil || q.xmax != nil {
			r, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return unsure
			}
			if q.min != nil && r.Cmp(q.min) < 0 || q.max != nil && r.Cmp(q.max) > 0 ||
				q.xmin != nil && r.Cmp(q.xmin) <= 0 || q.xmax != nil && r.Cmp(q.xmax) >= 0 {
				return fail
			}
		}
	case []any:
		if q.minItems >= 0 && len(x) < q.minItems || q.maxItems >= 0 && len(x) > q.maxItems {
			return fail
		}
		if q.unique && len(x) > 1 {
			seen := make(map[string]bool, len(x))
			for _, it := range x {
				s, ok := it.(string)
				if !ok {
					return unsure
				}
				if seen[s] {
					return fail
				}
				seen[s] = true
			}
		}
		if q.items != nil {
			for _, it := range x {
				if r := q.items.eval(it); r != pass {
					return r
				}
			}
		}
	case map[string]any:
		for _, r := range q.required {
			if _, ok := x[r]; !ok {
				return fail
			}
		}
		for k, val := range x {
			p := q.props[k]
			if p == nil {
				if q.closed {
					return fail
				}
				continue
			}
			if r := p.eval(val); r != pass {
				return r
			}
		}
	}
	if q.format != nil && !q.format(v) {
		return fail
	}
	for _, s := range q.all {
		if r := s.eval(v); r != pass {
			return r
		}
	}
	if q.cond != nil {
		switch q.cond.eval(v) {
		case pass:
			if q.thenQ != nil {
				return q.thenQ.eval(v)
			}
		case fail:
			if q.elseQ != nil {
				return q.elseQ.eval(v)
			}
		default:
			return unsure
		}
	}
	return pass
}
