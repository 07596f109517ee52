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
	want := "dossier: no dataset in " + dir + ": neither a records folder nor dossier.yaml there; run dossier new --write in a dataset folder, or name its records folder with --records\n"
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
