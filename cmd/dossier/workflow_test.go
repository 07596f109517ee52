package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/scaffold"
	"github.com/dossier-data/dossier/schemas"

	"github.com/urfave/cli/v2"
	"go.yaml.in/yaml/v3"
)

// dossierCall matches a dossier command line in a script: the command and
// the flags written before its arguments.
var dossierCall = regexp.MustCompile(`(?:bin/dossier"?|(?:^|[\s;(!&|])dossier)\s+([a-z]+)((?:\s+--?[a-z][a-z-]*)*)`)

// TestCIFilesUseRealCommands reads the dataset workflow, the action, the
// pre-commit hooks and the files dossier init writes: each must be valid
// YAML, and every dossier command they run must exist with the flags they
// pass, so renaming a command or a flag cannot silently break a dataset's
// CI.
func TestCIFilesUseRealCommands(t *testing.T) {
	commands := map[string]*cli.Command{}
	for _, spec := range commandSpecs {
		c := spec(Streams{})
		commands[c.Name] = c
	}
	var scripts []string
	var walk func(n *yaml.Node, key string)
	walk = func(n *yaml.Node, key string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, key)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], n.Content[i].Value)
			}
		case yaml.ScalarNode:
			if key == "run" || key == "entry" {
				scripts = append(scripts, n.Value)
			}
		}
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	generated, err := scaffold.Files(scaffold.Options{Name: "x", Title: "X", License: "CC0-1.0", Version: "1.0.0", Schemas: set})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range generated {
		if strings.HasSuffix(f.Path, ".yml") || strings.HasSuffix(f.Path, ".yaml") {
			files["dossier init: "+f.Path] = f.Data
		}
	}
	for _, f := range []string{"../../.github/workflows/dataset.yml", "../../action.yml", "../../.pre-commit-hooks.yaml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	for f, b := range files {
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(&doc, "")
	}
	calls := 0
	for _, s := range scripts {
		for _, line := range strings.Split(s, "\n") {
			for _, m := range dossierCall.FindAllStringSubmatch(strings.TrimSpace(line), -1) {
				calls++
				cmd := commands[m[1]]
				if cmd == nil {
					t.Errorf("%q runs unknown command %q", line, m[1])
					continue
				}
				for _, flag := range strings.Fields(m[2]) {
					name := strings.TrimLeft(flag, "-")
					if !hasFlag(cmd, name) {
						t.Errorf("%q: dossier %s has no flag %s", line, m[1], flag)
					}
				}
			}
		}
	}
	if calls < 20 {
		t.Fatalf("found only %d dossier commands in the CI files", calls)
	}
}

func hasFlag(c *cli.Command, name string) bool {
	for _, f := range c.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// TestPreCommitInstallsOnlyDossier: the pre-commit hooks (language:
// golang) run `go install ./...` at the repository root, so cmd/dossier
// must be the only main package that builds without tags.
func TestPreCommitInstallsOnlyDossier(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	cmd := exec.Command(goBin, "list", "-f", "{{if eq .Name \"main\"}}{{.ImportPath}}{{end}}", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(out)); len(got) != 1 || got[0] != "github.com/dossier-data/dossier/cmd/dossier" {
		t.Errorf("go install ./... would install %q; want only cmd/dossier", got)
	}
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n  language: golang\n"); n != 3 {
		t.Errorf("%d hooks of language golang, want 3", n)
	}
}
