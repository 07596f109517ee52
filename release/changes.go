package release

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/schemas"
)

// The comparison itself is package changes', shared with `dossier diff`;
// this file turns a release being built into a changes.Snapshot and writes
// the release's CHANGELOG.md and changes.jsonl from the report.

// compareWith reads the previous release at prev (a folder or archive) and
// compares the release being built with it, its records as their files
// hold them (changes.Snapshot.AsWritten). A record whose JSON line is
// the same in both releases is unchanged and would add nothing to the
// report; it is left out of both sides, so that only the records that
// differ are decoded and held. The previous release is read twice: first
// the checksum of each record's line, then the records that differ. Its
// datapackage.json is returned too (nil when it has none).
func compareWith(prev string, m *Meta, data []*Data, set *schemas.Set) (*changes.Report, *datapackage.Package, error) {
	type key struct{ kind, id string }
	type seen struct {
		sum       [sha256.Size]byte
		dup, same bool // the key is on more than one line; the line is unchanged
	}
	lines := map[key]seen{}
	_, err := changes.ReadReleaseFunc(prev, func(kind, id string, line []byte) bool {
		k := key{kind, id}
		if s, ok := lines[k]; ok {
			s.dup = true
			lines[k] = s
		} else {
			lines[k] = seen{sum: sha256.Sum256(line)}
		}
		return false
	})
	if err != nil {
		return nil, nil, err
	}
	cur, err := snapshot(m, data, func(kind, id string, line []byte) bool {
		k := key{kind, id}
		s, ok := lines[k]
		if !ok || s.dup || s.sum != sha256.Sum256(line) {
			return false
		}
		s.same = true
		lines[k] = s
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	old, err := changes.ReadReleaseFunc(prev, func(kind, id string, _ []byte) bool { return !lines[key{kind, id}].same })
	if err != nil {
		return nil, nil, err
	}
	// Records compare as their files hold them: what a release derives
	// (date columns, a false for an absent flag) is no change of its own,
	// also where a later release derives more.
	return changes.Compare(old.AsWritten(set), cur.AsWritten(set)), old.Package, nil
}

// snapshot is the release being built as changes.ReadRelease would read it
// once written: the records as in <table>.jsonl, the columns as in the
// Table Schemas of datapackage.json; but a record for which unchanged,
// given its kind, ID and line, is true is left out, and so is a record
// whose ID repeats, which the comparison would ignore (the first with an
// ID is the one compared).
func snapshot(m *Meta, data []*Data, unchanged func(kind, id string, line []byte) bool) (changes.Snapshot, error) {
	s := changes.Snapshot{Name: m.Folder(), Columns: []changes.Column{}}
	var line []byte
	for _, d := range data {
		for _, f := range csvFields(d) {
			s.Columns = append(s.Columns, changes.Column{Table: d.Name, Name: f.Name, Type: f.Type})
		}
		if d.Link() {
			continue
		}
		for i, r := range d.Records {
			if i > 0 && r.ID == d.Records[i-1].ID {
				continue
			}
			var err error
			if line, err = appendRecord(line[:0], d.Kind.Fields, fields(r)); err != nil {
				return s, fmt.Errorf("%s: %w", r.File, err)
			}
			if unchanged != nil && unchanged(d.Kind.Name, r.ID, line) {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.UseNumber()
			var v map[string]any
			if err := dec.Decode(&v); err != nil {
				return s, fmt.Errorf("%s: %w", r.File, err)
			}
			status, _ := v["status"].(string)
			s.Records = append(s.Records, changes.Record{Kind: d.Kind.Name, ID: r.ID, Status: status, Fields: v})
		}
	}
	return s, nil
}

// changeLine is one line of changes.jsonl.
type changeLine struct {
	Change string        `json:"change"` // added, changed, withdrawn or removed
	Kind   string        `json:"kind"`
	ID     string        `json:"id"`
	Fields []fieldChange `json:"fields,omitempty"`
}

type fieldChange struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

func changeLines(r *changes.Report) []changeLine {
	var out []changeLine
	for _, g := range []struct {
		name string
		l    []changes.RecordChange
	}{{"added", r.Added}, {"changed", r.Changed}, {"withdrawn", r.Withdrawn}, {"removed", r.Removed}} {
		for _, c := range g.l {
			cl := changeLine{Change: g.name, Kind: c.Kind, ID: c.ID}
			for _, f := range c.Fields {
				cl.Fields = append(cl.Fields, fieldChange{Field: f.Field, Old: f.Old, New: f.New})
			}
			out = append(out, cl)
		}
	}
	return out
}

// writeChangesJSONL writes one line per record added, changed (with each
// field's old and new value), withdrawn or removed: added first, then
// changed, withdrawn and removed, each by kind and ID.
func writeChangesJSONL(w io.Writer, r *changes.Report) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, l := range changeLines(r) {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeChangelog writes CHANGELOG.md: the counts, every record added,
// changed (with the fields), withdrawn and removed, and the release columns
// added, removed or retyped. Unlike a pull-request comment it is never cut.
// Every ID, name and text read from the previous release is escaped: its
// IDs are checked as it is read, but its field and column names, its name
// and its successors are whatever its files hold.
func writeChangelog(w io.Writer, m *Meta, r *changes.Report) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	text, code := changes.MarkdownText, changes.MarkdownCode
	p("# Changes in %s %s\n\n", m.Dataset.Name, m.Version)
	p("Compared with %s: %d added, %d changed, %d withdrawn, %d removed.\n",
		text(r.Old), len(r.Added), len(r.Changed), len(r.Withdrawn), len(r.Removed))
	if len(r.Breaking) > 0 {
		p("\n## Breaking for data users\n\n")
		for _, x := range r.Breaking {
			p("- %s\n", text(x.Message))
		}
	}
	for _, g := range []struct {
		title string
		l     []changes.RecordChange
	}{{"Added", r.Added}, {"Changed", r.Changed}, {"Withdrawn", r.Withdrawn}, {"Removed", r.Removed}} {
		if len(g.l) == 0 {
			continue
		}
		p("\n## %s\n\n", g.title)
		for _, c := range g.l {
			p("- %s %s", text(c.Kind), code(c.ID))
			if c.Label != "" {
				p(": %s", text(c.Label)) // record text: no HTML, links or mentions
			}
			if len(c.Fields) > 0 {
				var names []string
				for _, f := range c.Fields {
					names = append(names, code(f.Field))
				}
				p(" (%s)", strings.Join(names, ", "))
			}
			if c.Reason != "" {
				p(". Reason: %s", text(c.Reason))
			}
			if c.Successor != "" {
				p("; replaced by %s", code(c.Successor))
			}
			p("\n")
		}
	}
	if len(r.ColumnsAdded)+len(r.ColumnsRemoved)+len(r.ColumnsRetyped) > 0 {
		p("\n## Columns\n\n")
		for _, c := range r.ColumnsAdded {
			p("- added %s (%s)\n", code(c.Table+"."+c.Name), text(c.Type))
		}
		for _, c := range r.ColumnsRemoved {
			p("- removed %s (was %s)\n", code(c.Table+"."+c.Name), text(c.Type))
		}
		for _, c := range r.ColumnsRetyped {
			p("- %s changed type from %s to %s\n", code(c.Table+"."+c.Name), text(c.OldType), text(c.NewType))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
