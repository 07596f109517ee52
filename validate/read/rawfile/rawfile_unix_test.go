//go:build unix

package rawfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadFIFO: a FIFO in place of a file, with a writer that never
// writes, is an error at once, not a hang.
func TestReadFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	w, err := os.OpenFile(p, os.O_RDWR, 0) // holds the write end open
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := Read(p, nil, 1<<20); err == nil {
		t.Fatal("a FIFO without data read as an empty file")
	}
}
