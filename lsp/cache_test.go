package lsp

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/schemas"
)

// TestLoadFromCache: a first check that takes records from the dataset's
// cache gives every file the findings of one that reads every file, also
// after files changed on disk since the cache was written.
func TestLoadFromCache(t *testing.T) {
	root := testDataset(t)
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	load := func(cache string) map[string]string {
		t.Helper()
		ds := &dataset{root: root, set: set, open: func(string) []byte { return nil }, jobs: 2, cache: cache, version: "test"}
		if err := ds.load(nil); err != nil {
			t.Fatal(err)
		}
		ds.saveCache()
		ds.prepare()
		return everyFinding(ds)
	}
	quotes, _ := filepath.Glob(filepath.Join(root, "records", "quotes", "*.yaml"))
	if len(quotes) < 2 {
		t.Fatal("the dataset has too few quotes")
	}
	for step, change := range []func(){
		func() {},
		func() { // a misspelt speaker: a finding that was not there
			b, _ := os.ReadFile(quotes[0])
			os.WriteFile(quotes[0], []byte(strings.Replace(string(b), "speaker: ", "speaker: x", 1)), 0o644)
		},
		func() { os.Remove(quotes[1]) },
	} {
		change()
		want := load("")
		if got := load(".dossier-cache"); !maps.Equal(got, want) {
			t.Fatalf("step %d: the findings with the cache differ from those without", step)
		}
		if info, err := os.Stat(filepath.Join(root, ".dossier-cache", "records.cache")); err != nil || info.Size() == 0 {
			t.Fatalf("step %d: no cache written: %v", step, err)
		}
		if got := load(".dossier-cache"); !maps.Equal(got, want) {
			t.Fatalf("step %d: the findings from a warm cache differ from those without", step)
		}
	}
}
