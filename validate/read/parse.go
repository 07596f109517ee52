package read

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read/fast"
	"github.com/dossier-data/dossier/validate/read/yamlerr"
	"github.com/dossier-data/dossier/validate/record"

	"go.yaml.in/yaml/v3"
)

// Loc is where one value of a record sits in its file.
type Loc = fast.Loc

// Positions maps the JSON pointer of every value of a record to where it
// is written.
type Positions map[string]Loc

// Find returns the position of the value at pointer, or of its key when
// key is true and the value has one; for a pointer that names no value, the
// position of its nearest ancestor that does.
func (p Positions) Find(pointer string, key bool) diag.Pos {
	for ptr := pointer; ; ptr = ptr[:max(0, strings.LastIndexByte(ptr, '/'))] {
		// up one token at a time: a key may be "", "." or ".."
		if l, ok := p[ptr]; ok {
			if key && l.Key.Line > 0 && ptr == pointer {
				return l.Key
			}
			return l.Value
		}
		if ptr == "" {
			return diag.Pos{Line: 1, Column: 1}
		}
	}
}

// Result is one record file read under the strict YAML profile.
type Result struct {
	// Value is the record's JSON value; missing when the file holds no
	// usable document.
	Value    record.Value
	Findings diag.List       // in the order found
	Ignores  []record.Ignore // the inline silences of the file
	// Limited is true when the record went over a limit or gave too many
	// findings: its value is cut short and must not be schema-checked.
	Limited bool

	positions Positions
	in        input // what the file was read from, for Positions
}

type input struct {
	file string
	src  []byte
	kind *schemas.Kind
	lim  config.Limits
}

// Positions returns where each value of the record is written. Parse
// skips them when it can (most records need none); they are then read
// again on the first call, by the fast reader when it reads the file.
func (r *Result) Positions() Positions {
	if r.positions == nil && len(r.Findings) == 0 {
		r.positions, _ = fast.Positions(r.in.src, r.in.kind, r.in.lim)
	}
	if r.positions == nil {
		r.positions = parse(r.in.file, r.in.src, r.in.kind, r.in.lim, true).positions
	}
	return r.positions
}

// Parse reads src, the bytes of a record file, under the strict YAML
// profile, and builds the JSON value of the record. kind may be nil (a
// file outside a kind folder); it decides how unquoted dates and years in
// EDTF fields are read (as text).
func Parse(file string, src []byte, kind *schemas.Kind, lim config.Limits) *Result {
	return parse(file, src, kind, lim, false)
}

