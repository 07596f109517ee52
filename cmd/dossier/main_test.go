package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
)

// TestScripts runs testdata/script/<case>.txtar: the archive's files form a
// dataset in a temporary folder; "args" holds one argument per line (run
// from that folder, or from the subfolder "cwd" names), "env" holds
// KEY=VALUE lines. stdout, stderr and the
// exit code must equal "want-stdout", "want-stderr" and "want-exit".
func TestScripts(t *testing.T) {
	paths, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no scripts")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := golden.Parse(data)
			dir := t.TempDir()
			a.Extract(t, dir)
			argsText, ok := a.Get("args")
			if !ok {
				t.Fatal("script has no args")
			}
			env := map[string]string{}
			if e, ok := a.Get("env"); ok {
				for _, line := range strings.Split(strings.TrimSpace(string(e)), "\n") {
					k, v, _ := strings.Cut(line, "=")
					env[k] = v
				}
			}
			args := append([]string{"dossier"}, strings.Split(strings.TrimRight(string(argsText), "\n"), "\n")...)
			if cwd, ok := a.Get("cwd"); ok {
				dir = filepath.Join(dir, strings.TrimSpace(string(cwd)))
			}
			stdout, stderr, code := runIn(t, dir, args, env)
			golden.Check(t, path, a, "want-stdout", stdout)
			golden.Check(t, path, a, "want-stderr", stderr)
			golden.Check(t, path, a, "want-exit", []byte(fmt.Sprintf("%d\n", code)))
		})
	}
}

// runIn runs Main in dir; tests that chdir cannot run in parallel.
func runIn(t *testing.T, dir string, args []string, env map[string]string) (stdout, stderr []byte, code int) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errOut bytes.Buffer
	code = Main(args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(k string) string { return env[k] }})
	return out.Bytes(), errOut.Bytes(), code
}
