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
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/record"
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
	required    []string // sorted
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
	all         []*Schema // $ref targets and allOf items, each must pass too
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
		kw, ok := keywords[key]
		if !ok {
			return nil, errUnsupported
		}
		if err := kw(c, q, file, key, o.Values[key]); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// keyword compiles one keyword of a schema object into q.
type keyword func(c *quickCompiler, q *Schema, file, key string, v any) error

// keywords are the keywords the quick schema reads; any other makes its
// kind go through the full validator.
var keywords map[string]keyword

func init() {
	keywords = map[string]keyword{
		"type": typeKeyword, "enum": enumKeyword, "const": enumKeyword, "required": requiredKeyword,
		"properties": propertiesKeyword, "additionalProperties": closedKeyword, "items": itemsKeyword,
		"minItems": countKeyword, "maxItems": countKeyword, "minLength": countKeyword, "maxLength": countKeyword,
		"uniqueItems": uniqueKeyword, "pattern": patternKeyword, "format": formatKeyword,
		"minimum": boundKeyword, "maximum": boundKeyword, "exclusiveMinimum": boundKeyword, "exclusiveMaximum": boundKeyword,
		"$ref": refKeyword, "allOf": allOfKeyword, "if": condKeyword, "then": condKeyword, "else": condKeyword,
	}
	// annotations; x-ref is checked across records, not here
	for _, k := range []string{"$schema", "$id", "title", "description", "$defs", "$comment", "examples", "default", "x-kind", "x-table", "x-ref"} {
		keywords[k] = func(*quickCompiler, *Schema, string, string, any) error { return nil }
	}
}

// stringsOf reads a list of strings.
func stringsOf(v any) ([]string, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, errUnsupported
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, errUnsupported
		}
		out = append(out, s)
	}
	return out, nil
}

func typeKeyword(_ *quickCompiler, q *Schema, _, _ string, v any) error {
	if t, ok := v.(string); ok {
		q.types = []string{t}
		return nil
	}
	var err error
	q.types, err = stringsOf(v)
	return err
}

func enumKeyword(_ *quickCompiler, q *Schema, _, key string, v any) error {
	if key == "const" {
		v = []any{v}
	}
	if q.hasEnum {
		return errUnsupported // enum and const together
	}
	q.hasEnum = true
	var err error
	q.enum, err = stringsOf(v)
	return err
}

func requiredKeyword(_ *quickCompiler, q *Schema, _, _ string, v any) error {
	var err error
	q.required, err = stringsOf(v)
	slices.Sort(q.required) // evalMap meets them in a map's key order
	q.required = slices.Compact(q.required)
	return err
}

func propertiesKeyword(c *quickCompiler, q *Schema, file, _ string, v any) error {
	po, ok := v.(*schemas.Object)
	if !ok {
		return errUnsupported
	}
	q.props = map[string]*Schema{}
	for _, name := range po.Keys {
		if b, ok := po.Values[name].(bool); ok { // true: anything; false: nothing
			q.props[name] = &Schema{minItems: -1, maxItems: -1, minLength: -1, maxLength: -1}
			if !b {
				q.props[name].types = []string{}
			}
			continue
		}
		so, ok := po.Values[name].(*schemas.Object)
		if !ok {
			return errUnsupported
		}
		var err error
		if q.props[name], err = c.compile(file, so); err != nil {
			return err
		}
	}
	return nil
}

func allOfKeyword(c *quickCompiler, q *Schema, file, _ string, v any) error {
	l, ok := v.([]any)
	if !ok {
		return errUnsupported
	}
	for _, x := range l {
		so, ok := x.(*schemas.Object)
		if !ok {
			return errUnsupported
		}
		t, err := c.compile(file, so)
		if err != nil {
			return err
		}
		q.all = append(q.all, t)
	}
	return nil
}

func closedKeyword(_ *quickCompiler, q *Schema, _, _ string, v any) error {
	if b, ok := v.(bool); !ok || b {
		return errUnsupported
	}
	q.closed = true
	return nil
}

