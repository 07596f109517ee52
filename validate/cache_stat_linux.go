//go:build linux

package validate

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// statFile returns the stat data of the record file at path (as walked)
// without opening it or following a link; ok is false when the system
// cannot say, and the file is then read.
func statFile(path string) (st fileStat, ok bool) { return statListed(file{path: path}) }

// statListed is statFile for a listed file: a path listed with its
// terminating NUL (f.zpath, see listFolder) goes to fstatat as it is,
// without the copy into a C string syscall.Lstat makes on every call.
func statListed(f file) (st fileStat, ok bool) {
	var s syscall.Stat_t
	for {
		var err error
		if f.zpath && sysFstatat != 0 && len(f.path) > 0 {
			_, _, e := syscall.Syscall6(sysFstatat, uintptr(atFDCWD), uintptr(unsafe.Pointer(unsafe.StringData(f.path))),
				uintptr(unsafe.Pointer(&s)), unix.AT_SYMLINK_NOFOLLOW, 0, 0)
			if e != 0 {
				err = e
			}
		} else {
			err = syscall.Lstat(f.path, &s)
		}
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return fileStat{}, false
		}
	}
	return fileStat{
		Size:  s.Size,
		Mtime: s.Mtim.Nano(),
		Ctime: s.Ctim.Nano(),
		Ino:   s.Ino,
		Dev:   uint64(s.Dev),
		Mode:  s.Mode,
	}, true
}

// atFDCWD is AT_FDCWD as a variable: a negative constant does not convert
// to uintptr.
var atFDCWD = unix.AT_FDCWD
