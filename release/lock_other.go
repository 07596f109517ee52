//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package release

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LockFile is the lock a build holds on its dist folder while it writes.
const LockFile = ".dossier-build.lock"

// lock creates dist/.dossier-build.lock exclusively and removes it when
// done. A build killed on these systems leaves it behind: remove it by hand.
func lock(dist string) (unlock func(), err error) {
	p := filepath.Join(dist, LockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: %s exists; wait for the other build, or remove the file if none is running", ErrLocked, p)
	}
	if err != nil {
		return nil, err
	}
	f.Close()
	return func() { os.Remove(p) }, nil
}
