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

// maxArchive bounds the bytes ReadRelease keeps from a release archive (the
// record tables and the descriptor, uncompressed).
const maxArchive = 4 << 30

// IsArchive reports whether name is a release archive ReadRelease can open.
func IsArchive(name string) bool {
	return strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".tgz")
}

// readArchive reads a release archive: a gzipped tar holding one release
// folder (dossier-0.1.0/events.jsonl, …), or the release files at its top.
// Only regular files that ReadRelease needs are kept, in memory; names that
// climb out of the archive are refused.
func readArchive(file string, keep func(kind, id string, line []byte) bool) (Snapshot, error) {
	f, err := os.Open(file)
	if err != nil {
		return Snapshot{}, fmt.Errorf("release %s: %w", file, unwrapPath(err))
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return Snapshot{}, fmt.Errorf("release %s: %v", file, err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	var total int64
	top := ""
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Snapshot{}, fmt.Errorf("release %s: %v", file, err)
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
		if !(strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".jsonl.gz") || strings.HasSuffix(base, ".json")) {
			continue
		}
		total += h.Size
		if total > maxArchive {
			return Snapshot{}, fmt.Errorf("release %s: over %d bytes of tables", file, int64(maxArchive))
		}
		b, err := io.ReadAll(io.LimitReader(tr, h.Size))
		if err != nil {
			return Snapshot{}, fmt.Errorf("release %s: %s: %v", file, name, err)
		}
		files[base] = b
	}
	base := top
	if base == "" {
		base = strings.TrimSuffix(strings.TrimSuffix(path.Base(file), ".tgz"), ".tar.gz")
	}
	return readRelease(memFS(files), base, file, keep)
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
