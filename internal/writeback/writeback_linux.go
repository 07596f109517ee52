//go:build linux

package writeback

import (
	"os"

	"golang.org/x/sys/unix"
)

// start uses sync_file_range with SYNC_FILE_RANGE_WRITE: the pages are
// queued for writing, and the call does not wait for them.
func start(f *os.File, off, n int64) {
	if c, err := f.SyscallConn(); err == nil {
		c.Control(func(fd uintptr) { unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE) })
	}
}
