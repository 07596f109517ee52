package releasepage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
)

const fixture = "testdata/release.txtar"

// fixtureRelease extracts the fixture release folder into a temporary
// folder and returns its path and the archive.
func fixtureRelease(t testing.TB) (string, *golden.Archive) {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	a := golden.Parse(data)
	dir := t.TempDir()
	a.Extract(t, dir)
	return dir, a
}

func testSchemas(t testing.TB) *schemas.Set {
	t.Helper()
	set, err := schemas.Load(schemas.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// writePage renders the page of the release folder dir into dir/index.html.
func writePage(dir string, opts Options) error {
	var b bytes.Buffer
	if err := RenderFS(&b, os.DirFS(dir), opts); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, PageFile), b.Bytes(), 0o644)
}

// TestGolden pins the page of the fixture release byte for byte, and
// checks that a page already in the folder does not change it.
func TestGolden(t *testing.T) {
	dir, a := fixtureRelease(t)
	set := testSchemas(t)
	var got bytes.Buffer
	if err := RenderFS(&got, os.DirFS(dir), Options{Schemas: set}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, fixture, a, "want/index.html", got.Bytes())
	for i := 0; i < 2; i++ {
		if err := writePage(dir, Options{Schemas: set}); err != nil {
			t.Fatal(err)
		}
		written, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(written, got.Bytes()) {
			t.Fatalf("run %d differs from the first; an index.html already in the folder must not change the page", i+1)
		}
	}
}
