package canonical

import (
	"strings"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/read"

	"go.yaml.in/yaml/v3"
)

// formatter rewrites a parsed document in place into its canonical form.
type formatter struct{}

// document formats the record at the top of doc.
func (f formatter) document(doc *yaml.Node, kind *schemas.Kind) {
	if len(doc.Content) == 0 {
		return
	}
	var root *schemas.Field
	if kind != nil {
		root = &schemas.Field{Type: "object", Fields: kind.Fields}
	}
	f.node(doc.Content[0], nil, root)
	lineComment(doc.Content[0], nil)
}

// node formats n, the value of field fd (nil when the schema does not
// declare it). k is n's key, nil for a list item or the whole record.
func (f formatter) node(n, k *yaml.Node, fd *schemas.Field) {
	if keepFlow(n, k) {
		defer func() { n.Style = yaml.FlowStyle }()
	}
	switch n.Kind {
	case yaml.MappingNode:
		var fields []*schemas.Field
		if fd != nil {
			fields = fd.Fields
		}
		n.Content = reorder(n.Content, fields)
		n.Style = 0
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key(k)
			f.node(v, k, field(fields, k.Value))
			if i > 0 {
				blockAfterFoot(v, n.Content[i-1])
			}
			lineComment(v, k)
			oneLine(k, v)
		}
	case yaml.SequenceNode:
		n.Style = 0
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		var item *schemas.Field
		if fd != nil {
			item = fd.Items
		}
		for i, c := range n.Content {
			f.node(c, nil, item)
			if i > 0 {
				blockAfterFoot(c, n.Content[i-1])
			}
			lineComment(c, nil)
		}
	case yaml.ScalarNode:
		scalar(n, fd)
	}
}

// oneLine places the comments between a key and its value when the two
// are written on one line (a text, or a list or mapping in flow style):
// the YAML library writes a comment above the value after it, where below
// a block it is read back as part of the block, and drops the key's own
// line comment when the value has one. Both go above the key, except
// that the key's line comment ends the line when the value has none.
func oneLine(k, v *yaml.Node) {
	if v.Kind != yaml.ScalarNode && v.Style&yaml.FlowStyle == 0 {
		return
	}
	above := []string{k.HeadComment}
	if k.LineComment != "" && v.LineComment == "" {
		v.LineComment = k.LineComment
	} else {
		above = append(above, k.LineComment)
	}
	above = append(above, v.HeadComment)
	k.HeadComment, k.LineComment, v.HeadComment = joinComments(above), "", ""
}

