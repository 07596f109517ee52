package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// outFolder makes sure dir is a folder a command can write its files
// into, making it and its parents when missing (not when create is
// false: a missing folder is then fine). What stands in the way is
// named: a file where a folder must be is a usage error (exit 2), any
// other failure an I/O one (exit 3), each with the path at fault.
func outFolder(dir string, create bool) error {
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		switch {
		case err == nil && !info.IsDir() && p == filepath.Clean(dir):
			return usage("%s is not a folder; name a folder to write into", pathText(dir))
		case err == nil && !info.IsDir():
			return usage("%s is not a folder, so it cannot hold %s; name a folder to write into", pathText(p), pathText(dir))
		case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR): // ENOTDIR: a file above, found next
			return exit(ExitFailure, "%s: %v", pathText(p), unwrap(err))
		}
		if err == nil || filepath.Dir(p) == p {
			break
		}
	}
	if !create {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return exit(ExitFailure, "cannot make the folder %s: %v", pathText(pe.Path), pe.Err)
		}
		return exit(ExitFailure, "cannot make the folder %s: %v", pathText(dir), err)
	}
	return nil
}
