package releasepage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

// TestGolden pins the page of the fixture release byte for byte, and
// checks that Write gives the same bytes as RenderFS, twice.
func TestGolden(t *testing.T) {
	dir, a := fixtureRelease(t)
	set := testSchemas(t)
	var got bytes.Buffer
	if err := RenderFS(&got, os.DirFS(dir), Options{Schemas: set}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, fixture, a, "want/index.html", got.Bytes())
	for i := 0; i < 2; i++ {
		if err := Write(dir, Options{Schemas: set}); err != nil {
			t.Fatal(err)
		}
		written, err := os.ReadFile(filepath.Join(dir, PageFile))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(written, got.Bytes()) {
			t.Fatalf("Write (run %d) differs from RenderFS; an index.html already in the folder must not change the page", i+1)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".index-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
