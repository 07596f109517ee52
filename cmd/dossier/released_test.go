package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildReleasedVersion: with the tag v1.0.0 in the dataset's
// repository, build 1.0.0 goes through for the tagged records (or the
// same data written otherwise), and is refused, naming what changed and
// leaving dist alone, for records that differ from them, committed or
// not; --force builds them as a local experiment and says so; the next
// version builds.
func TestBuildReleasedVersion(t *testing.T) {
	dir, build := tagged(t, "dataset:\n  name: mini\n")
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if stdout, stderr, code := build(); code != ExitOK || stderr != "" || stdout != "built dist/mini-1.0.0/ and dist/mini-1.0.0.tar.gz\n"+rowsLine {
		t.Fatalf("the tagged records: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, _, code := build(); code != ExitOK || !strings.Contains(stdout, "nothing changed: dist/mini-1.0.0/ held the same bytes\n") {
		t.Errorf("rebuilt: exit %d\n%s", code, stdout)
	}
	// The same data written otherwise (a comment, keys in another order).
	write("records/events/raid.yaml", "# the raid\nstatus: active\n"+strings.Replace(diffRaid, "status: active\n", "", 1))
	if stdout, stderr, code := build(); code != ExitOK || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("same data, other text: exit %d\n%s%s", code, stdout, stderr)
	}
	before := snapshotFiles(t, filepath.Join(dir, "dist"))
	refused := "dossier: version 1.0.0 is already released (git tag v1.0.0), and the records differ from it: %s; " +
		"a published version never changes: bump VERSION (or give --version) for a new release, or build with --force for a local experiment\n"
	write("records/events/raid.yaml", strings.Replace(diffRaid, "Police raid", "State Police raid", 1))
	if stdout, stderr, code := build(); code != ExitFindings || stdout != "" || stderr != strings.Replace(refused, "%s", "1 changed (changed: raid)", 1) {
		t.Errorf("a record changed: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	write("records/events/clash.yaml", diffClash) // untracked
	want := strings.Replace(refused, "%s", "1 added, 1 changed (added: clash; changed: raid)", 1)
	if _, stderr, code := build(); code != ExitFindings || stderr != want {
		t.Errorf("a record added: exit %d\n got %q\nwant %q", code, stderr, want)
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "after the release")
	if _, stderr, code := build(); code != ExitFindings || stderr != want {
		t.Errorf("committed after the tag: exit %d\n%s", code, stderr)
	}
	if after := snapshotFiles(t, filepath.Join(dir, "dist")); !equalFiles(before, after) {
		t.Error("a refused build changed dist")
	}
	stdout, stderr, code := build("--force")
	if code != ExitOK || !strings.Contains(stderr, "dossier: warning: version 1.0.0 is already released (git tag v1.0.0) and these records differ from it: 1 added, 1 changed (added: clash; changed: raid); built with --force as a local experiment: do not publish it\n") ||
		!strings.Contains(stdout, "replaced dist/mini-1.0.0/, an earlier build: ") {
		t.Errorf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
	write("VERSION", "1.1.0\n")
	if stdout, stderr, code := build(); code != ExitOK || stderr != "" || !strings.HasPrefix(stdout, "built dist/mini-1.1.0/") {
		t.Errorf("the next version: exit %d\n%s%s", code, stdout, stderr)
	}
}

// rowsLine is the rows line of build for a dataset of one event and one
// source.
const rowsLine = "rows: events 1, event_places 0, event_actors 0, event_follows 0, event_caused_by 0, event_tags 0, event_sources 1, quotes 0, quote_about 0, quote_sources 0, figures 0, figure_sources 0, actors 0, actor_aliases 0, actor_roles 0, actor_sources 0, places 0, place_aliases 0, place_sources 0, sources 1, source_authors 0, source_author_actors 0, source_sources 0\n"

// TestBuildPreviousSameVersion: --previous naming a release of the version
// being built holds the records to it as a tag does; outside git, a
// rebuild of an unreleased version replaces the folder and counts the
// files that changed.
func TestBuildPreviousSameVersion(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	build := func(args ...string) (string, string, int) {
		t.Helper()
		stdout, stderr, code := runIn(t, dir, append([]string{"dossier", "build"}, args...), env)
		return string(stdout), string(stderr), code
	}
	if _, stderr, code := build(); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raid := filepath.Join(dir, "records", "events", "raid.yaml")
	b, _ := os.ReadFile(raid)
	os.WriteFile(raid, []byte(strings.Replace(string(b), "Police raid", "State Police raid", 1)), 0o644)
	_, stderr, code := build("--previous", "dist/mini-1.0.0")
	want := "dossier: version 1.0.0 is already released (--previous dist/mini-1.0.0), and the records differ from it: 1 changed (changed: raid); " +
		"a published version never changes: bump VERSION (or give --version) for a new release, or build with --force for a local experiment\n"
	if code != ExitFindings || stderr != want {
		t.Errorf("--previous of the same version: exit %d\n got %q\nwant %q", code, stderr, want)
	}
	stdout, stderr, code := build()
	if code != ExitOK || stderr != "" || !strings.Contains(stdout, "replaced dist/mini-1.0.0/, an earlier build of the unreleased version 1.0.0: ") {
		t.Errorf("unreleased rebuild: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBuildReleasedDataset: a tagged version is held to the dataset:
// section of dossier.yaml at the tag as to its records: a licence or
// title changed since is refused, naming the keys, and never called an
// unreleased version; --force builds it and says so.
func TestBuildReleasedDataset(t *testing.T) {
	dir, build := tagged(t, "dataset:\n  name: mini\n  title: Mini\n  licenses:\n    - name: CC-BY-4.0\n")
	if _, stderr, code := build(); code != ExitOK {
		t.Fatalf("the tagged version: exit %d\n%s", code, stderr)
	}
	before := snapshotFiles(t, filepath.Join(dir, "dist"))
	os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte("dataset:\n  name: mini\n  title: Other\n  licenses:\n    - name: CC0-1.0\n"), 0o644)
	want := "dossier: version 1.0.0 is already released (git tag v1.0.0), and dossier.yaml's dataset: section differs from it in title, licenses; " +
		"a published version never changes: bump VERSION (or give --version) for a new release, or build with --force for a local experiment\n"
	if stdout, stderr, code := build(); code != ExitFindings || stdout != "" || stderr != want {
		t.Errorf("the dataset: section changed: exit %d\nstdout %q\n got %q\nwant %q", code, stdout, stderr, want)
	}
	if after := snapshotFiles(t, filepath.Join(dir, "dist")); !equalFiles(before, after) {
		t.Error("a refused build changed dist")
	}
	stdout, stderr, code := build("--force")
	if code != ExitOK || !strings.Contains(stderr, "dossier.yaml's dataset: section differs from it in title, licenses; built with --force") ||
		strings.Contains(stdout, "unreleased") {
		t.Errorf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBuildReleasedIgnoredRecord: a record file git ignores is read by
// the build, and so held to the tag as any other.
func TestBuildReleasedIgnoredRecord(t *testing.T) {
	dir, build := tagged(t, "dataset:\n  name: mini\n")
	clash := filepath.Join(dir, "records", "events", "clash.yaml")
	if err := os.WriteFile(clash, []byte(diffClash), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), []byte("records/events/clash.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := build(); code != ExitFindings || !strings.Contains(stderr, "the records differ from it: 1 added (added: clash)") {
		t.Errorf("an ignored record added: exit %d\n%s", code, stderr)
	}
}

// tagged makes a git repository of a small dataset with the given
// dossier.yaml, version 1.0.0 tagged v1.0.0, and returns it with a
// function that builds it (stdout, stderr, exit code).
func tagged(t *testing.T, dossierYAML string) (string, func(args ...string) (string, string, int)) {
	t.Helper()
	dir := gitRepo(t, map[string]string{
		"dossier.yaml":             dossierYAML,
		"VERSION":                  "1.0.0\n",
		"records/sources/obc.yaml": diffSource,
		"records/events/raid.yaml": diffRaid,
	})
	gitIn(t, dir, "tag", "v1.0.0")
	return dir, func(args ...string) (string, string, int) {
		t.Helper()
		stdout, stderr, code := runIn(t, dir, append([]string{"dossier", "build"}, args...), nil)
		return string(stdout), string(stderr), code
	}
}

// TestBuildReleasedVersionGitFails: in a git repository that git cannot
// read (git not on PATH, a wrong GIT_DIR, a .git file pointing nowhere,
// or, as root, a repository of another user that git refuses), build
// does not take the tagged version for unreleased: it stops with exit 3,
// naming git's error and what to do, and leaves dist alone; --force with
// SOURCE_DATE_EPOCH builds it as a local experiment and says that the
// version was not checked, and --force alone cannot date the release.
// diff shows git's error rather than "not a revision".
func TestBuildReleasedVersionGitFails(t *testing.T) {
	dir, build := tagged(t, "dataset:\n  name: mini\n")
	if _, stderr, code := build(); code != ExitOK {
		t.Fatalf("the tagged records: exit %d\n%s", code, stderr)
	}
	raid := filepath.Join(dir, "records", "events", "raid.yaml")
	if err := os.WriteFile(raid, []byte(strings.Replace(diffRaid, "Police raid", "State Police raid", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshotFiles(t, filepath.Join(dir, "dist"))
	const undecided = "; so whether version 1.0.0 is already released (a git tag v1.0.0) cannot be told: "
	const fixOr = " and build again, or, for a local experiment only, set SOURCE_DATE_EPOCH and build with --force\n"
	for _, c := range []struct {
		name  string
		setup func(t *testing.T)
		want  string // stderr of build
	}{
		{"no git", func(t *testing.T) { t.Setenv("PATH", t.TempDir()) },
			"dossier: git is not installed (not found on PATH), and the dataset is in the git repository .git" + undecided + "install git" + fixOr},
		{"wrong GIT_DIR", func(t *testing.T) { t.Setenv("GIT_DIR", filepath.Join(dir, "nowhere")) },
			"dossier: git cannot read the repository GIT_DIR=" + filepath.Join(dir, "nowhere") + ": not a git repository: "},
		{"dubious ownership", func(t *testing.T) {
			if os.Getuid() != 0 {
				t.Skip("needs root, to give the repository to another user")
			}
			t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull) // no safe.directory of the machine
			t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			chownTree(t, dir, 65534)
			t.Cleanup(func() { chownTree(t, dir, 0) })
		}, "dossier: git cannot read the repository .git: detected dubious ownership in repository at "},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.setup(t)
			stdout, stderr, code := build()
			if code != ExitFailure || stdout != "" || !strings.HasPrefix(stderr, c.want) || !strings.HasSuffix(stderr, fixOr) {
				t.Errorf("exit %d\nstdout %q\n got %q\nwant %q…%q", code, stdout, stderr, c.want, fixOr)
			}
			if after := snapshotFiles(t, filepath.Join(dir, "dist")); !equalFiles(before, after) {
				t.Error("a build that could not check the tag changed dist")
			}
			out, errOut, code := runIn(t, dir, []string{"dossier", "diff", "v1.0.0"}, nil)
			if code != ExitFailure || len(out) != 0 || !strings.HasPrefix(string(errOut), "dossier: v1.0.0 is not a folder, and git ") {
				t.Errorf("diff v1.0.0: exit %d\nstdout %q\nstderr %q", code, out, errOut)
			}
		})
	}
	t.Run("broken .git file, --force", func(t *testing.T) {
		sub := t.TempDir()
		for name, data := range map[string]string{
			".git": "gitdir: " + filepath.Join(sub, "nowhere") + "\n", "VERSION": "1.0.0\n", "dossier.yaml": "dataset:\n  name: mini\n",
			"records/sources/obc.yaml": diffSource, "records/events/raid.yaml": diffRaid,
		} {
			p := filepath.Join(sub, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		run := func(env map[string]string, args ...string) (string, string, int) {
			stdout, stderr, code := runIn(t, sub, append([]string{"dossier", "build"}, args...), env)
			return string(stdout), string(stderr), code
		}
		if _, stderr, code := run(nil); code != ExitFailure || !strings.Contains(stderr, "git cannot read the repository .git: not a git repository: ") {
			t.Errorf("build: exit %d\n%s", code, stderr)
		}
		_, stderr, code := run(nil, "--force")
		if code != ExitFailure || !strings.Contains(stderr, "dossier: cannot tell when records last changed: git cannot read the repository .git: ") ||
			!strings.HasSuffix(stderr, "; fix what git reports, or set SOURCE_DATE_EPOCH to choose the release time\n") {
			t.Errorf("--force without SOURCE_DATE_EPOCH: exit %d\n%s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(sub, "dist", "mini-1.0.0")); err == nil {
			t.Error("a build that could not tell its time wrote the release")
		}
		stdout, stderr, code := run(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}, "--force")
		if code != ExitOK || !strings.HasPrefix(stderr, "dossier: warning: git cannot read the repository .git: ") ||
			!strings.HasSuffix(stderr, "; whether version 1.0.0 is already released (a git tag v1.0.0) is not checked: building with --force as a local experiment, do not publish it\n") {
			t.Errorf("--force with SOURCE_DATE_EPOCH: exit %d\n%s%s", code, stdout, stderr)
		}
		stdout, _, code = run(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}, "--force")
		if code != ExitOK || strings.Contains(stdout, "unreleased") {
			t.Errorf("a rebuild said the version unreleased, which it did not check: exit %d\n%s", code, stdout)
		}
	})
}

// chownTree gives dir and everything in it to the user and group uid.
func chownTree(t *testing.T, dir string, uid int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, uid)
	})
	if err != nil {
		t.Fatal(err)
	}
}
