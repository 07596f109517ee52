package release

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"os/exec"
	"testing"
)

// TestParallelGzip compresses inputs around the chunk size, compressible
// and not, and wants the standard library's gzip reader (and gzip(1) when
// installed) to give them back, with the same bytes from 1 and 3 workers.
func TestParallelGzip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := []byte("id,title,date\r\nevent-1,The State Police raid the camp,2023-06-20\r\n")
	for _, n := range []int{0, 1, 100, gzipChunk - 1, gzipChunk, gzipChunk + 1, 5*gzipChunk + 12345, 9 * gzipChunk} {
		in := make([]byte, n)
		for i := range in {
			if (i/70000)%3 == 2 {
				in[i] = byte(rng.Uint32()) // a stretch of noise
			} else {
				in[i] = text[i%len(text)]
			}
		}
		var outs [][]byte
		for _, workers := range []int{1, 3} {
			var b bytes.Buffer
			z := newParallelGzip(&b, 5, workers)
			// Write in uneven pieces, as tar does.
			for p := in; len(p) > 0; {
				k := min(len(p), 1+rng.IntN(300000))
				if _, err := z.Write(p[:k]); err != nil {
					t.Fatal(err)
				}
				p = p[k:]
			}
			if err := z.Close(); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, b.Bytes())
			br := bytes.NewReader(b.Bytes())
			zr, err := gzip.NewReader(br)
			if err != nil {
				t.Fatalf("%d bytes, %d workers: %v", n, workers, err)
			}
			zr.Multistream(false) // one member, nothing after it
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("%d bytes, %d workers: read back %d bytes, err %v", n, workers, len(got), err)
			}
			if br.Len() != 0 {
				t.Errorf("%d bytes, %d workers: %d bytes after the gzip member", n, workers, br.Len())
			}
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("%d bytes: 1 and 3 workers give different bytes", n)
		}
		if path, err := exec.LookPath("gzip"); err == nil && n > 0 {
			cmd := exec.Command(path, "-dc")
			cmd.Stdin = bytes.NewReader(outs[0])
			got, err := cmd.Output()
			if err != nil || !bytes.Equal(got, in) {
				t.Errorf("%d bytes: gzip -dc gives %d bytes, err %v", n, len(got), err)
			}
		}
	}
}
