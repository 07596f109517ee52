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
