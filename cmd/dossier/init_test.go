package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitThenWork starts a dataset with dossier init in an empty folder
// and works in it as its owner would: the empty dataset validates clean
// and builds a release at once, before any commit; then dossier new writes
// records, which validate and build a second release, and diff lists them
// as added. The generated workflow passes actionlint (from tools/).
func TestInitThenWork(t *testing.T) {
	parent := t.TempDir()
	must := func(want int, env map[string]string, args ...string) string {
		t.Helper()
		out, errOut, code := runIn(t, filepath.Join(parent, "my-data"), append([]string{"dossier"}, args...), env)
		if code != want {
			t.Fatalf("dossier %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return string(out)
	}
	if _, errOut, code := runIn(t, parent, []string{"dossier", "init", "--title", "My data", "my-data"}, nil); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	for _, p := range []string{"dossier.yaml", "VERSION", ".gitignore", "records/README.md", "records/events/.gitkeep", "records/sources/.gitkeep",
		".github/workflows/dossier.yml", ".github/dependabot.yml", ".pre-commit-config.yaml", ".vscode/settings.json", ".vscode/extensions.json", ".vscode/schemas/event.schema.json"} {
		if _, err := os.Stat(filepath.Join(parent, "my-data", p)); err != nil {
			t.Errorf("init wrote no %s", p)
		}
	}

	// The empty dataset: clean, and a release with empty tables. No
	// SOURCE_DATE_EPOCH and no commit: the release time is the files'.
	if out := must(0, nil, "validate", "--strict"); out != "0 errors, 0 warnings in 0 files\n" {
		t.Errorf("validate: %q", out)
	}
	if out := must(0, nil, "build"); !strings.HasPrefix(out, "built dist/my-data-0.1.0/ and dist/my-data-0.1.0.tar.gz\nrows: events 0,") {
		t.Errorf("build: %q", out)
	}

	// Records made with dossier new, then filled in.
	must(0, nil, "new", "--write", "source", "obc-article")
	must(0, nil, "new", "--write", "--title", "Police raid", "event")
	records := map[string]string{
		"records/sources/obc-article.yaml": "id: obc-article\nstatus: active\ntitle: An article\nkind: article\n",
		"records/events/police-raid.yaml":  "id: police-raid\nstatus: active\ntitle: Police raid\ndate: \"2023-06-20\"\nsources:\n  - source: obc-article\n    locator: para. 2\n",
	}
	for p, body := range records {
		if err := os.WriteFile(filepath.Join(parent, "my-data", p), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(0, nil, "fmt", "--check")
	if out := must(0, nil, "validate", "--strict"); out != "0 errors, 0 warnings in 2 files\n" {
		t.Errorf("validate: %q", out)
	}
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	if out := must(0, env, "build", "--version", "0.2.0"); !strings.Contains(out, "rows: events 1,") {
		t.Errorf("build: %q", out)
	}
	out := must(0, nil, "diff", "dist/my-data-0.1.0", "dist/my-data-0.2.0")
	if !strings.Contains(out, "police-raid") || !strings.Contains(out, "obc-article") {
		t.Errorf("diff does not list the new records:\n%s", out)
	}

	// A second init is refused; --force keeps every file and adds what is
	// missing.
	if _, errOut, code := runIn(t, parent, []string{"dossier", "init", "my-data"}, nil); code != ExitUsage || !strings.Contains(string(errOut), "already holds a dataset (dossier.yaml)") {
		t.Errorf("second init: exit %d, %s", code, errOut)
	}
	os.Remove(filepath.Join(parent, "my-data", ".vscode", "extensions.json"))
	yamlBefore, _ := os.ReadFile(filepath.Join(parent, "my-data", "dossier.yaml"))
	os.WriteFile(filepath.Join(parent, "my-data", ".gitignore"), []byte("mine\n"), 0o644)
	out2, _, code := runIn(t, parent, []string{"dossier", "init", "--force", "--title", "Another", "my-data"}, nil)
	if code != 0 || !strings.HasPrefix(string(out2), "wrote my-data/.vscode/extensions.json\nkept  my-data/dossier.yaml\n") {
		t.Errorf("init --force: exit %d\n%s", code, out2)
	}
	if b, _ := os.ReadFile(filepath.Join(parent, "my-data", ".gitignore")); string(b) != "mine\n" {
		t.Errorf("--force changed .gitignore: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(parent, "my-data", "dossier.yaml")); string(b) != string(yamlBefore) {
		t.Errorf("--force changed dossier.yaml")
	}

	// actionlint checks the workflow init wrote, when go can build it.
	if testing.Short() {
		return
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Log("no go on PATH: actionlint not run")
		return
	}
	cmd := exec.Command(goBin, "tool", "actionlint", "-no-color", filepath.Join(parent, "my-data", ".github", "workflows", "dossier.yml"))
	cmd.Dir = "../../tools/actionlint"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint on the generated workflow: %v\n%s", err, out)
	}
}

// A folder that holds records/ but no dossier.yaml is a dataset too; a
// file init would write is refused without --force; so is a licence that
// dossier.yaml would refuse, before anything is written.
func TestInitRefuses(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "records"), 0o755)
	os.MkdirAll(filepath.Join(dir, "b"), 0o755)
	os.WriteFile(filepath.Join(dir, "b", ".gitignore"), []byte("mine\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c"), nil, 0o644)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"a"}, "a already holds a dataset (records)"},
		{[]string{"b"}, "b/.gitignore exists; dossier init --force writes only the missing files and keeps it"},
		{[]string{"c"}, "c is not a folder"},
		{[]string{"c/sub"}, "c is not a folder, so it cannot hold c/sub"},
		{[]string{"--license", "NOPE", "d"}, `dossier: licence "NOPE" is not an SPDX or Open Definition identifier; did you mean "NGPL"? (write an identifier of the SPDX License List`},
		{[]string{"--license", "CC-BY-4", "--force", "b"}, `licence "CC-BY-4" is not an SPDX or Open Definition identifier; did you mean "CC-BY-4.0"?`},
	} {
		out, errOut, code := runIn(t, dir, append([]string{"dossier", "init"}, c.args...), nil)
		if code != ExitUsage || len(out) > 0 || !strings.Contains(string(errOut), c.says) {
			t.Errorf("init %s: exit %d, stdout %q, stderr %q", c.args, code, out, errOut)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "b")); len(entries) != 1 {
		t.Errorf("a refused init wrote files: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "d")); err == nil {
		t.Error("init with an unknown licence made its folder")
	}
}
