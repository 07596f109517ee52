//go:build !linux

package validate

// statFile gives no stat data where the system's is not known to carry a
// ctime that every change moves: every record file is read and hashed, and
// a cache entry is used when the content matches (see cache.go).
func statFile(path string) (st fileStat, ok bool) {
	return fileStat{}, false
}

// statListed is statFile for a listed file.
func statListed(f file) (st fileStat, ok bool) { return statFile(f.path) }
