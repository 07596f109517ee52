package release

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRename replaces target by tmp with two renames, for systems
// without an atomic exchange: the previous release moves aside, the new one
// takes its place, and only then is the previous one removed. If the second
// rename fails the previous release is moved back.
func swapByRename(tmp, target string) error {
	old := tmp + ".old"
	if err := os.Rename(target, old); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return os.Rename(tmp, target)
		}
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Rename(old, target)
		return err
	}
	os.RemoveAll(old) // if it stays, the next build removes it (it matches the leftovers' pattern)
	return nil
}
