package synth

import (
	"fmt"
	"os"
	"path/filepath"
)

// keptMark is written last into a kept dataset's folder: a folder without
// it was cut short and is made again.
const keptMark = ".complete"

// KeptDir is the folder under root where the dataset of n records made
// with seed is kept between runs, named by the generator's version so that
// a new generator makes new datasets.
func KeptDir(root string, n int, seed int64) string {
	return filepath.Join(root, fmt.Sprintf("synth%s-seed%d-n%d", Version, seed, n))
}

// IsKept reports whether dir holds a whole kept dataset.
func IsKept(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, keptMark))
	return err == nil
}

// MarkKept marks dir as holding a whole dataset.
func MarkKept(dir string) error {
	return os.WriteFile(filepath.Join(dir, keptMark), nil, 0o644)
}

// Kept returns the folder of the dataset of n records (seed 1) that the
// benchmarks share, under dossier-bench in the temporary folder, generating
// it the first time.
func Kept(n int) (string, error) {
	dir := KeptDir(filepath.Join(os.TempDir(), "dossier-bench"), n, 1)
	if IsKept(dir) {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if _, err := Generate(dir, Options{Records: n, Seed: 1}); err != nil {
		return "", err
	}
	return dir, MarkKept(dir)
}