// parse is Parse; with index true it also records the positions of every
// value. Without, a file that the fast reader can read is read by it.
func parse(file string, src []byte, kind *schemas.Kind, lim config.Limits, index bool) *Result {
	r := &Result{in: input{file, src, kind, lim}}
	diags := &r.Findings
	if len(src) >= 2 && (src[0] == 0xFE && src[1] == 0xFF || src[0] == 0xFF && src[1] == 0xFE) {
		diags.Addf(ruleYAMLEncoding, file, diag.Pos{Line: 1, Column: 1}, "", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); records are UTF-8")
		return r
	}
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		diags.Addf(ruleYAMLBOM, file, diag.Pos{Line: 1, Column: 1}, "", "the file starts with a UTF-8 byte-order mark; save it without BOM")
		src = src[3:]
	}
	if pos, ok := invalidUTF8(src); !ok {
		diags.Addf(ruleYAMLEncoding, file, pos, "", "invalid UTF-8 byte sequence; save the file as UTF-8")
		return r
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		if looksUTF16(src) {
			diags.Addf(ruleYAMLEncoding, file, diag.Pos{Line: 1, Column: 1}, "", "the file looks like UTF-16 without a byte-order mark (every other byte is NUL); records are UTF-8")
			return r
		}
		diags.Addf(ruleYAMLEncoding, file, posAt(src, i), "", "NUL byte in the file; records are text")
		return r
	}
	if rawControls(file, src, diags) {
		return r // YAML refuses control characters; the findings say where
	}
	if !index && len(*diags) == 0 {
		if v, ok := fast.Value(src, kind, lim); ok {
			r.Value = v
			return r
		}
	}
	// The parser ends lines at NEL, U+2028 and U+2029 too, as YAML 1.1
	// did; rawControls refused them, so the lines it counts are those of
	// diag.LineStarts.
	directive := false
	if pos, written, ok := yamlDirective(src); ok {
		directive = true
		diags.Add(diag.Diagnostic{File: file, Pos: pos, Rule: ruleYAMLVersion.ID, Severity: ruleYAMLVersion.Severity,
			Message: fmt.Sprintf("a %s directive; record files hold none, and are read as YAML 1.2", diag.Clip(written, 20)),
			Hint:    "delete the directive"})
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if directive {
			// the parser reads only %YAML 1.1, and a directive only before
			// "---": the finding above is the one to fix first
			return r
		}
		if errors.Is(err, io.EOF) {
			diags.Addf(ruleYAMLEmpty, file, diag.Pos{Line: 1, Column: 1}, "", "the file is empty; it should hold one record")
			return r
		}
		pos, msg := yamlerr.Locate(err, src)
		if strings.HasPrefix(msg, "exceeded max depth") {
			diags.Add(diag.Diagnostic{File: file, Pos: pos, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
				Message: fmt.Sprintf("nesting deeper than %d levels; records are shallow", min(lim.Depth(), yamlMaxDepth)),
				Hint:    "the YAML parser stops at 10,000 levels, before the record is read"})
			return r
		}
		diags.Add(diag.Diagnostic{File: file, Pos: pos, Rule: ruleYAMLSyntax.ID, Severity: diag.Error, Message: msg, Hint: yamlerr.Hint(msg, src, pos.Line)})
		return r
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		diags.Addf(ruleYAMLMultiDocument, file, diag.Pos{Line: extra.Line, Column: extra.Column}, "", "a second YAML document; a record file holds exactly one")
	} else if !errors.Is(err, io.EOF) {
		pos, msg := yamlerr.Locate(err, src)
		diags.Addf(ruleYAMLSyntax, file, pos, "", "%s", msg)
	}
	if len(doc.Content) == 0 {
		diags.Addf(ruleYAMLEmpty, file, diag.Pos{Line: 1, Column: 1}, "", "the file holds no record, only comments")
		return r
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		// nothing written (---), or null written out (~, null): either
		// way no record, and no value a check could fail
		if root.Value == "" {
			diags.Addf(ruleYAMLEmpty, file, diag.Pos{Line: 1, Column: 1}, "", "the file holds no record")
			return r
		}
		written := diag.Clip(root.Value, 10)
		if written == "~" {
			written = "~ (null)"
		}
		diags.Add(diag.Diagnostic{File: file, Pos: diag.Pos{Line: root.Line, Column: root.Column}, Rule: ruleYAMLEmpty.ID, Severity: ruleYAMLEmpty.Severity,
			Message: fmt.Sprintf("the file holds only %s, not a record; a record is a mapping of fields", written),
			Hint:    "write the record's fields (id: …, status: …) in place of it, or delete the file"})
		return r
	}
	c := converter{file: file, src: src, kind: kind, lim: lim, diags: diags}
	if index {
		c.index = Positions{}
	}
	// tokens share one backing array: a value's path is read while it is
	// converted and never kept, so siblings may reuse the same slots.
	if v := c.value(root, "", make([]string, 0, 16), 1, diag.Pos{}); v != nil {
		r.Value = record.EncodeValue(v)
	}
	r.positions = c.index
	r.Limited = c.limited || c.full()
	r.Ignores = inlineIgnores(&doc, src)
	pointRawControls(r, file)
	return r
}

