package changes

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/record"
)

// DataPackage is the file name of a release's Frictionless descriptor.
const DataPackage = datapackage.File

// maxLine bounds one JSON Lines record, so a corrupt file cannot exhaust
// memory.
const maxLine = 64 << 20

// ReadRelease reads a release folder: the records of every <table>.jsonl
// (or .jsonl.gz) file whose table is a record kind of the built-in schemas
// (events.jsonl, …; changes.jsonl and other files are not records), and the
// column types of every resource in
// datapackage.json that has a Table Schema. It is tolerant of what it does
// not need: other files are ignored, a missing datapackage.json leaves
// Columns nil (not compared), a table schema may be inline or a path. It
// fails on a folder holding neither, on a line that is not a JSON object,
// on a record whose id is not a record ID of its kind as the schemas
// define it (a crafted release), and on I/O errors; errors name the file
// and line.
//
// dir may also be a release archive (.tar.gz or .tgz) holding one release
// folder, as the release compiler writes beside it.
func ReadRelease(dir string) (Snapshot, error) {
	return ReadReleaseFunc(dir, nil)
}

// ReadReleaseFunc is ReadRelease keeping only the records keep wants. keep
// is given each record's kind, ID and JSON line (valid only during the
// call), before the line is decoded when its ID can be read from its start
// as the release compiler writes it ({"id":"…",…), else after; a record it
// refuses is neither decoded nor checked further. nil keeps every record.
func ReadReleaseFunc(dir string, keep func(kind, id string, line []byte) bool) (Snapshot, error) {
	if IsArchive(dir) {
		if info, err := os.Stat(dir); err == nil && !info.IsDir() {
			return readArchive(dir, keep)
		}
	}
	return readRelease(os.DirFS(dir), filepath.Base(filepath.Clean(dir)), dir, keep)
}

func readRelease(fsys fs.FS, base, shown string, keep func(kind, id string, line []byte) bool) (Snapshot, error) {
	snap := Snapshot{Name: base}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return snap, fmt.Errorf("release %s: %w", shown, unwrapPath(err))
	}
	kinds := tableKinds()
	found := false
	for _, e := range entries { // ReadDir sorts by name
		name := e.Name()
		kind, gz := tableFile(name, kinds)
		if kind == "" || e.IsDir() {
			continue
		}
		found = true
		recs, err := readJSONL(fsys, name, gz, kind, keep)
		if err != nil {
			return snap, fmt.Errorf("release %s: %w", shown, err)
		}
		snap.Records = append(snap.Records, recs...)
	}
	return snap, describe(&snap, found, fsys, shown)
}

// tableFile returns the record kind whose table the file name holds
// (events.jsonl, events.jsonl.gz), whether it is gzipped, and "" for any
// other file (changes.jsonl and other companions).
func tableFile(name string, kinds map[string]string) (kind string, gz bool) {
	table, ok := strings.CutSuffix(name, ".jsonl")
	if !ok {
		table, gz = strings.CutSuffix(name, ".jsonl.gz")
	}
	if (!ok && !gz) || table == "" {
		return "", false
	}
	return kinds[table], gz
}

// describe reads the columns and name of a release from datapackage.json
// in fsys into snap; found says whether the release had record tables.
func describe(snap *Snapshot, found bool, fsys fs.FS, shown string) error {
	cols, name, dp, err := readDataPackage(fsys)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !found {
			return fmt.Errorf("%s is not a release folder: no *.jsonl files and no %s", shown, DataPackage)
		}
	case err != nil:
		return fmt.Errorf("release %s: %w", shown, err)
	default:
		snap.Columns, snap.Package = cols, dp
		if name != "" {
			snap.Name = name
		}
	}
	return nil
}

// tableKinds maps release table names to kind names through the built-in
// schemas.
func tableKinds() map[string]string {
	m := map[string]string{}
	if set, err := schemas.Default(); err == nil {
		for _, k := range set.Kinds {
			m[k.Table] = k.Name
		}
	}
	return m
}

// idPatterns maps each kind of the built-in schemas to the pattern of its
// id field, compiled once.
var idPatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	if set, err := schemas.Default(); err == nil {
		for _, k := range set.Kinds {
			if f := k.Field("id"); f != nil && f.Pattern != "" {
				if re, err := regexp.Compile(f.Pattern); err == nil {
					m[k.Name] = re
				}
			}
		}
	}
	return m
})

// checkID refuses an ID that is not a record ID of its kind as the
// schemas define it (lowercase words of letters and digits joined by
// single hyphens): every writer of a report, a changelog or a release
// page may then print the IDs of a release as they are, a crafted one
// included.
func checkID(kind, id string) error {
	re := idPatterns()[kind]
	if re == nil || re.MatchString(id) {
		return nil
	}
	return fmt.Errorf("id %q is not a record ID (it must match %s)", id, re)
}

func readJSONL(fsys fs.FS, name string, gz bool, kind string, keep func(kind, id string, line []byte) bool) ([]Record, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	return scanJSONL(f, name, gz, kind, keep)
}

