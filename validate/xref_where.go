package validate

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
)

// Positions named in messages and hints ("first defined at
// records/events/x.yaml:3:7") are looked up after every rule has run, not
// while a rule runs: a finding kept in the cross-record memo (xref_memo.go)
// may name a record whose file has changed since, its lines moved, so its
// text keeps the file and pointer, never the line and column. where returns
// a mark holding the file and the pointer; finish replaces each mark with
// the position, for fresh and kept findings alike.
//
// A mark is framed by a random nonce drawn once per process, so no text
// from a record (an ID, a reason) can pass for one: a record cannot know
// the nonce.
var whereOpen, whereClose string

func init() {
	var b [12]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return short)
	n := hex.EncodeToString(b[:])
	whereOpen = "\xff<" + n + "|"
	whereClose = "|" + n + ">\xff"
}

// whereMark is the mark of the position of pointer in file.
func whereMark(file, pointer string) string {
	return whereOpen + file + "\x00" + pointer + whereClose
}

// textPart is a piece of a message or hint: literal text, or a mark (file
// and pointer set, text empty).
type textPart struct {
	text, file, pointer string
	mark                bool
}

// splitMarks splits s into literal text and marks.
func splitMarks(s string) []textPart {
	var parts []textPart
	for {
		i := strings.Index(s, whereOpen)
		if i < 0 {
			break
		}
		rest := s[i+len(whereOpen):]
		j := strings.Index(rest, whereClose)
		if j < 0 {
			break // not a mark of ours: cannot happen, kept as text
		}
		file, pointer, _ := strings.Cut(rest[:j], "\x00")
		if i > 0 {
			parts = append(parts, textPart{text: s[:i]})
		}
		parts = append(parts, textPart{file: file, pointer: pointer, mark: true})
		s = rest[j+len(whereClose):]
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, textPart{text: s})
	}
	return parts
}

// joinMarks is the inverse of splitMarks.
func joinMarks(parts []textPart) string {
	if len(parts) == 1 && !parts[0].mark {
		return parts[0].text
	}
	var b strings.Builder
	for _, p := range parts {
		if p.mark {
			b.WriteString(whereMark(p.file, p.pointer))
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// finish looks up the position of each finding and replaces the marks in
// its message and hint with positions.
func (x *xref) finish(found []pending) List {
	out := make(List, 0, len(found))
	for _, p := range found {
		d := p.d
		rec := p.rec
		if rec == nil {
			rec = x.recordAt(d.File)
		}
		if rec != nil {
			d.Pos = x.ds.Locate(rec, d.Pointer, p.key)
		}
		d.Message = x.resolve(d.Message)
		d.Hint = x.resolve(d.Hint)
		out = append(out, d)
	}
	return out
}

// resolve replaces the marks in s with "file:line:col".
func (x *xref) resolve(s string) string {
	if !strings.Contains(s, whereOpen) {
		return s
	}
	var b strings.Builder
	for _, p := range splitMarks(s) {
		if !p.mark {
			b.WriteString(p.text)
			continue
		}
		var pos Pos
		if rec := x.recordAt(p.file); rec != nil {
			pos = x.ds.Locate(rec, p.pointer, false)
		}
		b.WriteString(p.file)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(pos.Line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(pos.Column))
	}
	return b.String()
}

// recordAt returns the record of a file; the index is built on first use,
// since most runs have no finding to place.
func (x *xref) recordAt(file string) *Record {
	if x.files == nil {
		x.files = make(map[string]*Record, len(x.ds.Records))
		for _, rec := range x.ds.Records {
			if rec != nil {
				x.files[rec.File] = rec
			}
		}
	}
	return x.files[file]
}
