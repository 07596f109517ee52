//go:build !unix

package rawfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

func read(path string, b []byte, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return b, unwrap(err)
	}
	defer f.Close()
	for {
		room := grow(b, max)
		n, err := f.Read(room[len(b):])
		b = room[:len(b)+n]
		switch {
		case int64(len(b)) > max:
			size := int64(-1)
			if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
				size = info.Size()
			}
			return b, &TooBig{size, max}
		case err == io.EOF:
			return b, nil
		case err != nil:
			return b, unwrap(err)
		}
	}
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
