// Package cache keeps what reading and schema-checking each record file
// gave (its record and its own findings), keyed by the file's content and
// kind, so that a run parses again only the files that changed. Every
// entry of a cache file was made under one key: the schemas, the rule
// catalog, the limits, the dossier version and the dossier executable
// itself; a change to any of them makes the whole file a miss. A missing,
// damaged, foreign or oversized cache file is a miss, never an error; a
// cache is written whole to a temporary file and renamed into place, so
// that runs side by side never see half of one.
package cache

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"unsafe"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// File is the name of the cache file in the cache folder.
const File = "records.cache"

// magic starts a cache file; its last figure is the format's version.
const magic = "dossier-cache 2\n"

// Sum identifies the content of one record file of one kind.
type Sum [32]byte

// SumOf returns the Sum of src read as a record of kind.
func SumOf(kind *schemas.Kind, src []byte) Sum {
	h := sha256.New()
	if kind != nil {
		io.WriteString(h, kind.Name)
	}
	h.Write([]byte{0})
	h.Write(src)
	var s Sum
	h.Sum(s[:0])
	return s
}

// Key hashes everything the result of a file depends on besides the file:
// the schemas, the rules, the limits, the version and the executable.
func Key(set *schemas.Set, rules []*diag.Rule, lim config.Limits, version string) [32]byte {
	h := sha256.New()
	io.WriteString(h, magic)
	io.WriteString(h, "version "+version+"\n")
	exe := exeHash()
	h.Write(exe[:])
	names := make([]string, 0, len(set.Files))
	for n := range set.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "schema %s %d\n", n, len(set.Files[n]))
		h.Write(set.Files[n])
	}
	for _, r := range rules {
		fmt.Fprintf(h, "rule %s %d\n", r.ID, r.Severity)
	}
	fmt.Fprintf(h, "limits %d %d %d %d %d\n", lim.FileSize(), lim.Depth(), lim.StringSize(), lim.Values(), lim.Records())
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// exeHash is the SHA-256 of the running executable, read once per
// process. When it cannot be read it is random, so that no cache written
// by another executable is used.
var exeHash = sync.OnceValue(func() (sum [32]byte) {
	h := sha256.New()
	exe, err := os.Executable()
	var f *os.File
	if err == nil {
		f, err = os.Open(exe)
	}
	if err == nil {
		_, err = io.Copy(h, f)
		f.Close()
	}
	if err != nil {
		rand.Read(sum[:])
		return sum
	}
	h.Sum(sum[:0])
	return sum
})

// Entry is what reading and checking one file gave.
type Entry struct {
	ID       string
	Value    record.Value
	Valid    bool
	Ignores  []record.Ignore
	Findings diag.List // their File is the file's path, set by Get
}

// Cache is the cache of one dataset during one run.
type Cache struct {
	dir  string
	key  [32]byte
	old  map[Sum]string // entries read from the cache file, encoded
	mu   sync.Mutex
	used map[Sum]string // entries of this run's files, encoded
	// Hits and Misses count the lookups of this run.
	Hits, Misses int
}

// Bound is the largest cache file a dataset of files record files holding
// total bytes can have: an entry holds a compact copy of its record and
// the file's own findings, about the record's size and a few KiB at most.
func Bound(files int, total int64) int64 {
	return 1<<20 + 2*total + 4<<10*int64(files)
}

// Open reads the cache in the folder dir made under key. size bounds what
// a cache of this dataset can hold; a larger file is not read. Open never
// fails: a cache that cannot be read is empty.
func Open(dir string, key [32]byte, size int64) *Cache {
	c := &Cache{dir: dir, key: key, old: map[Sum]string{}, used: map[Sum]string{}}
	if s, err := readFile(filepath.Join(dir, File), size, key); err == nil {
		c.old = decodeFile(s, key)
	}
	return c
}

// Exists reports whether dir holds a cache file, for a run to decide
// whether looking entries up is worth hashing its files.
func Exists(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, File))
	return err == nil && info.Mode().IsRegular() && info.Size() > 0
}

