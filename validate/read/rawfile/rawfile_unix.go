//go:build unix

package rawfile

import "syscall"

func read(path string, b []byte, max int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return b, err
	}
	defer syscall.Close(fd)
	for {
		room := grow(b, max)
		n, err := syscall.Read(fd, room[len(b):])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return b, err
		case n == 0:
			return b, nil
		}
		b = room[:len(b)+n]
		if int64(len(b)) > max {
			size := int64(-1)
			var st syscall.Stat_t
			if syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
				size = st.Size
			}
			return b, &TooBig{size, max}
		}
	}
}
