package release

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteback: a file that syncing opens starts writing to the disk
// every writebackStep bytes or so, the ranges following each other from
// the start, and holds what was written once closed.
func TestWriteback(t *testing.T) {
	type span struct{ off, n int64 }
	var spans []span
	prev := startWriteback
	startWriteback = func(f *os.File, off, n int64) { spans = append(spans, span{off, n}) }
	defer func() { startWriteback = prev }()
	p := filepath.Join(t.TempDir(), "f")
	w, err := syncing(func(p string) (io.WriteCloser, error) { return os.Create(p) })(p)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789abcdefghi"), 5*writebackStep/19)
	for rest := data; len(rest) > 0; {
		k := min(len(rest), 700_001)
		if _, err := w.Write(rest[:k]); err != nil {
			t.Fatal(err)
		}
		rest = rest[k:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(spans) != 4 {
		t.Fatalf("%d ranges started for %d bytes, want 4: %v", len(spans), len(data), spans)
	}
	var next int64
	for _, s := range spans {
		if s.off != next || s.n < writebackStep || s.n > writebackStep+700_001 {
			t.Errorf("range %v after %d bytes", s, next)
		}
		next = s.off + s.n
	}
	if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the file holds %d bytes (%v), want the %d written", len(got), err, len(data))
	}
}
