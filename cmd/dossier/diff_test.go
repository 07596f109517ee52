package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitRepo makes a repository in a temporary folder with one commit per
// step; each step maps file names to contents ("" deletes the file).
func gitRepo(t *testing.T, steps ...map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed by dossier diff and its tests")
	}
	dir := t.TempDir()
	run := func(args ...string) { t.Helper(); gitIn(t, dir, args...) }
	run("init", "-q")
	for i, step := range steps {
		for name, data := range step {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if data == "" {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		run("add", "-A")
		run("commit", "-q", "--allow-empty", "-m", "step "+string(rune('0'+i)))
	}
	return dir
}

// gitIn runs git in dir with a test identity and no user configuration.
func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=dossier test", "-c", "user.email=test@dossier.invalid",
		"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "tag.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

const (
	diffSource = "id: obc\nstatus: active\ntitle: Albania, the MEK and national security\nkind: article\n"
	diffRaid   = "id: raid\nstatus: active\ntitle: Police raid Camp Ashraf 3\ndate: \"2023-06-20?\"\nsources:\n  - source: obc\n    locator: para. 4\n"
	diffClash  = "id: clash\nstatus: active\ntitle: Clash in the camp\ndate: \"2023-06-20?\"\nsources:\n  - source: obc\n    locator: para. 5\n"
)

// TestDiffGitRevisions compares the records of git revisions: OLD NEW,
// OLD..NEW, OLD against the working tree, a revision without records, and
// --breaking on a record deleted without being withdrawn.
func TestDiffGitRevisions(t *testing.T) {
	dir := gitRepo(t,
		map[string]string{"README.md": "dataset\n"},
		map[string]string{"records/sources/obc.yaml": diffSource, "records/events/raid.yaml": diffRaid},
		map[string]string{"records/events/raid.yaml": strings.Replace(diffRaid, "Police raid", "State Police raid", 1),
			"records/events/clash.yaml": diffClash},
		map[string]string{"records/events/clash.yaml": ""},
	)
	cases := []struct {
		args     []string
		wantOut  string
		wantErr  string
		wantCode int
	}{
		{[]string{"diff", "HEAD~2", "HEAD~1"}, "HEAD~2 -> HEAD~1: 1 added, 1 changed\n\nadded:\n  event clash: Clash in the camp\n\nchanged:\n  event raid: State Police raid Camp Ashraf 3\n    title: \"Police raid Camp Ashraf 3\" -> \"State Police raid Camp Ashraf 3\"\n", "", 0},
		{[]string{"diff", "--breaking", "HEAD~1..HEAD"}, "HEAD~1 -> HEAD: 1 removed; 1 breaking\n\nremoved:\n  event clash: Clash in the camp\n\nbreaking:\n  event clash was released and is gone without being withdrawn; keep it with status: withdrawn [record-removed]\n", "", 1},
		{[]string{"diff", "HEAD~1.."}, "HEAD~1 -> HEAD: 1 removed; 1 breaking\n\nremoved:\n  event clash: Clash in the camp\n\nbreaking:\n  event clash was released and is gone without being withdrawn; keep it with status: withdrawn [record-removed]\n", "", 0},
		{[]string{"diff", "HEAD"}, "HEAD -> working tree: no changes\n", "", 0},
		{[]string{"diff", "HEAD~3", "HEAD~2"}, "HEAD~3 -> HEAD~2: 2 added\n\nadded:\n  event raid: Police raid Camp Ashraf 3\n  source obc: Albania, the MEK and national security\n", "dossier: HEAD~3 has no records folder; comparing with an empty dataset\n", 0},
		{[]string{"diff", "no-such-rev", "HEAD"}, "", "dossier: no-such-rev is not a release, records folder or git revision\n", 2},
		{[]string{"diff", "--format", "yaml", "HEAD", "HEAD"}, "", "dossier: unknown --format \"yaml\" (want text, markdown, json)\n", 2},
		{[]string{"diff"}, "", "dossier: diff takes OLD and NEW (or OLD..NEW, or OLD alone for the working tree); got 0 arguments\n", 2},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errOut, code := runIn(t, dir, append([]string{"dossier"}, c.args...), nil)
			if string(out) != c.wantOut || string(errOut) != c.wantErr || code != c.wantCode {
				t.Errorf("got exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut, c.wantCode, c.wantOut, c.wantErr)
			}
		})
	}
}

