package release

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLeftoverWarning: when the previous release's folder cannot be
// removed after the swap, the release is published all the same and a
// warning names the hidden folder left in dist; the next build tries
// again and, failing, warns again; once it can, the folder goes.
func TestLeftoverWarning(t *testing.T) {
	dist := t.TempDir()
	mustBuild(t, fixtureOptions(t, dist))
	defer func() { removeAll = os.RemoveAll }()
	removeAll = func(string) error { return &fs.PathError{Op: "unlinkat", Path: "x", Err: fs.ErrPermission} }
	rel := mustBuild(t, fixtureOptions(t, dist))
	left, _ := filepath.Glob(filepath.Join(dist, "."+rel.Folder()+leftover+"*"))
	if len(left) != 1 || len(rel.Warnings) != 1 {
		t.Fatalf("leftovers %q, warnings %q", left, rel.Warnings)
	}
	want := left[0] + " could not be removed (permission denied): it is a folder of an earlier build that no release needs; remove it by hand"
	if rel.Warnings[0] != want {
		t.Errorf("warning\n got %q\nwant %q", rel.Warnings[0], want)
	}
	for _, p := range []string{rel.Archive, filepath.Join(rel.Dir, "SHA256SUMS")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("not published: %v", err)
		}
	}

	rel = mustBuild(t, fixtureOptions(t, dist)) // the old leftover, and the release just replaced
	if len(rel.Warnings) != 2 || !strings.HasPrefix(rel.Warnings[0], left[0]+" could not be removed") {
		t.Errorf("second build: warnings %q", rel.Warnings)
	}
	removeAll = os.RemoveAll
	rel = mustBuild(t, fixtureOptions(t, dist))
	if left, _ := filepath.Glob(filepath.Join(dist, ".*"+leftover+"*")); len(left) != 0 || len(rel.Warnings) != 0 {
		t.Errorf("once removable: leftovers %q, warnings %q", left, rel.Warnings)
	}
}
