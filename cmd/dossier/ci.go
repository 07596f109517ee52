package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/dossier-data/dossier/internal/escape"
)

// appendStepSummary appends what write produces to the file named by
// GITHUB_STEP_SUMMARY, when GitHub Actions sets it: a Markdown summary of
// the step that keeps every finding, where annotations stop at ten per
// step. Without the variable it does nothing; the summary is written only
// to a regular file (or a new one).
func appendStepSummary(s Streams, write func(io.Writer) error) error {
	p := s.Getenv("GITHUB_STEP_SUMMARY")
	if p == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return exit(ExitFailure, "step summary: %v", err)
	}
	buf.WriteByte('\n')
	if info, err := os.Stat(p); err == nil && !info.Mode().IsRegular() {
		// a FIFO would block the run until someone reads it; a device
		// would take what it is given
		note(s.Err, "warning: GITHUB_STEP_SUMMARY %s is not a regular file; the step summary is not written", p)
		return nil
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return exit(ExitFailure, "GITHUB_STEP_SUMMARY: %v", unwrap(err))
	}
	_, err = f.Write(buf.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return exit(ExitFailure, "GITHUB_STEP_SUMMARY: %v", unwrap(err))
	}
	return nil
}

// ghData escapes the message of a GitHub Actions workflow command.
func ghData(s string) string {
	return escape.Line(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

// ghProperty escapes a property (file=…, title=…) of a workflow command.
func ghProperty(s string) string {
	return escape.Line(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}