// TestDiffMergeBase: OLD...NEW compares NEW with the common ancestor, so
// what happened on the other branch since does not show.
func TestDiffMergeBase(t *testing.T) {
	dir := gitRepo(t, map[string]string{"records/sources/obc.yaml": diffSource, "records/events/raid.yaml": diffRaid})
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@dossier.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("branch", "topic")
	os.WriteFile(filepath.Join(dir, "records/events/clash.yaml"), []byte(diffClash), 0o644) // on main, after the branch
	git("add", "-A")
	git("commit", "-q", "-m", "main moves on")
	git("checkout", "-q", "topic")
	os.WriteFile(filepath.Join(dir, "records/events/raid.yaml"), []byte(strings.Replace(diffRaid, "Police raid", "State Police raid", 1)), 0o644)
	git("commit", "-q", "-am", "topic changes the raid")
	out, errOut, code := runIn(t, dir, []string{"dossier", "diff", "main...topic"}, nil)
	if code != 0 || len(errOut) != 0 || !strings.Contains(string(out), ": 1 changed\n") || strings.Contains(string(out), "clash") {
		t.Fatalf("exit %d, stderr %s, stdout:\n%s\nwant the raid changed and nothing of main's clash", code, errOut, out)
	}
	out, _, _ = runIn(t, dir, []string{"dossier", "diff", "main..topic"}, nil)
	if !strings.Contains(string(out), "removed:\n  event clash") {
		t.Fatalf("main..topic should show main's clash as removed:\n%s", out)
	}
}

// TestDiffGitSubfolder: run from a subfolder, --records is resolved against
// the repository layout at each revision.
func TestDiffGitSubfolder(t *testing.T) {
	dir := gitRepo(t,
		map[string]string{"data/records/sources/obc.yaml": diffSource},
		map[string]string{"data/records/events/raid.yaml": diffRaid},
	)
	out, errOut, code := runIn(t, filepath.Join(dir, "data"), []string{"dossier", "diff", "HEAD~1", "HEAD"}, nil)
	want := "HEAD~1 -> HEAD: 1 added\n\nadded:\n  event raid: Police raid Camp Ashraf 3\n"
	if string(out) != want || code != 0 || len(errOut) != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
}

// TestDiffOnlyReads: dossier diff writes and removes nothing, even in a
// folder of releases holding the user's own files named like a build's
// temporary folders and a release a killed build left half published
// (its archive stale, the new one still inside the folder): that release
// is read from its folder.
func TestDiffOnlyReads(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	if _, stderr, code := runIn(t, dir, []string{"dossier", "build"}, env); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	dist := filepath.Join(dir, "dist")
	archive, err := os.ReadFile(filepath.Join(dist, "mini-1.0.0.tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"mini-1.0.0/.archive-pending.tar.gz": archive,
		"mini-1.0.0.tar.gz":                  []byte("stale"),
		".thesis.tmp-draft/a.txt":            []byte("work"),
		".mini-1.0.0.tmp-12345/a.txt":        []byte("work"),
		"other/.archive-pending.tar.gz":      []byte("mine"),
		"other.tar.gz":                       []byte("mine too"),
	} {
		p := filepath.Join(dist, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshotFiles(t, dist)
	for _, old := range []string{"dist/mini-1.0.0.tar.gz", "dist/mini-1.0.0"} {
		stdout, stderr, code := runIn(t, dir, []string{"dossier", "diff", old, "records"}, nil)
		if code != ExitOK || len(stderr) != 0 || string(stdout) != "mini-1.0.0 -> records: no changes\n" {
			t.Errorf("diff %s records: exit %d\n%s%s", old, code, stdout, stderr)
		}
	}
	if after := snapshotFiles(t, dist); !equalFiles(before, after) {
		t.Error("dossier diff changed the folder of the releases it read")
	}
}

// TestDiffUnreadableRecord: a record file of the working tree that cannot
// be read is not a record removed (nor a breaking change): diff prints its
// error, positioned, and exits 1, with or without --breaking; a revision
// holding one names the file as git does (rev:path) and stops the same way.
func TestDiffUnreadableRecord(t *testing.T) {
	dir := gitRepo(t, map[string]string{"records/sources/obc.yaml": diffSource, "records/events/raid.yaml": diffRaid})
	gitIn(t, dir, "tag", "v1.0.0")
	if err := os.WriteFile(filepath.Join(dir, "records", "events", "raid.yaml"), []byte("id: raid\ntitle: [x"), 0o644); err != nil {
		t.Fatal(err)
	}
	const yamlError = "records/events/raid.yaml:2:8: error: did not find expected ',' or ']' [yaml-syntax]\n"
	want := yamlError + "dossier: working tree: 1 record file cannot be read (above), so what became of its record cannot be told; fix it (dossier validate) and compare again\n"
	for _, args := range [][]string{{"diff", "v1.0.0"}, {"diff", "--breaking", "v1.0.0"}, {"diff", "--format", "json", "v1.0.0"}} {
		out, errOut, code := runIn(t, dir, append([]string{"dossier"}, args...), nil)
		if code != ExitFindings || len(out) != 0 || string(errOut) != want {
			t.Errorf("%v: exit %d\nstdout %q\n got %q\nwant %q", args, code, out, errOut, want)
		}
	}
	gitIn(t, dir, "commit", "-q", "-am", "a broken record")
	out, errOut, code := runIn(t, dir, []string{"dossier", "diff", "v1.0.0", "HEAD"}, nil)
	want = "HEAD:" + yamlError + "dossier: HEAD: 1 record file cannot be read (above), so what became of its record cannot be told; a revision is compared only when every record file of it can be read\n"
	if code != ExitFindings || len(out) != 0 || string(errOut) != want {
		t.Errorf("diff v1.0.0 HEAD: exit %d\nstdout %q\n got %q\nwant %q", code, out, errOut, want)
	}
}
