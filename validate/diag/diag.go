// Package diag holds what every step of validation reports: a Diagnostic
// (a finding about the data, at a file, a position and a JSON pointer), the
// List of them, the Severity of a finding, the Rule that describes a kind
// of finding, and how a position counts lines (LineStarts). It is the leaf
// of validate: every other package of it imports diag, and diag imports
// none of them.
package diag

import (
	"fmt"
	"sort"
)

// Severity of a finding. The zero value is Error.
type Severity int

const (
	Error Severity = iota
	Warning
	// Off disables a rule; a finding never carries it.
	Off
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Off:
		return "off"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads error, warning or off.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "off":
		return Off, nil
	}
	return Error, fmt.Errorf("unknown severity %q (want error, warning or off)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a file. Line and Column are 1-based; Column counts
// characters (Unicode code points), as editors and GitHub do. Zero means
// unknown.
type Pos struct {
	Line, Column int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Diagnostic is one finding about the data.
type Diagnostic struct {
	File     string   // slash-separated path, e.g. records/quotes/x.yaml
	Pos               // where the fault is; zero when the whole file is at fault
	Pointer  string   // JSON pointer of the value at fault ("" for the whole record)
	Rule     string   // rule ID from the catalog
	Severity Severity // after per-rule overrides
	Message  string   // one sentence, plain words
	Hint     string   // how to fix it; may be empty
	// HeldBy is the file whose own finding held this one back (one
	// mistake, one finding: a file that did not read, see rules.Unread);
	// "" for a finding that is reported. A held finding is never
	// reported: it still uses a silence on its line, and a run that
	// reports some files only shows HeldBy's findings with theirs.
	HeldBy string
}

// String gives the canonical one-line form:
// file:line:col: severity: message [rule]; without line and column when
// the whole file is at fault.
func (d Diagnostic) String() string {
	if d.Line == 0 {
		return fmt.Sprintf("%s: %s: %s [%s]", d.File, d.Severity, d.Message, d.Rule)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Column, d.Severity, d.Message, d.Rule)
}

// List is a set of findings. The zero value is an empty list ready to use.
type List []Diagnostic

// Add appends a finding.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a finding of rule r, with r's default severity.
func (l *List) Addf(r *Rule, file string, pos Pos, pointer, format string, args ...any) {
	l.Add(Diagnostic{File: file, Pos: pos, Pointer: pointer, Rule: r.ID, Severity: r.Severity, Message: fmt.Sprintf(format, args...)})
}

func less(a, b *Diagnostic) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Message != b.Message {
		return a.Message < b.Message
	}
	return a.Severity < b.Severity
}

// Sort orders the list by file, line, column, rule and message, and removes
// exact duplicates.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool { return less(&s[i], &s[j]) })
	out := s[:0]
	for i := range s {
		if i > 0 && s[i] == s[i-1] {
			continue
		}
		out = append(out, s[i])
	}
	*l = out
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return
}

// Failed reports whether the list fails a run: any error, or with strict
// any warning too.
func (l List) Failed(strict bool) bool {
	e, w := l.Count()
	return e > 0 || (strict && w > 0)
}

// Apply sets the severity of findings by rule ID, as a dataset's
// dossier.yaml does, and drops the findings of rules switched off.
func (l *List) Apply(severity map[string]Severity) {
	if len(severity) == 0 {
		return
	}
	out := (*l)[:0]
	for _, d := range *l {
		if s, ok := severity[d.Rule]; ok {
			if s == Off {
				continue
			}
			d.Severity = s
		}
		out = append(out, d)
	}
	*l = out
}
