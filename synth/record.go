package synth

import (
	"os"
	"path/filepath"
	"strconv"
)

// node is a YAML value as the generator writes it: a scalar, a list or a
// mapping, in block style.
type node struct {
	s      string
	quoted bool // write the scalar in double quotes (dates, text that needs it)
	raw    bool // write s verbatim after "key: " (faults)
	list   []node
	m      []kv
	kind   byte // 's' scalar, 'l' list, 'm' mapping
}

type kv struct {
	key string
	val node
}

func plain(s string) node  { return node{s: s, kind: 's'} }
func quoted(s string) node { return node{s: s, quoted: true, kind: 's'} }
func raw(s string) node    { return node{s: s, raw: true, kind: 's'} }
func mapping(m ...kv) node { return node{m: m, kind: 'm'} }
func list(l ...node) node  { return node{list: l, kind: 'l'} }

func plainList(l []string) node {
	n := node{kind: 'l', list: make([]node, len(l))}
	for i, s := range l {
		n.list[i] = plain(s)
	}
	return n
}

// record is one file to write: normally a record, else the shape a fault
// needs (a folder, a .yml name, bytes before or after the YAML).
type record struct {
	table  string // records/<table>/
	name   string // file name without extension; the id
	fields []kv
	prefix string // bytes before the YAML (a byte-order mark)
	suffix string // bytes after it (a second document, a broken line)
	body   string // when set, the whole file instead of fields
	ext    string // "" means .yaml
	folder bool   // write a folder of this name instead of a file
}

func (r *record) get(key string) *node {
	for i := range r.fields {
		if r.fields[i].key == key {
			return &r.fields[i].val
		}
	}
	return nil
}

// set replaces the value of key, or appends the field.
func (r *record) set(key string, v node) {
	if n := r.get(key); n != nil {
		*n = v
		return
	}
	r.fields = append(r.fields, kv{key, v})
}

// insertAfter sets key right after the field after (or at the end).
func (r *record) insertAfter(after, key string, v node) {
	r.del(key)
	for i := range r.fields {
		if r.fields[i].key == after {
			r.fields = append(r.fields[:i+1], append([]kv{{key, v}}, r.fields[i+1:]...)...)
			return
		}
	}
	r.fields = append(r.fields, kv{key, v})
}

func (r *record) del(key string) {
	for i := range r.fields {
		if r.fields[i].key == key {
			r.fields = append(r.fields[:i], r.fields[i+1:]...)
			return
		}
	}
}

// clone copies the record deeply enough for faults to change the copy.
func (r record) clone() record {
	c := r
	c.fields = append([]kv(nil), r.fields...)
	return c
}

// render appends the file's bytes to buf.
func (r *record) render(buf []byte) []byte {
	buf = append(buf, r.prefix...)
	if r.body != "" {
		buf = append(buf, r.body...)
	} else {
		buf = renderMap(buf, r.fields, 0, false)
	}
	return append(buf, r.suffix...)
}

func renderMap(buf []byte, m []kv, indent int, firstInline bool) []byte {
	for i, f := range m {
		if i > 0 || !firstInline {
			buf = appendIndent(buf, indent)
		}
		buf = append(buf, f.key...)
		buf = append(buf, ':')
		buf = renderValue(buf, f.val, indent)
	}
	return buf
}

func renderValue(buf []byte, v node, indent int) []byte {
	switch v.kind {
	case 'l':
		if len(v.list) == 0 {
			return append(buf, " []\n"...)
		}
		buf = append(buf, '\n')
		for _, it := range v.list {
			buf = appendIndent(buf, indent+2)
			buf = append(buf, '-')
			if it.kind == 'm' {
				buf = append(buf, ' ')
				buf = renderMap(buf, it.m, indent+4, true)
				continue
			}
			buf = renderValue(buf, it, indent+2)
		}
		return buf
	case 'm':
		buf = append(buf, '\n')
		return renderMap(buf, v.m, indent+2, false)
	}
	buf = append(buf, ' ')
	switch {
	case v.raw:
		buf = append(buf, v.s...)
	case v.quoted:
		buf = strconv.AppendQuote(buf, v.s)
	default:
		buf = append(buf, v.s...)
	}
	return append(buf, '\n')
}

func appendIndent(buf []byte, n int) []byte {
	for ; n > 0; n-- {
		buf = append(buf, ' ')
	}
	return buf
}

// write writes the rendered bytes to root/<table>/<name><ext> and returns
// the number of files or folders made.
func (r *record) write(root string, b []byte) (int, error) {
	ext := r.ext
	if ext == "" {
		ext = ".yaml"
	}
	p := filepath.Join(root, r.table, r.name+ext)
	if r.folder {
		return 1, os.Mkdir(p, 0o755)
	}
	return 1, os.WriteFile(p, b, 0o644)
}

// id returns the record's id field as written.
func (r *record) id() string {
	if n := r.get("id"); n != nil {
		return n.s
	}
	return r.name
}
