package read

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read/rawfile"
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
	var over *rawfile.TooBig
	if errors.As(err, &over) {
		d.Rule, d.Severity = ruleLimit.ID, ruleLimit.Severity
		d.Hint = "the record is not read; split it, or raise max-file-size"
	}
	return nil, d
}

// readRegular reads the file at path, which the listing found to be a
// regular file, refusing one over max bytes (rawfile: no os.File, and an
// open that does not block on a FIFO put in its place).
func readRegular(path string, max int64) ([]byte, error) {
	bp := buffers.Get().(*[]byte)
	b, err := rawfile.Read(filepath.FromSlash(path), *bp, max)
	var out []byte
	if err == nil {
		out = bytes.Clone(b) // before the buffer goes back to the pool
	}
	if cap(b) <= 1<<20 {
		*bp = b
		buffers.Put(bp)
	}
	if err != nil {
		var over *rawfile.TooBig
		if errors.As(err, &over) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	return out, nil
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
