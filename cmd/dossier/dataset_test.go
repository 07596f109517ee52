package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateWritesNothing: validate, run from the root, a kind folder
// or naming files, leaves the dataset's files as they were: it keeps no
// cache and no state between runs.
func TestValidateWritesNothing(t *testing.T) {
	dir := writeDataset(t, ciDataset)
	list := func() string {
		var b strings.Builder
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil {
				b.WriteString(p + "\n")
			}
			return nil
		})
		return b.String()
	}
	before := list()
	for _, run := range []struct {
		cwd  string
		args []string
	}{
		{"records/quotes", []string{"dossier", "validate"}},
		{".", []string{"dossier", "validate", "records/quotes"}},
		{"records", []string{"dossier", "validate", "--no-cache", "quotes/q.yaml"}},
	} {
		if _, _, code := runIn(t, filepath.Join(dir, run.cwd), run.args, nil); code != ExitFindings {
			t.Errorf("%s %v: exit %d", run.cwd, run.args, code)
		}
	}
	if after := list(); after != before {
		t.Errorf("validate changed the files of the dataset:\n%s\nwant:\n%s", after, before)
	}
}

// TestDuplicateIDOnTheCopy: in a git checkout, a record copied under a new
// file name with the ID of one the last commit holds gets the one finding;
// the original, and the records that point at the ID, get none.
func TestDuplicateIDOnTheCopy(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	files := map[string]string{
		"records/events/raid.yaml":        "id: raid\nstatus: active\ntitle: Police raid\ndate: \"2023-06-20?\"\nsources:\n  - source: obc\n    locator: para. 4\n",
		"records/events/clash.yaml":       "id: clash\nstatus: active\ntitle: The clash\ndate: \"2023-06-20?\"\nfollows:\n  - raid\nsources:\n  - source: obc\n    locator: para. 5\n",
		"records/sources/obc.yaml":        "id: obc\nstatus: active\ntitle: The article\nkind: article\npublished: \"2023-07\"\n",
		"records/quotes/cuci.yaml":        "id: cuci\nstatus: active\nspeaker: bledar-cuci\ndate: \"2023-06-20?\"\ntext: Not the police\nlanguage: en\nmode: indirect\nabout:\n  - raid\nsources:\n  - source: obc\n    locator: para. 8\n",
		"records/actors/bledar-cuci.yaml": "id: bledar-cuci\nstatus: active\nname: Bledar Çuçi\ntype: person\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "records"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	// the copy: the raid record again, under another file name
	copyFile := filepath.Join(dir, "records", "events", "raid-2.yaml")
	if err := os.WriteFile(copyFile, []byte(files["records/events/raid.yaml"]), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runIn(t, dir, []string{"dossier", "validate"}, nil)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := `records/events/raid-2.yaml:1:5: error: id "raid" is already used by an event at records/events/raid.yaml:1:5 [id-duplicate]`
	if code != ExitFindings || lines[0] != want || !strings.HasSuffix(string(out), "1 error, 0 warnings in 6 files\n") {
		t.Errorf("exit %d, report:\n%s\nwant the one finding %s", code, out, want)
	}
}

// TestRecordsLinkNotRead: a records folder that is a symbolic link is not
// read, as a kind folder that is one is not; every command that reads the
// records says so, also for a path named inside it, and dossier new writes
// nothing through it.
func TestRecordsLinkNotRead(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other", "events")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "raid.yaml"), []byte("id: raid\nstatus: active\ntitle: Police raid\ndate: \"2023-06-20\"\n"), 0o644)
	ds := filepath.Join(dir, "ds")
	os.MkdirAll(ds, 0o755)
	if err := os.Symlink(filepath.Join("..", "other"), filepath.Join(ds, "records")); err != nil {
		t.Skip(err)
	}
	const finding = "records: error: the records folder is a symbolic link to ../other; records are read from a real folder inside the dataset, and none is read [file-read]\n"
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"validate"}, ExitFindings, finding, ""},
		{[]string{"validate", "records/events"}, ExitFindings, finding, ""},
		{[]string{"validate", "--quiet", "records/events/raid.yaml"}, ExitFindings, finding, ""},
		{[]string{"fmt", "records/events"}, ExitFindings, "", finding},
		{[]string{"new", "--write", "place", "manze"}, ExitFailure, "", "dossier: records: the records folder is a symbolic link to ../other; records are read from a real folder inside the dataset, and none is read; the ID cannot be checked against the records\n"},
	} {
		out, errOut, code := runIn(t, ds, append([]string{"dossier"}, c.args...), nil)
		if code != c.code || !strings.HasPrefix(string(out), c.stdout) || !strings.HasPrefix(string(errOut), c.stderr) {
			t.Errorf("dossier %s: exit %d, stdout %q, stderr %q; want exit %d, stdout %q…, stderr %q…", strings.Join(c.args, " "), code, out, errOut, c.code, c.stdout, c.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "other", "places")); err == nil {
		t.Error("dossier new wrote through the link")
	}
}
