package release

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/validate"

	"github.com/parquet-go/parquet-go"
)

const fixture = "testdata/fixture"

// fixtureOptions builds the fixture dataset into dist.
func fixtureOptions(t testing.TB, dist string) Options {
	t.Helper()
	cfg, _, err := config.Read(fixture, validate.Rules())
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Meta:    Meta{Dataset: cfg.Dataset, Version: "2.0.0", Created: time.Unix(1700000000, 0).UTC(), Tool: "test"},
		Records: filepath.Join(fixture, "records"),
		Dist:    dist,
	}
}

func mustBuild(t testing.TB, opts Options) *Release {
	t.Helper()
	rel, diags, err := Build(opts)
	if err != nil {
		t.Fatalf("build: %v\n%v", err, diags)
	}
	return rel
}

// tree reads every file under dir: slash path -> bytes.
func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func equalTrees(t *testing.T, a, b map[string][]byte, what string) {
	t.Helper()
	if strings.Join(sortedKeys(a), "\n") != strings.Join(sortedKeys(b), "\n") {
		t.Fatalf("%s: the files differ:\n%v\n%v", what, sortedKeys(a), sortedKeys(b))
	}
	for _, k := range sortedKeys(a) {
		if !bytes.Equal(a[k], b[k]) {
			t.Errorf("%s: %s differs", what, k)
		}
	}
}

// TestReproducible builds the fixture twice, into two dist folders and
// over itself, and wants every file byte-identical, archive included.
func TestReproducible(t *testing.T) {
	d1, d2 := t.TempDir(), t.TempDir()
	r1 := mustBuild(t, fixtureOptions(t, d1))
	first := tree(t, d1)
	mustBuild(t, fixtureOptions(t, d2))
	equalTrees(t, first, tree(t, d2), "two folders")
	mustBuild(t, fixtureOptions(t, d1))
	equalTrees(t, first, tree(t, d1), "rebuilt in place")
	if _, ok := first["fixture-2.0.0.tar.gz"]; !ok {
		t.Fatalf("no archive beside the release: %v", sortedKeys(first))
	}
	if len(r1.Files) < 50 {
		t.Errorf("only %d files in the release", len(r1.Files))
	}
	// A different creation time must change the archive (its mtimes) and
	// datapackage.json, proving the time is not ignored.
	o := fixtureOptions(t, t.TempDir())
	o.Created = o.Created.Add(time.Hour)
	mustBuild(t, o)
	other := tree(t, o.Dist)
	if bytes.Equal(other["fixture-2.0.0.tar.gz"], first["fixture-2.0.0.tar.gz"]) {
		t.Error("the archive does not depend on the creation time")
	}
}

// TestArchive checks the archive holds exactly the release folder, with
// fixed modes, owners and times.
func TestArchive(t *testing.T) {
	dist := t.TempDir()
	rel := mustBuild(t, fixtureOptions(t, dist))
	files := tree(t, rel.Dir)
	f, err := os.Open(rel.Archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Extra != nil || zr.Comment != "" {
		t.Errorf("gzip header carries %q %v %q %q", zr.Name, zr.ModTime, zr.Extra, zr.Comment)
	}
	tr := tar.NewReader(zr)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if !h.ModTime.Equal(time.Unix(1700000000, 0)) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: mtime %v uid %d gid %d %q %q", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		if h.Typeflag == tar.TypeDir {
			if h.Name != "fixture-2.0.0/" || h.Mode != 0o755 {
				t.Errorf("folder entry %s mode %o", h.Name, h.Mode)
			}
			continue
		}
		if h.Mode != 0o644 {
			t.Errorf("%s: mode %o", h.Name, h.Mode)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if want := files[strings.TrimPrefix(h.Name, "fixture-2.0.0/")]; !bytes.Equal(b, want) {
			t.Errorf("%s differs from the file in the folder", h.Name)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("entries not sorted: %v", names)
	}
	if len(names) != len(files)+1 {
		t.Errorf("archive has %d entries, folder %d files", len(names), len(files))
	}
}

// TestSums checks SHA256SUMS against every other file, and every file
// against it.
func TestSums(t *testing.T) {
	rel := mustBuild(t, fixtureOptions(t, t.TempDir()))
	files := tree(t, rel.Dir)
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(files["SHA256SUMS"]), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		h := sha256.Sum256(files[name])
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: sum %s does not match", name, sum)
		}
		listed[name] = true
	}
	for name := range files {
		if name != "SHA256SUMS" && !listed[name] {
			t.Errorf("%s is not in SHA256SUMS", name)
		}
	}
}

// parquetValues reads the values of one top-level column, nulls included.
func parquetValues(t *testing.T, path, column string) []parquet.Value {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	leaf, ok := pf.Schema().Lookup(column)
	if !ok {
		t.Fatalf("%s: no column %s", path, column)
	}
	var out []parquet.Value
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 16)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				for _, v := range r {
					if v.Column() == leaf.ColumnIndex {
						out = append(out, v.Clone())
					}
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	return out
}

// parquetStrings reads the values of one top-level string column.
func parquetStrings(t *testing.T, path, column string) []string {
	var out []string
	for _, v := range parquetValues(t, path, column) {
		out = append(out, v.String())
	}
	return out
}

// TestFormulaNeutralized: a quote whose text starts with = is neutralized in
// CSV and intact in JSON and Parquet; so are other free-text cells, in kind
// and link tables; IDs, enums and dates never are.
func TestFormulaNeutralized(t *testing.T) {
	rel := mustBuild(t, fixtureOptions(t, t.TempDir()))
	files := tree(t, rel.Dir)
	const text = `=HYPERLINK("https://evil.invalid","click")`
	csvCell := `"'=HYPERLINK(""https://evil.invalid"",""click"")"`
	if !bytes.Contains(files["quotes.csv"], []byte(","+csvCell+",")) {
		t.Errorf("quotes.csv does not hold the neutralized cell %s:\n%s", csvCell, files["quotes.csv"])
	}
	if bytes.Contains(files["quotes.csv"], []byte(`,"=HYPERLINK`)) {
		t.Error("quotes.csv holds the formula as is")
	}
	jsonText := `"text":"=HYPERLINK(\"https://evil.invalid\",\"click\")"`
	for _, f := range []string{"quotes.jsonl", "dataset.json"} {
		if !bytes.Contains(files[f], []byte(jsonText)) {
			t.Errorf("%s does not hold the text intact", f)
		}
	}
	got := parquetStrings(t, filepath.Join(rel.Dir, "quotes.parquet"), "text")
	if len(got) == 0 || got[0] != text {
		t.Errorf("quotes.parquet text = %q, want %q first", got, text)
	}
	for file, cell := range map[string]string{
		"events.csv":         ",'=1+1 is not a formula here,",
		"actor_roles.csv":    ",'+member,",
		"source_authors.csv": ",'-Bo Sample\n",
		"actor_aliases.csv":  ",'@council\n",
		"figures.csv":        ",'-5 would be a decrease; this is a count.,",
	} {
		if !bytes.Contains(files[file], []byte(cell)) {
			t.Errorf("%s lacks %q:\n%s", file, cell, files[file])
		}
	}
	if !bytes.Contains(files["events.csv"], []byte(",2023-06-20?/..,2023-06-20,,")) {
		t.Errorf("an EDTF date was altered in events.csv:\n%s", files["events.csv"])
	}
	if got := parquetStrings(t, filepath.Join(rel.Dir, "source_authors.parquet"), "author"); strings.Join(got, "|") != "Ana Example|-Bo Sample" {
		t.Errorf("source_authors.parquet author = %q", got)
	}
}

// failingCreate makes the n-th file created fail after writing part of its
// bytes; the others are written normally.
// Files are created from several goroutines at once.
func failingCreate(n int) (func(string) (io.WriteCloser, error), *int) {
	count := 0
	var mu sync.Mutex
	return func(p string) (io.WriteCloser, error) {
		mu.Lock()
		count++
		fail := count == n
		mu.Unlock()
		f, err := os.Create(p)
		if err != nil {
			return nil, err
		}
		if fail {
			return &failAfter{f: f, left: 10}, nil
		}
		return f, nil
	}, &count
}

type failAfter struct {
	f    *os.File
	left int
}

var errDiskFull = errors.New("simulated: no space left on device")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) <= w.left {
		w.left -= len(p)
		return w.f.Write(p)
	}
	n, _ := w.f.Write(p[:w.left])
	w.left = 0
	return n, errDiskFull
}

func (w *failAfter) Close() error { return w.f.Close() }

// TestFailedBuildLeavesPrevious fails a build at every file it writes in
// turn, archive included, and wants the previous release and archive
// byte-identical and nothing left behind in dist.
func TestFailedBuildLeavesPrevious(t *testing.T) {
	dist := t.TempDir()
	base := fixtureOptions(t, dist)
	base.Created = base.Created.Add(-time.Hour) // the previous release differs from what the failing builds write
	mustBuild(t, base)
	before := tree(t, dist)
	// Count the files a build creates.
	create, count := failingCreate(0)
	o := fixtureOptions(t, t.TempDir())
	o.Create = create
	mustBuild(t, o)
	total := *count
	if total < 50 {
		t.Fatalf("a build creates only %d files", total)
	}
	for n := 1; n <= total; n++ {
		o := fixtureOptions(t, dist)
		o.Create, _ = failingCreate(n)
		_, _, err := Build(o)
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("failing file %d: err = %v, want the write error", n, err)
		}
		equalTrees(t, before, tree(t, dist), fmt.Sprintf("after a write error in file %d", n))
	}
	// A build that fails validation writes nothing either.
	bad := t.TempDir()
	copyDir(t, filepath.Join(fixture, "records"), bad)
	if err := os.WriteFile(filepath.Join(bad, "quotes", "plain-quote.yaml"), []byte("id: plain-quote\nstatus: active\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o = fixtureOptions(t, dist)
	o.Records = bad
	rel, diags, err := Build(o)
	if !errors.Is(err, ErrFindings) || len(diags) == 0 || rel == nil || rel.Summary.Errors == 0 {
		t.Fatalf("broken record: err %v, %d findings, %+v", err, len(diags), rel)
	}
	equalTrees(t, before, tree(t, dist), "after validation errors")
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLock: a second build while the first holds dist gets ErrLocked with
// a message naming the lock, and dist is left alone.
func TestLock(t *testing.T) {
	dist := t.TempDir()
	unlock, err := lock(dist)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Build(fixtureOptions(t, dist))
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), LockFile) {
		t.Fatalf("err = %v, want ErrLocked naming %s", err, LockFile)
	}
	entries, _ := os.ReadDir(dist)
	if len(entries) != 1 {
		t.Errorf("dist holds %d entries while locked, want only the lock", len(entries))
	}
	unlock()
	mustBuild(t, fixtureOptions(t, dist))
}

// TestBadInput: what Build refuses before touching dist.
func TestBadInput(t *testing.T) {
	o := fixtureOptions(t, t.TempDir())
	o.Version = "../x"
	if _, _, err := Build(o); err == nil {
		t.Error("a version with a slash was accepted")
	}
	o = fixtureOptions(t, t.TempDir())
	o.Dataset.Name = ""
	if _, _, err := Build(o); err == nil {
		t.Error("an empty dataset name was accepted")
	}
	o = fixtureOptions(t, t.TempDir())
	o.Created = time.Time{}
	if _, _, err := Build(o); err == nil {
		t.Error("a zero creation time was accepted")
	}
	for _, created := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(99999999999999, 0)} {
		o = fixtureOptions(t, t.TempDir())
		o.Created = created
		if _, _, err := Build(o); err == nil || !strings.Contains(err.Error(), "is not within the years 0000 to 9999") {
			t.Errorf("a release time in the year %d: err = %v", created.Year(), err)
		}
	}
	o = fixtureOptions(t, t.TempDir())
	o.Records = filepath.Join(t.TempDir(), "none")
	if _, _, err := Build(o); !errors.Is(err, validate.ErrNoRecords) {
		t.Errorf("missing records: err = %v", err)
	}
}

// TestGolden pins the text files of the fixture's release, the Parquet and
// SQLite schemas and the archive's listing: any change to a column shows in
// review. Run go test ./release -update after a deliberate change.
func TestGolden(t *testing.T) {
	rel := mustBuild(t, fixtureOptions(t, t.TempDir()))
	files := tree(t, rel.Dir)
	path := "testdata/golden/fixture.txtar"
	data, err := os.ReadFile(path)
	if err != nil && !*golden.Update {
		t.Fatal(err)
	}
	a := golden.Parse(data)
	var got golden.Archive
	got.Comment = []byte("Release of testdata/fixture (version 2.0.0, SOURCE_DATE_EPOCH 1700000000).\nGenerated by TestGolden; rewrite with go test ./release -update.\n")
	// index.html is package releasepage's, pinned by its own tests; here only
	// its presence and place count, so that a change to the page does not
	// show as a change to the release compiler.
	const page = "index.html"
	if _, ok := files[page]; ok {
		files[page] = []byte("(rendered by package releasepage)\n")
		var sums []string
		for _, line := range strings.SplitAfter(string(files["SHA256SUMS"]), "\n") {
			if strings.HasSuffix(line, "  "+page+"\n") {
				line = strings.Repeat("-", 64) + "  " + page + "\n"
			}
			sums = append(sums, line)
		}
		files["SHA256SUMS"] = []byte(strings.Join(sums, ""))
	}
	for _, name := range sortedKeys(files) {
		if strings.HasSuffix(name, ".parquet") {
			got.Files = append(got.Files, golden.File{Name: name + " (schema)", Data: []byte(parquetSchema(t, filepath.Join(rel.Dir, name)))})
			continue
		}
		if strings.HasSuffix(name, ".sqlite") {
			got.Files = append(got.Files, golden.File{Name: name + " (schema)", Data: []byte(sqliteSchema(t, filepath.Join(rel.Dir, name)))})
			continue
		}
		got.Files = append(got.Files, golden.File{Name: name, Data: files[name]})
	}
	if *golden.Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got.Format(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range got.Files {
		golden.Check(t, path, a, f.Name, f.Data)
	}
	if len(a.Files) != len(got.Files) {
		t.Errorf("%s has %d files, the release %d; run go test -update", path, len(a.Files), len(got.Files))
	}
}

func parquetSchema(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("created_by: %s\nrows: %d\n%s\n", pf.Metadata().CreatedBy, pf.NumRows(), pf.Schema())
}

// sqliteSchema lists the statements that made the database's tables,
// indexes and views, in order of name.
func sqliteSchema(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, r := range rowsOf(t, db, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY name, type") {
		fmt.Fprintf(&b, "-- %s %s\n%s\n", r[0], r[1], r[2])
	}
	return b.String()
}

// TestFindCreated: a build given FindCreated instead of Created takes the
// time it finds, the same release as with Created, and fails with its
// error, writing nothing; a zero time is no time.
func TestFindCreated(t *testing.T) {
	want := mustBuild(t, fixtureOptions(t, t.TempDir()))
	o := fixtureOptions(t, t.TempDir())
	created := o.Created
	o.Created = time.Time{}
	calls := 0
	o.FindCreated = func() (time.Time, error) { calls++; return created, nil }
	got := mustBuild(t, o)
	if calls != 1 || !got.Created.Equal(created) {
		t.Errorf("%d calls, created %v; want 1 call, %v", calls, got.Created, created)
	}
	if sums(t, got.Dir) != sums(t, want.Dir) {
		t.Error("the release differs from the one built with Created")
	}
	errGit := errors.New("git log failed")
	o.Dist = t.TempDir()
	o.FindCreated = func() (time.Time, error) { return time.Time{}, errGit }
	if _, _, err := Build(o); !errors.Is(err, errGit) {
		t.Errorf("err = %v, want the error of FindCreated", err)
	}
	o.FindCreated = func() (time.Time, error) { return time.Time{}, nil }
	if _, _, err := Build(o); !errors.Is(err, errNoCreated) {
		t.Errorf("err = %v, want no creation time", err)
	}
	if entries, _ := os.ReadDir(o.Dist); len(entries) != 0 {
		t.Errorf("failed builds left %d entries in dist", len(entries))
	}
}

func sums(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
