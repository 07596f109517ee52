package lsp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/diag"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// encoding is what a Position's character counts: UTF-16 code units (the
// protocol's default), bytes of UTF-8 or code points (UTF-32), as
// negotiated at initialize.
type encoding string

const (
	utf8Enc  encoding = "utf-8"
	utf16Enc encoding = "utf-16"
	utf32Enc encoding = "utf-32"
)

// units is how many units of enc a character takes.
func (enc encoding) units(r rune, size int) int {
	switch enc {
	case utf8Enc:
		return size
	case utf32Enc:
		return 1
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// text is the content of a file with the offsets of its lines. Lines end
// at "\n", "\r\n" or a lone "\r", as the protocol, YAML 1.2 and the
// findings of validate count them (diag.LineStarts); U+2028, U+2029 and
// NEL do not end a line.
type text struct {
	s     string
	lines []int // byte offset of each line's start
}

func newText(s string) *text {
	return &text{s: s, lines: diag.LineStarts(s)}
}

// lineEnd returns the byte offset where line (0-based) ends, before its
// line break.
func (t *text) lineEnd(line int) int { return diag.LineEnd(t.s, t.lines, line) }

// offset returns the byte offset of a protocol position. A character past
// the line's end stands for the end of the line, a line past the last for
// the end of the text, and a position inside a character (half of a
// surrogate pair) for the start of that character.
func (t *text) offset(p protocol.Position, enc encoding) int {
	line := int(p.Line)
	if line >= len(t.lines) {
		return len(t.s)
	}
	off, end := t.lines[line], t.lineEnd(line)
	for n := int(p.Character); off < end; {
		r, size := utf8.DecodeRuneInString(t.s[off:end])
		u := enc.units(r, size)
		if u > n {
			break
		}
		n -= u
		off += size
	}
	return off
}

// position returns the protocol position of a byte offset (clamped to the
// text).
func (t *text) position(off int, enc encoding) protocol.Position {
	off = max(0, min(off, len(t.s)))
	line := t.lineOf(off)
	start := t.lines[line]
	off = min(off, t.lineEnd(line))
	n := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRuneInString(t.s[i:off])
		n += enc.units(r, size)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(n)}
}

// lineOf returns the 0-based line that holds byte offset off.
func (t *text) lineOf(off int) int {
	lo, hi := 0, len(t.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// offsetOf returns the byte offset of a finding's position (1-based line,
// column in characters); -1 for a zero position.
func (t *text) offsetOf(p diag.Pos) int {
	if p.Line < 1 {
		return -1
	}
	if p.Line > len(t.lines) {
		return len(t.s)
	}
	off, end := t.lines[p.Line-1], t.lineEnd(p.Line-1)
	for col := 1; col < p.Column && off < end; col++ {
		_, size := utf8.DecodeRuneInString(t.s[off:end])
		off += size
	}
	return off
}

// line returns the text of a 0-based line without its break.
func (t *text) line(n int) string {
	if n < 0 || n >= len(t.lines) {
		return ""
	}
	return t.s[t.lines[n]:t.lineEnd(n)]
}

// rng returns the protocol range of the byte offsets [start, end).
func (t *text) rng(start, end int, enc encoding) protocol.Range {
	return protocol.Range{Start: t.position(start, enc), End: t.position(end, enc)}
}

// apply returns the text with one change of textDocument/didChange
// applied: the range replaced, or the whole text when range is nil.
func (t *text) apply(c protocol.TextDocumentContentChangeEvent, enc encoding) (string, error) {
	if c.Range == nil {
		return c.Text, nil
	}
	start, end := t.offset(c.Range.Start, enc), t.offset(c.Range.End, enc)
	if end < start {
		return "", fmt.Errorf("change range ends before it starts (%d:%d to %d:%d)",
			c.Range.Start.Line, c.Range.Start.Character, c.Range.End.Line, c.Range.End.Character)
	}
	var b strings.Builder
	b.Grow(len(t.s) - (end - start) + len(c.Text))
	b.WriteString(t.s[:start])
	b.WriteString(c.Text)
	b.WriteString(t.s[end:])
	return b.String(), nil
}
