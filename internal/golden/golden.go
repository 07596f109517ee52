// Package golden holds the helpers of the golden tests: archives of input
// files beside their exact expected output, rewritten with -update. Tests
// only; no production package imports it.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is set by `go test ./... -update`: golden files are rewritten with
// what the code produces instead of compared.
var Update = flag.Bool("update", false, "rewrite golden files with the current output")

// File is one member of an archive.
type File struct {
	Name string
	Data []byte
}

// Archive is a txtar-style text: a comment, then files each introduced by a
// line "-- name --".
type Archive struct {
	Comment []byte
	Files   []File
}

// Parse reads an archive. A file's data runs to the next marker line.
func Parse(data []byte) *Archive {
	a := &Archive{}
	var cur *File
	for len(data) > 0 {
		line := data
		rest := []byte(nil)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, rest = data[:i+1], data[i+1:]
		}
		data = rest
		if name, ok := marker(line); ok {
			a.Files = append(a.Files, File{Name: name})
			cur = &a.Files[len(a.Files)-1]
			continue
		}
		if cur == nil {
			a.Comment = append(a.Comment, line...)
		} else {
			cur.Data = append(cur.Data, line...)
		}
	}
	return a
}

func marker(line []byte) (string, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < 7 {
		return "", false
	}
	return strings.TrimSpace(s[3 : len(s)-3]), true
}

// Format writes an archive back to text.
func (a *Archive) Format() []byte {
	var b bytes.Buffer
	b.Write(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(f.Data)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// Get returns the data of the named file and whether it exists.
func (a *Archive) Get(name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// Set replaces or appends the named file.
func (a *Archive) Set(name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, File{Name: name, Data: data})
}

// Extract writes every file whose name does not start with "want" under
// dir. Names ending in ".noeol" are written without their final newline
// and with the suffix removed.
func (a *Archive) Extract(t testing.TB, dir string) {
	t.Helper()
	for _, f := range a.Files {
		if strings.HasPrefix(f.Name, "want") {
			continue
		}
		name, data := f.Name, f.Data
		if strings.HasSuffix(name, ".noeol") {
			name = strings.TrimSuffix(name, ".noeol")
			data = bytes.TrimSuffix(data, []byte("\n"))
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Check compares got with the archive member want of the archive file at
// path; with -update it rewrites that member instead.
func Check(t testing.TB, path string, a *Archive, want string, got []byte) {
	t.Helper()
	if *Update {
		a.Set(want, got)
		if err := os.WriteFile(path, a.Format(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	exp, ok := a.Get(want)
	if !ok {
		t.Fatalf("%s has no %q section; run go test -update to create it", path, want)
	}
	if !bytes.Equal(exp, got) {
		t.Errorf("%s: %s differs (run go test -update to accept)\n--- want\n%s--- got\n%s", path, want, exp, got)
	}
}
