package changes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/internal/escape"
)

// Formats lists the report formats WriteFormat accepts.
var Formats = []string{"text", "markdown", "json"}

// WriteFormat writes the report in one of Formats.
func (r *Report) WriteFormat(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.WriteText(w)
	case "markdown":
		return r.WriteMarkdown(w)
	case "json":
		return r.WriteJSON(w)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

func (r *Report) names() (string, string) {
	o, n := r.Old, r.New
	if o == "" {
		o = "old"
	}
	if n == "" {
		n = "new"
	}
	return o, n
}

// Line is the one-line summary of the report: counts of each change class
// and of breaking changes, or "no changes".
func (r *Report) Line() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(len(r.Added), "added")
	add(len(r.Changed), "changed")
	add(len(r.Withdrawn), "withdrawn")
	add(len(r.Removed), "removed")
	add(len(r.ColumnsAdded), plural(len(r.ColumnsAdded), "column added", "columns added"))
	add(len(r.ColumnsRemoved), plural(len(r.ColumnsRemoved), "column removed", "columns removed"))
	add(len(r.ColumnsRetyped), plural(len(r.ColumnsRetyped), "column retyped", "columns retyped"))
	if len(parts) == 0 {
		return "no changes"
	}
	s := strings.Join(parts, ", ")
	if len(r.Breaking) > 0 {
		s += fmt.Sprintf("; %d breaking", len(r.Breaking))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WriteText writes the report for a terminal: a summary line, then each
// class of change, one record per line, changed fields indented beneath.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	o, n := r.names()
	fmt.Fprintf(bw, "%s -> %s: %s\n", safe(o), safe(n), r.Line())
	records := func(title string, l []RecordChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s:\n", title)
		for _, c := range l {
			line := "  " + c.Kind + " " + c.ID
			if c.Label != "" {
				line += ": " + clip(c.Label, 100)
			}
			fmt.Fprintln(bw, safe(line))
			if c.Reason != "" || c.Successor != "" {
				s := "    reason: " + c.Reason
				if c.Successor != "" {
					s += "; successor: " + c.Successor
				}
				fmt.Fprintln(bw, safe(s))
			}
			for _, f := range c.Fields {
				fmt.Fprintf(bw, "    %s: %s -> %s\n", safe(f.Field), safe(side(f.Old, f.OldSet)), safe(side(f.New, f.NewSet)))
			}
		}
	}
	records("added", r.Added)
	records("changed", r.Changed)
	records("withdrawn", r.Withdrawn)
	records("removed", r.Removed)
	columns := func(title string, l []Column) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s:\n", title)
		for _, c := range l {
			fmt.Fprintln(bw, safe(fmt.Sprintf("  %s.%s (%s)", c.Table, c.Name, c.Type)))
		}
	}
	columns("columns added", r.ColumnsAdded)
	columns("columns removed", r.ColumnsRemoved)
	if len(r.ColumnsRetyped) > 0 {
		fmt.Fprintf(bw, "\ncolumns retyped:\n")
		for _, c := range r.ColumnsRetyped {
			fmt.Fprintln(bw, safe(fmt.Sprintf("  %s.%s: %s -> %s", c.Table, c.Name, c.OldType, c.NewType)))
		}
	}
	if len(r.Breaking) > 0 {
		fmt.Fprintf(bw, "\nbreaking:\n")
		for _, b := range r.Breaking {
			fmt.Fprintln(bw, safe("  "+b.Message+" ["+b.Class+"]"))
		}
	}
	return bw.Flush()
}

// side renders one side of a field change.
func side(v any, set bool) string {
	if !set {
		return "(absent)"
	}
	return compact(v)
}

// safe makes record text safe to print on one line (escape.Line): it
// cannot rewrite the terminal, reorder what a reviewer reads, or start a
// workflow command in a CI log. Line feeds and tabs read as spaces.
func safe(s string) string {
	return escape.Line(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s))
}

// clip shortens s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// markdownLimit is how many records each section of a Markdown report
// lists; GitHub refuses comments over 65,536 characters. The JSON report is
// never cut.
const markdownLimit = 100