// pointRawControls gives the text-control findings of characters written
// as is (found before parsing, so without a pointer) the pointer of the
// value they sit in: the rightmost value that starts on the finding's line
// before it. A character in a comment after a value is put on that value;
// one in a key or on a line of its own keeps no pointer.
func pointRawControls(r *Result, file string) {
	var idx Positions
	for i := range r.Findings {
		d := &r.Findings[i]
		if d.Rule != ruleTextControl.ID || d.Pointer != "" || d.Line == 0 || d.File != file {
			continue
		}
		if idx == nil {
			if idx = r.Positions(); idx == nil {
				return
			}
		}
		best, at := "", diag.Pos{}
		for ptr, l := range idx {
			v := l.Value
			if v.Line == d.Line && v.Column <= d.Column && (v.Column > at.Column || v.Column == at.Column && ptr > best) {
				best, at = ptr, v
			}
		}
		d.Pointer = best
	}
}

// yamlDirective finds a %YAML directive among the lines that start the
// file (blank lines, comments and directives), and returns its position
// and the directive as written (%YAML 1.1).
func yamlDirective(src []byte) (diag.Pos, string, bool) {
	for n := 1; len(src) > 0; n++ {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		src = rest
		switch t := bytes.TrimSpace(line); {
		case len(t) == 0 || t[0] == '#':
		case line[0] == '%':
			f := strings.Fields(string(line))
			if f[0] == "%YAML" {
				return diag.Pos{Line: n, Column: 1}, strings.Join(f[:min(2, len(f))], " "), true
			}
		default:
			return diag.Pos{}, "", false
		}
	}
	return diag.Pos{}, "", false
}

// yamlMaxDepth is the nesting at which the YAML parser itself stops.
const yamlMaxDepth = 10000

type converter struct {
	file  string
	kind  *schemas.Kind
	lim   config.Limits
	diags *diag.List
	index Positions
	src   []byte
	lines []int // byte offset of each line's start in src, built on first use
	// limited is set when a limit cut the value short.
	limited bool
	values  int // values converted so far, against max-values
}

// full reports whether the file has given more findings than are shown;
// the converter then stops reading the record.
func (c *converter) full() bool { return len(*c.diags) > maxFindingsPerFile }

func (c *converter) add(n *yaml.Node, ptr string, rule *diag.Rule, format string, args ...any) {
	c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: n.Line, Column: n.Column}, Pointer: ptr, Rule: rule.ID, Severity: rule.Severity, Message: fmt.Sprintf(format, args...)})
}

// report adds a finding unless the file already has more than are shown.
func (c *converter) report(d diag.Diagnostic) {
	if !c.full() {
		c.diags.Add(d)
	}
}

// offset returns the byte offset in src of a position (1-based line,
// column in characters), or -1 when it is outside src.
func (c *converter) offset(p diag.Pos) int {
	if c.lines == nil {
		c.lines = diag.LineStarts(c.src)
	}
	if p.Line < 1 || p.Line > len(c.lines) || p.Column < 1 {
		return -1
	}
	off, end := c.lines[p.Line-1], diag.LineEnd(c.src, c.lines, p.Line-1)
	for col := 1; col < p.Column; col++ {
		if off >= end {
			return -1
		}
		_, size := utf8.DecodeRune(c.src[off:])
		off += size
	}
	return off
}

