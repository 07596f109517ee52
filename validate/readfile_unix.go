//go:build unix

package validate

import (
	"fmt"
	"syscall"
)

// readRegular reads the regular file at path, refusing one over max bytes,
// with plain system calls: open, fstat, read until end of file, close. An
// *os.File would also try to register the descriptor with the network
// poller and read through a growing buffer, about two more calls per file;
// on a million records that is most of what reading costs.
//
// The file is opened non-blocking, so that a FIFO put in place of a record
// after the walk cannot hang the run; it is refused as not a regular file.
func readRegular(path string, max int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	for {
		err = syscall.Fstat(fd, &st)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, errNotRegular
	}
	if st.Size > max {
		return nil, &overLimit{st.Size, max}
	}
	// One byte more than the size, so that the read after the last byte
	// finds the end of the file; a file that grew meanwhile grows buf.
	buf := make([]byte, st.Size+1)
	n := 0
	for {
		if n == len(buf) {
			buf = append(buf, make([]byte, len(buf))...)
		}
		end := int64(len(buf))
		if end > max+1 {
			end = max + 1
		}
		m, err := syscall.Read(fd, buf[n:end])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read: %v", err)
		}
		if m <= 0 {
			break
		}
		n += m
		if int64(n) > max {
			return nil, &overLimit{-1, max}
		}
	}
	return buf[:n:n], nil
}
