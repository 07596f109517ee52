package release

import (
	"errors"
	"io"
	"os"
)

// spillAt is how many bytes of compressed pages a Parquet column chunk
// keeps in memory before the rest goes to a temporary file.
const spillAt = 256 << 10

// spillPool gives a Parquet writer the buffers where it keeps the
// compressed pages of each column chunk until the row group is written:
// in memory up to spillAt bytes, then in a temporary file of dir ("" for
// the system's). A table file is one row group, so without it the writer
// would hold the whole compressed table in memory. Where the pages wait
// changes nothing in the file written.
type spillPool struct{ dir string }

func (p *spillPool) GetBuffer() io.ReadWriteSeeker { return &spillBuffer{dir: p.dir} }

func (p *spillPool) PutBuffer(b io.ReadWriteSeeker) {
	if s, ok := b.(*spillBuffer); ok {
		s.release()
	}
}

// spillBuffer is a ReadWriteSeeker in memory until it would grow past
// spillAt, then in a temporary file, removed by release.
type spillBuffer struct {
	dir string
	mem []byte
	off int
	f   *os.File
}

func (b *spillBuffer) Write(p []byte) (int, error) {
	if b.f == nil && b.off+len(p) > spillAt {
		f, err := os.CreateTemp(b.dir, ".parquet-pages-")
		if err != nil {
			return 0, err
		}
		b.f = f
		if _, err := f.Write(b.mem); err != nil {
			return 0, err
		}
		if _, err := f.Seek(int64(b.off), io.SeekStart); err != nil {
			return 0, err
		}
		b.mem = nil
	}
	if b.f != nil {
		return b.f.Write(p)
	}
	if end := b.off + len(p); end > len(b.mem) {
		b.mem = append(b.mem, make([]byte, end-len(b.mem))...)
	}
	b.off += copy(b.mem[b.off:], p)
	return len(p), nil
}

func (b *spillBuffer) Read(p []byte) (int, error) {
	if b.f != nil {
		return b.f.Read(p)
	}
	if b.off >= len(b.mem) {
		return 0, io.EOF
	}
	n := copy(p, b.mem[b.off:])
	b.off += n
	return n, nil
}

func (b *spillBuffer) Seek(offset int64, whence int) (int64, error) {
	if b.f != nil {
		return b.f.Seek(offset, whence)
	}
	switch whence {
	case io.SeekCurrent:
		offset += int64(b.off)
	case io.SeekEnd:
		offset += int64(len(b.mem))
	}
	if offset < 0 {
		return 0, errors.New("seek before the start of a page buffer")
	}
	b.off = int(offset)
	return offset, nil
}

// release frees the memory and removes the file.
func (b *spillBuffer) release() {
	b.mem, b.off = nil, 0
	if b.f != nil {
		b.f.Close()
		os.Remove(b.f.Name())
		b.f = nil
	}
}
