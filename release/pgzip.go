package release

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// gzipChunk is how much of the stream one goroutine compresses at a time.
const gzipChunk = 1 << 20

// flateWindow is the reach of a DEFLATE back-reference: each chunk is
// compressed with the end of the one before as its dictionary.
const flateWindow = 32 << 10

// parallelGzip is a gzip writer that compresses on several cores. The
// stream is cut into chunks of gzipChunk bytes; each is compressed on its
// own, with the last 32 KiB of the chunk before as its dictionary, and ends
// with a sync flush (an empty stored block that byte-aligns it), the last
// with the final block. Concatenated in order they make one DEFLATE stream
// in one gzip member, which any gzip reader reads. The chunks do not depend
// on how many goroutines compress them, so the same input gives the same
// bytes on any machine; the output is a few bytes per MiB larger than a
// serial writer's at the same level. The header carries no name and no
// time (MTIME 0), XFL 0 and OS 255 (unknown).
type parallelGzip struct {
	w       io.Writer
	level   int
	workers int
	crc     uint32
	size    uint32 // ISIZE: the input's length modulo 2^32
	buf     []byte // the chunk being filled
	batch   [][]byte
	prev    []byte // the end of the last chunk handed out: the next one's dictionary
	out     [][]byte
	err     error
	started bool
	// Reused from batch to batch: chunks whose bytes are compressed and
	// no longer a dictionary, the chunk prev is the end of, and the
	// DEFLATE writers.
	free    [][]byte
	prevBuf []byte
	writers sync.Pool
}

func newParallelGzip(w io.Writer, level, workers int) *parallelGzip {
	return &parallelGzip{w: w, level: level, workers: max(1, workers), buf: make([]byte, 0, gzipChunk)}
}

func (z *parallelGzip) Write(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n := len(p)
	z.crc = crc32.Update(z.crc, crc32.IEEETable, p)
	z.size += uint32(n)
	for len(p) > 0 {
		k := copy(z.buf[len(z.buf):cap(z.buf)], p)
		z.buf = z.buf[:len(z.buf)+k]
		p = p[k:]
		if len(z.buf) == cap(z.buf) {
			z.batch = append(z.batch, z.buf)
			z.buf = z.chunk()
			if len(z.batch) == 2*z.workers {
				if err := z.flush(false); err != nil {
					return 0, err
				}
			}
		}
	}
	return n, nil
}

// flush compresses the chunks of the batch on up to z.workers goroutines
// and writes them in order; last ends the stream with the final block.
func (z *parallelGzip) flush(last bool) error {
	if !z.started {
		z.started = true
		if _, z.err = z.w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}); z.err != nil {
			return z.err
		}
	}
	if last {
		z.batch = append(z.batch, z.buf) // may be empty: it still carries the final block
		z.buf = nil
	}
	for len(z.out) < len(z.batch) {
		z.out = append(z.out, nil)
	}
	dicts := make([][]byte, len(z.batch))
	for i, c := range z.batch {
		dicts[i] = z.prev
		z.prev = c[max(0, len(c)-flateWindow):]
	}
	errs := make([]error, len(z.batch))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < min(z.workers, len(z.batch)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(z.batch) {
					return
				}
				z.out[i], errs[i] = z.deflate(z.out[i][:0], z.batch[i], dicts[i], last && i == len(z.batch)-1)
			}
		}()
	}
	wg.Wait()
	for i, b := range z.out[:len(z.batch)] {
		if errs[i] != nil {
			z.err = errs[i]
			return z.err
		}
		if _, z.err = z.w.Write(b); z.err != nil {
			return z.err
		}
	}
	// The last chunk stays referenced by z.prev as the next dictionary;
	// the one before it, and the others of the batch, are free.
	if z.prevBuf != nil {
		z.free = append(z.free, z.prevBuf[:0])
	}
	n := len(z.batch)
	if n > 0 && !last {
		z.prevBuf = z.batch[n-1]
		n--
	}
	for _, c := range z.batch[:n] {
		z.free = append(z.free, c[:0])
	}
	z.batch = z.batch[:0]
	return nil
}

// chunk returns an empty chunk, reused when one is free.
func (z *parallelGzip) chunk() []byte {
	if k := len(z.free); k > 0 {
		c := z.free[k-1]
		z.free = z.free[:k-1]
		return c
	}
	return make([]byte, 0, gzipChunk)
}

// deflate appends to dst the compression of c with dict as the preset
// window, ending with a sync flush, or with the final block when final.
// The writer is reused: reset with a dictionary, it is the same as a new
// one.
func (z *parallelGzip) deflate(dst, c, dict []byte, final bool) ([]byte, error) {
	b := &sliceWriter{b: dst}
	var fw *flate.Writer
	if w, ok := z.writers.Get().(*flate.Writer); ok {
		fw = w
		fw.ResetDict(b, dict)
	} else {
		var err error
		if fw, err = flate.NewWriterDict(b, z.level, dict); err != nil {
			return nil, err
		}
	}
	defer z.writers.Put(fw)
	if _, err := fw.Write(c); err != nil {
		return nil, err
	}
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return b.b, err
}

type sliceWriter struct{ b []byte }

func (w *sliceWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

// Close compresses what is left, ends the stream and writes the trailer:
// the CRC-32 and the length of the input.
func (z *parallelGzip) Close() error {
	if z.err != nil {
		return z.err
	}
	if err := z.flush(true); err != nil {
		return err
	}
	var t [8]byte
	binary.LittleEndian.PutUint32(t[:4], z.crc)
	binary.LittleEndian.PutUint32(t[4:], z.size)
	_, z.err = z.w.Write(t[:])
	if z.err == nil {
		z.err = io.ErrClosedPipe // no write after Close
		return nil
	}
	return z.err
}
