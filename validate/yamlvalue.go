package validate

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

	"dossier/schemas"

	"go.yaml.in/yaml/v3"
)

// loc is where one value of a record sits in its file.
type loc struct {
	Key   Pos // position of the key naming the value; zero for array items and the root
	Value Pos // position of the value itself
}

// parsed is one record file read under the strict profile.
type parsed struct {
	value any            // JSON value: map[string]any, []any, string, json.Number, bool or nil
	index map[string]loc // JSON pointer -> positions
	root  *yaml.Node     // the document's top node; nil when the file did not parse
}

// parseRecord reads src under the strict YAML profile and builds the JSON
// value of the record. Findings go to diags; the returned value is nil when
// the file holds no usable document. kind may be nil (unknown folder); it is
// used to read unquoted dates and years in EDTF fields as text.
func parseRecord(file string, src []byte, kind *schemas.Kind, lim Limits, diags *List) parsed {
	var p parsed
	if len(src) >= 2 && (src[0] == 0xFE && src[1] == 0xFF || src[0] == 0xFF && src[1] == 0xFE) {
		diags.Addf(file, Pos{1, 1}, "", ruleYAMLEncoding.ID, Error, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); records are UTF-8")
		return p
	}
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		diags.Addf(file, Pos{1, 1}, "", ruleYAMLBOM.ID, Error, "the file starts with a UTF-8 byte-order mark; save it without BOM")
		src = src[3:]
	}
	if pos, ok := invalidUTF8(src); !ok {
		diags.Addf(file, pos, "", ruleYAMLEncoding.ID, Error, "invalid UTF-8 byte sequence; save the file as UTF-8")
		return p
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		diags.Addf(file, posAt(src, i), "", ruleYAMLEncoding.ID, Error, "NUL byte in the file; records are text")
		return p
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			diags.Addf(file, Pos{1, 1}, "", ruleYAMLEmpty.ID, Error, "the file is empty; it should hold one record")
			return p
		}
		pos, msg := yamlError(err, src)
		diags.Add(Diagnostic{File: file, Pos: pos, Rule: ruleYAMLSyntax.ID, Severity: Error, Message: msg,
			Hint: "check the indentation, quotes and colons on this line and the one before"})
		return p
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		diags.Addf(file, Pos{extra.Line, extra.Column}, "", ruleYAMLMultiDocument.ID, Error, "a second YAML document; a record file holds exactly one")
	} else if !errors.Is(err, io.EOF) {
		pos, msg := yamlError(err, src)
		diags.Addf(file, pos, "", ruleYAMLSyntax.ID, Error, "%s", msg)
	}
	if len(doc.Content) == 0 {
		diags.Addf(file, Pos{1, 1}, "", ruleYAMLEmpty.ID, Error, "the file holds no record, only comments")
		return p
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" && root.Value == "" {
		diags.Addf(file, Pos{1, 1}, "", ruleYAMLEmpty.ID, Error, "the file holds no record")
		return p
	}
	c := converter{file: file, kind: kind, lim: lim, diags: diags, index: map[string]loc{}}
	p.value = c.value(root, "", nil, 1, Pos{})
	p.index = c.index
	p.root = root
	return p
}

type converter struct {
	file  string
	kind  *schemas.Kind
	lim   Limits
	diags *List
	index map[string]loc
	deep  bool // depth limit already reported
}

func (c *converter) add(n *yaml.Node, ptr string, rule *Rule, format string, args ...any) {
	c.diags.Addf(c.file, Pos{n.Line, n.Column}, ptr, rule.ID, rule.Severity, format, args...)
}

