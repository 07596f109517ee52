package validate

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"unsafe"
)

// The cross-record memo keeps, per cross-record rule, a digest of what the
// rule read (ruleDigests, from its reads declaration) and the findings it
// gave. A rule whose digest is unchanged gives its kept findings instead of
// running; every other rule runs over the whole dataset as always. So after
// a small edit only the rules that read what changed run again, and a kept
// finding is exactly what the rule would find now.
//
// Findings are kept without positions: each is kept with its file, JSON
// pointer and key flag, and the positions its message and hint name as
// file and pointer too (see xref_where.go); all are looked up afresh in the
// files as they are now, so a file whose lines moved never shows an old
// position.
//
// The memo is one file, cross.cache, in the cache folder beside the load
// cache, written under a key that covers what the load cache's key covers
// (schemas, rule catalog, severities, limits, version, the executable),
// the records folder's name and the rules run. It is written to a
// temporary file and renamed into place. A file that does not decode, or a
// section whose checksum fails, is a miss, never an error.

const (
	memoFormat = "dossier-cross-memo 1\n"
	memoFile   = "cross.cache"
	sigFile    = "cross-sigs.cache"
)

// memo is the cross-record memo of one run.
type memo struct {
	x    *xref
	dir  string
	key  [32]byte
	run  []crossRule
	sums [][2]uint64 // per rule of run
	hit  []bool      // per rule of run: its kept findings are used
	kept [][]pending // per rule of run: the kept findings, when hit

	old   map[string]string // section name -> body, from the file read
	body  map[string]string // section name -> body, for the file written
	dirty bool              // the file must be written
}

// openMemo reads the memo of opts.Cache and compares each rule's digest
// with the one kept; nil when there is no cache folder.
func openMemo(x *xref, opts Options, run []crossRule) *memo {
	if opts.Cache == "" || x.ds.Schemas == nil {
		return nil
	}
	if li, err := os.Lstat(opts.Cache); err == nil && !li.IsDir() {
		return nil // as the load cache: nothing read or written through a link
	}
	m := &memo{x: x, dir: opts.Cache, run: run, old: map[string]string{}, body: map[string]string{}}
	h := sha256.New()
	io.WriteString(h, memoFormat)
	k := cacheKey(x.ds.Schemas, opts)
	h.Write(k[:])
	for _, s := range append([]string{x.ds.Root}, ruleIDs(run)...) {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		io.WriteString(h, s)
	}
	h.Sum(m.key[:0])
	if b, err := readCacheFile(filepath.Join(m.dir, memoFile)); err == nil {
		m.old = readSections(string(b), m.key)
	}
	m.sums = x.ruleDigests(run, opts.jobs())
	m.hit = make([]bool, len(run))
	m.kept = make([][]pending, len(run))
	for i, c := range run {
		body, ok := m.old["rule "+c.rule.ID]
		if !ok {
			continue
		}
		found, ok := m.decodeRule(body, m.sums[i])
		if !ok {
			continue
		}
		m.hit[i], m.kept[i] = true, found
		m.body["rule "+c.rule.ID] = body
	}
	x.sigs = &quoteSigs{path: filepath.Join(m.dir, sigFile), key: m.key}
	if len(m.old) == 0 {
		m.dirty = true
	}
	return m
}

func ruleIDs(run []crossRule) []string {
	ids := make([]string, len(run))
	for i, c := range run {
		ids[i] = c.rule.ID
	}
	return ids
}

// stale returns the rules that must run: those without kept findings.
func (m *memo) stale() []crossRule {
	var out []crossRule
	for i, c := range m.run {
		if !m.hit[i] {
			out = append(out, c)
		}
	}
	return out
}

// merge returns the findings of every rule: kept ones, and fresh ones of
// the rules that ran (stale, in order), which it keeps for the next run.
func (m *memo) merge(ran []crossRule, fresh [][]pending) []pending {
	var out []pending
	j := 0
	for i, c := range m.run {
		if m.hit[i] {
			out = append(out, m.kept[i]...)
			continue
		}
		f := fresh[j]
		j++
		out = append(out, f...)
		m.body["rule "+c.rule.ID] = encodeRule(m.sums[i], f)
		m.dirty = true
	}
	return out
}

// save writes the memo when this run changed it. A memo that cannot be
// written only costs the next run time.
func (m *memo) save() error {
	serr := m.x.sigs.save()
	if !m.dirty {
		return serr
	}
	head := []byte(memoFormat)
	head = append(head, m.key[:]...)
	var body []byte
	for _, name := range ruleSections(m.run) {
		b, ok := m.body[name]
		if !ok {
			continue
		}
		body = appendStr(body, name)
		body = binary.LittleEndian.AppendUint32(body, crc32.ChecksumIEEE([]byte(b)))
		body = appendStr(body, b)
	}
	return errors.Join(serr, writeAtomic(filepath.Join(m.dir, memoFile), head, body))
}