// WriteMarkdown writes the report as GitHub-flavoured Markdown, ready to
// post as a pull-request comment. Record text is escaped; long values are
// clipped and long sections cut (the JSON report has everything).
func (r *Report) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	o, n := r.names()
	fmt.Fprintf(bw, "## dossier diff: %s → %s\n\n", md(o), md(n))
	fmt.Fprintf(bw, "%s\n", md(r.Line()))
	if len(r.Breaking) > 0 {
		fmt.Fprintf(bw, "\n### Breaking changes (%d)\n\n", len(r.Breaking))
		for _, b := range r.Breaking {
			fmt.Fprintf(bw, "- **%s**: %s\n", md(b.Class), md(b.Message))
		}
	}
	list := func(title string, l []RecordChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n### %s (%d)\n\n", title, len(l))
		fmt.Fprintf(bw, "| kind | id | record |\n|---|---|---|\n")
		for i, c := range l {
			if i == markdownLimit {
				fmt.Fprintf(bw, "\n…and %d more.\n", len(l)-markdownLimit)
				break
			}
			fmt.Fprintf(bw, "| %s | %s | %s |\n", md(c.Kind), code(c.ID), md(clip(c.Label, 120)))
		}
	}
	detailed := func(title string, l []RecordChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n### %s (%d)\n", title, len(l))
		for i, c := range l {
			if i == markdownLimit {
				fmt.Fprintf(bw, "\n…and %d more.\n", len(l)-markdownLimit)
				break
			}
			fmt.Fprintf(bw, "\n**%s** %s", md(c.Kind), code(c.ID))
			if c.Label != "" {
				fmt.Fprintf(bw, ": %s", md(clip(c.Label, 120)))
			}
			fmt.Fprintln(bw)
			if c.Reason != "" || c.Successor != "" {
				fmt.Fprintf(bw, "\nReason: %s", md(c.Reason))
				if c.Successor != "" {
					fmt.Fprintf(bw, "; successor: %s", code(c.Successor))
				}
				fmt.Fprintln(bw)
			}
			if len(c.Fields) > 0 {
				fmt.Fprintf(bw, "\n| field | old | new |\n|---|---|---|\n")
				for _, f := range c.Fields {
					fmt.Fprintf(bw, "| %s | %s | %s |\n", md(f.Field),
						md(clip(side(f.Old, f.OldSet), 300)), md(clip(side(f.New, f.NewSet), 300)))
				}
			}
		}
	}
	list("Added", r.Added)
	detailed("Changed", r.Changed)
	detailed("Withdrawn", r.Withdrawn)
	list("Removed", r.Removed)
	if len(r.ColumnsAdded)+len(r.ColumnsRemoved)+len(r.ColumnsRetyped) > 0 {
		fmt.Fprintf(bw, "\n### Release columns\n\n| table | column | change |\n|---|---|---|\n")
		for _, c := range r.ColumnsAdded {
			fmt.Fprintf(bw, "| %s | %s | added (%s) |\n", md(c.Table), code(c.Name), md(c.Type))
		}
		for _, c := range r.ColumnsRemoved {
			fmt.Fprintf(bw, "| %s | %s | removed (was %s) |\n", md(c.Table), code(c.Name), md(c.Type))
		}
		for _, c := range r.ColumnsRetyped {
			fmt.Fprintf(bw, "| %s | %s | type %s → %s |\n", md(c.Table), code(c.Name), md(c.OldType), md(c.NewType))
		}
	}
	return bw.Flush()
}

// MarkdownText escapes record text for Markdown, as the pull-request
// comment does: for other writers of Markdown (the release's CHANGELOG.md).
func MarkdownText(s string) string { return md(s) }

// md escapes text for Markdown, inline and in table cells (never at the
// start of a line): emphasis, code, link, table, strike, math and mention
// characters get a backslash, HTML's <, > and & become entities, line
// breaks become spaces.
func md(s string) string {
	s = safe(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '@', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MarkdownCode renders an ID or a name as inline code, as the pull-request
// comment does: for other writers of Markdown (the release's CHANGELOG.md).
func MarkdownCode(s string) string { return code(s) }

// code renders an ID or a name (a field, a table.column) as inline code.
// IDs are kebab-case, names snake_case; anything else is escaped as text
// instead.
func code(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return md(s)
		}
	}
	return "`" + s + "`"
}

// jsonReport is the JSON form, version 1; fields are only ever added.
type jsonReport struct {
	Version   int          `json:"version"`
	Old       string       `json:"old"`
	New       string       `json:"new"`
	Summary   jsonSummary  `json:"summary"`
	Added     []jsonRecord `json:"added"`
	Changed   []jsonRecord `json:"changed"`
	Withdrawn []jsonRecord `json:"withdrawn"`
	Removed   []jsonRecord `json:"removed"`
	Columns   jsonColumns  `json:"columns"`
	Breaking  []jsonBreak  `json:"breaking"`
}