func itemsKeyword(c *quickCompiler, q *Schema, file, _ string, v any) error {
	so, ok := v.(*schemas.Object)
	if !ok {
		return errUnsupported
	}
	var err error
	q.items, err = c.compile(file, so)
	return err
}

func countKeyword(_ *quickCompiler, q *Schema, _, key string, v any) error {
	n, ok := count(v)
	if !ok {
		return errUnsupported
	}
	*map[string]*int{"minItems": &q.minItems, "maxItems": &q.maxItems, "minLength": &q.minLength, "maxLength": &q.maxLength}[key] = n
	return nil
}

func uniqueKeyword(_ *quickCompiler, q *Schema, _, _ string, v any) error {
	b, ok := v.(bool)
	if !ok {
		return errUnsupported
	}
	q.unique = b
	return nil
}

func patternKeyword(_ *quickCompiler, q *Schema, _, _ string, v any) error {
	s, ok := v.(string)
	if !ok {
		return errUnsupported
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return errUnsupported
	}
	q.pattern = re
	return nil
}

func formatKeyword(c *quickCompiler, q *Schema, _, _ string, v any) error {
	s, _ := v.(string)
	if q.format = c.formats[s]; q.format == nil {
		return errUnsupported
	}
	return nil
}

func boundKeyword(_ *quickCompiler, q *Schema, _, key string, v any) error {
	r, ok := rat(v)
	if !ok {
		return errUnsupported
	}
	*map[string]**big.Rat{"minimum": &q.min, "maximum": &q.max, "exclusiveMinimum": &q.xmin, "exclusiveMaximum": &q.xmax}[key] = r
	return nil
}

func refKeyword(c *quickCompiler, q *Schema, file, _ string, v any) error {
	s, ok := v.(string)
	if !ok {
		return errUnsupported
	}
	tfile, target, err := c.resolve(file, s)
	if err != nil {
		return err
	}
	t, err := c.compile(tfile, target)
	if err != nil {
		return err
	}
	q.all = append(q.all, t)
	return nil
}

