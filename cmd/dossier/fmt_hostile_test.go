package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dossier-data/dossier/internal/hostile"
)

// TestFmtHostile runs dossier fmt over every case of the hostile-input
// corpus: it must end (no hang), never panic, leave every file alone with
// --check, and after a real run leave nothing more to format.
func TestFmtHostile(t *testing.T) {
	cases := hostile.Cases(t, filepath.Join("..", "..", hostile.Dir))
	if len(cases) == 0 {
		t.Fatal("no hostile cases")
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			c.Build(t, dir)
			if _, err := os.Stat(filepath.Join(dir, "records")); err != nil {
				return // a case about the dataset root or config, with no records folder to format
			}
			before := snapshotFiles(t, dir)
			run := func(args ...string) ([]byte, []byte, int) {
				t.Helper()
				type result struct {
					out, errOut []byte
					code        int
				}
				done := make(chan result, 1)
				go func() {
					o, e, code := runIn(t, dir, append([]string{"dossier"}, args...), nil)
					done <- result{o, e, code}
				}()
				select {
				case r := <-done:
					if bytes.Contains(r.errOut, []byte("internal error")) {
						t.Fatalf("dossier %v panicked: %s", args, r.errOut)
					}
					return r.out, r.errOut, r.code
				case <-time.After(60 * time.Second):
					t.Fatalf("dossier %v did not end", args)
				}
				return nil, nil, 0
			}
			run("fmt", "--check")
			if after := snapshotFiles(t, dir); !equalFiles(before, after) {
				t.Fatal("fmt --check changed files")
			}
			run("fmt")
			out, _, _ := run("fmt", "--check")
			if len(out) != 0 {
				t.Fatalf("after dossier fmt, --check still lists:\n%s", out)
			}
		})
	}
}

// snapshotFiles maps each regular file under dir to its bytes.
func snapshotFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil {
			m[p] = b
		}
		return nil
	})
	return m
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
