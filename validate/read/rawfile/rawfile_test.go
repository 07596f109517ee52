package rawfile

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// plain is the definition Read is held to: os.ReadFile, with the limit
// applied after.
func plain(path string, max int64) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &TooBig{int64(len(b)), max}
	}
	return b, nil
}

// TestReadDifferential compares Read with os.ReadFile on files of every
// size around the buffer's growth steps and the limit, and on what is no
// readable file.
func TestReadDifferential(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	var paths []string
	for _, n := range []int{0, 1, 100, 4095, 4096, 4097, 16 << 10, 16<<10 + 1, 100_000, 1 << 20, 1<<20 + 1} {
		p := filepath.Join(dir, "f"+string(rune('a'+len(paths))))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	paths = append(paths, filepath.Join(dir, "missing"), dir)
	buf := make([]byte, 0, 4096)
	for _, p := range paths {
		for _, max := range []int64{0, 100, 4096, 16 << 10, 1 << 20, 1 << 30} {
			want, werr := plain(p, max)
			got, gerr := Read(p, buf, max)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s max %d: error %v, want %v", filepath.Base(p), max, gerr, werr)
			}
			if werr != nil {
				if werr.Error() != gerr.Error() {
					t.Errorf("%s max %d: error %q, want %q", filepath.Base(p), max, gerr, werr)
				}
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s max %d: %d bytes, want %d", filepath.Base(p), max, len(got), len(want))
			}
			buf = got // reused, as the reader's pool does
		}
	}
}
