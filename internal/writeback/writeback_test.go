package writeback

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestStartKeepsContent: starting the write-back of ranges of a file, in
// pieces and past its end, changes nothing of what the file holds once
// synced and read again, the same as a file written without it.
func TestStartKeepsContent(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("dossier writeback "), 1<<16)
	write := func(name string, hint bool) []byte {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		const step = 100_000
		for off := 0; off < len(data); off += step {
			end := min(off+step, len(data))
			if _, err := f.Write(data[off:end]); err != nil {
				t.Fatal(err)
			}
			if hint {
				Start(f, int64(off), int64(end-off+step)) // past the end too
			}
		}
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	with, without := write("with", true), write("without", false)
	if !bytes.Equal(with, data) || !bytes.Equal(without, with) {
		t.Errorf("file written with write-back hints: %d bytes, without: %d, want %d the same", len(with), len(without), len(data))
	}
}
