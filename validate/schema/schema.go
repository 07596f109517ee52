package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/schema/quick"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Validator checks records against the schemas of one set.
type Validator struct {
	set   *schemas.Set
	kinds map[string]*jsonschema.Schema
	// quick holds the quick schema of each kind it could compile; a
	// record it passes skips the full validator.
	quick map[string]*quick.Schema
}

var (
	compiledMu sync.Mutex
	compiled   = map[*schemas.Set]*Validator{}
)

// Compile compiles each kind's schema, once per set. Only the set's own
// files can be loaded: any other $ref fails, nothing is fetched.
func Compile(set *schemas.Set) (*Validator, error) {
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if v, ok := compiled[set]; ok {
		return v, nil
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not part of the schema set; dossier loads nothing else", s)
	}
	c.Formats["edtf"] = func(v any) bool {
		s, ok := v.(string)
		return !ok || edtf.Valid(s)
	}
	c.RegisterExtension("x-ref", xRefMeta, xRefCompiler{})
	names := make([]string, 0, len(set.Files))
	for name := range set.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := c.AddResource(schemas.BaseURL+name, strings.NewReader(string(set.Files[name]))); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
	}
	v := &Validator{set: set, kinds: map[string]*jsonschema.Schema{}}
	for _, k := range set.Kinds {
		s, err := c.Compile(k.URL)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", k.File, err)
		}
		v.kinds[k.Name] = s
	}
	formats := map[string]func(any) bool{}
	for name, f := range jsonschema.Formats {
		formats[name] = f
	}
	for name, f := range c.Formats {
		formats[name] = f
	}
	v.quick = quick.Compile(set, formats)
	compiled[set] = v
	return v, nil
}

// xRefMeta checks the x-ref keyword itself: a kind name or a list of them.
var xRefMeta = jsonschema.MustCompileString("x-ref.json", `{
	"properties": {
		"x-ref": {
			"anyOf": [
				{"type": "string", "pattern": "^[a-z]+$"},
				{"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "minItems": 1}
			]
		}
	}
}`)

// xRefCompiler registers x-ref with the validator. The keyword declares that
// a value is the ID of a record of the named kind(s); whether it resolves is
// a cross-record question that the ref-unresolved rule answers, so the
// schema-time check is empty.
type xRefCompiler struct{}

func (xRefCompiler) Compile(ctx jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	return nil, nil
}

// Check validates a record read as r against the schema of its kind and
// adds a finding at the YAML node of every fault to l. It reports whether
// the record passed.
func (v *Validator) Check(file string, kind *schemas.Kind, r *read.Result, l *diag.List) bool {
	if kind == nil || r.Value == nil {
		return false
	}
	if q := v.quick[kind.Name]; q != nil && q.Eval(r.Value) == quick.Pass {
		return true
	}
	err := v.kinds[kind.Name].Validate(r.Value)
	if err == nil {
		return true
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		l.Addf(ruleSchemaOther, file, diag.Pos{Line: 1, Column: 1}, "", "%v", err)
		return false
	}
	if other := v.kindOf(kind, r.Value); other != nil {
		l.Add(diag.Diagnostic{File: file, Pos: diag.Pos{Line: 1, Column: 1}, Rule: ruleSchemaKind.ID, Severity: ruleSchemaKind.Severity,
			Message: fmt.Sprintf("this looks like %s, not %s: it passes the %s schema", withArticle(other.Name), withArticle(kind.Name), other.Name),
			Hint:    "move it to the folder " + other.Table + "/"})
		return false
	}
	m := mapper{set: v.set, file: file, value: r.Value, pos: r.Positions(), diags: l, reported: map[string]bool{}}
	for _, d := range *l {
		if d.File == file {
			m.reported[d.Pointer] = true
		}
	}
	m.walk(ve)
	return false
}

// kindOf returns the kind other than kind whose schema value passes, or
// nil.
func (v *Validator) kindOf(kind *schemas.Kind, value any) *schemas.Kind {
	for _, k := range v.set.Kinds {
		if k != kind && v.Full(k.Name, value) {
			return k
		}
	}
	return nil
}

// Full reports whether value passes the schema of the kind named, by the
// full validator alone.
func (v *Validator) Full(kind string, value any) bool {
	s := v.kinds[kind]
	return s != nil && s.Validate(value) == nil
}

// withArticle gives "an event", "a quote".
func withArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

