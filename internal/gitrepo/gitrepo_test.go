package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFind finds a .git folder or file above a folder, GIT_DIR before
// it, and nothing where there is none.
func TestFind(t *testing.T) {
	t.Setenv("GIT_DIR", "")
	os.Unsetenv("GIT_DIR")
	root := t.TempDir()
	deep := filepath.Join(root, "data", "records", "events")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if repo, _ := Find(deep); repo != "" {
		t.Skipf("the temporary folder lies in the repository %s", repo)
	}
	// A linked work tree's .git is a file.
	if err := os.WriteFile(filepath.Join(root, "data", ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if repo, how := Find(deep); repo != filepath.Join(root, "data", ".git") || how != ".git" {
		t.Errorf("Find = %q (%s), want the .git file of data", repo, how)
	}
	t.Setenv("GIT_DIR", "/somewhere/.git")
	if repo, how := Find(deep); repo != "/somewhere/.git" || how != "GIT_DIR" {
		t.Errorf("Find with GIT_DIR = %q (%s), want GIT_DIR", repo, how)
	}
}
