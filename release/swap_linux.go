//go:build linux

package release

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp in place of target. When target exists the two
// are exchanged in one atomic renameat2(RENAME_EXCHANGE): at every instant
// target is either the whole previous release or the whole new one. The
// previous release, now at tmp, is then removed.
func swap(tmp, target string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOENT) {
		return os.Rename(tmp, target)
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapByRename(tmp, target)
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: tmp, New: target, Err: err}
	}
	os.RemoveAll(tmp) // the previous release; if it stays, the next build removes it
	return nil
}
