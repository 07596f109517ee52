package read

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestReadFileConcurrent reads many files on many goroutines at once, as
// a run does: each gets its own bytes, though the read buffers are shared
// through a pool.
func TestReadFileConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 400
	want := make([][]byte, n)
	for i := range n {
		want[i] = bytes.Repeat([]byte(fmt.Sprintf("id: record-%04d\n", i)), 1+i%50)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), want[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 20 * n {
				i := (k*7 + g*13) % n
				got, d := ReadFile(filepath.Join(dir, fmt.Sprint(i)), 1<<20)
				if d != nil || !bytes.Equal(got, want[i]) {
					t.Errorf("file %d read as %.40q (%v)", i, got, d)
					return
				}
			}
		}()
	}
	wg.Wait()
}
