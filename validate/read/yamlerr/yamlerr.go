// Package yamlerr places the syntax errors of the YAML parser: the line
// and column at fault, which the parser names only roughly, and a hint at
// the usual fix. Record files (validate/read) and dossier.yaml (config)
// report their syntax errors with it, alike.
package yamlerr

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/diag"

	"go.yaml.in/yaml/v3"
)

// yamlLine is how the YAML library names the line of a syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Locate turns a yaml.v3 parse error of src into a position and a message.
// The parser names a line only, and for a misplaced line inside a block
// often the line where the block starts; Locate finds the line at fault
// and, from the message, the column on it.
func Locate(err error, src []byte) (diag.Pos, string) {
	msg := err.Error()
	lines := bytes.Split(src, []byte("\n"))
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		// no line named: the parser's first line
		if p, long, ok := keyTooLong(lines, 1); ok {
			return p, long
		}
		return diag.Pos{Line: 1, Column: 1}, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	msg = m[2]
	if strings.HasPrefix(msg, "did not find expected") {
		line = faultLine(src, lines, line, msg)
	}
	if strings.Contains(msg, "tab character") || strings.HasPrefix(msg, "found character that cannot start any token") {
		// the parser may name the line before the tab's
		for l := line; l >= 1 && l <= len(lines) && l <= line+1; l++ {
			t := lines[l-1]
			if bytes.IndexByte(t[:len(t)-len(bytes.TrimLeft(t, " \t"))], '\t') >= 0 {
				line = l
				break
			}
		}
	}
	if p, long, ok := keyTooLong(lines, line); ok {
		return p, long
	}
	if line < 1 || line > len(lines) {
		return diag.Pos{Line: line, Column: 1}, msg
	}
	return diag.Pos{Line: line, Column: faultColumn(string(bytes.TrimRight(lines[line-1], "\r")), msg)}, msg
}

// maxKey is the longest key, in characters from its first (a quote
// included) to the colon, that the YAML parser reads: a simple key of
// the YAML specification.
const maxKey = 1024

// longKeyMessage starts the message of a key over maxKey.
const longKeyMessage = "a key of "

// keyTooLong reports a key over maxKey on line n of lines (1-based), the
// cause of any syntax error there: the parser does not read it as a key,
// and says instead that a colon is missing or not allowed.
func keyTooLong(lines [][]byte, n int) (diag.Pos, string, bool) {
	if n < 1 || n > len(lines) {
		return diag.Pos{}, "", false
	}
	text := string(bytes.TrimRight(lines[n-1], "\r"))
	col, size, ok := longKey(text)
	if !ok {
		return diag.Pos{}, "", false
	}
	return diag.Pos{Line: n, Column: col}, fmt.Sprintf("%s%d characters; YAML reads a key of at most %d characters", longKeyMessage, size, maxKey), true
}

