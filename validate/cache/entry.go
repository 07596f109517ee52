package cache

import (
	"encoding/binary"
	"errors"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// Encoding of one entry: flags (valid, has a value), ID, value, silences,
// findings. Integers are uvarints, strings a length and their bytes; the
// value is its compact encoding, kept as is.

func encodeEntry(e Entry) string {
	var b []byte
	uint := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	str := func(s string) { uint(len(s)); b = append(b, s...) }
	flags := 0
	if e.Valid {
		flags |= 1
	}
	if e.Value.Exists() {
		flags |= 2
	}
	uint(flags)
	str(e.ID)
	if e.Value.Exists() {
		str(e.Value.Encoded())
	}
	uint(len(e.Ignores))
	for _, ig := range e.Ignores {
		uint(ig.Line)
		uint(ig.Column)
		if ig.Alone {
			uint(1)
		} else {
			uint(0)
		}
		str(ig.Rule)
		str(ig.Reason)
	}
	uint(len(e.Findings))
	for _, d := range e.Findings {
		uint(d.Line)
		uint(d.Column)
		str(d.Pointer)
		str(d.Rule)
		uint(int(d.Severity))
		str(d.Message)
		str(d.Hint)
	}
	return string(b)
}

var errCorrupt = errors.New("corrupt cache entry")

// decoder reads an encoding; the first fault sets err, and every later
// read returns zero values.
type decoder struct {
	s   string
	err error
}

func (d *decoder) uint() int {
	if d.err != nil {
		return 0
	}
	n, w := binary.Uvarint([]byte(d.s[:min(len(d.s), binary.MaxVarintLen64)]))
	if w <= 0 || n > uint64(len(d.s)) {
		d.err = errCorrupt
		return 0
	}
	d.s = d.s[w:]
	return int(n)
}

func (d *decoder) str() string {
	n := d.uint()
	if d.err != nil || n > len(d.s) {
		d.err = errCorrupt
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// decodeEntry decodes the entry of the file at path.
func decodeEntry(s, path string) (Entry, error) {
	d := decoder{s: s}
	var e Entry
	flags := d.uint()
	e.Valid = flags&1 != 0
	e.ID = d.str()
	if flags&2 != 0 {
		v, err := record.DecodeValue(d.str(), 200)
		if err != nil {
			d.err = err
		}
		e.Value = v
	}
	if n := d.uint(); n > 0 && n <= len(s) {
		e.Ignores = make([]record.Ignore, n)
		for k := range e.Ignores {
			ig := &e.Ignores[k]
			ig.Line, ig.Column = d.uint(), d.uint()
			ig.Alone = d.uint() == 1
			ig.Rule, ig.Reason = d.str(), d.str()
		}
	}
	if n := d.uint(); n > 0 && n <= len(s) {
		e.Findings = make(diag.List, n)
		for k := range e.Findings {
			x := &e.Findings[k]
			x.File = path
			x.Line, x.Column = d.uint(), d.uint()
			x.Pointer, x.Rule = d.str(), d.str()
			x.Severity = diag.Severity(d.uint())
			x.Message, x.Hint = d.str(), d.str()
		}
	}
	if d.err == nil && d.s != "" {
		d.err = errCorrupt
	}
	return e, d.err
}
