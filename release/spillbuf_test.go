package release

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"testing"
)

// TestSpillBuffer writes past spillAt in pieces of every size, reads the
// bytes back from the start as a Parquet writer does, and wants them all,
// from a temporary file that release removes.
func TestSpillBuffer(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	want := make([]byte, 3*spillAt+12345)
	for i := range want {
		want[i] = byte(rng.Uint32())
	}
	b := (&spillPool{dir: dir}).GetBuffer()
	if _, err := b.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	for rest := want; len(rest) > 0; {
		n := min(len(rest), 1+rng.IntN(200_000))
		if k, err := b.Write(rest[:n]); err != nil || k != n {
			t.Fatalf("write: %d, %v", k, err)
		}
		rest = rest[n:]
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("%d files in the spill folder, want 1", len(files))
	}
	if off, err := b.Seek(0, io.SeekStart); err != nil || off != 0 {
		t.Fatalf("seek: %d, %v", off, err)
	}
	got, err := io.ReadAll(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read back %d bytes, not the %d written", len(got), len(want))
	}
	(&spillPool{dir: dir}).PutBuffer(b)
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("%d files left in the spill folder after release", len(files))
	}
}

// TestSpillBufferInMemory: below spillAt the buffer stays in memory and
// reads back what was written, overwritten in place after a seek.
func TestSpillBufferInMemory(t *testing.T) {
	dir := t.TempDir()
	b := (&spillPool{dir: dir}).GetBuffer()
	io.WriteString(b, "hello world")
	b.Seek(6, io.SeekStart)
	io.WriteString(b, "there")
	if end, _ := b.Seek(0, io.SeekEnd); end != 11 {
		t.Errorf("end at %d, want 11", end)
	}
	b.Seek(0, io.SeekStart)
	got, _ := io.ReadAll(b)
	if string(got) != "hello there" {
		t.Errorf("read %q, want %q", got, "hello there")
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("%d files in the spill folder, want none", len(files))
	}
}
