package validate

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"unsafe"

	"dossier/schemas"
)

// The load cache keeps, per record file, what loading it produced: the
// record's JSON value, its ID, whether it passed its schema, its inline
// silences and its findings. An entry is used only when the file's path
// and content hash match and the cache was written under the same key: the
// schema files, the rule catalog, the limits, the severity overrides, the
// dossier version and the dossier executable itself. So a result from
// other schemas, rules or code can never be used, and cross-record rules,
// which always run, see every record.
//
// The cache is one file, records.cache, in the cache folder (by default
// .dossier-cache/ at the dataset root). It is written to a temporary file
// and renamed into place, so concurrent runs each see a whole file. A file
// that does not decode, or an entry whose checksum fails, is a miss, never
// an error.

// cacheFormat changes whenever the encoding below does.
const cacheFormat = "dossier-load-cache 2\n"

const cacheFile = "records.cache"

// loadCache is the cache of one run. Methods are safe for concurrent use.
type loadCache struct {
	dir  string
	key  [32]byte
	old  map[string]cacheSlot // path -> entry read from the file
	data string               // the file read, which old's slots point into

	mu     sync.Mutex
	hit    []string      // paths whose entry was used; written back by save
	misses int           // entries made this run, already in tmp
	tmp    *os.File      // the next cache file, made at the first miss
	w      *bufio.Writer // buffers tmp
	werr   error         // the first failure to write tmp; save then gives up
}

type cacheSlot struct {
	hash  [32]byte
	sum   uint32 // CRC-32 of entry, checked when the entry is used
	entry string // encoded entry
}

// cacheKey hashes everything loading a file depends on besides the file.
func cacheKey(set *schemas.Set, opts Options) [32]byte {
	h := sha256.New()
	io.WriteString(h, cacheFormat)
	io.WriteString(h, "version "+opts.Version+"\n")
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	names := make([]string, 0, len(set.Files))
	for n := range set.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "schema %s %d\n", n, len(set.Files[n]))
		h.Write(set.Files[n])
	}
	for _, r := range Rules() {
		fmt.Fprintf(h, "rule %s %d\n", r.ID, r.Severity)
	}
	ids := make([]string, 0, len(opts.Severity))
	for id := range opts.Severity {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(h, "severity %s %d\n", id, opts.Severity[id])
	}
	l := opts.Limits
	fmt.Fprintf(h, "limits %d %d %d %d %d %d\n", l.maxFileSize(), l.maxDepth(), l.maxString(), l.maxRecords(), l.maxValues(), maxFindingsPerFile)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// openCache reads the cache of opts.Cache; nil when caching is off. A
// missing, foreign or damaged file gives an empty cache.
func openCache(set *schemas.Set, opts Options) *loadCache {
	if opts.Cache == "" {
		return nil
	}
	if li, err := os.Lstat(opts.Cache); err == nil && !li.IsDir() {
		// a link (or a file) where the cache folder goes, perhaps put
		// there by a pull request: no cache, and nothing written through it
		return nil
	}
	c := &loadCache{dir: opts.Cache, key: cacheKey(set, opts), old: map[string]cacheSlot{}}
	b, err := readCacheFile(filepath.Join(c.dir, cacheFile))
	if err != nil {
		return c
	}
	// The bytes are never written again: share them instead of copying
	// what may be hundreds of megabytes.
	c.data = unsafe.String(unsafe.SliceData(b), len(b))
	c.old = readSlots(c.data, c.key)
	return c
}

// readCacheFile reads the cache file only when it is a regular file, not a
// link: a link to /dev/zero or a FIFO would never end or never start.
func readCacheFile(p string) ([]byte, error) {
	if li, err := os.Lstat(p); err != nil || !li.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	b, err := io.ReadAll(io.LimitReader(f, info.Size()+1))
	if err == nil && int64(len(b)) > info.Size() {
		err = errors.New("the cache file grew while read")
	}
	return b, err
}

// readSlots indexes the entries of a cache file written under key; damage
// to the framing ends the reading (the entries before it stay usable), and
// an entry whose checksum fails is a miss when it is looked up.
func readSlots(s string, key [32]byte) map[string]cacheSlot {
	out := map[string]cacheSlot{}
	head := cacheFormat + string(key[:])
	if len(s) < len(head) || s[:len(head)] != head {
		return out
	}
	d := decoder{s: s, i: len(head)}
	for d.i < len(s) && d.err == nil {
		path := d.str()
		var slot cacheSlot
		copy(slot.hash[:], d.take(32))
		slot.sum = d.uint32()
		slot.entry = d.str()
		if d.err != nil {
			break
		}
		out[path] = slot
	}
	return out
}

