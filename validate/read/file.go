package read

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

func readRegular(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(filepath.FromSlash(path), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if info.Size() > max {
		return nil, &overLimit{info.Size(), max}
	}
	src := make([]byte, 0, info.Size()+1)
	for {
		n, err := f.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if int64(len(src)) > max {
			return nil, &overLimit{-1, max}
		}
		if err == io.EOF {
			return src, nil
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
		}
		if len(src) == cap(src) {
			src = append(src, 0)[:len(src)] // the file grew: room for more
		}
	}
}

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
