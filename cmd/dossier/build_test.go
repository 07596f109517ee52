package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuildTimeWithoutGit: outside git and without SOURCE_DATE_EPOCH, the
// release time is the modification time of the newest record file, and
// stderr says so; the build succeeds.
func TestBuildTimeWithoutGit(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	old := time.Date(2023, 6, 20, 8, 0, 0, 0, time.UTC)
	newest := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "records/sources/obc-article.yaml"), old, old)
	os.Chtimes(filepath.Join(dir, "records/events/raid.yaml"), newest, newest)
	stdout, stderr, code := runIn(t, dir, []string{"dossier", "build"}, map[string]string{"PATH": os.Getenv("PATH")})
	want := "dossier: no git commit touches records: the release time is 2024-01-02T03:04:05Z, when records/events/raid.yaml was last modified (set SOURCE_DATE_EPOCH to choose it)\n"
	if code != ExitOK || string(stderr) != want {
		t.Fatalf("exit %d\nstdout %s\nstderr %q\n  want %q", code, stdout, stderr, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "dist", "mini-1.0.0", "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dp struct {
		Created string `json:"created"`
	}
	if err := json.Unmarshal(b, &dp); err != nil || dp.Created != "2024-01-02T03:04:05Z" {
		t.Errorf("datapackage.json created %q (%v)", dp.Created, err)
	}
}
