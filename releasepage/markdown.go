package releasepage

import (
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
		line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
		cells := strings.Split(line, "|")
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

func isDelimiterRow(line string) bool {
	return strings.Trim(line, "|-: ") == "" && strings.Contains(line, "-")
}

// inlines splits text at backquotes into plain and code runs.
func inlines(s string, known func(string) bool) []inline {
	var out []inline
	code := false
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 || (!code && !strings.Contains(s[i+1:], "`")) {
			break
		}
		if i > 0 {
			out = append(out, run(s[:i], code, known))
		}
		s, code = s[i+1:], !code
	}
	if s != "" {
		out = append(out, run(s, code, known))
	}
	return out
}

func run(s string, code bool, known func(string) bool) inline {
	in := inline{Text: s, Code: code}
	if code && known(s) {
		in.Ref = s
	}
	return in
}
