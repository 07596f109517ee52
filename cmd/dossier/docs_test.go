package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"
)

// TestDocsUpToDate fails when docs/schema.md differs from what dossier
// docs generates from the schemas: change a schema, then run
// go test ./cmd/dossier -update (or dossier docs) and commit the doc.
// docs/rules.md has its own test beside the rule catalog (validate).
func TestDocsUpToDate(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range generatedDocs {
		if d.name != "schema.md" {
			continue
		}
		var buf bytes.Buffer
		if err := d.write(&buf, set); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join("..", "..", "docs", d.name)
		if *golden.Update {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v; run go test ./cmd/dossier -update or dossier docs", err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Errorf("docs/%s is out of date; run go test ./cmd/dossier -update or dossier docs, and commit it", d.name)
		}
	}
}

// TestDocsCommand: dossier docs writes the files, lists what it rewrote,
// then has nothing to do; --check exits 1 on a stale file and rewrites
// nothing.
func TestDocsCommand(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runIn(t, dir, []string{"dossier", "docs"}, nil)
	if code != 0 || string(out) != "docs/schema.md\ndocs/rules.md\n" || len(errOut) != 0 {
		t.Fatalf("first run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runIn(t, dir, []string{"dossier", "docs", "--check"}, nil)
	if code != 0 || len(out) != 0 {
		t.Fatalf("check after writing: exit %d, stdout %q", code, out)
	}
	os.WriteFile(filepath.Join(dir, "docs", "rules.md"), []byte("stale\n"), 0o644)
	out, errOut, code = runIn(t, dir, []string{"dossier", "docs", "--check"}, nil)
	if code != ExitFindings || string(out) != "docs/rules.md\n" || !bytes.Contains(errOut, []byte("out of date")) {
		t.Fatalf("stale check: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "docs", "rules.md")); string(b) != "stale\n" {
		t.Fatal("--check rewrote a file")
	}
}

// TestContributingExamples: the worked examples of CONTRIBUTING.md (an
// event, a quote and a figure, in that order) are in canonical form and
// read without errors, so the guide never teaches a form dossier fmt would
// change.
func TestContributingExamples(t *testing.T) {
	b, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{"event", "quote", "figure"}
	n := 0
	for _, block := range strings.Split(string(b), "```yaml\n")[1:] {
		body, _, _ := strings.Cut(block, "```")
		if !strings.HasPrefix(body, "id: ") {
			continue
		}
		if n >= len(kinds) {
			t.Fatalf("more record examples than %v", kinds)
		}
		k := set.Kind(kinds[n])
		n++
		same, diags, err := canonical.Equal(k.Table+"/x.yaml", []byte(body), k)
		if err != nil || !same {
			t.Errorf("%s example is not canonical (err %v, %v)", k.Name, err, diags)
		}
	}
	if n != len(kinds) {
		t.Fatalf("%d record examples, want %d", n, len(kinds))
	}
}

// TestWriteIntoFolderRefused: dossier docs and dossier schemas name the
// path at fault and what is wrong with it, and list no file they did not
// write: a file named as the folder, a file above it, and a folder where
// one of their files goes.
func TestWriteIntoFolderRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file"), []byte("mine\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "d", "schema.md"), 0o755)
	os.MkdirAll(filepath.Join(dir, "s", "event.schema.json"), 0o755)
	for _, c := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"docs", "--out", "file"}, ExitUsage, "", "dossier: file is not a folder; name a folder to write into\n"},
		{[]string{"docs", "--check", "--out", "file"}, ExitUsage, "", "dossier: file is not a folder; name a folder to write into\n"},
		{[]string{"docs", "--out", "file/sub"}, ExitUsage, "", "dossier: file is not a folder, so it cannot hold file/sub; name a folder to write into\n"},
		{[]string{"docs", "--out", "d"}, ExitFailure, "", "dossier: d/schema.md: is a directory\n"},
		{[]string{"schemas", "file"}, ExitUsage, "", "dossier: file is not a folder; name a folder to write into\n"},
		{[]string{"schemas", "file/a/b"}, ExitUsage, "", "dossier: file is not a folder, so it cannot hold file/a/b; name a folder to write into\n"},
		{[]string{"schemas", "s"}, ExitFailure, "wrote s/actor.schema.json\nwrote s/common.schema.json\n", "dossier: s/event.schema.json: is a directory\n"},
	} {
		out, errOut, code := runIn(t, dir, append([]string{"dossier"}, c.args...), nil)
		if code != c.code || string(out) != c.stdout || string(errOut) != c.stderr {
			t.Errorf("dossier %s: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr %q", strings.Join(c.args, " "), code, out, errOut, c.code, c.stdout, c.stderr)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "mine\n" {
		t.Errorf("the file named as a folder changed: %q", b)
	}
}
