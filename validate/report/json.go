package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate/diag"
)

// jsonReport is the stable JSON output, version 1. Fields are only ever
// added.
type jsonReport struct {
	Version     int           `json:"version"`
	Diagnostics []jsonFinding `json:"diagnostics"`
	Summary     Summary       `json:"summary"`
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Pointer  string `json:"pointer"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// jsonOutput writes the findings as one JSON document (see README).
type jsonOutput struct{}

func (jsonOutput) Write(w io.Writer, l diag.List, sum Summary) error {
	r := jsonReport{Version: 1, Diagnostics: make([]jsonFinding, 0, len(l)), Summary: sum}
	for _, d := range l {
		r.Diagnostics = append(r.Diagnostics, jsonFinding{File: d.File, Line: d.Line, Column: d.Column, Pointer: d.Pointer,
			Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message, Hint: d.Hint})
	}
	return writeJSON(w, r)
}

// writeJSON writes v indented, with the characters a raw view could be
// fooled by escaped (escapeInvisible).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escape.JSON(buf.Bytes()))
	return err
}
