package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
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
// the record passed, and, when it failed because it is a record of
// another kind (it passes that kind's schema in full), that kind.
func (v *Validator) Check(file string, kind *schemas.Kind, r *read.Result, l *diag.List) (ok bool, elsewhere *schemas.Kind) {
	if kind == nil || !r.Value.Exists() {
		return false, nil
	}
	if q := v.quick[kind.Name]; q != nil && q.Eval(r.Value) == quick.Pass {
		return true, nil
	}
	value := r.Value.Any() // the full validator reads Go maps
	err := v.kinds[kind.Name].Validate(value)
	if err == nil {
		return true, nil
	}
	ve, isVE := err.(*jsonschema.ValidationError)
	if !isVE {
		l.Addf(ruleSchemaOther, file, diag.Pos{Line: 1, Column: 1}, "", "%v", err)
		return false, nil
	}
	if other := v.kindOf(kind, value); other != nil {
		l.Add(diag.Diagnostic{File: file, Pos: diag.Pos{Line: 1, Column: 1}, Rule: ruleSchemaKind.ID, Severity: ruleSchemaKind.Severity,
			Message: fmt.Sprintf("this looks like %s, not %s: it passes the %s schema", withArticle(other.Name), withArticle(kind.Name), other.Name),
			Hint:    "move it to " + path.Join(path.Dir(path.Dir(file)), other.Table) + "/"})
		return false, other
	}
	m := mapper{set: v.set, file: file, value: value, pos: r.Positions(), diags: l, reported: map[string]bool{}}
	for _, d := range *l {
		if d.File == file {
			m.reported[d.Pointer] = true
		}
	}
	m.walk(ve)
	return false, nil
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
	if strings.HasPrefix(p, "^https?://") {
		return " (an http or https URL)"
	}
	return ""
}

func patternHint(p, got string) string {
	if strings.HasPrefix(p, "^https?://") {
		return "write the address of the page, starting https:// or http://"
	}
	if p != kebab {
		return ""
	}
	if k := record.Kebab(got); k != "" && k != got {
		return fmt.Sprintf("write %q", k)
	}
	return ""
}
