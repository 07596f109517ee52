package canonical

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// sourceComment is one comment of a file: its text from "#" to the end of its
// line (trailing blanks dropped) and where it starts.
type sourceComment struct {
	text         string
	line, column int // from 1; the column counts characters
}

// comments lists every comment of src in order. Not every comment is in
// the YAML library's tree (it drops one after "[" or "{" on a line, or
// after "..."), so they are found in the bytes: any "#" may start one (the
// library also reads one right after a closing quote or a ","), unless it
// lies inside a text. To tell which, a numbered marker is put after every
// "#" and the file is read once more: a marker that turns up in a key or
// a value was inside a text; the first other "#" of a line starts its
// comment. A file that does not read back is an error.
func comments(src []byte) ([]sourceComment, error) {
	type cand struct{ off, line, col int }
	var cands []cand
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == '#':
			cands = append(cands, cand{i, line, col})
		case lineBreak(r):
			if r == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				size++
			}
			line, col, i = line+1, 1, i+size
			continue
		}
		col, i = col+1, i+size
	}
	if len(cands) == 0 {
		return nil, nil
	}
	tok := "Qz"
	for bytes.Contains(src, []byte(tok)) {
		tok += "z"
	}
	var marked bytes.Buffer
	last := 0
	for i, c := range cands {
		marked.Write(src[last : c.off+1])
		marked.WriteString(tok + strconv.Itoa(i) + tok)
		last = c.off + 1
	}
	marked.Write(src[last:])
	var doc yaml.Node
	if err := yaml.Unmarshal(marked.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("reading its comments: %v", err)
	}
	inText := map[int]bool{}
	find := regexp.MustCompile(regexp.QuoteMeta(tok) + `([0-9]+)` + regexp.QuoteMeta(tok))
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			for _, m := range find.FindAllStringSubmatch(n.Value, -1) {
				i, _ := strconv.Atoi(m[1])
				inText[i] = true
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	var out []sourceComment
	for i, c := range cands {
		if inText[i] || (len(out) > 0 && out[len(out)-1].line == c.line) {
			continue
		}
		end := c.off
		for end < len(src) {
			r, size := utf8.DecodeRune(src[end:])
			if lineBreak(r) {
				break
			}
			end += size
		}
		text := strings.TrimRight(string(src[c.off:end]), " \t")
		out = append(out, sourceComment{text: text, line: c.line, column: c.col})
	}
	return out, nil
}

// lineBreak reports whether the YAML library ends a line at r.
func lineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029'
}

// lostComment returns the first comment of in that out does not hold as
// many times, if any.
func lostComment(in, out []sourceComment) (sourceComment, bool) {
	have := map[string]int{}
	for _, c := range out {
		have[c.text]++
	}
	for _, c := range in {
		if have[c.text] == 0 {
			return c, true
		}
		have[c.text]--
	}
	return sourceComment{}, false
}

// count returns how many comments of cs have the text.
func count(cs []sourceComment, text string) int {
	n := 0
	for _, c := range cs {
		if c.text == text {
			n++
		}
	}
	return n
}

// readComments counts, by text, the comment lines the YAML library reads
// in src: the comments it keeps when it writes the file again.
func readComments(src []byte) map[string]int {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil {
		return nil
	}
	out := map[string]int{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					out[line]++
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out
}