// lookup returns the record and findings cached for a file whose content
// hashes to sum; ok is false on a miss.
func (c *loadCache) lookup(f file, sum [32]byte) (rec *Record, diags List, ok bool) {
	slot, found := c.old[f.path]
	if !found || slot.hash != sum || crc32.ChecksumIEEE([]byte(slot.entry)) != slot.sum {
		return nil, nil, false
	}
	rec, diags, err := decodeEntry(slot.entry, f)
	if err != nil {
		return nil, nil, false
	}
	c.mu.Lock()
	c.hit = append(c.hit, f.path)
	c.mu.Unlock()
	return rec, diags, true
}

// store records what loading a file produced. Entries go straight to the
// next cache file, so a run that fills the cache holds none of them: the
// file's entries are in the order loading finished, which only the reader
// of this file sees (it indexes them by path).
func (c *loadCache) store(f file, sum [32]byte, rec *Record, diags List) {
	e := encoder{b: make([]byte, 0, 1024)}
	e.entry(rec, diags)
	b := make([]byte, 0, len(f.path)+len(e.b)+2*binary.MaxVarintLen64+36)
	b = appendStr(b, f.path)
	b = append(b, sum[:]...)
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(e.b))
	b = binary.AppendUvarint(b, uint64(len(e.b)))
	b = append(b, e.b...)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.misses++
	if c.open() {
		_, c.werr = c.w.Write(b)
	}
}

// open makes the next cache file on first use and reports whether it can
// be written. c.mu is held.
func (c *loadCache) open() bool {
	if c.werr != nil {
		return false
	}
	if c.tmp != nil {
		return true
	}
	if c.werr = os.MkdirAll(c.dir, 0o755); c.werr != nil {
		return false
	}
	if c.tmp, c.werr = os.CreateTemp(c.dir, cacheFile+".*.tmp"); c.werr != nil {
		return false
	}
	c.w = bufio.NewWriterSize(c.tmp, 1<<20)
	c.w.WriteString(cacheFormat)
	_, c.werr = c.w.Write(c.key[:])
	return c.werr == nil
}

// save finishes the next cache file when this run changed the cache (a
// miss, or a file gone): the entries used from the old file are added and
// it replaces the old one. Called once, after loading.
func (c *loadCache) save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.misses == 0 && len(c.hit) == len(c.old) {
		return nil // every file a hit: the file on disk is current
	}
	if c.open() {
		var b []byte
		for _, p := range c.hit {
			slot := c.old[p]
			b = appendStr(b[:0], p)
			b = append(b, slot.hash[:]...)
			b = binary.LittleEndian.AppendUint32(b, slot.sum)
			b = appendStr(b, slot.entry)
			if _, c.werr = c.w.Write(b); c.werr != nil {
				break
			}
		}
	}
	if c.tmp == nil {
		return c.werr
	}
	werr := c.werr
	if werr == nil {
		werr = c.w.Flush()
	}
	cerr := c.tmp.Close()
	if werr == nil && cerr == nil {
		werr = os.Chmod(c.tmp.Name(), 0o644)
	}
	if werr != nil || cerr != nil {
		os.Remove(c.tmp.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(c.tmp.Name(), filepath.Join(c.dir, cacheFile)); err != nil {
		os.Remove(c.tmp.Name())
		return err
	}
	return nil
}

// Encoding of one entry: flags (valid), ID, value, silences, findings.
// Integers are uvarints, strings a length and bytes; values are tagged.

const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagString
	tagNumber
	tagList
	tagMap
)

type encoder struct{ b []byte }

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (e *encoder) uint(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *encoder) str(s string) {
	e.b = appendStr(e.b, s)
}

func (e *encoder) entry(rec *Record, diags List) {
	flags := 0
	if rec.Valid {
		flags |= 1
	}
	if rec.Value.Exists() {
		flags |= 2
	}
	e.uint(flags)
	e.str(rec.ID)
	if rec.Value.Exists() {
		e.str(rec.Value.Encoded()) // kept as is: a hit reads it in place
	}
	e.uint(len(rec.Ignores))
	for _, ig := range rec.Ignores {
		e.uint(ig.Line)
		e.uint(ig.Column)
		if ig.Alone {
			e.uint(1)
		} else {
			e.uint(0)
		}
		e.str(ig.Rule)
		e.str(ig.Reason)
	}
	e.uint(len(diags))
	for _, d := range diags {
		e.uint(d.Line)
		e.uint(d.Column)
		e.str(d.Pointer)
		e.str(d.Rule)
		e.uint(int(d.Severity))
		e.str(d.Message)
		e.str(d.Hint)
	}
}