// scanJSONL reads the records of one JSON Lines table from r, gunzipped
// first when gz is set (within the bounds of a compression bomb: bounded).
func scanJSONL(r io.Reader, name string, gz bool, kind string, keep func(kind, id string, line []byte) bool) ([]Record, error) {
	if gz {
		in := &counter{r: r}
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		defer zr.Close()
		r = &bounded{r: zr, in: in, max: maxTables, file: name}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	out, err := scanRecords(sc, name, kind, keep)
	// A reading error ends the scan with what was read so far as a last
	// line, which then fails to decode: the reading error is the cause.
	if serr := sc.Err(); serr != nil {
		if errors.Is(serr, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: a line longer than %d bytes", name, maxLine)
		}
		return nil, fmt.Errorf("%s: %w", name, serr)
	}
	return out, err
}

func scanRecords(sc *bufio.Scanner, name, kind string, keep func(kind, id string, line []byte) bool) ([]Record, error) {
	var out []Record
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		asked := false
		if keep != nil {
			if id, ok := lineID(b); ok {
				if err := checkID(kind, id); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, line, err)
				}
				if !keep(kind, id, b) {
					continue
				}
				asked = true
			}
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: not JSON: %v", name, line, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%s:%d: more than one JSON value on the line", name, line)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s:%d: a record is a JSON object", name, line)
		}
		id, _ := m["id"].(string)
		if id == "" {
			return nil, fmt.Errorf("%s:%d: record has no id", name, line)
		}
		if !asked { // else checked as read from the line's start
			if err := checkID(kind, id); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
		}
		if keep != nil && !asked && !keep(kind, id, b) {
			continue
		}
		status, _ := m["status"].(string)
		out = append(out, Record{Kind: kind, ID: id, Status: status, Fields: m})
	}
	return out, nil
}

// lineID reads the ID of a record from the start of its JSON line when the
// line opens with it as a plain string, as the release compiler writes:
// {"id":"…", with no escape, control character or invalid UTF-8 in it, so
// that it is the text decoding would give.
func lineID(b []byte) (string, bool) {
	const start = `{"id":"`
	if !bytes.HasPrefix(b, []byte(start)) {
		return "", false
	}
	for i := len(start); i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			id := b[len(start):i]
			if len(id) == 0 || !utf8.Valid(id) || i+1 >= len(b) || (b[i+1] != ',' && b[i+1] != '}') {
				return "", false
			}
			return string(id), true
		case c == '\\' || c < 0x20:
			return "", false
		}
	}
	return "", false
}

// readDataPackage returns the columns of every resource with a Table Schema,
// the package's name-version and the package itself. When a table has several resources (CSV
// and another format), the CSV one wins.
func readDataPackage(fsys fs.FS) ([]Column, string, *datapackage.Package, error) {
	b, err := fs.ReadFile(fsys, DataPackage)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", nil, err
		}
		return nil, "", nil, unwrapPath(err)
	}
	dp, err := datapackage.Read(b)
	if err != nil {
		return nil, "", nil, fmt.Errorf("%s: %v", DataPackage, err)
	}
	name := dp.Name
	if name != "" && dp.Version != "" {
		name += "-" + dp.Version
	}
	type pick struct {
		cols []Column
		csv  bool
	}
	tables := map[string]pick{}
	for _, res := range dp.Resources {
		p := string(res.Path)
		table := res.Name
		if p != "" {
			table = strings.SplitN(path.Base(p), ".", 2)[0]
		}
		if table == "" || res.Schema == nil {
			continue
		}
		ts := res.Schema
		if s := ts.Ref; s != "" {
			sb, err := fs.ReadFile(fsys, path.Clean(s))
			if err != nil {
				return nil, "", nil, fmt.Errorf("%s: resource %s: schema %s: %v", DataPackage, table, s, unwrapPath(err))
			}
			if err := json.Unmarshal(sb, &ts); err != nil {
				return nil, "", nil, fmt.Errorf("%s: %v", s, err)
			}
		}
		csv := strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".csv.gz")
		if prev, ok := tables[table]; ok && (prev.csv || !csv) {
			continue
		}
		var cols []Column
		for _, f := range ts.Fields {
			typ := f.Type
			if typ == "" {
				typ = "any" // Table Schema's default field type
			}
			cols = append(cols, Column{Table: table, Name: f.Name, Type: typ})
		}
		tables[table] = pick{cols: cols, csv: csv}
	}
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	sort.Strings(names)
	out := []Column{}
	for _, t := range names {
		out = append(out, tables[t].cols...)
	}
	return out, name, dp, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// FromRecords builds a snapshot of loaded records: every record that
// parsed to a mapping with an ID. Columns stay nil (records/ alone has no
// release columns) and Name empty; the caller names the version (HEAD~1).
func FromRecords(recs []*record.Record) Snapshot {
	var snap Snapshot
	for _, r := range recs {
		if r == nil || r.ID == "" {
			continue
		}
		obj := fields(r)
		if obj == nil {
			continue
		}
		kind := ""
		if r.Kind != nil {
			kind = r.Kind.Name
		}
		status, _ := obj["status"].(string)
		snap.Records = append(snap.Records, Record{Kind: kind, ID: r.ID, Status: status, Fields: obj})
	}
	return snap
}
