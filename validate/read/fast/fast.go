// Package fast is the fast path of reading a record: it reads the small
// part of YAML that record files use (block mappings with plain field
// names, block lists, one-line scalars, one-line flow lists of scalars,
// literal and folded text blocks) straight into the record's compact JSON
// value, without the YAML parser's event stream and node tree, which cost
// most of the time of loading a record. It gives up on anything else, and
// on anything the strict profile of package read would report; read then
// reads the file with the YAML parser. So a file Value accepts has exactly the value the
// full reading gives it, and no finding: the differential tests beside this
// file and FuzzValue hold the two readers together.
package fast

import (
	"bytes"
	"encoding/binary"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// Value reads src, a record file of kind (nil when unknown) in which the
// strict reader found nothing so far, into its JSON value under the limits
// lim, built in compact form as it is read. ok is false when the file uses
// YAML this reader does not read, or when reading it in full would give a
// finding; the value is then missing.
func Value(src []byte, kind *schemas.Kind, lim config.Limits) (v record.Value, ok bool) {
	return read(src, kind, lim, nil)
}

// Loc is where one value of a record sits in its file.
type Loc struct {
	Key   diag.Pos // position of the key naming the value; zero for list items and the root
	Value diag.Pos // position of the value itself
}

// Positions returns where each value of a file that Value accepts is
// written, by JSON pointer, as the YAML parser places them; ok is false
// when Value would not accept the file.
func Positions(src []byte, kind *schemas.Kind, lim config.Limits) (map[string]Loc, bool) {
	index := map[string]Loc{}
	if _, ok := read(src, kind, lim, index); !ok {
		return nil, false
	}
	return index, true
}

// read is Value; a non-nil index gets the position of every value, and
// the value is then not copied out (Positions wants only the index).
func read(src []byte, kind *schemas.Kind, lim config.Limits, index map[string]Loc) (v record.Value, ok bool) {
	if !plainBytes(src) {
		return record.Value{}, false
	}
	r := readers.Get().(*reader)
	r.src, r.pos, r.values, r.silenced = src, 0, 0, false
	r.index, r.path, r.line, r.lineAt = index, r.path[:0], 1, 0
	r.text = unsafe.String(unsafe.SliceData(src), len(src)) // read only, not kept
	r.maxValues, r.maxDepth, r.maxString = lim.Values(), min(lim.Depth(), maxDepth), lim.StringSize()
	r.kind = kind
	r.out.Reset()
	ok = r.document() && !r.silenced // silences need the comments the YAML parser keeps
	if ok && index == nil {
		v = r.out.Value()
	}
	r.src, r.text, r.kind, r.index = nil, "", nil, nil
	r.out.Reset() // the pool must not keep keys alive
	if cap(r.buf) > 64<<10 {
		r.buf = nil
	}
	readers.Put(r)
	return v, ok
}

// maxDepth bounds the nesting the fast reader follows (it recurses per
// level); deeper records, never real ones, go to the YAML parser.
const maxDepth = 100

// maxKey is the longest field name the fast reader reads; the YAML
// parser refuses plain keys over 1024 characters.
const maxKey = 128

var readers = sync.Pool{New: func() any { return new(reader) }}

// reader is the state of one fast reading. The cursor pos is a byte
// offset in src; lineStart is the offset of the start of its line.
type reader struct {
	src       []byte
	pos       int
	lineStart int
	silenced  bool // a comment holds the mark of an inline silence

	kind *schemas.Kind

	values                         int // values read so far, as the converter counts them
	maxValues, maxDepth, maxString int

	// index, when not nil, gets the position of every value: path is the
	// pointer of the value being read; line is the line number of offset
	// lineAt, counted on as positions are asked in file order.
	index        map[string]Loc
	path         []byte
	line, lineAt int

	out record.Builder // the value, as it is read
	buf []byte         // text of the scalar being decoded
	// text is src seen as a string, not copied: field names and plain
	// scalars are slices of it while they are read; none outlives read.
	text string
}

// plainBytes reports whether src holds only characters the fast reader
// reads as the YAML parser does: printable ASCII, line feeds, and the
// non-ASCII characters YAML reads as text (not tabs, carriage returns, the
// byte-order mark, NEL or the Unicode line and paragraph separators).
func plainBytes(src []byte) bool {
	for i := 0; i < len(src); {
		if i+8 <= len(src) {
			// eight bytes at a time while they are printable ASCII: none
			// with the high bit, none below 0x20, none 0x7f
			w := binary.LittleEndian.Uint64(src[i:])
			const ones, highs = 0x0101010101010101, 0x8080808080808080
			if (w|(w-0x20*ones)|((w^0x7f*ones)-ones)&^(w^0x7f*ones))&highs == 0 {
				i += 8
				continue
			}
		}
		b := src[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\n' || b == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF,
			r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return false // bidirectional formatting: a text-control finding
		}
		i += size
	}
	return true
}

// fieldCursor follows a path through a kind's fields as
// schemas.Kind.FieldAt does, one token at a time.
type fieldCursor struct {
	cur    *schemas.Field
	fields []*schemas.Field
	dead   bool // the path left the declared fields: FieldAt gives nil
}

func (c fieldCursor) field() *schemas.Field {
	if c.dead {
		return nil
	}
	return c.cur
}

// key steps into the field named tok.
func (c fieldCursor) key(tok string) fieldCursor {
	if c.dead {
		return c
	}
	if c.cur != nil && c.cur.Type == "array" {
		if c.cur.Items == nil {
			return fieldCursor{dead: true}
		}
		return fieldCursor{cur: c.cur.Items, fields: c.cur.Items.Fields}
	}
	for _, f := range c.fields {
		if f.Name == tok {
			return fieldCursor{cur: f, fields: f.Fields}
		}
	}
	return fieldCursor{dead: true}
}

// index steps into item i of a list.
func (c fieldCursor) index(i int) fieldCursor {
	if c.dead || c.cur != nil && c.cur.Type == "array" || len(c.fields) == 0 {
		return c.key("")
	}
	return c.key(strconv.Itoa(i))
}

// document reads the whole file: comments, an optional "---" line, and
// one block mapping starting at column 0, up to the end of the file.
func (r *reader) document() bool {
	ind := r.nextContent()
	if ind != 0 {
		return false
	}
	if bytes.HasPrefix(r.src[r.pos:], []byte("---\n")) {
		r.pos += 4
		if ind = r.nextContent(); ind != 0 {
			return false
		}
	}
	var fc fieldCursor
	if r.kind != nil {
		fc.fields = r.kind.Fields
	} else {
		fc.dead = true
	}
	if r.keyEnd(r.pos) < 0 {
		return false
	}
	r.mark(-1, r.pos)
	return r.mapping(0, 1, fc) && r.nextContent() == -1
}

// nextContent moves the cursor from the start of a line over blank lines
// and comment lines to the start of the next line holding content, and
// returns that line's indentation; -1 at the end of the file.
func (r *reader) nextContent() int {
	src := r.src
	for r.pos < len(src) {
		i := r.pos
		for i < len(src) && src[i] == ' ' {
			i++
		}
		switch {
		case i == len(src):
			r.pos = i
			return -1
		case src[i] == '\n':
			r.pos = i + 1
			continue
		case src[i] == '#':
			nl := bytes.IndexByte(src[i:], '\n')
			if nl < 0 {
				nl = len(src) - i
			}
			r.comment(src[i : i+nl])
			r.pos = min(i+nl+1, len(src))
			continue
		}
		r.lineStart = r.pos
		return i - r.pos
	}
	return -1
}

// endLine moves the cursor past what may follow a value on its line:
// spaces and a comment; false when anything else follows.
func (r *reader) endLine() bool {
	src := r.src
	p := r.pos
	for p < len(src) && src[p] == ' ' {
		p++
	}
	if p < len(src) && src[p] == '#' {
		if p == 0 || src[p-1] != ' ' {
			return false // a comment needs a space before it
		}
		nl := bytes.IndexByte(src[p:], '\n')
		if nl < 0 {
			nl = len(src) - p
		}
		r.comment(src[p : p+nl])
		p += nl
	}
	if p == len(src) {
		r.pos = p
		return true
	}
	if src[p] != '\n' {
		return false
	}
	r.pos = p + 1
	return true
}

// comment notes a comment that holds the mark of an inline silence.
func (r *reader) comment(c []byte) {
	if bytes.Contains(c, []byte(ignoreMark)) {
		r.silenced = true
	}
}

// keyEnd returns the offset of the colon ending a plain field name at p
// ("name:" followed by a space, a line feed or the end of the file), or -1.
func (r *reader) keyEnd(p int) int {
	src := r.src
	i := p
	if i >= len(src) || !(src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' || src[i] == '_') {
		return -1
	}
	for i++; i < len(src); i++ {
		c := src[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			continue
		}
		if c == ':' && (i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\n') {
			return i
		}
		return -1
	}
	return -1
}

// seqStart reports whether a list item starts at p: "-" and a space.
func (r *reader) seqStart(p int) bool {
	return p+1 < len(r.src) && r.src[p] == '-' && r.src[p+1] == ' '
}

// node counts one value at depth, as the converter does, and reports
// whether it stays below every limit.
func (r *reader) node(depth int) bool {
	r.values++
	return r.values < r.maxValues && depth < r.maxDepth
}

// mapping reads a block mapping whose keys sit at column n, the cursor on
// its first key; it returns with the cursor at the start of the first line
// after it.
func (r *reader) mapping(n, depth int, fc fieldCursor) bool {
	if !r.node(depth) {
		return false
	}
	src := r.src
	r.out.OpenMap()
	for {
		end := r.keyEnd(r.pos)
		if end < 0 || end-r.pos > maxKey || end-r.pos >= r.maxString {
			return false
		}
		kb := src[r.pos:end]
		switch string(kb) {
		case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
			return false // not a text key
		}
		name := r.name(kb, r.pos)
		cfc := fc.key(name)
		keyAt, up := r.pos, r.push(name)
		r.out.Key(name)
		r.pos = end + 1
		for r.pos < len(src) && src[r.pos] == ' ' {
			r.pos++
		}
		var ok bool
		if r.pos == len(src) || src[r.pos] == '\n' || src[r.pos] == '#' {
			// the value starts on a later line, or is null
			if !r.endLine() {
				return false
			}
			m := r.nextContent()
			p := r.pos + m
			switch {
			case m >= n && r.seqStart(p): // deeper, or at the key's column
				r.mark(keyAt, p)
				r.pos = p
				ok = r.sequence(m, depth+1, cfc)
			case m > n && r.keyEnd(p) >= 0:
				r.mark(keyAt, p)
				r.pos = p
				ok = r.mapping(m, depth+1, cfc)
			case m > n:
				return false // a scalar on the next line, or worse
			default:
				r.mark(keyAt, end+1) // null: placed after the colon
				ok = r.node(depth + 1)
				r.out.Null()
			}
		} else {
			r.mark(keyAt, r.pos)
			ok = r.inline(n, depth+1, cfc)
		}
		r.path = r.path[:up]
		if !ok {
			return false
		}
		m := r.nextContent()
		if m < n {
			break
		}
		if m > n {
			return false
		}
		r.pos += m
	}
	return r.out.Close() // false on a key written twice
}

// sequence reads a block list whose "-" sit at column n, the cursor on
// the first; it returns with the cursor at the start of the first line
// after it.
func (r *reader) sequence(n, depth int, fc fieldCursor) bool {
	if !r.node(depth) {
		return false
	}
	src := r.src
	r.out.OpenList()
	for i := 0; ; i++ {
		if !r.seqStart(r.pos) {
			return false
		}
		p := r.pos + 1
		for p < len(src) && src[p] == ' ' {
			p++
		}
		if p == len(src) || src[p] == '\n' || src[p] == '#' {
			return false // the item starts on a later line
		}
		ifc := fc.index(i)
		r.pos = p
		up := r.pushIndex(i)
		r.mark(-1, p)
		var ok bool
		if r.keyEnd(p) >= 0 {
			ok = r.mapping(p-r.lineStart, depth+1, ifc)
		} else {
			ok = r.inline(n, depth+1, ifc)
		}
		r.path = r.path[:up]
		if !ok {
			return false
		}
		m := r.nextContent()
		if m < n {
			break
		}
		if m > n {
			return false
		}
		if !r.seqStart(r.pos + m) {
			break // the next key of the mapping this list is a value of
		}
		r.pos += m
	}
	return r.out.Close()
}

// inline reads a value that starts at the cursor, on the line of its key
// or its "-": a scalar, a text block, a one-line flow list of scalars, or
// an empty {}. n is the column of the mapping or list it is in. It
// returns with the cursor at the start of the next line.
func (r *reader) inline(n, depth int, fc fieldCursor) bool {
	if !r.node(depth) {
		return false
	}
	src := r.src
	p := r.pos
	switch src[p] {
	case '|', '>':
		s, ok := r.block(n, src[p] == '|')
		if !ok {
			return false
		}
		return r.quotedText(s)
	case '"':
		s, ok := r.doubleQuoted()
		if !ok || !r.endLine() {
			return false
		}
		return r.quotedText(s)
	case '\'':
		s, ok := r.singleQuoted()
		if !ok || !r.endLine() {
			return false
		}
		return r.quotedText(s)
	case '[':
		return r.flowSequence(depth, fc)
	case '{':
		if p+1 == len(src) || src[p+1] != '}' { // only the empty mapping
			return false
		}
		r.pos = p + 2
		r.out.OpenMap()
		return r.out.Close() && r.endLine()
	case '-':
		if p+1 == len(src) || src[p+1] == ' ' || src[p+1] == '\n' {
			return false // a list inside a list item, or on the key's line
		}
	case '&', '*', '!', '%', '@', '`', '?', ':', ',', ']', '}', '#':
		return false
	}
	return r.plain(fc)
}

// flowSequence reads a one-line flow list of scalars at the cursor, as
// [a, "b", 'c'], the list itself counted at depth already.
func (r *reader) flowSequence(depth int, fc fieldCursor) bool {
	src := r.src
	p := r.pos + 1
	skip := func() {
		for p < len(src) && src[p] == ' ' {
			p++
		}
	}
	skip()
	r.out.OpenList()
	if p < len(src) && src[p] == ']' {
		r.pos = p + 1
		return r.out.Close() && r.endLine()
	}
	for i := 0; ; i++ {
		if p == len(src) || !r.node(depth+1) {
			return false
		}
		ifc := fc.index(i)
		if r.index != nil {
			up := r.pushIndex(i)
			r.mark(-1, p)
			r.path = r.path[:up]
		}
		var ok bool
		switch src[p] {
		case '"', '\'':
			var b []byte
			r.pos = p
			if src[p] == '"' {
				b, ok = r.doubleQuoted()
			} else {
				b, ok = r.singleQuoted()
			}
			if ok {
				ok = r.quotedText(b)
			}
			p = r.pos
		case '-':
			if p+1 == len(src) || strings.IndexByte(" ,[]{}\n", src[p+1]) >= 0 {
				return false
			}
			fallthrough
		default:
			if strings.IndexByte(",[]{}#&*!%@`?:|>\n", src[p]) >= 0 {
				return false
			}
			start, end := p, p
			for ; p < len(src) && src[p] != ',' && src[p] != ']'; p++ {
				switch src[p] {
				case '[', '{', '}', '#', ':', '?', '\n':
					// yaml.v3 ends a plain scalar at '?' in a flow list
					return false
				case ' ':
				default:
					end = p + 1
				}
			}
			ok = r.resolve(src[start:end], start, ifc)
		}
		if !ok {
			return false
		}
		skip()
		if p < len(src) && src[p] == ',' {
			p++
			skip()
			if p < len(src) && src[p] == ']' {
				return false // a comma before the end
			}
			continue
		}
		if p < len(src) && src[p] == ']' {
			p++
			break
		}
		return false
	}
	r.pos = p
	return r.out.Close() && r.endLine()
}

// plain reads a one-line plain scalar at the cursor and resolves it as
// the YAML parser and the converter do.
func (r *reader) plain(fc fieldCursor) bool {
	src := r.src
	start, end := r.pos, r.pos
	for p := r.pos; p < len(src); {
		c := src[p]
		if c == '\n' {
			break
		}
		if c == ' ' {
			if p+1 < len(src) && src[p+1] == '#' {
				break
			}
			p++
			continue
		}
		if c == ':' && (p+1 == len(src) || src[p+1] == ' ' || src[p+1] == '\n') {
			return false // "a: b: c"
		}
		p++
		end = p
	}
	r.pos = end
	if !r.endLine() {
		return false
	}
	return r.resolve(src[start:end], start, fc)
}

// resolve reads the text of a plain scalar, src[off:off+len(b)], as the
// YAML parser resolves it and the converter converts it.
func (r *reader) resolve(b []byte, off int, fc fieldCursor) bool {
	if len(b) >= r.maxString {
		return false
	}
	field := fc.field()
	hint := resolveTable[b[0]]
	if hint == 0 { // text, the common case
		r.out.StringBytes(b)
		return true
	}
	s := r.text[off : off+len(b)]
	textField := field != nil && field.Type == "string"
	switch resolvePlain(s) {
	case 's':
		if textField && field.Enum == nil && yaml11Bool(s) {
			return false // a yaml-bool warning
		}
		if strings.IndexByte("+-.0123456789", s[0]) >= 0 && yamlFloat.MatchString(s) {
			return false // a float out of range: a finding
		}
		r.out.String(s)
		return true
	case 't':
		r.out.String(s)
		return true
	case 'i':
		if textField && field.Format == "edtf" {
			r.out.String(s)
			return true
		}
		return r.number("!!int", s)
	case 'f':
		if textField && field.Format == "edtf" {
			r.out.String(s)
			return true
		}
		return r.number("!!float", s)
	case 'b':
		r.out.Bool(s == "true" || s == "True" || s == "TRUE")
		return true
	case 'n':
		r.out.Null()
		return true
	}
	return false // a merge key
}

// quotedText writes a quoted or block scalar: always text.
func (r *reader) quotedText(b []byte) bool {
	if len(b) >= r.maxString {
		return false
	}
	r.out.StringBytes(b)
	return true
}

// name returns a field name, src[off:off+len(b)].
func (r *reader) name(b []byte, off int) string { return r.text[off : off+len(b)] }

// number converts a plain number as the strict reader does, giving up
// on every number it would report (NaN, infinities, integers beyond 2^53-1,
// floats beyond the 64-bit range) and on forms this reader leaves to it
// (0x, 0o, underscores).
func (r *reader) number(tag, s string) bool {
	if tag == "!!int" || decimalInt(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > maxExactInt || n < -maxExactInt {
			return false
		}
		r.out.Number(strconv.FormatInt(n, 10))
		return true
	}
	if strings.ContainsAny(s, "_xXoOnNiI") {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f == 0 && strings.ContainsAny(mantissa(s), "123456789") {
		return false
	}
	r.out.Number(strconv.FormatFloat(f, 'g', -1, 64))
	return true
}

// decimalInt reports whether s is written as a decimal integer, which the
// strict reader checks as one whatever the tag the parser gives it.
func decimalInt(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// maxExactInt is the largest integer every JSON reader holds exactly.
const maxExactInt = 1<<53 - 1

// mantissa returns a float literal before its exponent.
func mantissa(s string) string {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		return s[:i]
	}
	return s
}

// doubleQuoted reads a one-line double-quoted scalar at the cursor and
// leaves the cursor after its closing quote. It returns the text, valid
// until the next call.
func (r *reader) doubleQuoted() ([]byte, bool) {
	src := r.src
	start := r.pos + 1
	p := start
	for p < len(src) && src[p] != '"' && src[p] != '\\' && src[p] != '\n' {
		p++
	}
	if p < len(src) && src[p] == '"' { // no escape: the bytes as written
		r.pos = p + 1
		return src[start:p], true
	}
	buf := append(r.buf[:0], src[start:p]...)
	for {
		if p >= len(src) || src[p] == '\n' {
			return nil, false // a quote over several lines, or never closed
		}
		c := src[p]
		if c == '"' {
			break
		}
		if c != '\\' {
			buf = append(buf, c)
			p++
			continue
		}
		var ok bool
		if buf, p, ok = escape(src, p, buf); !ok {
			return nil, false
		}
	}
	r.buf = buf
	r.pos = p + 1
	if hasControl(string(buf)) {
		return nil, false // a control character written as an escape: a finding
	}
	return buf, true
}

// escapes maps the one-letter escapes of a double-quoted scalar that the
// fast reader reads to what they write; \x, \u and \U take hex digits.
var escapes = map[byte]string{'n': "\n", 't': "\t", ' ': " ", '"': "\"", '\'': "'", '\\': "\\",
	'_': "\u00a0", 'L': "\u2028", 'P': "\u2029"}

// hexEscapes are the escapes followed by hex digits, and how many.
var hexEscapes = map[byte]int{'x': 2, 'u': 4, 'U': 8}

// escape appends to buf what the escape at src[p] (a backslash) writes,
// and returns the offset after it; false for an escape that writes a
// control character, or none YAML knows.
func escape(src []byte, p int, buf []byte) ([]byte, int, bool) {
	if p+1 >= len(src) {
		return nil, 0, false
	}
	if e, ok := escapes[src[p+1]]; ok {
		return append(buf, e...), p + 2, true
	}
	size := hexEscapes[src[p+1]]
	p += 2
	if size == 0 || p+size > len(src) {
		return nil, 0, false
	}
	code := 0
	for _, h := range src[p : p+size] {
		switch {
		case h >= '0' && h <= '9':
			code = code<<4 + int(h-'0')
		case h >= 'a' && h <= 'f':
			code = code<<4 + int(h-'a'+10)
		case h >= 'A' && h <= 'F':
			code = code<<4 + int(h-'A'+10)
		default:
			return nil, 0, false
		}
	}
	if code >= 0xD800 && code <= 0xDFFF || code > 0x10FFFF {
		return nil, 0, false
	}
	return utf8.AppendRune(buf, rune(code)), p + size, true
}

// singleQuoted reads a one-line single-quoted scalar at the cursor and
// leaves the cursor after its closing quote, as doubleQuoted does.
func (r *reader) singleQuoted() ([]byte, bool) {
	src := r.src
	start := r.pos + 1
	p := start
	for p < len(src) && src[p] != '\'' && src[p] != '\n' {
		p++
	}
	if p < len(src) && src[p] == '\'' && (p+1 == len(src) || src[p+1] != '\'') {
		r.pos = p + 1
		return src[start:p], true
	}
	buf := append(r.buf[:0], src[start:p]...)
	for {
		if p >= len(src) || src[p] == '\n' {
			return nil, false
		}
		if src[p] == '\'' {
			if p+1 < len(src) && src[p+1] == '\'' {
				buf = append(buf, '\'')
				p += 2
				continue
			}
			break
		}
		buf = append(buf, src[p])
		p++
	}
	r.buf = buf
	r.pos = p + 1
	return buf, true
}

// block reads a literal (|) or folded (>) text block at the cursor, its
// content indented deeper than n, as the YAML scanner does; it returns
// with the cursor at the start of the first line after the block. No
// explicit indentation indicator, and no blank line before the first line
// of text.
func (r *reader) block(n int, literal bool) ([]byte, bool) {
	chomp, indent, p, ok := r.blockHeader(n)
	if !ok {
		return nil, false
	}
	b := blockText{buf: r.buf[:0], literal: literal}
	ls := p
	for {
		// p is at column indent of a line with content
		p = b.line(r.src, p)
		// indentation and empty lines up to the next line with content
		for {
			ls = p
			for p < len(r.src) && r.src[p] == ' ' && p-ls < indent {
				p++
			}
			if p < len(r.src) && r.src[p] == '\n' {
				b.trailing++
				p++
				continue
			}
			break
		}
		if p == len(r.src) || p-ls < indent {
			break
		}
	}
	if chomp != -1 && b.leadingBreak {
		b.buf = append(b.buf, '\n')
	}
	if chomp == 1 {
		for ; b.trailing > 0; b.trailing-- {
			b.buf = append(b.buf, '\n')
		}
	}
	r.buf = b.buf
	r.pos = ls
	return b.buf, true
}

// blockHeader reads the header of a text block at the cursor (| or >, a
// chomping indicator, the end of the line) and the indentation of its
// first line, which must be deeper than n. chomp is -1 for strip, 1 for
// keep; p is the offset of the first line's content.
func (r *reader) blockHeader(n int) (chomp, indent, p int, ok bool) {
	src := r.src
	p = r.pos + 1
	if p < len(src) && (src[p] == '-' || src[p] == '+') {
		chomp = 1
		if src[p] == '-' {
			chomp = -1
		}
		p++
	}
	r.pos = p
	if p < len(src) && src[p] != ' ' && src[p] != '\n' || !r.endLine() || r.pos == len(src) {
		return 0, 0, 0, false
	}
	p = r.pos
	ls := p
	for p < len(src) && src[p] == ' ' {
		p++
	}
	indent = p - ls
	if p == len(src) || src[p] == '\n' || indent <= n {
		return 0, 0, 0, false
	}
	return chomp, indent, p, true
}

// blockText is the text of a block being read, line by line, folded (>)
// or kept (|) as the YAML parser does.
type blockText struct {
	buf                        []byte
	literal                    bool
	leadingBreak, leadingBlank bool
	trailing                   int // empty lines since the last content
}

// line appends the content of the line at src[p:] (its indentation
// skipped) and returns the offset of the next line.
func (b *blockText) line(src []byte, p int) int {
	trailingBlank := src[p] == ' '
	if !b.literal && !b.leadingBlank && !trailingBlank && b.leadingBreak {
		if b.trailing == 0 {
			b.buf = append(b.buf, ' ')
		}
	} else if b.leadingBreak {
		b.buf = append(b.buf, '\n')
	}
	b.leadingBreak = false
	for ; b.trailing > 0; b.trailing-- {
		b.buf = append(b.buf, '\n')
	}
	b.leadingBlank = trailingBlank
	e := bytes.IndexByte(src[p:], '\n')
	if e < 0 {
		b.buf = append(b.buf, src[p:]...)
		return len(src)
	}
	b.buf = append(b.buf, src[p:p+e]...)
	b.leadingBreak = true
	return p + e + 1
}

// resolvePlainTable is the YAML parser's first-character hint for plain
// scalars: 0 means the scalar is text whatever follows.
var resolveTable = func() (t [256]byte) {
	t['+'], t['-'] = 'S', 'S'
	for _, c := range "0123456789" {
		t[c] = 'D'
	}
	for _, c := range "yYnNtTfFoO~<" {
		t[c] = 'M'
	}
	t['.'] = '.'
	return t
}()

// resolvePlain returns the type the YAML parser gives a plain scalar:
// 's' text, 'n' null, 'b' boolean, 'i' integer, 'f' float, 't'
// timestamp, 'm' merge key. It follows go.yaml.in/yaml/v3's resolve.
func resolvePlain(s string) byte {
	if s == "" {
		return 'n'
	}
	hint := resolveTable[s[0]]
	if hint == 0 {
		return 's'
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return 'b'
	case "~", "null", "Null", "NULL":
		return 'n'
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return 'f'
	case "<<":
		return 'm'
	}
	switch hint {
	case '.':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return 'f'
		}
	case 'D', 'S':
		if timestamp(s) {
			return 't'
		}
		plain := strings.ReplaceAll(s, "_", "")
		if intChars(plain) { // else ParseInt fails, at the cost of an error
			if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
				return 'i'
			}
			if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
				return 'i'
			}
		}
		if yamlFloat.MatchString(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return 'f'
			}
		}
		if strings.HasPrefix(plain, "0b") {
			if _, err := strconv.ParseInt(plain[2:], 2, 64); err == nil {
				return 'i'
			}
			if _, err := strconv.ParseUint(plain[2:], 2, 64); err == nil {
				return 'i'
			}
		} else if strings.HasPrefix(plain, "-0b") {
			if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
				return 'i'
			}
		}
		if strings.HasPrefix(plain, "0o") {
			if _, err := strconv.ParseInt(plain[2:], 8, 64); err == nil {
				return 'i'
			}
			if _, err := strconv.ParseUint(plain[2:], 8, 64); err == nil {
				return 'i'
			}
		} else if strings.HasPrefix(plain, "-0o") {
			if _, err := strconv.ParseInt("-"+plain[3:], 8, 64); err == nil {
				return 'i'
			}
		}
	}
	return 's'
}

