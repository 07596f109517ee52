package validate

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/dossier-data/dossier/schemas"
)

// The load cache keeps, per record file, what loading it produced: the
// record's JSON value, its ID, whether it passed its schema, its inline
// silences and its findings. An entry is used only when the file's path
// and content match and the cache was written under the same key: the
// schema files, the rule catalog, the limits, the severity overrides, the
// dossier version and the dossier executable itself. So a result from
// other schemas, rules or code can never be used, and cross-record rules,
// which always run, see every record.
//
// # Unchanged files are not read
//
// Each entry also holds the file's stat data as it was before the file was
// read and hashed (size, mtime and ctime in nanoseconds, inode, device,
// mode) and the time it was verified: a moment taken before that stat,
// the earlier of the system clock and the mtime of a file made in the
// cache folder at the start of the run, when the folder exists (so the
// clock of the filesystem holding the cache counts too). On a later run
// the file is stat'ed, not opened (on Linux one fstatat on the path's
// bytes as the folder listing made them, NUL-terminated: statListed); the
// entry is used without reading the
// file only when every stat field matches and the entry is not racily
// clean: its mtime and ctime must both be older than its verification
// time by at least the racy window (racyWindow: 100 ms on filesystems
// that keep timestamps finer than 10 ms, 3 s on those with whole seconds
// or coarser). Otherwise the file is read and hashed as before; a content
// match is still a hit, and the entry takes the new stat data and this
// run's verification time (appended to the journal, below), so that an
// entry racily clean once is read again only until it is not. A file moved or copied within its kind folder
// is a hit by content too.
//
// Why that is enough: whatever changes what a path holds either puts
// another inode there or sets the inode's ctime to the filesystem's clock
// at that moment, and userspace cannot set a ctime (touch -d and
// os.Chtimes set mtime, and ctime moves to now). A change after the stat
// happens after the verification time, so its ctime is at least that
// time less the clock's coarseness (a kernel tick, or the filesystem's
// timestamp granularity), which the window covers: it cannot equal a
// stored ctime older than the verification time by the window. A change
// before the stat shows in the stored stat itself. An inode number is
// used again only after its file is gone, so a new file with the old
// number was made after the stat, and its ctime differs. This is git's
// racy-git rule (an entry whose mtime is not older than the index is
// re-read), stated per entry with a margin for coarse clocks. So a same
// size edit with the mtime put back, a file replaced by rename or a
// chmod is read and hashed; a copied dataset (new device, inodes and
// ctimes) too, and is a hit by content. What defeats it, as it does git
// and make: the system clock stepped back past a stored ctime while files
// change, a filesystem that does not keep ctime (some FUSE and network
// ones) or whose clock runs behind the cache folder's and the system's by
// more than the window, and writes through a shared memory mapping that
// leave the timestamps alone. On systems without Linux stat data
// (cache_stat_other.go) every file is read and hashed.
//
// # Files
//
// The cache is records.cache and records.journal in the cache folder (by
// default .dossier-cache/ at the dataset root). records.cache holds the
// entries in the order of the files, where a run looks for each first
// (see find); it is written to a temporary file and renamed into place,
// so concurrent runs each see a whole file. A run that changed only a few
// entries (misses, files moved, stat data refreshed) appends them to
// records.journal instead of rewriting records.cache: each in a frame with
// its length and CRC-32, all in one O_APPEND write, so that runs appending
// at once do not interleave and no lock is needed (see appendJournal). A
// run reads the journal into a map of paths, and tries a path's journal
// entry before its entry in records.cache. When the journal and the
// entries of records.cache no longer used pass a tenth of records.cache,
// or the journal is damaged or cut short, or records.cache is out of
// order (the first run after a run without a cache writes entries as
// loading finishes), the run compacts: records.cache is written afresh
// and the journal removed (see save). A file that does not decode, or an
// entry or frame whose checksum fails, is a miss, never an error; an
// entry another run appends while one compacts is lost, a miss too.

// cacheFormat changes whenever the encoding below does.
const cacheFormat = "dossier-load-cache 3\n"

const cacheFile = "records.cache"

// journalFile holds the entries runs made since records.cache was last
// written, appended (see appendJournal).
const journalFile = "records.journal"