// writeAtomic writes head and body to a temporary file beside path and
// renames it into place, so that a concurrent run reads a whole file.
func writeAtomic(path string, head, body []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(head)
	if werr == nil {
		_, werr = tmp.Write(body)
	}
	cerr := tmp.Close()
	if werr == nil && cerr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func ruleSections(run []crossRule) []string {
	out := make([]string, len(run))
	for i, c := range run {
		out[i] = "rule " + c.rule.ID
	}
	return out
}

// readSections returns the sections of a memo file written under key whose
// checksum holds; damage to the framing ends the reading.
func readSections(s string, key [32]byte) map[string]string {
	out := map[string]string{}
	head := memoFormat + string(key[:])
	if len(s) < len(head) || s[:len(head)] != head {
		return out
	}
	d := decoder{s: s, i: len(head)}
	for d.i < len(s) && d.err == nil {
		name := d.str()
		sum := d.uint32()
		body := d.str()
		if d.err != nil {
			break
		}
		if crc32.ChecksumIEEE(unsafe.Slice(unsafe.StringData(body), len(body))) == sum { // read only
			out[name] = body
		}
	}
	return out
}

// Encoding of a rule's section: its digest (16 bytes), the number of
// findings, and per finding: file, pointer, key flag, severity, rule,
// message and hint. A message or hint is its parts (textPart): a count,
// then per part 0 and the text, or 1, the file and the pointer of a mark.

func encodeRule(sum [2]uint64, found []pending) string {
	b := binary.LittleEndian.AppendUint64(nil, sum[0])
	b = binary.LittleEndian.AppendUint64(b, sum[1])
	b = binary.AppendUvarint(b, uint64(len(found)))
	for _, p := range found {
		b = appendStr(b, p.d.File)
		b = appendStr(b, p.d.Pointer)
		if p.key {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(p.d.Severity))
		b = appendStr(b, p.d.Rule)
		b = appendText(b, p.d.Message)
		b = appendText(b, p.d.Hint)
	}
	return string(b)
}

func appendText(b []byte, s string) []byte {
	parts := splitMarks(s)
	b = binary.AppendUvarint(b, uint64(len(parts)))
	for _, p := range parts {
		if p.mark {
			b = append(b, 1)
			b = appendStr(b, p.file)
			b = appendStr(b, p.pointer)
		} else {
			b = append(b, 0)
			b = appendStr(b, p.text)
		}
	}
	return b
}

// decodeRule returns the findings of a rule's section when its digest is
// sum and it decodes whole, naming only files of the dataset.
func (m *memo) decodeRule(body string, sum [2]uint64) ([]pending, bool) {
	if len(body) < 16 || binary.LittleEndian.Uint64([]byte(body[:8])) != sum[0] ||
		binary.LittleEndian.Uint64([]byte(body[8:16])) != sum[1] {
		return nil, false
	}
	d := decoder{s: body, i: 16}
	n := d.uint()
	if n > len(body) {
		return nil, false
	}
	found := make([]pending, 0, n)
	for k := 0; k < n && d.err == nil; k++ {
		var p pending
		p.d.File = d.str()
		p.d.Pointer = d.str()
		p.key = d.take(1) == "\x01"
		sev := Severity(d.uint())
		if sev != Error && sev != Warning {
			return nil, false
		}
		p.d.Severity = sev
		p.d.Rule = d.str()
		var ok1, ok2 bool
		p.d.Message, ok1 = m.decodeText(&d)
		p.d.Hint, ok2 = m.decodeText(&d)
		if !ok1 || !ok2 || m.x.recordAt(p.d.File) == nil {
			return nil, false
		}
		found = append(found, p)
	}
	if d.err != nil || d.i != len(body) {
		return nil, false
	}
	return found, true
}

func (m *memo) decodeText(d *decoder) (string, bool) {
	n := d.uint()
	if n > len(d.s) {
		return "", false
	}
	parts := make([]textPart, 0, n)
	for k := 0; k < n && d.err == nil; k++ {
		switch d.take(1) {
		case "\x00":
			parts = append(parts, textPart{text: d.str()})
		case "\x01":
			p := textPart{file: d.str(), pointer: d.str(), mark: true}
			if m.x.recordAt(p.file) == nil {
				return "", false
			}
			parts = append(parts, p)
		default:
			return "", false
		}
	}
	if d.err != nil || len(parts) == 0 {
		return "", false
	}
	return joinMarks(parts), true
}
