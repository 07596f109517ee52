package config

import (
	"os"
	"path/filepath"
)

// RecordsFolder is the name of the records folder at the dataset root.
const RecordsFolder = "records"

// FindRoot returns the dataset root of path (a file or folder): the
// nearest folder, path itself or one above it, that holds dossier.yaml or
// a records folder, as git finds the top of a work tree. ok is false when
// no folder up to the file system's root does.
func FindRoot(path string) (root string, ok bool) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		if isDataset(dir) {
			return dir, true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

// isDataset reports whether dir is a dataset root.
func isDataset(dir string) bool {
	if info, err := os.Stat(filepath.Join(dir, File)); err == nil && info.Mode().IsRegular() {
		return true
	}
	info, err := os.Stat(filepath.Join(dir, RecordsFolder))
	return err == nil && info.IsDir()
}