// value converts node n found at pointer ptr (tokens: its path) to JSON.
func (c *converter) value(n *yaml.Node, ptr string, tokens []string, depth int, key diag.Pos) any {
	c.values++
	if c.full() || c.values > c.lim.Values()+1 {
		return nil
	}
	if c.values > c.lim.Values() {
		c.limited = true
		c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: n.Line, Column: n.Column}, Pointer: ptr, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
			Message: fmt.Sprintf("over %d values in one record; records are small", c.lim.Values()),
			Hint:    "the record is not checked further; split it, or raise max-values"})
		return nil
	}
	if key.Line > 0 && n.Line > key.Line && n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0 {
		// The missing value of a "? key" with no ":" is placed by the
		// parser at the next token, or past the end of the file: put it
		// on its key.
		n.Line, n.Column = key.Line, key.Column
	}
	if c.index != nil {
		c.index[ptr] = Loc{Key: key, Value: diag.Pos{Line: n.Line, Column: n.Column}}
	}
	if depth > c.lim.Depth() {
		if !c.limited {
			c.limited = true
			c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: n.Line, Column: n.Column}, Pointer: ptr, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
				Message: fmt.Sprintf("nesting deeper than %d levels; records are shallow", c.lim.Depth()),
				Hint:    "the record is not checked further; the limit is max-depth"})
		}
		return nil
	}
	if n.Anchor != "" {
		c.add(n, ptr, ruleYAMLAlias, "anchor &%s; records use no anchors or aliases, write the value out", n.Anchor)
	}
	if n.Style&yaml.TaggedStyle != 0 {
		c.add(n, ptr, ruleYAMLTag, "explicit tag %s; records use no tags, quote the value instead", n.Tag)
	}
	switch n.Kind {
	case yaml.AliasNode:
		c.add(n, ptr, ruleYAMLAlias, "alias *%s; records use no anchors or aliases, write the value out", n.Value)
		return nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := diag.Pos{Line: k.Line, Column: k.Column}
			if k.Kind != yaml.ScalarNode || !textKey(k) {
				c.add(k, ptr, ruleYAMLKeyType, "key %s is a %s, not a field name", describeKey(k), yamlKindName(k))
				continue
			}
			if k.Style&yaml.TaggedStyle != 0 {
				c.add(k, ptr, ruleYAMLTag, "explicit tag %s on a key; write the field name plainly", k.Tag)
			}
			if k.Anchor != "" {
				c.add(k, ptr, ruleYAMLAlias, "anchor &%s; records use no anchors or aliases", k.Anchor)
			}
			name := k.Value
			if max := c.lim.StringSize(); len(name) > max {
				c.limited = true
				c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: k.Line, Column: k.Column}, Pointer: ptr, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
					Message: fmt.Sprintf("key of %d bytes is over the limit of %d bytes", len(name), max),
					Hint:    "the record is not checked further; keys are field names"})
				continue
			}
			cptr := ptr + "/" + record.EscapePointer(name)
			c.escapes(k, cptr)
			if _, dup := m[name]; dup {
				fp := firstKey(n, name)
				c.report(diag.Diagnostic{File: c.file, Pos: kp, Pointer: cptr, Rule: ruleYAMLDuplicateKey.ID, Severity: diag.Error,
					Message: fmt.Sprintf("duplicate key %q; first defined at %d:%d", name, fp.Line, fp.Column),
					Hint:    "keep one of the two"})
				continue
			}
			m[name] = c.value(v, cptr, append(tokens, name), depth+1, kp)
		}
		return m
	case yaml.SequenceNode:
		arr := make([]any, 0, len(n.Content))
		for i, v := range n.Content {
			idx := strconv.Itoa(i)
			arr = append(arr, c.value(v, ptr+"/"+idx, append(tokens, idx), depth+1, diag.Pos{}))
		}
		return arr
	case yaml.ScalarNode:
		return c.scalar(n, ptr, tokens)
	}
	return nil
}

// yaml11Bool reports the words YAML 1.1 reads as booleans: y, yes, n, no,
// on and off, in lowercase, capitalized or uppercase.
func yaml11Bool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

// textKey reports whether a scalar key is text, as YAML 1.2 reads it: a
// string, a tagged key (reported, read as written), or a number of the
// YAML parser that YAML 1.2 reads as text (CoreNumber).
func textKey(k *yaml.Node) bool {
	return k.Tag == "!!str" || k.Style&yaml.TaggedStyle != 0 || (k.Tag == "!!int" || k.Tag == "!!float") && !CoreNumber(k.Value)
}

// coreInt and coreFloat are the integers and floats of the YAML 1.2 core
// schema. The YAML parser reads more as numbers, as YAML 1.1 did:
// underscores (1_000), signed or uppercase prefixes (-0x1F, 0O17).
var (
	coreInt   = regexp.MustCompile(`^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$`)
	coreFloat = regexp.MustCompile(`^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`)
)