// journalMagic opens every frame of the journal.
const journalMagic = "DLJ3"

// fileStat is what the system tells of a file without opening it: enough
// to know that it has not changed since it was read. Times are nanoseconds
// since 1970; Mode is the system's st_mode.
type fileStat struct {
	Size, Mtime, Ctime int64
	Ino, Dev           uint64
	Mode               uint32
}

const statSize = 5*8 + 4 // encoded fileStat

// regular reports whether the stat data is that of a regular file.
func (s fileStat) regular() bool { return s.Mode&0o170000 == 0o100000 }

// racyWindow is how much older than its verification time an entry's
// mtime and ctime must be for its stat data to vouch for its content:
// 100 ms where the filesystem keeps timestamps finer than 10 ms (ext4, xfs,
// btrfs, tmpfs: a kernel tick of coarseness at most), 3 s where both
// fall on a multiple of 10 ms (FAT's 2 s, whole seconds, exFAT's 10 ms).
func racyWindow(s fileStat) int64 {
	const fine = 10 * int64(time.Millisecond)
	if s.Mtime%fine != 0 || s.Ctime%fine != 0 {
		return 100 * int64(time.Millisecond)
	}
	return 3 * int64(time.Second)
}

// vouches reports whether stat data taken before a file was read and
// verified at time verified (ns) shows that a file whose stat now is cur
// still holds what was read.
func vouches(stored fileStat, verified int64, cur fileStat) bool {
	if stored != cur || !cur.regular() || verified == 0 {
		return false
	}
	w := racyWindow(cur)
	return cur.Mtime <= verified-w && cur.Ctime <= verified-w
}

// loadCache is the cache of one run. Methods are safe for concurrent use
// on distinct file numbers.
type loadCache struct {
	dir       string
	key       [32]byte
	now       int64            // this run's verification time, ns
	index     map[string]int32 // path -> slot, made at the first file not where guessed
	indexOnce sync.Once
	shift     atomic.Int64 // slot number less file number at the last file found
	slots     []cacheSlot
	data      string    // the file read, which slots point into
	use       []slotUse // per file of this run, by its number

	jslots   []cacheSlot      // the entries of the journal, in the order read
	jdata    string           // the journal read, which jslots point into
	journal  map[string]int32 // path -> its last entry in jslots
	jdamaged bool             // a frame of the journal failed its checksum

	byHash     map[[32]byte]int32 // content hash -> slot reference (see slotUse), made at the first path not cached
	byHashOnce sync.Once

	mu           sync.Mutex
	misses       int            // entries made this run
	pending      map[int][]byte // entries made this run not yet in tmp, by file number
	pendingBytes int
	tmp          *os.File      // the next cache file, made when the cache opens
	w            *bufio.Writer // buffers tmp
	werr         error         // the first failure to write tmp; save then gives up
	direct       bool          // entries went straight to tmp: save writes it whole
}

type cacheSlot struct {
	path       string
	meta       string // hash, stat data and verification time, as encoded
	entry      string // encoded entry
	start, end int    // the whole encoded slot in the file, path to entry
	sum        uint32 // CRC-32 of meta and entry, checked when the entry is used
}

func (s *cacheSlot) hash() (h [32]byte) {
	copy(h[:], s.meta)
	return h
}

// stat returns the stat data and verification time of the slot.
func (s *cacheSlot) stat() (st fileStat, verified int64) {
	m := bytesOf(s.meta[32:])
	le := binary.LittleEndian
	return fileStat{
		Size:  int64(le.Uint64(m[0:])),
		Mtime: int64(le.Uint64(m[8:])),
		Ctime: int64(le.Uint64(m[16:])),
		Ino:   le.Uint64(m[24:]),
		Dev:   le.Uint64(m[32:]),
		Mode:  le.Uint32(m[40:]),
	}, int64(le.Uint64(m[44:]))
}

// slotUse says how this run used the slot of one file.
type slotUse struct {
	slot  int32  // 1 + index into slots, or -(1 + index) into jslots; 0: not used
	fresh bool   // read and hashed this run: stat is new, verified is now
	path  string // the file's path when it is not the slot's (a moved file)
	stat  fileStat
}

