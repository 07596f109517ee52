package release

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"dossier/schemas"
)

// The comparison of two releases lives here until a package shared with
// `dossier diff` takes it over; it reads only the previous release's files
// (datapackage.json and <table>.jsonl), so it can move without change.

// Change kinds, in the order they are listed.
const (
	Added     = "added"
	Changed   = "changed"
	Withdrawn = "withdrawn"
	Removed   = "removed"
)

var changeOrder = []string{Added, Changed, Withdrawn, Removed}

// Change is one record that differs between two releases.
type Change struct {
	Change string   `json:"change"` // added, changed, withdrawn or removed
	Table  string   `json:"table"`
	ID     string   `json:"id"`
	Fields []string `json:"fields,omitempty"` // changed and withdrawn: the top-level fields whose value differs, in schema order
}

// Changes lists what differs from a previous release, sorted by table (in
// release order), then ID.
type Changes struct {
	Previous string // the previous release's version, from its datapackage.json; "" when unknown
	List     []Change
}

// Compare reads the kind tables of the previous release folder prev (its
// <table>.jsonl files) and lists the records added, changed, withdrawn
// (status turned to withdrawn) and removed in data. A table missing from
// prev counts as empty. Derived columns (<field>_earliest/_latest) are not
// compared: they follow from their field.
func Compare(prev string, set *schemas.Set, data []*Data) (*Changes, error) {
	info, err := os.Stat(prev)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a release folder", prev)
	}
	ch := &Changes{}
	if b, err := os.ReadFile(filepath.Join(prev, "datapackage.json")); err == nil {
		var dp struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(b, &dp) == nil {
			ch.Previous = dp.Version
		}
	}
	for _, d := range data {
		if d.Link() {
			continue
		}
		old, order, err := readJSONL(filepath.Join(prev, d.Name+".jsonl"))
		if err != nil {
			return nil, err
		}
		cur := map[string]bool{}
		for _, r := range d.Records {
			cur[r.ID] = true
			line, err := appendRecord(nil, d.Kind.Fields, r.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.File, err)
			}
			var now map[string]any
			if err := json.Unmarshal(line, &now); err != nil {
				return nil, err
			}
			was, ok := old[r.ID]
			if !ok {
				ch.List = append(ch.List, Change{Change: Added, Table: d.Name, ID: r.ID})
				continue
			}
			fields := diffFields(d.Kind, was, now)
			if len(fields) == 0 {
				continue
			}
			kind := Changed
			if now["status"] == "withdrawn" && was["status"] != "withdrawn" {
				kind = Withdrawn
			}
			ch.List = append(ch.List, Change{Change: kind, Table: d.Name, ID: r.ID, Fields: fields})
		}
		var gone []string
		for _, id := range order {
			if !cur[id] {
				gone = append(gone, id)
			}
		}
		sort.Strings(gone)
		for _, id := range gone {
			ch.List = append(ch.List, Change{Change: Removed, Table: d.Name, ID: id})
		}
	}
	rank := map[string]int{}
	for i, d := range data {
		rank[d.Name] = i
	}
	sort.SliceStable(ch.List, func(i, j int) bool {
		a, b := ch.List[i], ch.List[j]
		if a.Table != b.Table {
			return rank[a.Table] < rank[b.Table]
		}
		return a.ID < b.ID
	})
	return ch, nil
}

// readJSONL reads a previous release's table: records by ID, and the IDs in
// file order. A missing file is an empty table.
func readJSONL(path string) (map[string]map[string]any, []string, error) {
	out := map[string]map[string]any{}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		id, _ := rec["id"].(string)
		if id == "" {
			return nil, nil, fmt.Errorf("%s:%d: a record without id", path, n)
		}
		if _, dup := out[id]; !dup {
			ids = append(ids, id)
		}
		out[id] = rec
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	return out, ids, nil
}

// diffFields names the fields whose values differ: those of the kind in
// schema order, then fields only the previous release had, by name.
func diffFields(k *schemas.Kind, was, now map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range k.Fields {
		seen[f.Name] = true
		if f.Format == "edtf" {
			seen[f.Name+"_earliest"], seen[f.Name+"_latest"] = true, true
		}
		if !reflect.DeepEqual(was[f.Name], now[f.Name]) {
			out = append(out, f.Name)
		}
	}
	var extra []string
	for key, v := range was {
		if !seen[key] && v != nil && !strings.HasSuffix(key, "_earliest") && !strings.HasSuffix(key, "_latest") {
			extra = append(extra, key)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// WriteJSONL writes one change per line.
func (c *Changes) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, x := range c.List {
		b := []byte(`{"change":`)
		b = appendString(b, x.Change)
		b = append(b, `,"table":`...)
		b = appendString(b, x.Table)
		b = append(b, `,"id":`...)
		b = appendString(b, x.ID)
		if len(x.Fields) > 0 {
			b = append(b, `,"fields":[`...)
			for i, f := range x.Fields {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, f)
			}
			b = append(b, ']')
		}
		b = append(b, "}\n"...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Count returns how many changes of a kind there are.
func (c *Changes) Count(kind string) int {
	n := 0
	for _, x := range c.List {
		if x.Change == kind {
			n++
		}
	}
	return n
}

// WriteMarkdown writes CHANGELOG.md: counts per table, then each change.
func (c *Changes) WriteMarkdown(w io.Writer, m *Meta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Changes in %s %s\n\n", m.Config.Name, m.Version)
	if c.Previous != "" {
		fmt.Fprintf(&b, "Since version %s.\n\n", c.Previous)
	} else {
		b.WriteString("Since the previous release.\n\n")
	}
	if len(c.List) == 0 {
		b.WriteString("No record changed.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	type counts map[string]int
	per := map[string]counts{}
	var tables []string
	for _, x := range c.List {
		if per[x.Table] == nil {
			per[x.Table] = counts{}
			tables = append(tables, x.Table)
		}
		per[x.Table][x.Change]++
	}
	b.WriteString("| table | added | changed | withdrawn | removed |\n|---|---:|---:|---:|---:|\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", t, per[t][Added], per[t][Changed], per[t][Withdrawn], per[t][Removed])
	}
	for _, kind := range changeOrder {
		if c.Count(kind) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", strings.ToUpper(kind[:1])+kind[1:])
		for _, x := range c.List {
			if x.Change != kind {
				continue
			}
			fmt.Fprintf(&b, "- %s `%s`", x.Table, x.ID)
			if len(x.Fields) > 0 {
				fmt.Fprintf(&b, ": %s", strings.Join(x.Fields, ", "))
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
