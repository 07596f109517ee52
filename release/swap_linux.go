//go:build linux

package release

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp in place of target. When target exists the two
// are exchanged in one atomic renameat2(RENAME_EXCHANGE): at every instant
// target is either the whole previous release or the whole new one. It
// returns where the previous release now is (tmp; "" when there was none),
// for the caller to remove once the release is published.
func swap(tmp, target string) (old string, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOENT) {
		return "", os.Rename(tmp, target)
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapByRename(tmp, target)
	}
	if err != nil {
		return "", &os.LinkError{Op: "exchange", Old: tmp, New: target, Err: err}
	}
	return tmp, nil
}

// syncDir flushes the entries of the folder dir to the disk, so that the
// files created in it and the renames into or out of it survive a power
// loss.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
