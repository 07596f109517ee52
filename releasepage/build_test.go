package releasepage_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/validate"
)

// TestBuiltRelease builds the release of the dataset's records/ as dossier
// build does and opens its page in Chromium: the page is in the release,
// SHA256SUMS covers it, and it passes every check of the fixture's page.
func TestBuiltRelease(t *testing.T) {
	cfg, _, err := config.Read(filepath.Dir(filepath.Join("..", config.File)), validate.Rules())
	if err != nil {
		t.Fatal(err)
	}
	rel, diags, err := release.Build(release.Options{
		Meta:    release.Meta{Dataset: cfg.Dataset, Version: "0.0.0-test", Created: time.Unix(1700000000, 0).UTC(), Tool: "test"},
		Records: filepath.Join("..", "records"),
		Dist:    t.TempDir(),
	})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, diags)
	}
	page, err := os.ReadFile(filepath.Join(rel.Dir, releasepage.PageFile))
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(rel.Dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(page)
	if want := hex.EncodeToString(sum[:]) + "  " + releasepage.PageFile + "\n"; !strings.Contains(string(sums), want) {
		t.Errorf("SHA256SUMS has no line %q", want)
	}
	b := releasepage.StartBrowser(t)
	releasepage.CheckPage(t, b, rel.Dir, "release")
}
