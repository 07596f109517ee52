// Package report writes the findings of a run, in one of its formats:
// text for people, json for programs, github for GitHub Actions
// annotations, sarif for code scanning and markdown for a step summary.
// Each format is an Output in a file of its own; every name and text
// written is escaped, so that a record cannot rewrite a terminal or a CI
// log. It also writes the rule catalog (WriteRules).
package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
)

// Summary counts what a run looked at; it closes every report.
type Summary struct {
	Files    int `json:"files"`
	Records  int `json:"records"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Line is the closing line of a text report.
func (s Summary) Line() string {
	return fmt.Sprintf("%d %s, %d %s in %d %s", s.Errors, plural(s.Errors, "error", "errors"), s.Warnings, plural(s.Warnings, "warning", "warnings"), s.Files, plural(s.Files, "file", "files"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Output writes a sorted list of findings and the summary of their run.
type Output interface {
	Write(w io.Writer, l diag.List, sum Summary) error
}

// Options are what some formats need besides the findings.
type Options struct {
	Source Source       // text: the files' lines to quote; nil quotes none
	Rules  []*diag.Rule // sarif: the catalog, to describe the rules found
	Tool   string       // sarif: the dossier version
	Color  bool         // text: severities in colour (ANSI SGR), for a terminal
	Quiet  bool         // text and github: the findings only, without the closing count
}

// Formats lists the formats New accepts.
var Formats = []string{"text", "json", "github", "sarif", "markdown"}

// New returns the Output of a format.
func New(format string, o Options) (Output, error) {
	switch format {
	case "text":
		return text{o}, nil
	case "json":
		return jsonOutput{}, nil
	case "github":
		return github{quiet: o.Quiet}, nil
	case "sarif":
		tool := o.Tool
		if tool == "" {
			tool = "dev"
		}
		return sarif{rules: o.Rules, tool: tool}, nil
	case "markdown":
		return markdown{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// Source returns a file's bytes for quoting its lines; nil when it cannot
// be read. Text output calls it once per file with findings.
type Source func(file string) []byte

// OSSource reads from the file system.
func OSSource(file string) []byte {
	b, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		return nil
	}
	return b
}
