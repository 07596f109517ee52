package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
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
	want := "dossier: records is in no git repository: the release time is 2024-01-02T03:04:05Z, when records/events/raid.yaml was last modified (set SOURCE_DATE_EPOCH to choose it)\n"
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

// TestNewestChange: the newest record file wins, the first in walk order
// of those as new; other files do not count; a folder without records
// gives its newest folder.
func TestNewestChange(t *testing.T) {
	records := t.TempDir()
	at := func(min int) time.Time { return time.Date(2024, 5, 1, 12, min, 0, 0, time.UTC) }
	files := map[string]time.Time{
		"events/a.yaml": at(1), "events/b.yaml": at(7), "events/c.yaml": at(3),
		"quotes/d.yaml": at(7), "quotes/e.yaml": at(2), "quotes/notes.txt": at(9),
	}
	for name, mt := range files {
		p := filepath.Join(records, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	got, file, err := newestChange(records)
	if err != nil || !got.Equal(at(7)) || file != filepath.Join(records, "events", "b.yaml") {
		t.Errorf("newestChange = %v, %s, %v; want %v, events/b.yaml", got, file, err, at(7))
	}
	empty := t.TempDir()
	sub := filepath.Join(empty, "events")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(empty, at(1), at(1))
	os.Chtimes(sub, at(5), at(5))
	if got, dir, err := newestChange(empty); err != nil || !got.Equal(at(5)) || dir != sub {
		t.Errorf("newestChange of no records = %v, %s, %v; want %v, %s", got, dir, err, at(5), sub)
	}
}

// TestBuildLockOfAnotherUser: a lock file in dist that this user cannot
// open (left by a build of another user) stops the build with a message
// naming it and what to do (exit 3); one it can read is locked through a
// read-only descriptor and the build goes on. As root the build runs as
// the nobody user, for whom the permissions bite.
func TestBuildLockOfAnotherUser(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dist, 0o777) // whatever the umask
	lockFile := filepath.Join(dist, ".dossier-build.lock")
	if err := os.WriteFile(lockFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func() (string, int) {
		t.Helper()
		if os.Getuid() != 0 {
			_, stderr, code := runIn(t, dir, []string{"dossier", "build"}, map[string]string{"SOURCE_DATE_EPOCH": "1700000000"})
			return string(stderr), code
		}
		if err := openToAll(dir); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(dossierBinary(t), "build")
		cmd.Dir = dir
		cmd.Env = []string{"SOURCE_DATE_EPOCH=1700000000", "PATH=/usr/bin:/bin"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Run()
		return stderr.String(), cmd.ProcessState.ExitCode()
	}
	if os.Getuid() != 0 {
		os.Chmod(lockFile, 0o000)
	}
	stderr, code := run()
	want := "dossier: build: dist/.dossier-build.lock cannot be opened to lock dist (permission denied, owned by uid " + strconv.Itoa(os.Getuid()) +
		"): a build of another user left it; remove it when no build is running (it holds only a process ID), or build into another --dist\n"
	if code != ExitFailure || stderr != want {
		t.Errorf("unreadable lock: exit %d\n got %q\nwant %q", code, stderr, want)
	}
	os.Chmod(lockFile, 0o644)
	if stderr, code := run(); code != ExitOK {
		t.Errorf("readable lock of another user: exit %d: %s", code, stderr)
	}
}

// TestBuildEpochBounds: SOURCE_DATE_EPOCH is a whole number of seconds
// from 1970 to the end of year 9999, the last second RFC 3339 can write
// (datapackage.json's created, the archive's times); anything else is a
// usage error and nothing is built.
func TestBuildEpochBounds(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	for _, epoch := range []string{"99999999999999", "253402300800", "-1", "+5", "1.5", "1e9", "9223372036854775808", "yesterday"} {
		stdout, stderr, code := runIn(t, dir, []string{"dossier", "build"}, map[string]string{"SOURCE_DATE_EPOCH": epoch})
		want := "dossier: SOURCE_DATE_EPOCH=" + strconv.Quote(epoch) + " is not a whole number of seconds since 1970 up to the end of year 9999 (0 to 253402300799)\n"
		if code != ExitUsage || len(stdout) != 0 || string(stderr) != want {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d\nstdout %q\n got %q\nwant %q", epoch, code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "dist")); err == nil {
		t.Error("a refused SOURCE_DATE_EPOCH built a release")
	}
	for epoch, created := range map[string]string{"0": "1970-01-01T00:00:00Z", "253402300799": "9999-12-31T23:59:59Z"} {
		if _, stderr, code := runIn(t, dir, []string{"dossier", "build"}, map[string]string{"SOURCE_DATE_EPOCH": epoch}); code != ExitOK {
			t.Fatalf("SOURCE_DATE_EPOCH=%s: exit %d: %s", epoch, code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(dir, "dist", "mini-1.0.0", "datapackage.json"))
		if err != nil {
			t.Fatal(err)
		}
		var dp struct {
			Created string `json:"created"`
		}
		if err := json.Unmarshal(b, &dp); err != nil || dp.Created != created {
			t.Errorf("SOURCE_DATE_EPOCH=%s: created %q (%v), want %s", epoch, dp.Created, err, created)
		}
	}
}