// CoreNumber reports whether a plain scalar that the YAML parser reads as
// a number is one in YAML 1.2; dossier reads the others as text.
func CoreNumber(s string) bool { return coreInt.MatchString(s) || coreFloat.MatchString(s) }

// firstKey returns the position of the first key named name in mapping n.
func firstKey(n *yaml.Node, name string) diag.Pos {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && textKey(k) && k.Value == name {
			return diag.Pos{Line: k.Line, Column: k.Column}
		}
	}
	return diag.Pos{}
}

func (c *converter) scalar(n *yaml.Node, ptr string, tokens []string) any {
	var field *schemas.Field
	if c.kind != nil {
		field = c.kind.FieldAt(tokens)
	}
	if n.Style&yaml.TaggedStyle != 0 {
		return n.Value // reported; read as the text written
	}
	if max := c.lim.StringSize(); len(n.Value) > max {
		c.limited = true
		c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: n.Line, Column: n.Column}, Pointer: ptr, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
			Message: fmt.Sprintf("text of %d bytes is over the limit of %d bytes", len(n.Value), max),
			Hint:    "the record is not checked further; shorten the text, or raise max-string-size"})
		return n.Value // kept, so that cross-record rules read the record as written
	}
	c.escapes(n, ptr)
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	textField := field != nil && field.Type == "string"
	switch n.Tag {
	case "!!str":
		if plain && textField && field.Enum == nil && yaml11Bool(n.Value) {
			c.report(diag.Diagnostic{File: c.file, Pos: diag.Pos{Line: n.Line, Column: n.Column}, Pointer: ptr, Rule: ruleYAMLBool.ID, Severity: ruleYAMLBool.Severity,
				Message: fmt.Sprintf("%q is read as text here, but YAML 1.1 tools read it as a boolean", n.Value),
				Hint:    fmt.Sprintf("quote it: %q", n.Value)})
		}
		if plain && n.Value != "" && strings.IndexByte("+-.0123456789", n.Value[0]) >= 0 && yamlFloat.MatchString(n.Value) {
			// a YAML 1.2 float the parser keeps as text because it is
			// out of the 64-bit range (1e400)
			return c.number(n, ptr)
		}
		if field != nil && field.Enum != nil {
			return n.Value
		}
		return n.Value
	case "!!timestamp":
		return n.Value // dates stay the text written
	case "!!int", "!!float":
		if textField && plain && field.Format == "edtf" {
			return n.Value // an unquoted year in a date field
		}
		if !CoreNumber(n.Value) {
			return n.Value // 1_000, -0x1F, 0O17: numbers in YAML 1.1, text in 1.2
		}
		return c.number(n, ptr)
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!null":
		return nil
	}
	return n.Value
}

func describeKey(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return strconv.Quote(k.Value)
	}
	return "at " + diag.Pos{Line: k.Line, Column: k.Column}.String()
}

func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "null"
	case "!!merge":
		return "merge key (<<)"
	}
	return n.Tag
}

// invalidUTF8 returns the position of the first invalid byte sequence.
func invalidUTF8(src []byte) (diag.Pos, bool) {
	if utf8.Valid(src) {
		return diag.Pos{}, true
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return posAt(src, i), false
		}
		i += size
	}
	return diag.Pos{}, true
}

// posAt converts a byte offset of src to a line and character column.
func posAt(src []byte, off int) diag.Pos { return diag.PosAt(src, off) }

// maxExactInt is the largest integer every JSON reader holds exactly:
// 2^53-1, the largest integer of a 64-bit float.
const maxExactInt = 1<<53 - 1

