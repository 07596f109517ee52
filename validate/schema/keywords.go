package schema

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/record"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// failure is one keyword a value failed, with what its finding needs.
type failure struct {
	*mapper
	kw   string          // the keyword: required, enum, …
	ptr  string          // JSON pointer of the value
	sch  *schemas.Object // the schema object holding the keyword
	inst any             // the value
	name string          // the value's field path, for messages
	at   diag.Pos        // where the value is written
	msg  string          // the validator's own message
	doc  *schemas.Object // the schema file, and the keyword's place in it
	frag string
}

// add reports a finding at pos, unless the YAML profile already has one at
// pointer.
func (f *failure) add(pos diag.Pos, pointer string, rule *diag.Rule, hint, format string, args ...any) {
	if f.reported[pointer] {
		return
	}
	f.diags.Add(diag.Diagnostic{File: f.file, Pos: pos, Pointer: pointer, Rule: rule.ID, Severity: rule.Severity,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

// leaf turns one failed keyword into findings.
func (m *mapper) leaf(ve *jsonschema.ValidationError) {
	schemaFile, frag, _ := strings.Cut(strings.TrimPrefix(ve.AbsoluteKeywordLocation, schemas.BaseURL), "#")
	sch, _ := m.set.Doc(schemaFile).Pointer(frag[:max(0, strings.LastIndexByte(frag, '/'))]).(*schemas.Object)
	f := &failure{mapper: m, ptr: ve.InstanceLocation, sch: sch, msg: ve.Message, doc: m.set.Doc(schemaFile), frag: frag,
		kw:   ve.KeywordLocation[strings.LastIndexByte(ve.KeywordLocation, '/')+1:],
		inst: valueAt(m.value, ve.InstanceLocation), name: record.FieldName(ve.InstanceLocation), at: m.pos.Find(ve.InstanceLocation, false)}
	if _, known := keywordFindings[f.kw]; !known {
		if b, ok := f.doc.Pointer(frag).(bool); ok && !b {
			f.kw = "false" // a property the schema rules out here, not additionalProperties: false
		}
	}
	if report, ok := keywordFindings[f.kw]; ok {
		report(f)
		return
	}
	f.add(f.at, f.ptr, ruleSchemaOther, "", "%s: %s", f.name, f.msg)
}

// keywordFindings turn a failed keyword into findings, by keyword.
var keywordFindings = map[string]func(f *failure){
	"required": required, "additionalProperties": unknownField, "enum": enum, "const": constant,
	"type": typeMismatch, "format": format, "pattern": pattern,
	"minimum": outOfRange, "maximum": outOfRange, "exclusiveMinimum": outOfRange, "exclusiveMaximum": outOfRange,
	"minLength": length, "maxLength": length, "minItems": items, "maxItems": items, "uniqueItems": repeated,
	"false": notAllowed,
}

// notAllowed reports a value the schema rules out where it stands; the
// hint is the $comment of the nearest schema object that explains why.
func notAllowed(f *failure) {
	hint := ""
	for frag := f.frag; frag != "" && hint == ""; frag = frag[:max(0, strings.LastIndexByte(frag, '/'))] {
		if o, ok := f.doc.Pointer(frag).(*schemas.Object); ok {
			hint, _ = o.Get("$comment").(string)
		}
	}
	f.add(f.at, f.ptr, ruleSchemaOther, hint, "%s is not allowed here", f.name)
}

func required(f *failure) {
	obj, _ := f.inst.(map[string]any)
	for _, r := range stringList(f.sch.Get("required")) {
		if _, ok := obj[r]; ok {
			continue
		}
		where := "the record"
		if f.ptr != "" {
			where = f.name
		}
		hint := ""
		if p, ok := f.sch.Get("properties").(*schemas.Object); ok {
			if ps, ok := p.Get(r).(*schemas.Object); ok {
				if d, ok := ps.Get("description").(string); ok {
					hint = r + ": " + d
				}
			}
		}
		f.add(f.at, f.ptr+"/"+record.EscapePointer(r), ruleSchemaRequired, hint, "missing required field %q in %s", r, where)
	}
}

func unknownField(f *failure) {
	obj, _ := f.inst.(map[string]any)
	var allowed []string
	if p, ok := f.sch.Get("properties").(*schemas.Object); ok {
		allowed = p.Keys
	}
	for key := range obj {
		if contains(allowed, key) {
			continue
		}
		cptr := f.ptr + "/" + record.EscapePointer(key)
		where := ""
		if f.ptr != "" {
			where = " in " + f.name
		}
		f.add(f.pos.Find(cptr, true), cptr, ruleSchemaUnknownField, "fields here: "+strings.Join(allowed, ", "),
			"unknown field %q%s%s", diag.Clip(key, maxQuoted), where, diag.Suggestion(key, allowed))
	}
}

func enum(f *failure) {
	allowed := stringList(f.sch.Get("enum"))
	f.add(f.at, f.ptr, ruleSchemaEnum, "", "%s %s is not one of: %s%s", f.name, show(f.inst), strings.Join(allowed, ", "),
		diag.Suggestion(fmt.Sprint(f.inst), allowed))
}

func constant(f *failure) {
	f.add(f.at, f.ptr, ruleSchemaEnum, "", "%s must be %s", f.name, show(f.sch.Get("const")))
}

func typeMismatch(f *failure) {
	want := typeWords(f.sch.Get("type"))
	hint := ""
	switch v := f.inst.(type) {
	case string:
		if want == "a number" || want == "an integer" {
			hint = "write the number in digits; keep the source's words in wording"
			if digits := strings.ReplaceAll(v, "_", ""); digits != v && isDecimal(digits) {
				hint = "YAML 1.2 reads " + diag.Clip(v, maxQuoted) + " as text, not as a number: write " + diag.Clip(digits, maxQuoted)
			}
		}
	case bool, json.Number:
		if want == "text" {
			hint = "quote the value to keep it as text"
		}
	}
	f.add(f.at, f.ptr, ruleSchemaType, hint, "%s must be %s, not %s", f.name, want, jsonTypeWords(f.inst))
}

// isDecimal reports whether s is a decimal number as JSON writes it, a
// sign allowed.
func isDecimal(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	return err == nil && s != "" && strings.Trim(strings.TrimLeft(s, "+-"), "0123456789.eE+-") == ""
}

func format(f *failure) {
	name, _ := f.sch.Get("format").(string)
	s, _ := f.inst.(string)
	switch name {
	case "edtf":
		_, err := edtf.Parse(s)
		reason := "it is not an EDTF date"
		if err != nil {
			reason = err.Error()
		}
		hint := "EDTF dates: 2023-06-20, 2023-06, 2023, 2022-22 (summer 2022), 2023-06-20? (uncertain), 2016~ (approximate), 2013/2016 (interval)"
		if sug, ok := edtf.Suggest(s); ok {
			hint, reason = sug.Hint(), "EDTF writes the year first"
			if sug.Ambiguous {
				reason = "the order of day and month is ambiguous"
			}
		}
		f.add(f.at, f.ptr, ruleSchemaFormat, hint, "%s %q is not a valid EDTF date: %s", f.name, diag.Clip(s, maxQuoted), reason)
	case "uri":
		f.add(f.at, f.ptr, ruleSchemaFormat, "write an absolute URL such as https://example.org/page", "%s %q is not an absolute URI", f.name, diag.Clip(s, maxQuoted))
	default:
		f.add(f.at, f.ptr, ruleSchemaFormat, "", "%s %q is not a valid %s", f.name, diag.Clip(s, maxQuoted), name)
	}
}

func pattern(f *failure) {
	p, _ := f.sch.Get("pattern").(string)
	f.add(f.at, f.ptr, ruleSchemaPattern, patternHint(p, fmt.Sprint(f.inst)), "%s %s does not match %s%s", f.name, show(f.inst), p, patternWords(p))
}

func outOfRange(f *failure) {
	rel := map[string]string{"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[f.kw]
	f.add(f.at, f.ptr, ruleSchemaRange, "", "%s %v must be %s %s", f.name, f.inst, rel, fmt.Sprint(f.sch.Get(f.kw)))
}

func length(f *failure) {
	n := fmt.Sprint(f.sch.Get(f.kw))
	if f.kw == "minLength" && n == "1" {
		f.add(f.at, f.ptr, ruleSchemaLength, "write the text, or leave the field out if it is optional", "%s is empty", f.name)
		return
	}
	rel := map[string]string{"minLength": "at least", "maxLength": "at most"}[f.kw]
	f.add(f.at, f.ptr, ruleSchemaLength, "", "%s is %d characters long; it must be %s %s", f.name, len([]rune(fmt.Sprint(f.inst))), rel, n)
}

func items(f *failure) {
	rel := map[string]string{"minItems": "at least", "maxItems": "at most"}[f.kw]
	f.add(f.at, f.ptr, ruleSchemaArray, "", "%s has %d items; it must have %s %s", f.name, len(asList(f.inst)), rel, fmt.Sprint(f.sch.Get(f.kw)))
}

func repeated(f *failure) {
	seen := map[string]int{}
	for i, it := range asList(f.inst) {
		k := fmt.Sprintf("%T:%v", it, it)
		if j, dup := seen[k]; dup {
			iptr := f.ptr + "/" + strconv.Itoa(i)
			f.add(f.pos.Find(iptr, false), iptr, ruleSchemaArray, "remove the repeated item",
				"%s repeats %s (item %d repeats item %d)", f.name, show(it), i+1, j+1)
			continue
		}
		seen[k] = i
	}
}