type jsonSummary struct {
	Added     int `json:"added"`
	Changed   int `json:"changed"`
	Withdrawn int `json:"withdrawn"`
	Removed   int `json:"removed"`
	Breaking  int `json:"breaking"`
}

type jsonRecord struct {
	Kind      string      `json:"kind"`
	ID        string      `json:"id"`
	Label     string      `json:"label,omitempty"`
	Reason    string      `json:"reason,omitempty"`
	Successor string      `json:"successor,omitempty"`
	Fields    []jsonField `json:"fields,omitempty"`
}

// jsonField is one changed field; old or new is left out when the field is
// absent on that side (an explicit null is written as null).
type jsonField struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old,omitempty"`
	New   json.RawMessage `json:"new,omitempty"`
}

type jsonColumns struct {
	Added   []jsonColumn `json:"added"`
	Removed []jsonColumn `json:"removed"`
	Retyped []jsonColumn `json:"retyped"`
}

type jsonColumn struct {
	Table   string `json:"table"`
	Name    string `json:"name"`
	Type    string `json:"type,omitempty"`
	OldType string `json:"old_type,omitempty"`
	NewType string `json:"new_type,omitempty"`
}

type jsonBreak struct {
	Class   string `json:"class"`
	Kind    string `json:"kind,omitempty"`
	ID      string `json:"id,omitempty"`
	Table   string `json:"table,omitempty"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func jsonRecords(l []RecordChange) ([]jsonRecord, error) {
	out := make([]jsonRecord, 0, len(l))
	for _, c := range l {
		j := jsonRecord{Kind: c.Kind, ID: c.ID, Label: c.Label, Reason: c.Reason, Successor: c.Successor}
		for _, f := range c.Fields {
			jf := jsonField{Field: f.Field}
			var err error
			if f.OldSet {
				if jf.Old, err = marshal(f.Old); err != nil {
					return nil, fmt.Errorf("%s %s: %s: %w", c.Kind, c.ID, f.Field, err)
				}
			}
			if f.NewSet {
				if jf.New, err = marshal(f.New); err != nil {
					return nil, fmt.Errorf("%s %s: %s: %w", c.Kind, c.ID, f.Field, err)
				}
			}
			j.Fields = append(j.Fields, jf)
		}
		out = append(out, j)
	}
	return out, nil
}

func marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WriteJSON writes the whole report as one JSON document. In "fields", a
// side missing from {"field", "old", "new"} means the field is absent there.
func (r *Report) WriteJSON(w io.Writer) error {
	j := jsonReport{Version: 1, Old: r.Old, New: r.New,
		Summary: jsonSummary{Added: len(r.Added), Changed: len(r.Changed), Withdrawn: len(r.Withdrawn),
			Removed: len(r.Removed), Breaking: len(r.Breaking)},
		Columns:  jsonColumns{Added: []jsonColumn{}, Removed: []jsonColumn{}, Retyped: []jsonColumn{}},
		Breaking: []jsonBreak{},
	}
	var err error
	for _, s := range []struct {
		to   *[]jsonRecord
		from []RecordChange
	}{{&j.Added, r.Added}, {&j.Changed, r.Changed}, {&j.Withdrawn, r.Withdrawn}, {&j.Removed, r.Removed}} {
		if *s.to, err = jsonRecords(s.from); err != nil {
			return err
		}
	}
	for _, c := range r.ColumnsAdded {
		j.Columns.Added = append(j.Columns.Added, jsonColumn{Table: c.Table, Name: c.Name, Type: c.Type})
	}
	for _, c := range r.ColumnsRemoved {
		j.Columns.Removed = append(j.Columns.Removed, jsonColumn{Table: c.Table, Name: c.Name, Type: c.Type})
	}
	for _, c := range r.ColumnsRetyped {
		j.Columns.Retyped = append(j.Columns.Retyped, jsonColumn{Table: c.Table, Name: c.Name, OldType: c.OldType, NewType: c.NewType})
	}
	for _, b := range r.Breaking {
		j.Breaking = append(j.Breaking, jsonBreak(b))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return err
	}
	_, err = w.Write(escape.JSON(buf.Bytes())) // record text stays text in a terminal or a CI log
	return err
}