// joinComments joins the comments that are not empty, one under another.
func joinComments(cs []string) string {
	var out []string
	for _, c := range cs {
		if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n")
}

// keepFlow reports whether a list or mapping written in flow style stays
// so: when a silence covers its line, and no comment is inside it. A
// silence covers the findings of its own line, or of the line below when
// it stands alone: in block style the entries would be on lines it does
// not cover. The silence is the comment at the end of the line, or one
// above the line: above n's key k (nil for a list item), or above n
// itself, which the canonical form puts on its key's line (where the
// silence would cover the key too: keepsSilences then refuses the file).
func keepFlow(n, k *yaml.Node) bool {
	if n.Style&yaml.FlowStyle == 0 || len(n.Content) == 0 {
		return false
	}
	silence := strings.Contains(n.LineComment, read.IgnoreMark) || strings.Contains(n.HeadComment, read.IgnoreMark) ||
		k != nil && strings.Contains(k.HeadComment, read.IgnoreMark)
	if !silence {
		return false
	}
	var inner func(n *yaml.Node) bool
	inner = func(n *yaml.Node) bool {
		for _, c := range n.Content {
			if c.HeadComment != "" || c.LineComment != "" || c.FootComment != "" || inner(c) {
				return true
			}
		}
		return false
	}
	return !inner(n)
}

// blockAfterFoot writes n, kept in flow style, as a block when the node
// before it, prev, ends with a comment below it: the YAML library writes
// that comment between n's key and n, where it cannot be read back. The
// silence that kept n in flow style then covers other lines, and Format
// leaves the file as written (keepsSilences).
func blockAfterFoot(n, prev *yaml.Node) {
	if n.Style&yaml.FlowStyle == 0 || len(n.Content) == 0 {
		return
	}
	for p := prev; ; p = p.Content[len(p.Content)-1] {
		if p.FootComment != "" {
			n.Style = 0
			return
		}
		if len(p.Content) == 0 {
			return
		}
	}
}

// lineComment moves the comment at the end of a list or mapping written
// in flow style ([a, b]  # c) to where the block it becomes starts: the
// line of its key, or the first line of a list item. The YAML library
// would write it further down, where it reads as another line's comment
// (a silence then silences the wrong line), or not at all. k is n's key,
// nil for a list item or the whole record.
func lineComment(n, k *yaml.Node) {
	if n.LineComment == "" || n.Style&yaml.FlowStyle != 0 || len(n.Content) == 0 {
		return // a scalar, or kept in flow style: the comment stays on n
	}
	to := k
	if to == nil {
		to = firstLine(n)
	}
	if to.LineComment == "" {
		to.LineComment, n.LineComment = n.LineComment, ""
		return
	}
	// That line has a comment already: this one goes alone above the
	// block's first entry.
	first := n.Content[0]
	first.HeadComment, n.LineComment = joinComments([]string{first.HeadComment, n.LineComment}), ""
}

// firstLine returns the node whose line comment the YAML library writes at
// the end of the first line of n in block style.
func firstLine(n *yaml.Node) *yaml.Node {
	for len(n.Content) > 0 && n.Style&yaml.FlowStyle == 0 {
		switch first := n.Content[0]; {
		case n.Kind == yaml.MappingNode && len(n.Content) > 1 && n.Content[1].Kind != yaml.ScalarNode && len(n.Content[1].Content) > 0 && n.Content[1].Style&yaml.FlowStyle == 0:
			return first // "key:", its value a block below it
		case n.Kind == yaml.MappingNode && len(n.Content) > 1:
			n = n.Content[1] // "key: value"
		default:
			n = first
		}
	}
	return n
}

func field(fields []*schemas.Field, name string) *schemas.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// reorder returns the key/value pairs of a mapping with the schema's fields
// first, in schema order, then every other key in the order written.
func reorder(content []*yaml.Node, fields []*schemas.Field) []*yaml.Node {
	if len(fields) == 0 {
		return content
	}
	out := make([]*yaml.Node, 0, len(content))
	used := make([]bool, len(content)/2)
	for _, f := range fields {
		for i := 0; i+1 < len(content); i += 2 {
			if !used[i/2] && content[i].Value == f.Name {
				used[i/2] = true
				out = append(out, content[i], content[i+1])
				break
			}
		}
	}
	for i := 0; i+1 < len(content); i += 2 {
		if !used[i/2] {
			out = append(out, content[i], content[i+1])
		}
	}
	return out
}

// key gives a mapping key its canonical style: plain unless quotes are
// needed.
func key(k *yaml.Node) {
	if k.Kind != yaml.ScalarNode {
		return
	}
	k.Tag = "!!str"
	if plainKey(k.Value) {
		k.Style = 0
	} else {
		k.Style = quoteStyle(k.Value)
	}
}

// scalar gives a value its canonical style and spelling. The JSON value it
// stands for never changes: text stays text (quoted where a reader would
// take it for a number, a boolean, null or a date), numbers keep the digits
// written, booleans and null get their one YAML 1.2 spelling.
func scalar(n *yaml.Node, fd *schemas.Field) {
	edtf := fd != nil && fd.Type == "string" && fd.Format == "edtf"
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	switch n.Tag {
	case "!!int", "!!float":
		if edtf && plain {
			text(n, true) // dossier reads an unquoted year in a date field as text
			return
		}
		if plain && !read.CoreNumber(n.Value) {
			text(n, false) // 1_000: a number to YAML 1.1, text to YAML 1.2
			return
		}
		n.Style = 0
	case "!!bool":
		if n.Value == "true" || n.Value == "True" || n.Value == "TRUE" {
			n.Value = "true"
		} else {
			n.Value = "false"
		}
		n.Style = 0
	case "!!null":
		n.Value = "null"
		n.Style = 0
	default: // !!str and !!timestamp: dossier reads both as the text written
		text(n, edtf)
	}
}

// text makes n a string node with its canonical style. Dates (EDTF fields)
// are always double-quoted, so that every date looks the same and no YAML
// reader takes 2023-06-20 for a timestamp or 2019 for a number.
func text(n *yaml.Node, date bool) {
	n.Tag = "!!str"
	s := n.Value
	switch {
	case containsNewline(s) && literal(s):
		n.Style = yaml.LiteralStyle
	case date:
		n.Style = yaml.DoubleQuotedStyle
	case plainValue(s):
		n.Style = 0
	default:
		n.Style = quoteStyle(s)
	}
}

// literal reports whether a text over several lines can be a literal
// block (|) that the YAML library reads back as written. Not when it
// starts with a tab (the library writes no indentation indicator for it),
// nor when it ends in more than one line break or is only line breaks:
// those need keep chomping (|+), which reads a comment or the end of the
// file after the block as more breaks. Such texts are double-quoted.
func literal(s string) bool {
	body := strings.TrimRight(s, "\n")
	return s[0] != '\t' && body != "" && len(s)-len(body) <= 1
}

func containsNewline(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return true
		}
	}
	return false
}