// number converts a YAML 1.2 number (tag !!int or !!float) to a JSON
// number, reporting the ones JSON readers cannot hold: NaN and the
// infinities, floats beyond the 64-bit range, and integers beyond ±2^53-1.
func (c *converter) number(n *yaml.Node, ptr string) any {
	switch strings.ToLower(strings.TrimLeft(n.Value, "+-")) {
	case ".nan", ".inf":
		c.add(n, ptr, ruleYAMLNumber, "%s is not a finite number; JSON has no NaN or infinity", n.Value)
		return nil
	}
	if n.Tag == "!!int" || isDecimalInt(n.Value) {
		b, ok := bigInt(n.Value)
		if !ok {
			return n.Value
		}
		if b.CmpAbs(big.NewInt(maxExactInt)) > 0 {
			c.add(n, ptr, ruleYAMLNumber, "%s is too large an integer: JSON readers hold integers exactly only up to %d (2^53-1)", diag.Clip(n.Value, 40), maxExactInt)
			return nil
		}
		return json.Number(b.String())
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	switch {
	case err == nil && f == 0 && nonZeroMantissa(n.Value):
		c.add(n, ptr, ruleYAMLNumber, "%s is too small for a 64-bit number and would be read as 0", diag.Clip(n.Value, 40))
		return nil
	case err == nil && !math.IsInf(f, 0) && !math.IsNaN(f):
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	case errors.Is(err, strconv.ErrRange) && f == 0:
		c.add(n, ptr, ruleYAMLNumber, "%s is too small for a 64-bit number and would be read as 0", diag.Clip(n.Value, 40))
		return nil
	case errors.Is(err, strconv.ErrRange):
		c.add(n, ptr, ruleYAMLNumber, "%s is too large for a 64-bit number (the largest is about 1.8e308)", diag.Clip(n.Value, 40))
		return nil
	}
	return n.Value
}

var decimalInt = regexp.MustCompile(`^[-+]?[0-9]+$`)

// yamlFloat is the YAML 1.2 core schema's float, as the parser reads it.
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// nonZeroMantissa reports whether a float literal has a digit other than 0
// before its exponent.
func nonZeroMantissa(s string) bool {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	return strings.ContainsAny(s, "123456789")
}

func isDecimalInt(s string) bool { return decimalInt.MatchString(s) }

// bigInt reads a YAML 1.2 integer (decimal, 0x, 0o) of any size.
func bigInt(s string) (*big.Int, bool) {
	s = strings.ReplaceAll(s, "_", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		s, base = s[2:], 16
	case strings.HasPrefix(s, "0o"):
		s, base = s[2:], 8
	}
	b, ok := new(big.Int).SetString(s, base)
	if ok && neg {
		b.Neg(b)
	}
	return b, ok
}

// escapes reports control characters written as escapes in a double-quoted
// scalar; ones written as is were reported before parsing.
func (c *converter) escapes(n *yaml.Node, ptr string) {
	if n.Kind != yaml.ScalarNode || n.Style&yaml.DoubleQuotedStyle == 0 || !hasControl(n.Value) {
		return
	}
	var found diag.List
	escapedControls(c.file, ptr, c.src, c.offset(diag.Pos{Line: n.Line, Column: n.Column}), diag.Pos{Line: n.Line, Column: n.Column}, &found)
	for _, d := range found {
		c.report(d)
	}
}

// hasControl reports whether s holds a character text-control rejects.
func hasControl(s string) bool {
	for _, r := range s {
		if r == '\r' || record.ControlName(r) != "" {
			return true
		}
	}
	return false
}

// looksUTF16 reports whether src reads as UTF-16 text of mostly ASCII
// characters: a NUL in most even (or most odd) bytes of its first 64 bytes
// and in none of the others.
func looksUTF16(src []byte) bool {
	n := min(len(src)&^1, 64)
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if src[i] == 0 {
			even++
		}
		if src[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return even*4 >= pairs*3 && odd == 0 || odd*4 >= pairs*3 && even == 0
}

// ParseFull is Parse without the fast path: the YAML parser reads the
// file, and the positions of every value come with the result.
func ParseFull(file string, src []byte, kind *schemas.Kind, lim config.Limits) *Result {
	return parse(file, src, kind, lim, true)
}
