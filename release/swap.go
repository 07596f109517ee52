package release

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRename puts tmp in place of target with two renames, for systems
// without an atomic exchange: the previous release moves aside to
// tmp+".old", then the new one takes its place. If the second rename fails
// the previous release is moved back. It returns where the previous
// release now is ("" for none), for the caller to remove once the release
// is published. A build killed between the two renames leaves no folder at
// target and the previous one aside: recoverRelease moves it back.
func swapByRename(tmp, target string) (old string, err error) {
	old = tmp + ".old"
	if err := os.Rename(target, old); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", os.Rename(tmp, target)
		}
		return "", err
	}
	publishStep("moved-aside")
	if err := os.Rename(tmp, target); err != nil {
		os.Rename(old, target)
		return "", err
	}
	return old, nil
}
