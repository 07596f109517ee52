//go:build linux

package validate

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"io/fs"
	"slices"
	"strings"
	"syscall"
	"unsafe"
)

// listFolder returns the entries of the folder dir, sorted by name, each
// with its path rel/name (rel is dir as reported; in memory each path is
// followed by a NUL byte, for statListed) and the type getdents gives (an lstat only where the filesystem gives none). It reads the
// entries in large blocks and makes the paths of a whole folder in one
// allocation: os.ReadDir costs an object, a name and an interface call
// per entry to sort, which for a folder of a hundred thousand records
// shows.
func listFolder(dir, rel string) ([]dirEntry, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	type span struct {
		end int
		typ byte
	}
	// The folder's size is about the bytes of its names: room for the
	// paths at once, so that they are not copied as they grow.
	size := 0
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Size > 0 {
		size = int(min(st.Size, 64<<20))
	}
	paths := make([]byte, 0, size+size/4) // rel/name of every entry, back to back
	spans := make([]span, 0, size/24)
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			break
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				break
			}
			rec := b[:reclen]
			b = b[reclen:]
			if binary.NativeEndian.Uint64(rec) == 0 {
				continue // a deleted entry, as os.ReadDir skips
			}
			name := rec[19:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if string(name) == "." || string(name) == ".." || len(name) == 0 {
				continue
			}
			paths = append(paths, rel...)
			paths = append(paths, '/')
			paths = append(paths, name...)
			spans = append(spans, span{len(paths), rec[18]})
			paths = append(paths, 0) // the path as a C string, for statListed
		}
	}
	all := unsafe.String(unsafe.SliceData(paths), len(paths)) // paths is not written again
	out := make([]dirEntry, 0, len(spans))
	start := 0
	for _, s := range spans {
		p := all[start:s.end]
		start = s.end + 1
		e := dirEntry{path: p, name: p[len(rel)+1:], zpath: true}
		switch s.typ {
		case syscall.DT_REG:
		case syscall.DT_DIR:
			e.typ = fs.ModeDir
		case syscall.DT_LNK:
			e.typ = fs.ModeSymlink
		case syscall.DT_FIFO:
			e.typ = fs.ModeNamedPipe
		case syscall.DT_SOCK:
			e.typ = fs.ModeSocket
		case syscall.DT_CHR:
			e.typ = fs.ModeDevice | fs.ModeCharDevice
		case syscall.DT_BLK:
			e.typ = fs.ModeDevice
		default: // the filesystem does not say: ask, as os.ReadDir does
			var st syscall.Stat_t
			if err := syscall.Lstat(dir+"/"+e.name, &st); err != nil {
				if err == syscall.ENOENT {
					continue
				}
				e.typ = fs.ModeIrregular
			} else {
				switch st.Mode & syscall.S_IFMT {
				case syscall.S_IFREG:
				case syscall.S_IFDIR:
					e.typ = fs.ModeDir
				case syscall.S_IFLNK:
					e.typ = fs.ModeSymlink
				default:
					e.typ = fs.ModeIrregular
				}
			}
		}
		out = append(out, e)
	}
	return sortEntries(out), nil
}

// sortEntries sorts entries by name. It sorts small keys, the first
// sixteen bytes of each name as two big-endian numbers (names hold no NUL,
// so a short name's zero padding sorts as strings.Compare does), which
// decide most comparisons, and the entries are then put in their order
// once: sorting the entries themselves moves six words at every swap and
// compares whole strings where names share eight bytes.
func sortEntries(ents []dirEntry) []dirEntry {
	type sortKey struct {
		hi, lo uint64
		i      int
	}
	keys := make([]sortKey, len(ents))
	for i := range ents {
		var k [16]byte
		copy(k[:], ents[i].name)
		keys[i] = sortKey{binary.BigEndian.Uint64(k[:8]), binary.BigEndian.Uint64(k[8:]), i}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		return strings.Compare(ents[a.i].name, ents[b.i].name)
	})
	out := make([]dirEntry, len(ents))
	for j, k := range keys {
		out[j] = ents[k.i]
	}
	return out
}