// intChars reports whether s, after a sign, holds only characters an
// integer literal of any base may hold.
func intChars(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F', c == 'x', c == 'X', c == 'o', c == 'O':
		default:
			return false
		}
	}
	return true
}

// timestampFormats are the timestamp layouts the YAML parser tries.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// timestamp reports whether the YAML parser reads s as a timestamp.
func timestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range timestampFormats {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}

// ignoreMark starts an inline silence, whose comment only the YAML parser
// keeps.
const ignoreMark = "dossier:ignore"

// yaml11Bool reports the words YAML 1.1 reads as booleans, for which the
// strict reader gives a warning in a text field.
func yaml11Bool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

// yamlFloat is the YAML 1.2 core schema's float, as the parser reads it.
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// hasControl reports whether s holds a character the strict reader reports
// when an escape writes it: a control other than tab and line feed, or a
// bidirectional formatting character.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f ||
			r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return true
		}
	}
	return false
}

// push adds the field name to the pointer of the value being read, when
// positions are kept, and returns the length to cut it back to.
func (r *reader) push(name string) int {
	n := len(r.path)
	if r.index != nil {
		r.path = append(append(r.path, '/'), record.EscapePointer(name)...)
	}
	return n
}

// pushIndex is push for list item i.
func (r *reader) pushIndex(i int) int {
	n := len(r.path)
	if r.index != nil {
		r.path = strconv.AppendInt(append(r.path, '/'), int64(i), 10)
	}
	return n
}

// mark keeps the position of the value being read (at path), written at
// offset at, named by the key at offset key (-1: a list item or the root).
func (r *reader) mark(key, at int) {
	if r.index == nil {
		return
	}
	var l Loc
	if key >= 0 {
		l.Key = r.posAt(key)
	}
	l.Value = r.posAt(at)
	r.index[string(r.path)] = l
}

// posAt returns the line and column (in characters) of offset p.
func (r *reader) posAt(p int) diag.Pos {
	if p >= r.lineAt {
		r.line += bytes.Count(r.src[r.lineAt:p], []byte{'\n'})
	} else {
		r.line -= bytes.Count(r.src[p:r.lineAt], []byte{'\n'})
	}
	r.lineAt = p
	start := bytes.LastIndexByte(r.src[:p], '\n') + 1
	return diag.Pos{Line: r.line, Column: utf8.RuneCount(r.src[start:p]) + 1}
}