// readFile reads a regular file (not a link) of at most max bytes, in one
// buffer of its size, when its header is that of a cache made under key:
// the cache of another dossier or other schemas is not read whole.
func readFile(p string, max int64, key [32]byte) ([]byte, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > max {
		return nil, errors.New("not a cache file of this dataset")
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := len(magic) + len(key)
	if info.Size() < int64(head) {
		return nil, errors.New("not a cache file")
	}
	hdr := make([]byte, head)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return nil, err
	}
	if string(hdr[:len(magic)]) != magic || !bytes.Equal(hdr[len(magic):], key[:]) {
		return nil, errors.New("a cache made under another key")
	}
	b := make([]byte, info.Size())
	copy(b, hdr)
	if _, err := io.ReadFull(f, b[head:]); err != nil {
		return nil, err
	}
	return b, nil
}

// Get returns the entry of the content sum, for the file at path.
func (c *Cache) Get(sum Sum, path string) (Entry, bool) {
	c.mu.Lock()
	s, ok := c.old[sum]
	if !ok {
		s, ok = c.used[sum]
	}
	c.mu.Unlock()
	var e Entry
	if ok {
		var err error
		if e, err = decodeEntry(s, path); err != nil {
			ok = false
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		c.Misses++
		return Entry{}, false
	}
	c.Hits++
	c.used[sum] = s
	return e, true
}

// Put keeps the entry of the content sum, for the file at path, for the
// next run. It returns the entry as Get would, held in the kept bytes: a
// caller that keeps the returned record holds it once, not twice (at 1M
// records, some 600 MB).
func (c *Cache) Put(sum Sum, path string, e Entry) Entry {
	s := encodeEntry(e)
	c.mu.Lock()
	c.used[sum] = s
	c.mu.Unlock()
	if kept, err := decodeEntry(s, path); err == nil {
		return kept
	}
	return e
}

// Save writes the entries of this run's files, when they differ from what
// the cache file holds. A cache that cannot be written only costs the next
// run time: the error is for tests.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.used) == len(c.old) {
		same := true
		for k := range c.used {
			if _, ok := c.old[k]; !ok {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	if li, err := os.Lstat(c.dir); err == nil && !li.IsDir() {
		return fmt.Errorf("%s is not a folder", c.dir) // a link where the cache goes: nothing written through it
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, File+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := writeFile(tmp, c.key, c.used); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(c.dir, File))
}

// A cache file: magic, key, the entries (each its Sum, a uvarint length
// and its encoding) in Sum order, then the CRC-32C of all that.

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// writeFile writes a cache file to w a buffer at a time: at 1M records
// the entries are some 600 MB, which one []byte of the whole file would
// hold a second time.
func writeFile(w io.Writer, key [32]byte, entries map[Sum]string) error {
	sums := make([]Sum, 0, len(entries))
	for s := range entries {
		sums = append(sums, s)
	}
	sort.Slice(sums, func(i, j int) bool { return bytes.Compare(sums[i][:], sums[j][:]) < 0 })
	bw := bufio.NewWriterSize(w, 1<<20)
	crc := crc32.New(crcTable)
	out := io.MultiWriter(bw, crc)
	io.WriteString(out, magic)
	out.Write(key[:])
	var n [binary.MaxVarintLen64]byte
	for _, s := range sums {
		e := entries[s]
		out.Write(s[:])
		out.Write(binary.AppendUvarint(n[:0], uint64(len(e))))
		if _, err := io.WriteString(out, e); err != nil {
			return err
		}
	}
	bw.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return bw.Flush()
}

// decodeFile returns the entries of a cache file made under key; none when
// it is damaged or was made under another key.
func decodeFile(b []byte, key [32]byte) map[Sum]string {
	out := map[Sum]string{}
	head := len(magic) + len(key)
	if len(b) < head+4 || string(b[:len(magic)]) != magic || !bytes.Equal(b[len(magic):head], key[:]) {
		return out
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return out
	}
	// Entries are slices of the file's bytes, which nothing writes after
	// they are read: read as a string without a copy (0.2 s of a warm run
	// at 100k records, a 60 MB cache).
	s := unsafe.String(unsafe.SliceData(body[head:]), len(body)-head)
	for len(s) > 0 {
		if len(s) < len(Sum{}) {
			return map[Sum]string{}
		}
		var k Sum
		copy(k[:], s)
		s = s[len(k):]
		n, w := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if w <= 0 || n > uint64(len(s)-w) {
			return map[Sum]string{}
		}
		out[k] = s[w : w+int(n)]
		s = s[w+int(n):]
	}
	return out
}
