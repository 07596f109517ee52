//go:build linux

package release

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback starts writing n bytes of f from off to the disk and
// returns without waiting (sync_file_range, SYNC_FILE_RANGE_WRITE); the
// sync at the close still waits for every byte. It is a hint: a failure
// is left to that sync to find. The tests replace it.
var startWriteback = func(f *os.File, off, n int64) {
	if c, err := f.SyscallConn(); err == nil {
		c.Control(func(fd uintptr) { unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE) })
	}
}
