//go:build linux

package validate

import "syscall"

// statFile returns the stat data of the record file at path (as walked)
// without opening it or following a link; ok is false when the system
// cannot say, and the file is then read.
func statFile(path string) (st fileStat, ok bool) {
	var s syscall.Stat_t
	for {
		err := syscall.Lstat(path, &s)
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
