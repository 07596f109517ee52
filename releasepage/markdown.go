package releasepage

import (
	"html"
	"strings"
)

// block is one block of Markdown as the page shows it: a heading, a
// paragraph, a list or a table. The changelog and the dataset description
// are Markdown; the page reads the small part of Markdown they use
// (headings, "-" and "*" lists, pipe tables, paragraphs, `code`) and shows
// anything else as text. Nothing of it reaches the page as HTML.
type block struct {
	Heading int      // 1.. for a heading (the page shifts its level), 0 otherwise
	Text    []inline // heading or paragraph
	Items   [][]inline
	Table   *mdTable
}

// mdTable is a pipe table: a header row, then the body.
type mdTable struct {
	Head []cell
	Rows [][]cell
}

// cell is one cell of a table; Num is set for a column aligned right.
type cell struct {
	Text []inline
	Num  bool
}

// inline is a run of text; Code marks `code`, and Ref is set when the code
// is the ID of a record of the release, which the page links.
type inline struct {
	Text string
	Code bool
	Ref  string
}

// readMarkdown splits Markdown text into blocks. known reports whether an
// ID is a record of the release.
func readMarkdown(md []byte, known func(string) bool) []block {
	var blocks []block
	var para []string
	var list *block
	var table []string
	flush := func() {
		if len(table) > 0 {
			blocks = append(blocks, tableBlock(table, known))
			table = nil
		}
		if len(para) > 0 {
			blocks = append(blocks, block{Text: inlines(strings.Join(para, " "), known)})
			para = nil
		}
		if list != nil {
			blocks = append(blocks, *list)
			list = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(md), "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "|"):
			if len(table) == 0 {
				flush()
			}
			table = append(table, trimmed)
			continue
		case strings.HasPrefix(trimmed, "#"):
			flush()
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			text := strings.TrimSpace(trimmed[level:])
			if level > 6 || (text != "" && !strings.HasPrefix(trimmed[level:], " ")) {
				para = append(para, trimmed)
				continue
			}
			blocks = append(blocks, block{Heading: level, Text: inlines(text, known)})
		case strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* "):
			if len(para) > 0 {
				flush()
			}
			if list == nil {
				list = &block{}
			}
			list.Items = append(list.Items, inlines(strings.TrimSpace(trimmed[2:]), known))
		case list != nil && line != trimmed:
			// An indented line continues the last item.
			last := &list.Items[len(list.Items)-1]
			*last = append(*last, inline{Text: " "})
			*last = append(*last, inlines(trimmed, known)...)
		default:
			if list != nil {
				flush()
			}
			para = append(para, trimmed)
		}
	}
	flush()
	return blocks
}

// tableBlock reads the lines of a pipe table. The second line, when it is
// a delimiter row (|---|---:|), sets which columns align right; without
// one every line is a body row.
func tableBlock(lines []string, known func(string) bool) block {
	split := func(line string) []string {
		line = strings.TrimPrefix(line, "|")
		if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
			line = line[:len(line)-1]
		}
		cells := splitCells(line)
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	t := &mdTable{}
	var right []bool
	body := lines
	if len(lines) >= 2 && isDelimiterRow(lines[1]) {
		for _, c := range split(lines[1]) {
			right = append(right, strings.HasSuffix(c, ":") && !strings.HasPrefix(c, ":"))
		}
		for i, c := range split(lines[0]) {
			t.Head = append(t.Head, cell{Text: inlines(c, known), Num: i < len(right) && right[i]})
		}
		body = lines[2:]
	}
	for _, line := range body {
		var row []cell
		for i, c := range split(line) {
			row = append(row, cell{Text: inlines(c, known), Num: i < len(right) && right[i]})
		}
		t.Rows = append(t.Rows, row)
	}
	return block{Table: t}
}

// splitCells splits a table row at each "|" that no backslash escapes.
func splitCells(line string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, line[start:i])
			start = i + 1
		}
	}
	return append(cells, line[start:])
}

func isDelimiterRow(line string) bool {
	return strings.Trim(line, "|-: ") == "" && strings.Contains(line, "-")
}

// inlines splits text into plain and code runs as a Markdown reader does:
// a code span opens with a run of backquotes and closes with the next run
// of as many; a backquote escaped with a backslash outside code (\`) is
// a plain backquote, and a run with no closing run is plain text. Inside
// code a backslash is itself.
func inlines(s string, known func(string) bool) []inline {
	var out []inline
	start := 0 // of the plain text not yet emitted
	for i := 0; i < len(s); {
		switch s[i] {
		case '\\':
			i += 2 // an escaped character, unescape's to read
			continue
		case '`':
		default:
			i++
			continue
		}
		n := backquotes(s[i:])
		end := closing(s[i+n:], n)
		if end < 0 {
			i += n // no closing run: plain backquotes
			continue
		}
		if i > start {
			out = append(out, run(s[start:i], false, known))
		}
		out = append(out, run(s[i+n:i+n+end], true, known))
		i += n + end + n
		start = i
	}
	if start < len(s) {
		out = append(out, run(s[start:], false, known))
	}
	return out
}

// backquotes counts the backquotes s starts with.
func backquotes(s string) int {
	n := 0
	for n < len(s) && s[n] == '`' {
		n++
	}
	return n
}

// closing finds in s a run of exactly n backquotes and returns where it
// starts, or -1.
func closing(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := backquotes(s[i:])
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

func run(s string, code bool, known func(string) bool) inline {
	if !code {
		s = unescape(s)
	}
	in := inline{Text: s, Code: code}
	if code && known(s) {
		in.Ref = s
	}
	return in
}

// unescape reads the text of Markdown outside code as a Markdown reader
// does: a backslash before ASCII punctuation stands for that character
// (\_ is _), and an entity for its character (&amp; is &). The page then
// escapes the text once, for HTML.
func unescape(s string) string {
	if !strings.ContainsAny(s, `\&`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isPunct(s[i+1]):
			i++
			b.WriteByte(s[i])
		case c == '&':
			n := entityLen(s[i:])
			b.WriteString(html.UnescapeString(s[i : i+n]))
			i += n - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isPunct reports whether c is ASCII punctuation, which a backslash
// escapes in Markdown.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// entityLen returns the length of the entity reference at the start of s
// (&name; or &#digits; or &#xhex;), or 1 when s starts with a bare &.
func entityLen(s string) int {
	for i := 1; i < len(s) && i <= 32; i++ {
		c := s[i]
		switch {
		case c == ';' && i > 1:
			return i + 1
		case c == '#' && i == 1, c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		default:
			return 1
		}
	}
	return 1
}