type mapper struct {
	set   *schemas.Set
	file  string
	value any
	pos   read.Positions
	diags *diag.List
	// reported holds pointers the YAML profile already has a finding at
	// (an alias read as null, a tag): schema findings there would repeat it.
	reported map[string]bool
}

func (m *mapper) walk(ve *jsonschema.ValidationError) {
	if len(ve.Causes) == 0 {
		m.leaf(ve)
		return
	}
	for _, c := range ve.Causes {
		m.walk(c)
	}
}

// leaf turns one failed keyword into findings.
func (m *mapper) leaf(ve *jsonschema.ValidationError) {
	ptr := ve.InstanceLocation
	kw := ve.KeywordLocation[strings.LastIndexByte(ve.KeywordLocation, '/')+1:]
	schemaFile, frag, _ := strings.Cut(strings.TrimPrefix(ve.AbsoluteKeywordLocation, schemas.BaseURL), "#")
	doc := m.set.Doc(schemaFile)
	parentFrag := frag[:max(0, strings.LastIndexByte(frag, '/'))]
	sch, _ := doc.Pointer(parentFrag).(*schemas.Object)
	inst := valueAt(m.value, ptr)
	name := record.FieldName(ptr)
	at := m.pos.Find(ptr, false)
	add := func(pos diag.Pos, pointer string, rule *diag.Rule, hint, format string, args ...any) {
		if m.reported[pointer] {
			return
		}
		m.diags.Add(diag.Diagnostic{File: m.file, Pos: pos, Pointer: pointer, Rule: rule.ID, Severity: rule.Severity,
			Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	switch kw {
	case "required":
		obj, _ := inst.(map[string]any)
		for _, r := range stringList(sch.Get("required")) {
			if _, ok := obj[r]; ok {
				continue
			}
			where := "the record"
			if ptr != "" {
				where = name
			}
			hint := ""
			if p, ok := sch.Get("properties").(*schemas.Object); ok {
				if ps, ok := p.Get(r).(*schemas.Object); ok {
					if d, ok := ps.Get("description").(string); ok {
						hint = r + ": " + d
					}
				}
			}
			add(at, ptr+"/"+record.EscapePointer(r), ruleSchemaRequired, hint, "missing required field %q in %s", r, where)
		}
	case "additionalProperties":
		obj, _ := inst.(map[string]any)
		var allowed []string
		if p, ok := sch.Get("properties").(*schemas.Object); ok {
			allowed = p.Keys
		}
		for key := range obj {
			if contains(allowed, key) {
				continue
			}
			cptr := ptr + "/" + record.EscapePointer(key)
			where := ""
			if ptr != "" {
				where = " in " + name
			}
			add(m.pos.Find(cptr, true), cptr, ruleSchemaUnknownField, "fields here: "+strings.Join(allowed, ", "),
				"unknown field %q%s%s", diag.Clip(key, maxQuoted), where, diag.Suggestion(key, allowed))
		}
	case "enum":
		allowed := stringList(sch.Get("enum"))
		got := fmt.Sprint(inst)
		add(at, ptr, ruleSchemaEnum, "", "%s %s is not one of: %s%s", name, show(inst), strings.Join(allowed, ", "), diag.Suggestion(got, allowed))
	case "const":
		add(at, ptr, ruleSchemaEnum, "", "%s must be %s", name, show(sch.Get("const")))
	case "type":
		want := typeWords(sch.Get("type"))
		hint := ""
		if s, ok := inst.(string); ok && (want == "a number" || want == "an integer") {
			hint = "write the number in digits; keep the source's words in wording"
			_ = s
		}
		if _, ok := inst.(bool); ok && want == "text" {
			hint = "quote the value to keep it as text"
		}
		if _, ok := inst.(json.Number); ok && want == "text" {
			hint = "quote the value to keep it as text"
		}
		add(at, ptr, ruleSchemaType, hint, "%s must be %s, not %s", name, want, jsonTypeWords(inst))
	case "format":
		format, _ := sch.Get("format").(string)
		s, _ := inst.(string)
		switch format {
		case "edtf":
			_, err := edtf.Parse(s)
			reason := "it is not an EDTF date"
			if err != nil {
				reason = err.Error()
			}
			add(at, ptr, ruleSchemaFormat, "EDTF dates: 2023-06-20, 2023-06, 2023, 2022-22 (summer 2022), 2023-06-20? (uncertain), 2016~ (approximate), 2013/2016 (interval)",
				"%s %q is not a valid EDTF date: %s", name, diag.Clip(s, maxQuoted), reason)
		case "uri":
			add(at, ptr, ruleSchemaFormat, "write an absolute URL such as https://example.org/page", "%s %q is not an absolute URI", name, diag.Clip(s, maxQuoted))
		default:
			add(at, ptr, ruleSchemaFormat, "", "%s %q is not a valid %s", name, diag.Clip(s, maxQuoted), format)
		}
	case "pattern":
		pattern, _ := sch.Get("pattern").(string)
		add(at, ptr, ruleSchemaPattern, patternHint(pattern, fmt.Sprint(inst)), "%s %s does not match %s%s", name, show(inst), pattern, patternWords(pattern))
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		limit := fmt.Sprint(sch.Get(kw))
		rel := map[string]string{"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kw]
		add(at, ptr, ruleSchemaRange, "", "%s %v must be %s %s", name, inst, rel, limit)
	case "minLength", "maxLength":
		n := fmt.Sprint(sch.Get(kw))
		if kw == "minLength" && n == "1" {
			add(at, ptr, ruleSchemaLength, "write the text, or leave the field out if it is optional", "%s is empty", name)
		} else {
			rel := map[string]string{"minLength": "at least", "maxLength": "at most"}[kw]
			add(at, ptr, ruleSchemaLength, "", "%s is %d characters long; it must be %s %s", name, len([]rune(fmt.Sprint(inst))), rel, n)
		}
	case "minItems", "maxItems":
		n := fmt.Sprint(sch.Get(kw))
		rel := map[string]string{"minItems": "at least", "maxItems": "at most"}[kw]
		add(at, ptr, ruleSchemaArray, "", "%s has %d items; it must have %s %s", name, len(asList(inst)), rel, n)
	case "uniqueItems":
		list := asList(inst)
		seen := map[string]int{}
		for i, it := range list {
			k := fmt.Sprintf("%T:%v", it, it)
			if j, dup := seen[k]; dup {
				iptr := ptr + "/" + strconv.Itoa(i)
				add(m.pos.Find(iptr, false), iptr, ruleSchemaArray, "remove the repeated item",
					"%s repeats %s (item %d repeats item %d)", name, show(it), i+1, j+1)
				continue
			}
			seen[k] = i
		}
	case "false":
		add(at, ptr, ruleSchemaOther, "", "%s is not allowed here", name)
	default:
		add(at, ptr, ruleSchemaOther, "", "%s: %s", name, ve.Message)
	}
}

// valueAt resolves a JSON pointer in a value; nil when absent.
func valueAt(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

// FieldName renders a JSON pointer as the readable path used in messages,
// such as sources[0].locator.
func FieldName(ptr string) string { return record.FieldName(ptr) }

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

func asList(v any) []any { l, _ := v.([]any); return l }

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// maxQuoted is how many characters of a value a message quotes: a
// 200,000-character value would otherwise be repeated in every report.
const maxQuoted = 80

func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(diag.Clip(x, maxQuoted))
	case nil:
		return "null"
	}
	return diag.Clip(fmt.Sprint(v), maxQuoted)
}

func typeWords(t any) string {
	words := func(s string) string {
		switch s {
		case "string":
			return "text"
		case "number":
			return "a number"
		case "integer":
			return "an integer"
		case "boolean":
			return "true or false"
		case "object":
			return "a mapping"
		case "array":
			return "a list"
		case "null":
			return "null"
		}
		return s
	}
	switch x := t.(type) {
	case string:
		return words(x)
	case []any:
		var parts []string
		for _, s := range x {
			parts = append(parts, words(fmt.Sprint(s)))
		}
		return strings.Join(parts, " or ")
	}
	return "another type"
}

func jsonTypeWords(v any) string {
	switch x := v.(type) {
	case string:
		return "text " + strconv.Quote(x)
	case json.Number:
		return "the number " + x.String()
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case nil:
		return "null (an empty value)"
	}
	return fmt.Sprintf("%T", v)
}

const kebab = "^[a-z0-9]+(-[a-z0-9]+)*$"

func patternWords(p string) string {
	switch p {
	case kebab:
		return " (lowercase kebab-case: letters, digits and single hyphens)"
	case "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$":
		return " (a BCP 47 language tag such as en or sq)"
	}
	return ""
}

func patternHint(p, got string) string {
	if p != kebab {
		return ""
	}
	if k := record.Kebab(got); k != "" && k != got {
		return fmt.Sprintf("write %q", k)
	}
	return ""
}