func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, tagNull)
	case bool:
		if x {
			e.b = append(e.b, tagTrue)
		} else {
			e.b = append(e.b, tagFalse)
		}
	case string:
		e.b = append(e.b, tagString)
		e.str(x)
	case json.Number:
		e.b = append(e.b, tagNumber)
		e.str(string(x))
	case []any:
		e.b = append(e.b, tagList)
		e.uint(len(x))
		for _, it := range x {
			e.value(it)
		}
	case map[string]any:
		e.b = append(e.b, tagMap)
		e.uint(len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.str(k)
			e.value(x[k])
		}
	default:
		// The loader makes no other type; a stray one is kept as text so
		// the entry still decodes (and a test catches it).
		e.b = append(e.b, tagString)
		e.str(fmt.Sprint(x))
	}
}

// decoder reads an encoding from a string; the first fault sets err and
// every later read returns zero values.
type decoder struct {
	s     string
	i     int
	err   error
	depth int
}

var errCorrupt = errors.New("corrupt cache entry")

func (d *decoder) fail() { d.err = errCorrupt; d.i = len(d.s) }

func (d *decoder) uint() int {
	if d.err != nil {
		return 0
	}
	var x uint64
	var shift uint
	for {
		if d.i >= len(d.s) || shift > 63 {
			d.fail()
			return 0
		}
		c := d.s[d.i]
		d.i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
		shift += 7
	}
	if x > uint64(len(d.s)) && x > 1<<31 {
		d.fail()
		return 0
	}
	return int(x)
}

func (d *decoder) take(n int) string {
	if d.err != nil || n < 0 || n > len(d.s)-d.i {
		d.fail()
		return ""
	}
	s := d.s[d.i : d.i+n]
	d.i += n
	return s
}

func (d *decoder) str() string { return d.take(d.uint()) }

func (d *decoder) uint32() uint32 {
	b := d.take(4)
	if len(b) < 4 {
		return 0
	}
	return binary.LittleEndian.Uint32([]byte(b))
}

func (d *decoder) value() any {
	if d.err != nil {
		return nil
	}
	if d.i >= len(d.s) || d.depth > 200 {
		d.fail()
		return nil
	}
	tag := d.s[d.i]
	d.i++
	switch tag {
	case tagNull:
		return nil
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagString:
		return d.str()
	case tagNumber:
		return json.Number(d.str())
	case tagList:
		n := d.uint()
		if n > len(d.s)-d.i {
			d.fail()
			return nil
		}
		d.depth++
		l := make([]any, n)
		for k := range l {
			l[k] = d.value()
		}
		d.depth--
		return l
	case tagMap:
		n := d.uint()
		if n > len(d.s)-d.i {
			d.fail()
			return nil
		}
		d.depth++
		m := make(map[string]any, n)
		for k := 0; k < n; k++ {
			key := d.str()
			m[key] = d.value()
		}
		d.depth--
		return m
	}
	d.fail()
	return nil
}

// decodeEntry rebuilds the record and findings of file f from an entry.
func decodeEntry(s string, f file) (*Record, List, error) {
	d := decoder{s: s}
	rec := &Record{Kind: f.kind, File: f.path}
	flags := d.uint()
	rec.Valid = flags&1 != 0
	rec.ID = d.str()
	if flags&2 != 0 {
		v, err := DecodeValue(d.str(), 200)
		if err != nil || !v.IsMap() {
			d.fail()
		}
		rec.Value = v
	}
	if n := d.uint(); n > 0 && n <= len(s) {
		rec.Ignores = make([]Ignore, n)
		for k := range rec.Ignores {
			ig := &rec.Ignores[k]
			ig.Line, ig.Column = d.uint(), d.uint()
			ig.Alone = d.uint() == 1
			ig.Rule, ig.Reason = d.str(), d.str()
		}
	}
	var diags List
	if n := d.uint(); n > 0 && n <= len(s) {
		diags = make(List, n)
		for k := range diags {
			x := &diags[k]
			x.File = f.path
			x.Line, x.Column = d.uint(), d.uint()
			x.Pointer, x.Rule = d.str(), d.str()
			x.Severity = Severity(d.uint())
			x.Message, x.Hint = d.str(), d.str()
		}
	}
	if d.err == nil && d.i != len(s) {
		d.fail()
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	return rec, diags, nil
}

// CacheStats says how a run used the cache; for tests and benchmarks.
type CacheStats struct {
	Hits, Misses int
}

func (c *loadCache) stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: len(c.hit), Misses: c.misses}
}
