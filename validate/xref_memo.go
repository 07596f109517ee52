package validate

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"unsafe"
)

// The cross-record memo keeps the findings of each cross-record rule, and
// of every record the rules see, in file order: a digest of its file, kind
// and ID, one of its whole value, and one of each top-level field a rule
// run reads (the rules' reads declarations, xref_reads.go). The next run
// compares: when the records are the same files of the same kinds in the
// same order, the records whose whole value changed have their fields
// digested again, and a rule runs again only when one of the fields it
// reads changed in one of them; every other rule gives its kept findings.
// Adding, removing or renaming a record runs every rule (every rule reads
// the id and status fields). A rule
// that runs, runs over the whole dataset as always, except quote-duplicate,
// which redoes only the quotes a change can affect (xref_memo_quote.go). So a kept finding is
// exactly what the rule would find now: by induction, what the rule reads
// is unchanged since the run that found it.
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
// the records folder's name and the rules run; quote-duplicate keeps its
// text signatures in a second file (xref_memo_quote.go). Each is written
// to a temporary file and renamed into place. A file that does not decode,
// or a section whose checksum fails, is a miss, never an error. Digests
// are 64-bit XXH64 (xref_hash.go): a change goes unseen only if its digest
// collides, a chance of about 2^-64.

const (
	memoFormat   = "dossier-cross-memo 2\n"
	memoFile     = "cross.cache"
	sigFile      = "cross-sigs.cache"
	stateSection = "records"
)

// memo is the cross-record memo of one run.
type memo struct {
	x    *xref
	dir  string
	key  [32]byte
	run  []crossRule
	hit  []bool      // per rule of run: its kept findings are used
	kept [][]pending // per rule of run: the kept findings, when hit

	plan    digestPlan
	seq     [2]uint64 // digest of the records' files and kinds, in order
	whole   []uint64  // per record: digest of its value
	state   string    // the records section read, when it describes the same records
	changed []int     // records whose value changed since state (all when state is "")
	fields  []uint64  // their field digests, one after the other (plan order)

	old   map[string]string // section name -> body, from the file read
	body  map[string]string // section name -> body, for the file written
	dirty bool              // the file must be written
}

// The records section: the digest of files and kinds (16 bytes), the
// number of records n (8 bytes), n digests of whole values, then the field
// digests of every record as the plan lays them out; little-endian.

func (m *memo) oldWhole(i int) uint64 { return u64(m.state, 24+8*i) }
func (m *memo) oldField(j int) uint64 { return u64(m.state, 24+8*len(m.whole)+8*j) }

// openMemo reads the memo of opts.Cache and finds the rules that must run;
// nil when there is no cache folder.
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
		m.old = readSections(unsafe.String(unsafe.SliceData(b), len(b)), m.key) // b is never written again
	}
	m.plan = x.plan(run)
	base, whole := x.recordDigests(opts.jobs())
	d := newDigest()
	d.word(uint64(len(base)))
	for _, b := range base {
		d.word(b)
	}
	m.seq, m.whole = d.sum(), whole
	n, total := len(x.all), m.plan.off[len(x.all)]
	if st := m.old[stateSection]; len(st) == 24+8*n+8*total && u64(st, 0) == m.seq[0] && u64(st, 8) == m.seq[1] && u64(st, 16) == uint64(n) {
		m.state = st
	}
	stale := make([]bool, len(run))
	if m.state == "" {
		for r := range stale {
			stale[r] = true
		}
		m.changed = make([]int, n)
		for i := range m.changed {
			m.changed[i] = i
		}
	} else {
		for i := range x.all {
			if whole[i] != m.oldWhole(i) {
				m.changed = append(m.changed, i)
			}
		}
	}
	m.digestChanged(opts.jobs())
	if m.state != "" {
		at := 0
		for _, i := range m.changed {
			kp := m.plan.kinds[x.all[i].Kind]
			f := m.fields[at : at+len(kp.names)]
			at += len(kp.names)
			for r := range run {
				for _, j := range kp.rule[r] {
					if !stale[r] && f[j] != m.oldField(m.plan.off[i]+int(j)) {
						stale[r] = true
					}
				}
			}
		}
	}
	m.hit = make([]bool, len(run))
	m.kept = make([][]pending, len(run))
	for i, c := range run {
		body, ok := m.old["rule "+c.rule.ID]
		if stale[i] || !ok {
			continue
		}
		found, ok := m.decodeRule(body, m.seq)
		if !ok {
			continue
		}
		m.hit[i], m.kept[i] = true, found
		m.body["rule "+c.rule.ID] = body
	}
	x.sigs = &quoteSigs{path: filepath.Join(m.dir, sigFile), key: m.key, base: base, whole: whole}
	m.dirty = m.state == "" || len(m.changed) > 0
	return m
}

// digestChanged digests the fields of the changed records into m.fields.
func (m *memo) digestChanged(jobs int) {
	at := make([]int, len(m.changed)+1)
	for k, i := range m.changed {
		at[k+1] = at[k] + m.plan.off[i+1] - m.plan.off[i]
	}
	m.fields = make([]uint64, at[len(m.changed)])
	parallel(len(m.changed), jobs, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			rec := m.x.all[m.changed[k]]
			fieldDigests(rec.Value, m.plan.kinds[rec.Kind].names, m.fields[at[k]:at[k+1]])
		}
	})
}

// encodeState returns the records section describing the records as they
// are now.
func (m *memo) encodeState() string {
	n, total := len(m.whole), m.plan.off[len(m.whole)]
	b := make([]byte, 0, 24+8*n+8*total)
	b = binary.LittleEndian.AppendUint64(b, m.seq[0])
	b = binary.LittleEndian.AppendUint64(b, m.seq[1])
	b = binary.LittleEndian.AppendUint64(b, uint64(n))
	for _, w := range m.whole {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	fields := m.fields
	next := 0 // index into m.changed
	for i := 0; i < n; i++ {
		size := m.plan.off[i+1] - m.plan.off[i]
		if next < len(m.changed) && m.changed[next] == i {
			for _, f := range fields[:size] {
				b = binary.LittleEndian.AppendUint64(b, f)
			}
			fields = fields[size:]
			next++
			continue
		}
		o := 24 + 8*n + 8*m.plan.off[i]
		b = append(b, m.state[o:o+8*size]...)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is never written again
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
		m.body["rule "+c.rule.ID] = encodeRule(m.seq, f)
		m.dirty = true
	}
	if m.dirty {
		m.body[stateSection] = m.encodeState()
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
	parts := []string{memoFormat, string(m.key[:])}
	for _, name := range append(ruleSections(m.run), stateSection) {
		b, ok := m.body[name]
		if !ok {
			continue
		}
		var h []byte
		h = appendStr(h, name)
		h = binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(unsafe.Slice(unsafe.StringData(b), len(b))))
		h = binary.AppendUvarint(h, uint64(len(b)))
		parts = append(parts, string(h), b)
	}
	return errors.Join(serr, writeAtomic(filepath.Join(m.dir, memoFile), parts...))
}

// writeAtomic writes parts, one after the other, to a temporary file beside
// path and renames it into place, so that a concurrent run reads a whole
// file.
func writeAtomic(path string, parts ...string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	for _, p := range parts {
		w.WriteString(p)
	}
	werr := w.Flush()
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

// Encoding of a rule's section: the digest of the records' files and
// kinds it was written with (16 bytes), the number of
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

// decodeRule returns the findings of a rule's section when it was written
// beside a records section of records digested to seq, and it decodes
// whole, naming only files of the dataset.
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
