//go:build !linux

package release

import "os"

func swap(tmp, target string) (string, error) { return swapByRename(tmp, target) }

// syncDir flushes the entries of the folder dir to the disk where the
// system allows it; some (Windows) cannot sync a folder, and the renames
// are then as durable as the system makes them.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	f.Sync()
	f.Close()
	return nil
}