// longKey finds on a line of YAML a key of more than maxKey characters:
// text before ": " that starts the line (after "- " or "? "), or follows
// "{", "[" or "," (a flow mapping), quoted or not. It returns the key's
// column and its length in characters.
func longKey(text string) (col, size int, ok bool) {
	const (
		none  = -1 // no key may start here (a value is being read)
		ahead = -2 // a key may start at the next character that is no space
	)
	start := ahead
	for i := 0; i < len(text); i++ {
		c := text[i]
		if start == ahead {
			switch {
			case c == ' ' || c == '\t':
				continue
			case (c == '-' || c == '?') && (i+1 == len(text) || text[i+1] == ' '):
				continue
			case c == '#':
				return 0, 0, false
			}
			start = i
			if c == '"' || c == '\'' {
				i = quoteEnd(text, i)
				continue
			}
		}
		switch {
		case c == '{' || c == '[' || c == ',':
			start = ahead
		case c == ':' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'):
			if start >= 0 {
				if n := utf8.RuneCountInString(text[start:i]); n > maxKey {
					return 1 + utf8.RuneCountInString(text[:start]), n, true
				}
			}
			start = none
		case c == ' ' && i+1 < len(text) && text[i+1] == '#':
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// quoteEnd returns the offset of the quote that closes the one at i in
// text, or the last offset when the line does not close it.
func quoteEnd(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch {
		case q == '"' && text[j] == '\\':
			j++
		case text[j] == q && q == '\'' && j+1 < len(text) && text[j+1] == '\'':
			j++
		case text[j] == q:
			return j
		}
	}
	return len(text) - 1
}

// Hint says how to fix the usual causes of msg, a message of Locate about
// line n (1-based) of src.
func Hint(msg string, src []byte, n int) string {
	line := lineAt(src, n)
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	switch {
	case strings.HasPrefix(msg, longKeyMessage):
		return "keys are field names: shorten it, or write the text as the value of a field"
	case strings.Contains(msg, "tab character"), strings.HasPrefix(msg, "found character that cannot start any token") && strings.Contains(indent, "\t"):
		return "indent with spaces, not tabs"
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		return "quote a value that starts with @ or `"
	case strings.HasPrefix(msg, "found unexpected end of stream"):
		return "close the quote that starts here"
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		return "quote a value that holds \": \", or fix the indentation of this key"
	case strings.HasPrefix(msg, "did not find expected ',' or"):
		return "close the list or mapping that opens here"
	case strings.HasPrefix(msg, "block sequence entries are not allowed"):
		return "start a list on the line after its key, indented"
	case strings.HasPrefix(msg, "did not find expected '-' indicator"):
		return "indent this line like the keys of the list item above it, or start a new item with -"
	case strings.HasPrefix(msg, "did not find expected key"):
		return "indent this line like the other keys of its mapping"
	}
	return "check the indentation, quotes and colons on this line and the one before"
}

// lineAt returns line n (1-based) of src, "" when there is none.
func lineAt(src []byte, n int) string {
	starts := diag.LineStarts(src)
	if n < 1 || n > len(starts) {
		return ""
	}
	return string(src[starts[n-1]:diag.LineEnd(src, starts, n-1)])
}

// maxFaultSearch bounds the files faultLine re-parses, so that a syntax
// error costs a few parses of a small file at most.
const maxFaultSearch = 64 << 10

// faultLine finds the first line at which the text up to it fails with
// msg: the parser reports where the enclosing block starts, not the line
// that breaks it. It re-parses prefixes of src, by bisection.
func faultLine(src []byte, lines [][]byte, from int, msg string) int {
	if len(src) > maxFaultSearch || from < 1 {
		return from
	}
	fails := func(k int) bool {
		prefix := bytes.Join(lines[:k], []byte("\n"))
		var n yaml.Node
		err := yaml.NewDecoder(bytes.NewReader(prefix)).Decode(&n)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
	lo, hi := from, len(lines) // fails(hi) holds: it is the whole file
	if !fails(hi) {
		return from
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// faultColumn picks the column on a line that a parser message points at:
// the tab, the quote, the colon or the bracket; else the first non-blank
// character.
func faultColumn(text, msg string) int {
	col := func(byteOff int) int { return 1 + utf8.RuneCountInString(text[:byteOff]) }
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	switch {
	case strings.Contains(msg, "tab character"):
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			return col(i)
		}
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		if i := strings.IndexByte(text[:indent], '\t'); i >= 0 {
			return col(i)
		}
		if i := strings.IndexAny(text, "@`\t"); i >= 0 {
			return col(i)
		}
	case strings.HasPrefix(msg, "found unexpected end of stream"):
		if i := strings.IndexAny(text, "\"'"); i >= 0 {
			return col(i) // the quote that is never closed
		}
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		var colons []int
		for i := 0; i < len(text); i++ {
			if text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t') {
				colons = append(colons, i)
			}
		}
		switch {
		case len(colons) >= 2:
			return col(colons[1]) // key: value: — the second colon
		case len(colons) == 1 && indent == 0:
			return col(colons[0])
		}
	case strings.HasPrefix(msg, "block sequence entries are not allowed"):
		if i := strings.Index(text, ": - "); i >= 0 {
			return col(i + 2)
		}
	case strings.HasPrefix(msg, "exceeded max depth"):
		if i := strings.IndexAny(text, "[{"); i >= 0 {
			return col(i) // where the flow nesting starts
		}
	case strings.HasPrefix(msg, "did not find expected ',' or"):
		if i := strings.LastIndexAny(text, "[{"); i >= 0 {
			return col(i) // the bracket that is not closed
		}
	}
	return col(indent)
}
