package changes

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

// Bounds of reading a release archive (or a gzipped table). An archive is
// read as a stream, never whole: the records of each table are decoded as
// its lines come out, and only the small JSON files (datapackage.json, the
// Table Schemas) are held. A release dossier writes expands about four
// times; a compression bomb (3 MB of gzip holding 3 GB of zeros) expands
// a thousand times and is refused after the first ratioFloor bytes.
const (
	// maxRatio is the most bytes a gzip stream may give per byte read
	// from it, once it has given ratioFloor bytes.
	maxRatio = 100
	// ratioFloor is what any gzip stream may give before its ratio counts:
	// little enough to hold, and a small release may compress well.
	ratioFloor = 32 << 20
	// maxTables bounds the bytes one gzip stream gives (an archive, or a
	// gzipped table): the record tables are held as records once read.
	maxTables = 4 << 30
	// maxJSONFile bounds each JSON file kept from an archive.
	maxJSONFile = 64 << 20
)

// LimitError is a release archive or gzipped table refused by a bound of
// reading it.
type LimitError struct {
	File  string // the archive or table
	Limit string // the bound, in words
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s %s; refused, as a compression bomb would be (a release dossier writes expands about 4 times)", e.File, e.Limit)
}

// counter counts the bytes read through it: the compressed side of a
// gzip stream.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// bounded is the decompressed side of a gzip stream, whose compressed
// side in counts: it fails with a *LimitError once it has given more than
// max bytes, or more than ratioFloor bytes and more than maxRatio bytes
// per compressed byte read.
type bounded struct {
	r    io.Reader
	in   *counter
	out  int64
	max  int64
	file string
}

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.out += int64(n)
	switch {
	case b.out > b.max:
		return n, &LimitError{File: b.file, Limit: fmt.Sprintf("holds more than %s uncompressed", size(b.max))}
	case b.out > ratioFloor && b.out > maxRatio*b.in.n:
		return n, &LimitError{File: b.file, Limit: fmt.Sprintf("expands more than %d times (%s from %s)", maxRatio, size(b.out), size(b.in.n))}
	}
	return n, err
}

// size writes a byte count for a message: 4 GiB, 32 MiB, 320 KiB, 12 bytes.
func size(n int64) string {
	for _, u := range []struct {
		unit  string
		shift uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift {
			return fmt.Sprintf("%d %s", n>>u.shift, u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// IsArchive reports whether name is a release archive ReadRelease can open.
func IsArchive(name string) bool {
	return strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".tgz")
}

// readArchive reads a release archive: a gzipped tar holding one release
// folder (dossier-0.1.0/events.jsonl, …), or the release files at its top.
// It is read as a stream within the bounds above: the record tables are
// decoded entry by entry, other files skipped, and only the JSON files
// (datapackage.json, Table Schemas) kept in memory. Names that climb out
// of the archive are refused.
func readArchive(file string, keep func(kind, id string, line []byte) bool) (Snapshot, error) {
	f, err := os.Open(file)
	if err != nil {
		return Snapshot{}, fmt.Errorf("release %s: %w", file, unwrapPath(err))
	}
	defer f.Close()
	in := &counter{r: f}
	zr, err := gzip.NewReader(in)
	if err != nil {
		return Snapshot{}, fmt.Errorf("release %s: %v", file, err)
	}
	defer zr.Close()
	tr := tar.NewReader(&bounded{r: zr, in: in, max: maxTables, file: "release archive " + file})
	kinds := tableKinds()
	tables := map[string][]Record{} // by file name; the last of a name wins, as in a folder
	meta := memFS{}
	top := ""
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Snapshot{}, archiveError(file, err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if name == "" || path.IsAbs(name) || !fs.ValidPath(strings.TrimSuffix(name, "/")) {
			return Snapshot{}, fmt.Errorf("release %s: unsafe name %q in the archive", file, h.Name)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		dir, base := path.Split(name)
		dir = strings.TrimSuffix(dir, "/")
		if strings.Contains(dir, "/") {
			continue // deeper than one folder: not a release file
		}
		if dir != "" {
			if top == "" {
				top = dir
			} else if top != dir {
				return Snapshot{}, fmt.Errorf("release %s: the archive holds more than one folder (%s, %s)", file, top, dir)
			}
		}
		if kind, gz := tableFile(base, kinds); kind != "" {
			recs, err := scanJSONL(io.LimitReader(tr, h.Size), base, gz, kind, keep)
			if err != nil {
				return Snapshot{}, archiveError(file, err)
			}
			tables[base] = recs
			continue
		}
		if !strings.HasSuffix(base, ".json") {
			continue // skipped as the stream goes on, within its bounds
		}
		if h.Size > maxJSONFile {
			return Snapshot{}, &LimitError{File: "release archive " + file, Limit: fmt.Sprintf("holds %s of %s, over the limit of %s for a JSON file", size(h.Size), base, size(maxJSONFile))}
		}
		b, err := io.ReadAll(io.LimitReader(tr, h.Size))
		if err != nil {
			return Snapshot{}, archiveError(file, fmt.Errorf("%s: %w", name, err))
		}
		meta[base] = b
	}
	base := top
	if base == "" {
		base = strings.TrimSuffix(strings.TrimSuffix(path.Base(file), ".tgz"), ".tar.gz")
	}
	snap := Snapshot{Name: base}
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names) // in name order, as a folder is read
	for _, n := range names {
		snap.Records = append(snap.Records, tables[n]...)
	}
	return snap, describe(&snap, len(tables) > 0, meta, file)
}

// archiveError names the archive in err, unless err is a *LimitError,
// which names it already.
func archiveError(file string, err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	return fmt.Errorf("release %s: %w", file, err)
}

// memFS is a flat read-only file system held in memory.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &memDir{fs: m}, nil
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{info: memInfo{name: name, size: int64(len(b))}, r: strings.NewReader(string(b))}, nil
}

func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(m))
	for n, b := range m {
		out = append(out, fs.FileInfoToDirEntry(memInfo{name: n, size: int64(len(b))}))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

type memFile struct {
	info memInfo
	r    *strings.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memDir struct{ fs memFS }

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: ".", dir: true}, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }
