package release

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
)

// TestChangelogEscapesRecordText: a record's title and a withdrawal reason
// reach CHANGELOG.md as text, so Markdown viewers show them as written and
// run nothing: no HTML, no image or link, no @mention, no table break, no
// terminal escape, no bidirectional override.
func TestChangelogEscapesRecordText(t *testing.T) {
	hostile := "<img src=x onerror=alert(1)> ![t](https://t.example/p.gif) [click](javascript:alert(1)) @maintainer | *x* \x1b[31m\u202Eevil"
	r := &changes.Report{
		Old:       "1.0.0",
		Added:     []changes.RecordChange{{Kind: "events", ID: "raid", Label: hostile}},
		Withdrawn: []changes.RecordChange{{Kind: "events", ID: "old", Label: "Old", Reason: hostile}},
	}
	var b bytes.Buffer
	if err := writeChangelog(&b, &Meta{Dataset: config.Dataset{Name: "d"}, Version: "1.1.0"}, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<img", "![t]", "[click]", " @maintainer", "| *x*", "*x*", "\x1b", "\u202E"} {
		if strings.Contains(out, bad) {
			t.Errorf("CHANGELOG.md holds %q unescaped:\n%s", bad, out)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", `!\[t\](https://t.example/p.gif)`, `\@maintainer`, `\| \*x\*`} {
		if strings.Count(out, want) != 2 {
			t.Errorf("CHANGELOG.md should hold %q twice (title and reason):\n%s", want, out)
		}
	}
}

// TestReadmeEscapesConfigText: the title, home page, licence and citation
// of dossier.yaml reach README.md as text: no heading of its own, no
// HTML, link, image or table break.
func TestReadmeEscapesConfigText(t *testing.T) {
	hostile := "A & B <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](https://t.example/p.gif) | *x*\n# injected"
	m := &Meta{Dataset: config.Dataset{Name: "d", Title: hostile, Homepage: "https://example.org/a_b?x=[1]<script>",
		Licenses: []config.License{{Name: hostile, Path: hostile}}}, Version: "1.0.0"}
	for _, cite := range []string{"", hostile} {
		m.Dataset.Citation = cite
		var b bytes.Buffer
		if err := writeReadme(&b, m, nil, nil); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, bad := range []string{"<img", "<script>", "[click]", "![i]", "| *x*", "\n# injected", "a_b"} {
			if strings.Contains(out, bad) {
				t.Errorf("README.md holds %q unescaped:\n%s", bad, out)
			}
		}
		if !strings.HasPrefix(out, "# A &amp; B &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1))") {
			t.Errorf("README.md's title is not the escaped title:\n%s", out[:min(len(out), 200)])
		}
	}
}

// TestChangelogEscapesPreviousRelease: what a previous release holds
// besides its record text (its name, IDs, field and column names and
// types, successors) reaches CHANGELOG.md and README.md escaped: no line
// a terminal or a CI log acts upon, no code span broken out of.
func TestChangelogEscapesPreviousRelease(t *testing.T) {
	const h = "\x1b[31mevil\n::error::x`|<b>\u202E##[y"
	r := &changes.Report{
		Old:            "prev" + h,
		Added:          []changes.RecordChange{{Kind: "event", ID: "raid" + h, Fields: []changes.FieldChange{{Field: "title" + h}}}},
		Withdrawn:      []changes.RecordChange{{Kind: "event", ID: "old", Reason: "merged", Successor: "new" + h}},
		Breaking:       []changes.Break{{Class: "record-removed", Message: "event " + h + " was released and is gone"}},
		ColumnsAdded:   []changes.Column{{Table: "events" + h, Name: "x" + h, Type: "string" + h}},
		ColumnsRemoved: []changes.Column{{Table: "events", Name: "y" + h, Type: "string"}},
		ColumnsRetyped: []changes.ColumnChange{{Table: "events", Name: "z" + h, OldType: "a" + h, NewType: "b" + h}},
	}
	m := &Meta{Dataset: config.Dataset{Name: "d"}, Version: "1.1.0"}
	var cl, readme bytes.Buffer
	if err := writeChangelog(&cl, m, r); err != nil {
		t.Fatal(err)
	}
	if err := writeReadme(&readme, m, nil, r); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"CHANGELOG.md": cl.String(), "README.md": readme.String()} {
		for _, line := range strings.Split(out, "\n") {
			if strings.ContainsAny(line, "\x1b\u202E") || strings.Contains(line, "<b>") || strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") {
				t.Errorf("%s holds a raw line %q", name, line)
			}
		}
	}
	if out := cl.String(); strings.Contains(out, "`raid") || strings.Contains(out, "`new") || strings.Contains(out, "`title") {
		t.Errorf("CHANGELOG.md puts a crafted name in a code span:\n%s", out)
	}
}

// TestCraftedPreviousRefused: a previous release, folder or archive, whose
// JSON Lines hold an ID that is no record ID (a terminal escape, a line
// break starting a workflow command) is refused, naming the file, line and
// ID escaped; the release built before stays as it was.
func TestCraftedPreviousRefused(t *testing.T) {
	prevDist := t.TempDir()
	o := fixtureOptions(t, prevDist)
	o.Version = "1.0.0"
	mustBuild(t, o)
	crafted := filepath.Join(t.TempDir(), "fixture-1.0.0")
	copyDir(t, filepath.Join(prevDist, o.Folder()), crafted)
	events := filepath.Join(crafted, "events.jsonl")
	b, err := os.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	line, rest, _ := strings.Cut(string(b), "\n")
	_, fields, _ := strings.Cut(line, `",`)
	hostile := `{"id":"\u001b[31mevil\n::error::x",` + fields + "\n" + rest
	if err := os.WriteFile(events, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	archive := crafted + ".tar.gz"
	writeTarGz(t, archive, crafted)

	dist := t.TempDir()
	mustBuild(t, fixtureOptions(t, dist))
	before := tree(t, dist)
	for _, prev := range []string{crafted, archive} {
		o := fixtureOptions(t, dist)
		o.Previous = prev
		_, _, err := Build(o)
		want := `events.jsonl:1: id "\x1b[31mevil\n::error::x" is not a record ID (it must match ^[a-z0-9]+(-[a-z0-9]+)*$)`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--previous %s: err = %v\nwant one holding %s", filepath.Base(prev), err, want)
		}
		equalTrees(t, before, tree(t, dist), "after a crafted previous release")
	}
}

// writeTarGz writes the folder dir into a .tar.gz at p, under its name.
func writeTarGz(t *testing.T, p, dir string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	err := filepath.WalkDir(dir, func(f string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(dir), f)
		if err := tw.WriteHeader(&tar.Header{Name: filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = os.WriteFile(p, buf.Bytes(), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
