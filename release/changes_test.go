package release

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
)

// TestChanges builds the fixture, then a second version where one record
// is added, one changed, one withdrawn and one removed, against the first:
// CHANGELOG.md and changes.jsonl list each, with the fields that changed,
// and both are data package resources and in SHA256SUMS.
func TestChanges(t *testing.T) {
	dist := t.TempDir()
	o := fixtureOptions(t, dist)
	o.Version = "1.0.0"
	first := mustBuild(t, o)

	recs := t.TempDir()
	copyDir(t, filepath.Join(fixture, "records"), recs)
	write := func(rel, text string) {
		if err := os.WriteFile(filepath.Join(recs, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// added
	write("places/quay.yaml", "id: quay\nstatus: active\nname: Quay\ntype: site\nwithin: port-town\n")
	// changed: date and summary
	write("quotes/plain-quote.yaml", strings.Replace(readFile(t, filepath.Join(recs, "quotes/plain-quote.yaml")), "date: 2022-08", "date: 2022-09", 1))
	// withdrawn
	write("figures/ships-waiting-part.yaml", strings.Replace(readFile(t, filepath.Join(recs, "figures/ships-waiting-part.yaml")),
		"status: active\n", "status: withdrawn\nwithdrawn:\n  reason: The source corrected it.\n", 1))
	// removed: a withdrawn record (not breaking) and an active one
	// (breaking for data users)
	for _, f := range []string{"actors/old-name.yaml", "quotes/formula-quote.yaml"} {
		if err := os.Remove(filepath.Join(recs, f)); err != nil {
			t.Fatal(err)
		}
	}
	o = fixtureOptions(t, dist)
	o.Version = "1.1.0"
	o.Records = recs
	o.Previous = first.Dir
	second := mustBuild(t, o)
	files := tree(t, second.Dir)

	wantLines := []string{
		`{"change":"added","kind":"place","id":"quay"}`,
		`{"change":"changed","kind":"quote","id":"plain-quote","fields":[{"field":"date","old":"2022-08","new":"2022-09"}]}`,
		`{"change":"withdrawn","kind":"figure","id":"ships-waiting-part","fields":[{"field":"status","old":"active","new":"withdrawn"},{"field":"withdrawn","old":null,"new":{"reason":"The source corrected it."}}]}`,
		`{"change":"removed","kind":"actor","id":"old-name"}`,
		`{"change":"removed","kind":"quote","id":"formula-quote"}`,
	}
	if got := string(files["changes.jsonl"]); got != strings.Join(wantLines, "\n")+"\n" {
		t.Errorf("changes.jsonl:\n%s\nwant:\n%s", got, strings.Join(wantLines, "\n"))
	}
	log := string(files["CHANGELOG.md"])
	for _, want := range []string{
		"# Changes in fixture 1.1.0",
		"Compared with fixture-1.0.0: 1 added, 1 changed, 1 withdrawn, 2 removed.",
		"## Breaking for data users\n\n- quote formula-quote was released and is gone without being withdrawn",
		"- place `quay`: Quay",
		"- quote `plain-quote`",
		"- quote `plain-quote`: The harbour stays open; trade goes on — ça va. (`date`)",
		"- figure `ships-waiting-part`: tankers among the ships waiting (`status`, `withdrawn`). Reason: The source corrected it.",
		"- actor `old-name`: M. Test",
		"- quote `formula-quote`",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("CHANGELOG.md lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "old-name was released") {
		t.Error("removing a withdrawn record is listed as breaking")
	}
	for _, name := range []string{"changes.jsonl", "CHANGELOG.md"} {
		if !bytes.Contains(files["SHA256SUMS"], []byte("  "+name+"\n")) || !bytes.Contains(files["datapackage.json"], []byte(`"path": "`+name+`"`)) {
			t.Errorf("%s is not in SHA256SUMS and datapackage.json", name)
		}
	}
	if !strings.Contains(string(files["README.md"]), "1 added, 1 changed, 1 withdrawn, 2 removed") {
		t.Error("README.md does not sum up the changes")
	}
	// The previous release's archive gives the same changes as its folder.
	o.Previous = first.Archive
	o.Version = "1.1.0-from-archive"
	viaArchive := mustBuild(t, o)
	if b, _ := os.ReadFile(filepath.Join(viaArchive.Dir, "changes.jsonl")); !bytes.Equal(b, files["changes.jsonl"]) {
		t.Errorf("changes against the archive:\n%s\nagainst the folder:\n%s", b, files["changes.jsonl"])
	}
	// Against itself nothing changed.
	o.Previous = second.Dir
	o.Version = "1.1.1"
	third := mustBuild(t, o)
	if b, _ := os.ReadFile(filepath.Join(third.Dir, "changes.jsonl")); len(b) != 0 {
		t.Errorf("changes against an identical release:\n%s", b)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLeftovers: a build killed halfway leaves temporary folders in dist;
// the next build of the same release removes them, and only them: the
// user's files, even named like them, and the leftovers of other releases
// stay, as does another folder holding a file named as a pending archive.
func TestLeftovers(t *testing.T) {
	dist := t.TempDir()
	o := fixtureOptions(t, dist)
	stale := filepath.Join(dist, "."+o.Folder()+".tmp-12345")
	for _, d := range []string{stale, stale + ".old", stale + ".pages"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "events.csv"), []byte("half"), 0o644)
	}
	os.WriteFile(stale+".tar.gz", []byte("half"), 0o644)
	var keep []string
	for _, name := range []string{
		"notes.txt",
		".my-notes.tmp-2024/a.txt",
		"." + o.Folder() + ".tmp-draft/a.txt",
		"." + o.Folder() + ".tmp-12345.bak/a.txt",
		"." + o.Folder() + "x.tmp-12345/a.txt",
		".fixture-1.0.0.tmp-12345/a.txt",
		".fixture-1.0.0.tmp-12345.old/a.txt",
		"other/" + pendingArchive,
		"other.tar.gz",
	} {
		p := filepath.Join(dist, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		keep = append(keep, p)
	}
	mustBuild(t, o)
	for _, p := range []string{stale, stale + ".old", stale + ".pages", stale + ".tar.gz"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range keep {
		if b, err := os.ReadFile(p); err != nil || !strings.HasSuffix(filepath.ToSlash(p), string(b)) {
			t.Errorf("the build removed or changed a file it does not own: %s: %q, %v", p, b, err)
		}
	}
}

// TestPageFromWrittenFiles: the page the compiler writes, taking the sizes,
// checksums and rows of the files it wrote, is the page made by reading
// every file of the folder (changes.jsonl included).
func TestPageFromWrittenFiles(t *testing.T) {
	dist := t.TempDir()
	first := mustBuild(t, fixtureOptions(t, dist))
	o := fixtureOptions(t, dist)
	o.Version = "2.1.0"
	o.Previous = first.Dir
	second := mustBuild(t, o)
	for _, rel := range []*Release{first, second} {
		page := readFile(t, filepath.Join(rel.Dir, releasepage.PageFile))
		dir := t.TempDir()
		copyDir(t, rel.Dir, dir)
		os.Remove(filepath.Join(dir, "SHA256SUMS")) // written after the page
		var b strings.Builder
		set, err := schemas.Default()
		if err != nil {
			t.Fatal(err)
		}
		if err := releasepage.RenderFS(&b, os.DirFS(dir), releasepage.Options{Schemas: set, Citation: strings.TrimSpace(o.Dataset.Citation), Queries: pageQueries(&rel.Meta)}); err != nil {
			t.Fatal(err)
		}
		if b.String() != page {
			t.Errorf("%s: the page written differs from the page of the folder read afresh", rel.Version)
		}
		if !strings.Contains(page, `data-path="changes.jsonl"`) && rel == second {
			t.Error("no changes.jsonl in the downloads")
		}
	}
}

// TestCompareSkipsUnchanged: the comparison that leaves out the records
// whose lines are the same in both releases gives the report of the full
// comparison, against the previous release's folder and its archive, with
// records added, changed, withdrawn and removed among hundreds unchanged.
func TestCompareSkipsUnchanged(t *testing.T) {
	gen := t.TempDir()
	if _, err := synth.Generate(gen, synth.Options{Records: 400, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	recs := filepath.Join(gen, "records")
	o := fixtureOptions(t, t.TempDir())
	o.Records = recs
	o.Version = "1.0.0"
	first := mustBuild(t, o)

	edit := func(kind string, n int, f func(name, text string)) {
		entries, err := os.ReadDir(filepath.Join(recs, kind))
		if err != nil || len(entries) < n {
			t.Fatalf("%s: %d files, %v", kind, len(entries), err)
		}
		for _, e := range entries[:n] {
			f(filepath.Join(recs, kind, e.Name()), readFile(t, filepath.Join(recs, kind, e.Name())))
		}
	}
	edit("events", 3, func(p, text string) { // changed
		os.WriteFile(p, []byte(strings.Replace(text, "title: ", "title: Changed ", 1)), 0o644)
	})
	edit("figures", 2, func(p, text string) { // withdrawn
		os.WriteFile(p, []byte(strings.Replace(text, "status: active\n", "status: withdrawn\nwithdrawn:\n  reason: Corrected.\n", 1)), 0o644)
	})
	edit("quotes", 2, func(p, _ string) { os.Remove(p) }) // removed
	edit("places", 1, func(p, text string) {              // added
		id := strings.TrimSuffix(filepath.Base(p), ".yaml")
		os.WriteFile(filepath.Join(filepath.Dir(p), id+"-new.yaml"), []byte(strings.Replace(text, "id: "+id, "id: "+id+"-new", 1)), 0o644)
	})
	ds, _, err := validate.Run(recs, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := compile(Tables(ds.Schemas), ds)
	if err != nil {
		t.Fatal(err)
	}
	m := o.Meta
	m.Version = "1.1.0"
	for _, prev := range []string{first.Dir, first.Archive} {
		got, _, err := compareWith(prev, &m, data, ds.Schemas)
		if err != nil {
			t.Fatal(err)
		}
		old, err := changes.ReadRelease(prev)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := snapshot(&m, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := changes.Compare(old.AsWritten(ds.Schemas), cur.AsWritten(ds.Schemas))
		if len(want.Added) == 0 || len(want.Changed) < 3 || len(want.Withdrawn) < 2 || len(want.Removed) < 2 {
			t.Fatalf("%s: the edits did not all show: %d added, %d changed, %d withdrawn, %d removed",
				prev, len(want.Added), len(want.Changed), len(want.Withdrawn), len(want.Removed))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the report leaving out unchanged records differs from the full one:\n%+v\nwant:\n%+v", prev, got, want)
		}
	}
}

// TestPreviousSameVersionDataset: --previous naming a release of the
// version being built holds the dataset's metadata to it as well as the
// records: a title or licence changed is refused, naming the keys, and
// nothing is written.
func TestPreviousSameVersionDataset(t *testing.T) {
	dist := t.TempDir()
	o := fixtureOptions(t, dist)
	first := mustBuild(t, o)
	o.Previous = first.Archive
	mustBuild(t, o) // the same metadata
	o.Dataset.Title = "Another title"
	o.Dataset.Licenses = append(o.Dataset.Licenses, config.License{Name: "CC0-1.0"})
	_, _, err := Build(o)
	var rerr *ReleasedError
	if !errors.As(err, &rerr) || strings.Join(rerr.Dataset, ",") != "title,licenses" || recordsDiffer(rerr.Report) {
		t.Fatalf("a release of this version with another title and licence: %v", err)
	}
	if !strings.Contains(err.Error(), "dossier.yaml's dataset: section differs from it in title, licenses;") {
		t.Errorf("message: %v", err)
	}
}