// cacheKey hashes everything loading a file depends on besides the file.
func cacheKey(set *schemas.Set, opts Options) [32]byte {
	h := sha256.New()
	io.WriteString(h, cacheFormat)
	io.WriteString(h, "version "+opts.Version+"\n")
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

// exeHash is the SHA-256 of the running executable, read once per
// process: the load cache and the cross-record memo both key on it, and
// it is tens of megabytes. When it cannot be read it is random, so that
// no cache written by another executable is used.
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

// openCache reads the cache of opts.Cache; nil when caching is off. A
// missing, foreign or damaged file gives an empty cache. It is called
// before any record file is stat'ed or read: the verification time of the
// run is taken here. Call start before looking files up, and save or
// drop after.
func openCache(set *schemas.Set, opts Options) *loadCache {
	if opts.Cache == "" {
		return nil
	}
	li, err := os.Lstat(opts.Cache)
	if err == nil && !li.IsDir() {
		// a link (or a file) where the cache folder goes, perhaps put
		// there by a pull request: no cache, and nothing written through it
		return nil
	}
	c := &loadCache{dir: opts.Cache, key: cacheKey(set, opts)}
	c.now = time.Now().UnixNano()
	if err == nil {
		// The next cache file, made now: its mtime is the clock of the
		// filesystem holding the cache, before any record is stat'ed.
		// (Without a cache folder yet, it is made at the first miss, and
		// the system clock alone dates this run.)
		c.mu.Lock()
		if c.open() {
			if info, err := c.tmp.Stat(); err == nil {
				c.now = min(c.now, info.ModTime().UnixNano())
			}
		}
		c.mu.Unlock()
	}
	b, err := readCacheFile(filepath.Join(c.dir, cacheFile))
	if err != nil {
		c.readJournal()
		return c
	}
	// The bytes are never written again: share them instead of copying
	// what may be hundreds of megabytes.
	c.data = unsafe.String(unsafe.SliceData(b), len(b))
	c.slots = readSlots(c.data, c.key)
	c.readJournal()
	return c
}

// readCacheFile reads the cache file only when it is a regular file, not a
// link: a link to /dev/zero or a FIFO would never end or never start. It
// reads the size fstat gives in one buffer; a file that grows while read
// is not used.
func readCacheFile(p string) ([]byte, error) { return readCacheFileGrowing(p, false) }

// readCacheFileGrowing is readCacheFile for a file that grows as it is
// read when grows is set (the journal, which runs append to): then what
// fstat gave is read.
func readCacheFileGrowing(p string, grows bool) ([]byte, error) {
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
	// One byte more than the size: a read that fills it finds the file
	// grew since fstat, and the cache is not used.
	b := make([]byte, info.Size()+1)
	n := 0
	for n < len(b) {
		m, err := f.Read(b[n:])
		n += m
		if err == io.EOF || m == 0 && err == nil {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(n) > info.Size() {
		if !grows {
			return nil, errors.New("the cache file grew while read")
		}
		n = int(info.Size())
	}
	return b[:n:n], nil
}

// readSlots lists the entries of a cache file written under key; damage
// to the framing ends the reading (the entries before it stay usable), and
// an entry whose checksum fails is a miss when it is looked up.
func readSlots(s string, key [32]byte) []cacheSlot {
	head := cacheFormat + string(key[:])
	if len(s) < len(head) || s[:len(head)] != head {
		return nil
	}
	// entries are most of a kilobyte: guess the count so slots grows rarely
	slots := make([]cacheSlot, 0, len(s)/512+16)
	d := decoder{s: s, i: len(head)}
	for d.i < len(s) && d.err == nil && len(slots) < 1<<31-1 {
		slot, ok := decodeSlot(&d)
		if !ok {
			break
		}
		slots = append(slots, slot)
	}
	return slots
}

// decodeSlot reads one encoded slot at d.i; ok is false when its framing
// is damaged.
func decodeSlot(d *decoder) (slot cacheSlot, ok bool) {
	start := d.i
	path := d.str()
	slot.meta = d.take(32 + statSize + 8)
	slot.sum = d.uint32()
	slot.entry = d.str()
	if d.err != nil {
		return cacheSlot{}, false
	}
	slot.path, slot.start, slot.end = path, start, d.i
	return slot, true
}

// find returns the slot of the file with number i and path p. Entries are
// written mostly in the order files are loaded (sorted by path), so the
// slot is looked for first where the last one was found, shifted by the
// same amount, and a few places around, then up to findReach places on
// either side (files added or removed side by side since records.cache was
// written shift the rest by that many); the map of every path is made only
// when that fails.
func (c *loadCache) find(i int, p string) (int32, bool) {
	if len(c.slots) == 0 {
		return 0, false
	}
	g := i + int(c.shift.Load())
	for _, d := range [...]int{0, 1, -1, 2, -2, 3, -3} {
		if k := g + d; k >= 0 && k < len(c.slots) && c.slots[k].path == p {
			if d != 0 {
				c.shift.Store(int64(k - i))
			}
			return int32(k), true
		}
	}
	for d := 4; d <= findReach; d++ {
		for _, k := range [2]int{g + d, g - d} {
			if k >= 0 && k < len(c.slots) && c.slots[k].path == p {
				c.shift.Store(int64(k - i))
				return int32(k), true
			}
		}
	}
	c.indexOnce.Do(func() {
		c.index = make(map[string]int32, len(c.slots))
		for k := range c.slots {
			c.index[c.slots[k].path] = int32(k)
		}
	})
	k, ok := c.index[p]
	if ok {
		c.shift.Store(int64(int(k) - i))
	}
	return k, ok
}

// findReach is how far from its guess find looks for a slot before it
// makes the map of every path.
const findReach = 64

// appendMeta appends the encoded hash, stat data and verification time.
func appendMeta(b []byte, sum *[32]byte, st fileStat, verified int64) []byte {
	le := binary.LittleEndian
	b = append(b, sum[:]...)
	b = le.AppendUint64(b, uint64(st.Size))
	b = le.AppendUint64(b, uint64(st.Mtime))
	b = le.AppendUint64(b, uint64(st.Ctime))
	b = le.AppendUint64(b, st.Ino)
	b = le.AppendUint64(b, st.Dev)
	b = le.AppendUint32(b, st.Mode)
	return le.AppendUint64(b, uint64(verified))
}

// slotSum is the checksum of an entry and its meta.
func slotSum(meta, entry string) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(bytesOf(meta)), crc32.IEEETable, bytesOf(entry))
}

// slot returns the slot a reference names (see slotUse.slot).
func (c *loadCache) slot(ref int32) *cacheSlot {
	if ref < 0 {
		return &c.jslots[-ref-1]
	}
	return &c.slots[ref-1]
}

// raw returns the whole encoded slot a reference names.
func (c *loadCache) raw(ref int32) string {
	if ref < 0 {
		s := &c.jslots[-ref-1]
		return c.jdata[s.start:s.end]
	}
	s := &c.slots[ref-1]
	return c.data[s.start:s.end]
}

// bytesOf is s as bytes without a copy, for functions that only read them.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// lookupStat returns the record and findings cached for file number i
// when its stat data st vouches for the entry (see vouches): the file need
// not be read. ok is false otherwise.
// The journal's entry of the path, if any, is tried first, then that of
// records.cache.
func (c *loadCache) lookupStat(i int, f file, st fileStat, rec *Record) (diags List, ok bool) {
	if k, found := c.journal[f.path]; found {
		if stored, verified := c.jslots[k].stat(); vouches(stored, verified, st) {
			if diags, ok := c.use1(i, -k-1, f, rec, false, st); ok {
				return diags, true
			}
		}
	}
	k, found := c.find(i, f.path)
	if !found {
		return nil, false
	}
	if stored, verified := c.slots[k].stat(); !vouches(stored, verified, st) {
		return nil, false
	}
	return c.use1(i, k+1, f, rec, false, st)
}

// lookupSum returns the record and findings cached for file number i,
// read and hashed to sum after its stat data was taken as st; ok is false
// on a miss.
//
// A file new at its path whose content is that of another entry in a
// folder of the same name (so of the same kind) is a hit too: a file
// moved or copied within its kind folder. What loading a file produces
// depends on its content and kind only; the path goes into the findings
// and the record as they are decoded.
func (c *loadCache) lookupSum(i int, f file, st fileStat, sum *[32]byte, rec *Record) (diags List, ok bool) {
	j, injournal := c.journal[f.path]
	if injournal && c.jslots[j].meta[:32] == string(sum[:]) {
		if diags, ok := c.use1(i, -j-1, f, rec, true, st); ok {
			return diags, true
		}
	}
	k, found := c.find(i, f.path)
	if found || injournal {
		if !found || c.slots[k].meta[:32] != string(sum[:]) {
			return nil, false // an edit: no other entry is looked for
		}
		return c.use1(i, k+1, f, rec, true, st)
	}
	c.byHashOnce.Do(func() {
		c.byHash = make(map[[32]byte]int32, len(c.slots)+len(c.jslots))
		for k := range c.slots {
			c.byHash[c.slots[k].hash()] = int32(k) + 1
		}
		for k := range c.jslots {
			c.byHash[c.jslots[k].hash()] = -int32(k) - 1
		}
	})
	ref, found := c.byHash[*sum]
	if !found || kindFolder(c.slot(ref).path) != kindFolder(f.path) {
		return nil, false
	}
	return c.use1(i, ref, f, rec, true, st)
}

// kindFolder is the name of the folder holding a record file: its kind's
// table.
func kindFolder(path string) string {
	dir := path[:max(0, strings.LastIndexByte(path, '/'))]
	return dir[strings.LastIndexByte(dir, '/')+1:]
}

// use1 decodes the slot ref for file number i and notes its use.
func (c *loadCache) use1(i int, ref int32, f file, rec *Record, fresh bool, st fileStat) (List, bool) {
	slot := c.slot(ref)
	if slotSum(slot.meta, slot.entry) != slot.sum {
		return nil, false
	}
	diags, err := decodeEntry(slot.entry, f, rec)
	if err != nil {
		*rec = Record{Kind: f.kind, File: f.path}
		return nil, false
	}
	u := slotUse{slot: ref, fresh: fresh, stat: st}
	if slot.path != f.path {
		u.path = f.path
	}
	c.use[i] = u
	return diags, true
}

// store records what loading file number i produced, read and hashed to
// sum after its stat data was taken as st. In a run that found a cache,
// new entries wait (up to maxPending bytes) so that save writes every
// entry in the order of the files, where the next run looks first (see
// find). Otherwise, and past that, they go straight to the next cache
// file, so a run that fills the cache holds none of them; that file is
// then in the order loading finished, and the next run rewrites it in
// order.
func (c *loadCache) store(i int, f file, sum *[32]byte, st fileStat, rec *Record, diags List) {
	e := encoder{b: make([]byte, 0, 1024)}
	e.entry(rec, diags)
	b := make([]byte, 0, len(f.path)+len(e.b)+2*binary.MaxVarintLen64+32+statSize+8+4)
	b = appendStr(b, f.path)
	m := len(b)
	b = appendMeta(b, sum, st, c.now)
	b = binary.LittleEndian.AppendUint32(b, crc32.Update(crc32.ChecksumIEEE(b[m:]), crc32.IEEETable, e.b))
	b = binary.AppendUvarint(b, uint64(len(e.b)))
	b = append(b, e.b...)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.misses++
	if len(c.slots)+len(c.jslots) > 0 && c.pendingBytes+len(b) <= maxPending {
		if c.pending == nil {
			c.pending = map[int][]byte{}
		}
		c.pending[i] = b
		c.pendingBytes += len(b)
		return
	}
	if c.open() {
		c.direct = true
		_, c.werr = c.w.Write(b)
	}
}

// maxPending bounds the new entries a run holds for save.
const maxPending = 64 << 20

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

// save keeps what this run learned. The entries to keep are the misses,
// the hits of files moved or copied (a new path) and the hits read and
// hashed whose stat data changed or now vouches for them (see vouches: a
// racily clean entry re-verified after the window stops being read). When
// there are none and records.cache is fit, nothing is written. Else, when
// records.cache is fit, they are appended to the journal in one write
// (appendJournal), and the next cache file is dropped. records.cache is
// fit when it held entries, in the order of the files (inOrder), none went
// straight to the next file (a run without a cache), the journal read was
// whole, and the bytes not used from records.cache (entries of files gone
// or changed since) with the journal's and the new entries come to at
// most a tenth of it. Otherwise records.cache is compacted: the next cache
// file gets every entry this run used or made, in the order of the files,
// and replaces it, and the journal is removed. Called once, after loading.
func (c *loadCache) save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var keep []int // numbers of the files whose entry is kept
	newBytes, used := 0, 0
	for i, u := range c.use {
		if p, ok := c.pending[i]; ok {
			keep = append(keep, i)
			newBytes += len(p)
			continue
		}
		if u.slot == 0 {
			continue
		}
		if u.slot > 0 {
			slot := &c.slots[u.slot-1]
			used += slot.end - slot.start
		}
		if u.fresh {
			old, verified := c.slot(u.slot).stat()
			if u.path != "" || old != u.stat || !vouches(old, verified, u.stat) && vouches(u.stat, c.now, u.stat) {
				keep = append(keep, i)
				newBytes += len(c.raw(u.slot)) + 8
			}
		}
	}
	unused := len(c.data) - len(cacheFormat) - len(c.key) - used
	fit := len(c.slots) > 0 && c.inOrder() && !c.direct && !c.jdamaged &&
		unused+len(c.jdata)+newBytes <= len(c.data)/10
	if fit {
		c.drop()
		if len(keep) == 0 {
			return nil // records.cache and the journal are current
		}
		return c.appendJournal(keep)
	}
	if c.open() {
		var b []byte
		for i, u := range c.use {
			if p, ok := c.pending[i]; ok {
				if _, c.werr = c.w.Write(p); c.werr != nil {
					break
				}
				continue
			}
			if u.slot == 0 {
				continue
			}
			if !u.fresh {
				_, c.werr = c.w.WriteString(c.raw(u.slot))
			} else {
				b = c.appendFresh(b[:0], u)
				_, c.werr = c.w.Write(b)
			}
			if c.werr != nil {
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
	// Every entry of the journal this run read is in records.cache now,
	// or was of a file gone. Entries another run appended since are lost
	// with it: misses for the next run, nothing worse.
	if err := os.Remove(filepath.Join(c.dir, journalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// inOrder reports whether the entries of records.cache this run used at
// their own paths come in the order of the files: find then meets them
// where it looks first, whatever files were added or removed since.
func (c *loadCache) inOrder() bool {
	last := int32(0)
	for _, u := range c.use {
		if u.slot > 0 && u.path == "" {
			if u.slot <= last {
				return false
			}
			last = u.slot
		}
	}
	return true
}

// appendFresh appends the encoded slot of a hit read and hashed this run:
// its entry with this run's stat data and verification time, at the
// file's path.
func (c *loadCache) appendFresh(b []byte, u slotUse) []byte {
	slot := c.slot(u.slot)
	p := slot.path
	if u.path != "" {
		p = u.path
	}
	b = appendStr(b, p)
	m := len(b)
	h := slot.hash()
	b = appendMeta(b, &h, u.stat, c.now)
	b = binary.LittleEndian.AppendUint32(b, slotSum(string(b[m:]), slot.entry))
	b = binary.AppendUvarint(b, uint64(len(slot.entry)))
	return append(b, slot.entry...)
}

// appendJournal appends the entries of the files numbered keep to the
// journal, each in a frame: journalMagic, the length of the rest (u32),
// its CRC-32 (u32), the cache key and the encoded slot. They go in one
// write to a file opened with O_APPEND, so frames of runs appending at
// once do not interleave (the kernel appends a write whole to a local
// file), and a frame cut short by a crash or a full disk fails its
// checksum: readJournal stops there, and the run that finds it compacts.
// No lock is taken: a journal holds facts about files (this content gave
// this entry; this stat data was taken before it was read), true
// whichever run wrote them and in whatever order, and a lookup tries the
// journal's last entry of a path and then records.cache's. c.mu is held.
func (c *loadCache) appendJournal(keep []int) error {
	var b, slot []byte
	for _, i := range keep {
		if p, ok := c.pending[i]; ok {
			slot = append(slot[:0], p...)
		} else {
			slot = c.appendFresh(slot[:0], c.use[i])
		}
		b = append(b, journalMagic...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(c.key)+len(slot)))
		b = binary.LittleEndian.AppendUint32(b, crc32.Update(crc32.ChecksumIEEE(c.key[:]), crc32.IEEETable, slot))
		b = append(b, c.key[:]...)
		b = append(b, slot...)
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	// A link or anything but a regular file where the journal goes is
	// not written through (O_NONBLOCK: a FIFO does not make open wait).
	p := filepath.Join(c.dir, journalFile)
	if li, err := os.Lstat(p); err == nil && !li.Mode().IsRegular() {
		return errNotRegular
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return errNotRegular
	}
	_, err = f.Write(b)
	return err
}

// readJournal reads the frames of the journal written under the cache's
// key (see appendJournal); frames of another key are skipped. A frame cut
// short or failing its magic or checksum ends the reading and marks the
// journal damaged, so that this run compacts: frames appended after a cut
// one would not be found. (A frame cut short at the end may be one a run
// is appending now; compacting then costs time, not entries.)
func (c *loadCache) readJournal() {
	b, err := readCacheFileGrowing(filepath.Join(c.dir, journalFile), true)
	if err != nil || len(b) == 0 {
		return
	}
	c.jdata = unsafe.String(unsafe.SliceData(b), len(b))
	s := c.jdata
	le := binary.LittleEndian
	for i := 0; i < len(s); {
		if len(s)-i < 12 {
			c.jdamaged = true // cut short
			break
		}
		if s[i:i+4] != journalMagic {
			c.jdamaged = true
			break
		}
		n := int(le.Uint32(bytesOf(s[i+4:])))
		sum := le.Uint32(bytesOf(s[i+8:]))
		start := i + 12
		if n > len(s)-start {
			c.jdamaged = true // cut short
			break
		}
		end := start + n
		if n < len(c.key) || crc32.ChecksumIEEE(bytesOf(s[start:end])) != sum {
			c.jdamaged = true
			break
		}
		i = end
		if s[start:start+len(c.key)] != string(c.key[:]) {
			continue
		}
		d := decoder{s: s[:end], i: start + len(c.key)}
		slot, ok := decodeSlot(&d)
		if !ok || d.i != end {
			c.jdamaged = true
			break
		}
		if c.journal == nil {
			c.journal = map[string]int32{}
		}
		c.journal[slot.path] = int32(len(c.jslots))
		c.jslots = append(c.jslots, slot)
	}
}

// start readies the cache for a run over nfiles files, numbered from 0.
func (c *loadCache) start(nfiles int) { c.use = make([]slotUse, nfiles) }

// close gives up the next cache file: a run that stopped.
func (c *loadCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop()
}

// drop removes the next cache file unwritten. c.mu is held.
func (c *loadCache) drop() {
	if c.tmp != nil {
		c.tmp.Close()
		os.Remove(c.tmp.Name())
		c.tmp, c.w = nil, nil
	}
}

// Encoding of one entry: flags (valid), ID, value, silences, findings.
// Integers are uvarints, strings a length and bytes; the value is its
// compact encoding (value.go), kept as a string.

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

// decoder reads an encoding from a string; the first fault sets err and
// every later read returns zero values.
type decoder struct {
	s   string
	i   int
	err error
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
	return binary.LittleEndian.Uint32(bytesOf(b))
}

// decodeEntry rebuilds into rec the record of file f from an entry, and
// returns its findings. On an error rec holds part of the entry.
func decodeEntry(s string, f file, rec *Record) (List, error) {
	d := decoder{s: s}
	*rec = Record{Kind: f.kind, File: f.path}
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
		return nil, d.err
	}
	return diags, nil
}

// CacheStats says how a run used the cache; for tests and benchmarks.
type CacheStats struct {
	Hits, Misses int
	// Read counts the hits whose file was read and hashed: its stat data
	// did not vouch for the entry (changed, or racily clean). The other
	// hits were not opened.
	Read int
}

func (c *loadCache) stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := CacheStats{Misses: c.misses}
	for _, u := range c.use {
		if u.slot != 0 {
			st.Hits++
			if u.fresh {
				st.Read++
			}
		}
	}
	return st
}