func condKeyword(c *quickCompiler, q *Schema, file, key string, v any) error {
	so, ok := v.(*schemas.Object)
	if !ok {
		return errUnsupported
	}
	t, err := c.compile(file, so)
	if err != nil {
		return err
	}
	*map[string]**Schema{"if": &q.cond, "then": &q.thenQ, "else": &q.elseQ}[key] = t
	return nil
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

// jsonTypes names the JSON type of each kind of value.
var jsonTypes = [...]string{
	record.KindNull:   "null",
	record.KindBool:   "boolean",
	record.KindString: "string",
	record.KindNumber: "number",
	record.KindList:   "array",
	record.KindMap:    "object",
}

// Eval gives the verdict on a record's JSON value: it certainly passes,
// certainly fails, or is beyond the quick schema.
func (q *Schema) Eval(v record.Value) Verdict {
	k := v.Kind()
	if k == record.KindMissing || int(k) >= len(jsonTypes) {
		return Unsure
	}
	if r := q.evalType(jsonTypes[k]); r != Pass {
		return r
	}
	if q.hasEnum {
		s, ok := v.Str()
		if !ok || !slices.Contains(q.enum, s) {
			return Fail
		}
	}
	var r Verdict
	switch k {
	case record.KindString:
		s, _ := v.Str()
		r = q.evalString(s)
		if r == Pass && q.format != nil && !q.format(s) {
			return Fail
		}
	case record.KindNumber:
		n, _ := v.Num()
		r = q.evalNumber(n)
	case record.KindList:
		r = q.evalList(v)
	case record.KindMap:
		r = q.evalMap(v)
	}
	if r != Pass {
		return r
	}
	if q.format != nil && k != record.KindString && !q.format(v.Any()) {
		return Fail
	}
	for _, s := range q.all {
		if r := s.Eval(v); r != Pass {
			return r
		}
	}
	return q.evalCond(v)
}

func (q *Schema) evalType(t string) Verdict {
	if q.types == nil {
		return Pass
	}
	for _, want := range q.types {
		if want == t {
			return Pass
		}
		if want == "integer" && t == "number" {
			return Unsure
		}
	}
	return Fail
}

func (q *Schema) evalString(x string) Verdict {
	if q.minLength >= 0 || q.maxLength >= 0 {
		n := utf8.RuneCountInString(x)
		if q.minLength >= 0 && n < q.minLength || q.maxLength >= 0 && n > q.maxLength {
			return Fail
		}
	}
	if q.pattern != nil && !q.pattern.MatchString(x) {
		return Fail
	}
	return Pass
}

func (q *Schema) evalNumber(x json.Number) Verdict {
	if q.min == nil && q.max == nil && q.xmin == nil && q.xmax == nil {
		return Pass
	}
	if v, ok := q.evalDecimal(string(x)); ok {
		return v
	}
	return q.evalRat(string(x))
}

// evalRat is evalNumber read with big numbers: its definition.
func (q *Schema) evalRat(x string) Verdict {
	r, ok := new(big.Rat).SetString(x)
	if !ok {
		return Unsure
	}
	if q.min != nil && r.Cmp(q.min) < 0 || q.max != nil && r.Cmp(q.max) > 0 ||
		q.xmin != nil && r.Cmp(q.xmin) <= 0 || q.xmax != nil && r.Cmp(q.xmax) >= 0 {
		return Fail
	}
	return Pass
}

// evalDecimal is evalNumber for a number written in decimal (12, -0.25)
// with at most 15 digits, and bounds that are integers of at most 15
// digits, read without big numbers (which allocate): x is n/10^k, and
// compares with a bound b as n with b*10^k. ok is false otherwise.
func (q *Schema) evalDecimal(x string) (v Verdict, ok bool) {
	whole, frac, _ := strings.Cut(strings.TrimPrefix(x, "-"), ".")
	if whole == "" || len(whole)+len(frac) > 15 || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64) // no allocation below 32 bytes
	if err != nil {
		return 0, false
	}
	if x[0] == '-' {
		n = -n
	}
	scale := int64(1)
	for range len(frac) {
		scale *= 10
	}
	const maxBound = 1e15
	fails := false
	for _, b := range []struct {
		r   *big.Rat
		bad func(c int) bool
	}{
		{q.min, func(c int) bool { return c < 0 }}, {q.max, func(c int) bool { return c > 0 }},
		{q.xmin, func(c int) bool { return c <= 0 }}, {q.xmax, func(c int) bool { return c >= 0 }},
	} {
		if b.r == nil {
			continue
		}
		if !b.r.IsInt() || !b.r.Num().IsInt64() {
			return 0, false
		}
		if bound := b.r.Num().Int64(); bound >= maxBound || bound <= -maxBound || bound != 0 && scale > math.MaxInt64/max(bound, -bound) {
			return 0, false // bound*scale would overflow
		} else if b.bad(cmp.Compare(n, bound*scale)) {
			fails = true
		}
	}
	if fails {
		return Fail, true
	}
	return Pass, true
}

func (q *Schema) evalList(x record.Value) Verdict {
	n := x.Len()
	if q.minItems >= 0 && n < q.minItems || q.maxItems >= 0 && n > q.maxItems {
		return Fail
	}
	if q.unique && n > 1 {
		seen := make(map[string]bool, n)
		for _, it := range x.Items() {
			s, ok := it.Str()
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
		for _, it := range x.Items() {
			if r := q.items.Eval(it); r != Pass {
				return r
			}
		}
	}
	return Pass
}

func (q *Schema) evalMap(x record.Value) Verdict {
	need := q.required // the required keys not met yet; both sorted
	for k, val := range x.Fields() {
		if len(need) > 0 && need[0] < k {
			return Fail // passed over: missing
		}
		if len(need) > 0 && need[0] == k {
			need = need[1:]
		}
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
	if len(need) > 0 {
		return Fail
	}
	return Pass
}

func (q *Schema) evalCond(v record.Value) Verdict {
	if q.cond == nil {
		return Pass
	}
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
	return Pass
}
