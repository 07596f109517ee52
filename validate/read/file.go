package read

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/dossier-data/dossier/validate/diag"
)

// ReadFile reads a record file, refusing one over max bytes before reading
// it whole. The open does not block, so a FIFO put in place of a record
// cannot hang the run. A file that cannot be read gives a finding (limit
// or file-read) instead of its bytes.
func ReadFile(path string, max int64) ([]byte, *diag.Diagnostic) {
	src, err := readRegular(path, max)
	if err == nil {
		return src, nil
	}
	d := &diag.Diagnostic{File: path, Rule: ruleFileRead.ID, Severity: ruleFileRead.Severity, Message: err.Error()}
	var over *overLimit
	if errors.As(err, &over) {
		d.Rule, d.Severity = ruleLimit.ID, ruleLimit.Severity
		d.Hint = "the record is not read; split it, or raise max-file-size"
	}
	return nil, d
}

// overLimit is the error of a file over max-file-size.
type overLimit struct{ size, max int64 }

func (e *overLimit) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("file is over the limit of %d bytes", e.max)
	}
	return fmt.Sprintf("file of %d bytes is over the limit of %d bytes", e.size, e.max)
}

// readRegular reads the file at path, which the listing found to be a
// regular file, refusing one over max bytes. It reads to the end of the
// file without asking its size first (one system call less a file); the
// open does not block, so that a FIFO put in its place cannot hang the
// run, and a device is bounded by max.
func readRegular(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(filepath.FromSlash(path), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	bp := buffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			buffers.Put(bp)
		}
	}()
	b := (*bp)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // room for more
		}
		n, err := f.Read(b[len(b):min(cap(b), int(max)+1)])
		b = b[:len(b)+n]
		*bp = b
		switch {
		case int64(len(b)) > max:
			size := int64(-1)
			if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
				size = info.Size()
			}
			return nil, &overLimit{size, max}
		case err == io.EOF:
			return bytes.Clone(b), nil
		case err != nil:
			return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
		}
	}
}

// buffers holds the buffers files are read into before their bytes are
// copied out at their size.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// Cap keeps the first 100 findings of one file, in order, and closes them
// with one limit finding.
func Cap(file string, l *diag.List) {
	if len(*l) <= maxFindingsPerFile {
		return
	}
	l.Sort()
	*l = (*l)[:maxFindingsPerFile]
	l.Add(diag.Diagnostic{File: file, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
		Message: fmt.Sprintf("over %d findings in this file; the rest are not shown", maxFindingsPerFile),
		Hint:    "fix the findings shown and run again"})
}