// value converts node n found at pointer ptr (tokens: its path) to JSON.
func (c *converter) value(n *yaml.Node, ptr string, tokens []string, depth int, key Pos) any {
	c.index[ptr] = loc{Key: key, Value: Pos{n.Line, n.Column}}
	if depth > c.lim.maxDepth() {
		if !c.deep {
			c.deep = true
			c.diags.Addf(c.file, Pos{n.Line, n.Column}, ptr, ruleSchemaOther.ID, Error, "nesting deeper than %d levels; records are shallow", c.lim.maxDepth())
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
		first := make(map[string]Pos, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := Pos{k.Line, k.Column}
			if k.Kind != yaml.ScalarNode || (k.Tag != "!!str" && k.Style&yaml.TaggedStyle == 0) {
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
			cptr := ptr + "/" + escapePointer(name)
			if fp, dup := first[name]; dup {
				c.diags.Add(Diagnostic{File: c.file, Pos: kp, Pointer: cptr, Rule: ruleYAMLDuplicateKey.ID, Severity: Error,
					Message: fmt.Sprintf("duplicate key %q; first defined at %d:%d", name, fp.Line, fp.Column),
					Hint:    "keep one of the two"})
				continue
			}
			first[name] = kp
			m[name] = c.value(v, cptr, append(tokens, name), depth+1, kp)
		}
		return m
	case yaml.SequenceNode:
		arr := make([]any, 0, len(n.Content))
		for i, v := range n.Content {
			idx := strconv.Itoa(i)
			arr = append(arr, c.value(v, ptr+"/"+idx, append(tokens, idx), depth+1, Pos{}))
		}
		return arr
	case yaml.ScalarNode:
		return c.scalar(n, ptr, tokens)
	}
	return nil
}

var yaml11Bool = regexp.MustCompile(`^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$`)

func (c *converter) scalar(n *yaml.Node, ptr string, tokens []string) any {
	var field *schemas.Field
	if c.kind != nil {
		field = c.kind.FieldAt(tokens)
	}
	if n.Style&yaml.TaggedStyle != 0 {
		return n.Value // reported; read as the text written
	}
	if max := c.lim.maxString(); len(n.Value) > max {
		c.diags.Addf(c.file, Pos{n.Line, n.Column}, ptr, ruleSchemaLength.ID, Error, "text of %d bytes is longer than the limit of %d", len(n.Value), max)
		return n.Value[:0]
	}
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	textField := field != nil && field.Type == "string"
	switch n.Tag {
	case "!!str":
		if plain && textField && field.Enum == nil && yaml11Bool.MatchString(n.Value) {
			c.diags.Add(Diagnostic{File: c.file, Pos: Pos{n.Line, n.Column}, Pointer: ptr, Rule: ruleYAMLBool.ID, Severity: ruleYAMLBool.Severity,
				Message: fmt.Sprintf("%q is read as text here, but YAML 1.1 tools read it as a boolean", n.Value),
				Hint:    fmt.Sprintf("quote it: %q", n.Value)})
		}
		return n.Value
	case "!!timestamp":
		return n.Value // dates stay the text written
	case "!!int", "!!float":
		if textField && plain && field.Format == "edtf" {
			return n.Value // an unquoted year in a date field
		}
		if n.Tag == "!!int" {
			return intNumber(n.Value)
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			switch strings.ToLower(strings.TrimLeft(n.Value, "+-")) {
			case ".nan", ".inf":
				c.add(n, ptr, ruleYAMLNumber, "%s is not a finite number; JSON has no NaN or infinity", n.Value)
				return nil
			}
			return n.Value
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!null":
		return nil
	}
	return n.Value
}

// intNumber converts a YAML 1.2 integer (decimal, 0x, 0o) to a JSON number
// of any size.
func intNumber(s string) json.Number {
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		return json.Number(strconv.FormatInt(v, 10))
	}
	b, ok := new(big.Int).SetString(strings.Replace(s, "0o", "0", 1), 0)
	if !ok {
		return json.Number(s)
	}
	return json.Number(b.String())
}

func describeKey(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return strconv.Quote(k.Value)
	}
	return "at " + Pos{k.Line, k.Column}.String()
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

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// invalidUTF8 returns the position of the first invalid byte sequence.
func invalidUTF8(src []byte) (Pos, bool) {
	if utf8.Valid(src) {
		return Pos{}, true
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return posAt(src, i), false
		}
		i += size
	}
	return Pos{}, true
}

// posAt converts a byte offset of src to a line and character column.
func posAt(src []byte, off int) Pos {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	col := 1
	for i := start; i < off; {
		_, size := utf8.DecodeRune(src[i:off])
		i += size
		col++
	}
	return Pos{line, col}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 parse error into a position and a message. The
// parser names the line only; the column is that line's first non-blank
// character.
func yamlError(err error, src []byte) (Pos, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col := 1
		lines := bytes.Split(src, []byte("\n"))
		if line >= 1 && line <= len(lines) {
			text := lines[line-1]
			col = 1 + utf8.RuneCount(text) - utf8.RuneCount(bytes.TrimLeft(text, " \t"))
		}
		return Pos{line, col}, m[2]
	}
	return Pos{1, 1}, strings.TrimPrefix(msg, "yaml: ")
}
