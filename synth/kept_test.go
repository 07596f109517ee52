package synth

import (
	"os"
	"path/filepath"
	"testing"
)

// TestKept: a kept dataset is generated once and found again; one cut
// short (no mark) is made again.
func TestKept(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, err := Kept(50)
	if err != nil {
		t.Fatal(err)
	}
	if dir != KeptDir(filepath.Join(os.TempDir(), "dossier-bench"), 50, 1) || !IsKept(dir) {
		t.Fatalf("kept in %s, marked %v", dir, IsKept(dir))
	}
	stray := filepath.Join(dir, "stray")
	os.WriteFile(stray, nil, 0o644)
	if again, err := Kept(50); err != nil || again != dir {
		t.Fatalf("again: %s, %v", again, err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Fatal("a kept dataset was made again")
	}
	os.Remove(filepath.Join(dir, keptMark))
	if _, err := Kept(50); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray); err == nil || !IsKept(dir) {
		t.Fatal("a dataset cut short was not made again")
	}
}
