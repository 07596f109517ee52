package canonical

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yaml11 matches plain text that YAML 1.1 readers (and so many tools that
// will read the records) take for something other than a string: booleans
// and their yes/no/on/off forms, null, numbers in every 1.1 notation
// (binary, octal, hex, underscores, base 60, .inf, .nan), timestamps, and
// the merge and value keys.
var yaml11 = regexp.MustCompile(`^(?:` +
	`y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF` +
	`|~|null|Null|NULL` +
	`|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7]+` +
	`|[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?` +
	`|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?` +
	`|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` +
	`|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?` +
	`|<<|=` +
	`)$`)

// lookalike reports whether yaml11 matches s, skipping the regular
// expression for the text that cannot match: every alternative starts with
// one of a few characters, and those starting with a letter are short.
func lookalike(s string) bool {
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-', c == '.', c == '~', c == '<', c == '=':
	case strings.IndexByte("yYnNtTfFoO", c) >= 0:
		if len(s) > len("FALSE") {
			return false
		}
	default:
		return false
	}
	return yaml11.MatchString(s)
}

// plainValue reports whether s can be written unquoted as a mapping value
// or list item and be read back, by dossier and by any YAML 1.1 or 1.2
// reader, as the same string.
func plainValue(s string) bool {
	if !plainText(s) {
		return false
	}
	if simple(s) {
		return true
	}
	return readsBack("k: "+s, func(doc *yaml.Node) *yaml.Node {
		if m := top(doc); m != nil && m.Kind == yaml.MappingNode && len(m.Content) == 2 {
			return m.Content[1]
		}
		return nil
	}, s)
}

// plainKey is plainValue for a mapping key.
func plainKey(s string) bool {
	if !plainText(s) {
		return false
	}
	if simple(s) {
		return true
	}
	return readsBack(s+": v", func(doc *yaml.Node) *yaml.Node {
		if m := top(doc); m != nil && m.Kind == yaml.MappingNode && len(m.Content) == 2 {
			return m.Content[0]
		}
		return nil
	}, s)
}

// plainText rules out what plain YAML can never hold: empty text, outer
// spaces, characters that are not printable, and the YAML 1.1 look-alikes.
func plainText(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || lookalike(s) {
		return false
	}
	for _, r := range s {
		if !printable(r) || r == '\t' {
			return false
		}
	}
	return true
}

// simple reports whether s is plain text without any YAML indicator to
// worry about: it starts with a letter and holds no ':' or '#'.
func simple(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) && !strings.ContainsAny(s, ":#")
}

func top(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	return doc.Content[0]
}

// readsBack parses src and reports whether the node pick finds in it is a
// plain string scalar equal to want.
func readsBack(src string, pick func(*yaml.Node) *yaml.Node, want string) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return false
	}
	n := pick(&doc)
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 && n.Value == want &&
		n.HeadComment == "" && n.LineComment == "" && n.FootComment == ""
}

// printable is YAML's c-printable without the line breaks, and without the
// characters editors hide (byte-order mark, line and paragraph separators).
func printable(r rune) bool {
	switch {
	case r == '\t':
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return false
	case r == 0xFEFF, r == 0x2028, r == 0x2029, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r != utf8.RuneError
}

// quoteStyle picks the quotes that need the fewest escapes: double quotes,
// or single quotes when the text holds more double quotes and backslashes
// than single quotes. Text with characters only double quotes can escape
// always gets double quotes.
func quoteStyle(s string) yaml.Style {
	for _, r := range s {
		if !printable(r) || r == '\n' {
			return yaml.DoubleQuotedStyle
		}
	}
	if strings.Count(s, `"`)+strings.Count(s, `\`) > strings.Count(s, "'") {
		return yaml.SingleQuotedStyle
	}
	return yaml.DoubleQuotedStyle
}
