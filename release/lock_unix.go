//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package release

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockFile is the lock a build holds on its dist folder while it writes.
const LockFile = ".dossier-build.lock"

// lock takes an exclusive flock(2) on dist/.dossier-build.lock. The kernel
// drops it when the process ends, even when killed, so a crashed build
// never leaves a stale lock. A second build gets ErrLocked at once. The
// file stays between builds; one another user's build left is locked
// through a read-only descriptor (flock needs no write access), and one
// that cannot be opened at all gets a message naming it and what to do.
func lock(dist string) (unlock func(), err error) {
	p := filepath.Join(dist, LockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if errors.Is(err, fs.ErrPermission) {
		ro, rerr := os.Open(p)
		switch {
		case rerr == nil:
			f, err = ro, nil
		case errors.Is(rerr, fs.ErrNotExist):
			return nil, fmt.Errorf("cannot create %s (%w): make %s writable, or build into another --dist", p, fs.ErrPermission, dist)
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		owner := ""
		if info, serr := os.Stat(p); serr == nil {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				owner = fmt.Sprintf(", owned by uid %d", st.Uid)
			}
		}
		return nil, fmt.Errorf("%s cannot be opened to lock %s (%w%s): a build of another user left it; "+
			"remove it when no build is running (it holds only a process ID), or build into another --dist", p, dist, fs.ErrPermission, owner)
	}
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := ""
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b[:n]))); perr == nil {
				who = fmt.Sprintf(" (pid %d)", pid)
			}
			return nil, fmt.Errorf("%w%s: %s is locked; wait for it to finish", ErrLocked, who, p)
		}
		return nil, fmt.Errorf("locking %s: %w", p, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
