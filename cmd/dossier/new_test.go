package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewWriteOutsideDataset: dossier new --write where there is neither
// a records folder nor dossier.yaml is a usage error that says where it
// looked and what to do, and writes nothing; beside a dossier.yaml alone
// (a dataset without records yet) it writes the record.
func TestNewWriteOutsideDataset(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := runIn(t, dir, []string{"dossier", "new", "--write", "event", "raid"}, nil)
	abs, _ := filepath.EvalSymlinks(dir)
	want := "dossier: no dataset in " + dir + " or above it: no records folder and no dossier.yaml; run dossier new --write in a dataset folder, or name its records folder with --records\n"
	wantAbs := strings.Replace(want, dir, abs, 1)
	if code != ExitUsage || len(stdout) != 0 || string(stderr) != want && string(stderr) != wantAbs {
		t.Errorf("exit %d, stdout %q\nstderr %q\n  want %q", code, stdout, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "records")); err == nil {
		t.Error("a records folder was made")
	}
	// Without --write the record goes to stdout, dataset or not.
	if _, _, code := runIn(t, dir, []string{"dossier", "new", "event", "raid"}, nil); code != ExitOK {
		t.Errorf("new without --write: exit %d", code)
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte("dataset:\n  name: mini\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = runIn(t, dir, []string{"dossier", "new", "--write", "event", "raid"}, nil)
	if code != ExitOK || string(stdout) != "records/events/raid.yaml\n" {
		t.Errorf("beside dossier.yaml: exit %d, %s%s", code, stdout, stderr)
	}
}

// TestNewFromSubfolder: dossier new finds the dataset from any folder of
// it, as validate does: it refuses an ID the dataset holds and writes into
// the dataset's records folder, named as validate names files from there.
// --records names another records folder, which --write must find in a
// dataset.
func TestNewFromSubfolder(t *testing.T) {
	dir := t.TempDir()
	places := filepath.Join(dir, "records", "places")
	os.MkdirAll(places, 0o755)
	os.WriteFile(filepath.Join(places, "manze.yaml"), []byte("id: manze\nstatus: active\nname: Manzë\ntype: settlement\n"), 0o644)
	for _, c := range []struct {
		from   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{places, []string{"--write", "--title", "Durrës", "place"}, ExitOK, "../places/durres.yaml\n", ""},
		{places, []string{"--write", "event", "raid"}, ExitOK, "../events/raid.yaml\n", ""},
		{filepath.Join(dir, "records"), []string{"place", "manze"}, ExitUsage, "", `dossier: ID "manze" is taken by places/manze.yaml; IDs are unique across the dataset and never reused` + "\n"},
		{places, []string{"--write", "actor", "durres"}, ExitUsage, "", `dossier: ID "durres" is taken by ../places/durres.yaml; IDs are unique across the dataset and never reused` + "\n"},
		{places, []string{"--write", "--records", "elsewhere", "actor", "spak"}, ExitUsage, "", "dossier: no dataset in " + places + ": neither the records folder elsewhere nor dossier.yaml there; run dossier new --write in a dataset folder, or name its records folder with --records\n"},
	} {
		stdout, stderr, code := runIn(t, c.from, append([]string{"dossier", "new"}, c.args...), nil)
		if code != c.code || string(stdout) != c.stdout || string(stderr) != c.stderr {
			t.Errorf("dossier new %s: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr %q", strings.Join(c.args, " "), code, stdout, stderr, c.code, c.stdout, c.stderr)
		}
	}
	for _, p := range []string{"records/places/durres.yaml", "records/events/raid.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	if entries, _ := os.ReadDir(places); len(entries) != 2 {
		t.Errorf("records/places holds %d entries, want manze and durres", len(entries))
	}
}

// TestNewTitleRefused: a --title that validate would refuse in the record
// (a control or bidirectional formatting character, bytes that are not
// UTF-8) is a usage error naming the flag and the character, escaped,
// and nothing is written; a tab is text like any other.
func TestNewTitleRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte("dataset:\n  name: mini\n"), 0o644)
	for title, want := range map[string]string{
		"a\x1bb":        `dossier: --title "a\x1bb" holds control character U+001B [text-control]; give a title without it` + "\n",
		"a\u202eb":      `dossier: --title "a\u202eb" holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional formatting character [text-control]; give a title without it` + "\n",
		"a\u0085b":      `dossier: --title "a\u0085b" holds C1 control character U+0085 [text-control]; give a title without it` + "\n",
		"raid \xff\xfe": `dossier: --title "raid \xff\xfe" is not valid UTF-8; give the title as UTF-8 text` + "\n",
	} {
		for _, args := range [][]string{{"new", "event", "zz", "--title", title}, {"new", "--write", "--title", title, "event"}} {
			stdout, stderr, code := runIn(t, dir, append([]string{"dossier"}, args...), nil)
			if code != ExitUsage || len(stdout) != 0 || string(stderr) != want {
				t.Errorf("dossier %q: exit %d, stdout %q\nstderr %q\n  want %q", args, code, stdout, stderr, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "records")); err == nil {
		t.Error("a record was written")
	}
	stdout, _, code := runIn(t, dir, []string{"dossier", "new", "event", "zz", "--title", "a\tb"}, nil)
	if code != ExitOK || !strings.Contains(string(stdout), "title: \"a\\tb\"\n") {
		t.Errorf("a tab in the title: exit %d\n%s", code, stdout)
	}
}
