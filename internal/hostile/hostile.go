package hostile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"

	"github.com/dossier-data/dossier/internal/golden"
)

// Dir is the corpus folder, relative to the module root.
const Dir = "validate/testdata/hostile"

// Case is one corpus archive.
type Case struct {
	Name    string // file name without .txtar
	Path    string // the archive file
	Archive *golden.Archive
}

// Cases reads every archive of the corpus folder dir, sorted by name.
func Cases(t testing.TB, dir string) []Case {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var out []Case
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Case{Name: strings.TrimSuffix(filepath.Base(p), ".txtar"), Path: p, Archive: golden.Parse(data)})
	}
	return out
}

// Root reports whether the test runs with root's privileges, which read
// files whatever their permissions.
func Root() bool { return os.Geteuid() == 0 }

// Want returns the name of the archive member that holds the expected
// report: "want-root" when running as root for a case whose setup makes a
// file unreadable (root reads it all the same), else "want".
func (c Case) Want() string {
	setup, _ := c.Archive.Get("setup")
	if Root() && regexp.MustCompile(`(?m)^unreadable `).Match(setup) {
		return "want-root"
	}
	return "want"
}

// Build writes the case's dataset under dir: every member except want*
// and setup, with generated parts expanded, then the setup steps.
func (c Case) Build(t testing.TB, dir string) {
	t.Helper()
	for _, f := range c.Archive.Files {
		if strings.HasPrefix(f.Name, "want") || f.Name == "setup" {
			continue
		}
		data, err := Expand(f.Data)
		if err != nil {
			t.Fatalf("%s: %s: %v", c.Name, f.Name, err)
		}
		name := f.Name
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
	setup, _ := c.Archive.Get("setup")
	for _, line := range strings.Split(string(setup), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if err := step(dir, f); err != nil {
			t.Fatalf("%s: setup %q: %v", c.Name, line, err)
		}
	}
}

// step runs one setup line in dir. Paths are slash-separated, relative to
// dir:
//
//	symlink NAME TARGET   NAME becomes a symbolic link to TARGET (as written)
//	mkdir NAME            a folder
//	fifo NAME             a named pipe, which blocks a reader that opens it
//	unreadable NAME       chmod 000 (root still reads it)
//	utf16le NAME          re-encode a UTF-8 file as UTF-16 LE with a byte-order mark
//	utf16be NAME          the same, big-endian
//	utf16le-nobom NAME    UTF-16 LE without a byte-order mark
//	crlf NAME             line ends become CR LF
//	rename NAME "NEW"     rename NAME to NEW, a Go string literal (for names
//	                      with control characters), in the same folder
//	mkdirs NAME N         N empty folders NAME-0000, NAME-0001, …
func step(dir string, f []string) error {
	if len(f) < 2 {
		return fmt.Errorf("want a verb and a path")
	}
	p := filepath.Join(dir, filepath.FromSlash(f[1]))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	switch f[0] {
	case "symlink":
		if len(f) != 3 {
			return fmt.Errorf("symlink NAME TARGET")
		}
		return os.Symlink(filepath.FromSlash(f[2]), p)
	case "mkdir":
		return os.MkdirAll(p, 0o755)
	case "mkdirs":
		n, err := strconv.Atoi(f[len(f)-1])
		if len(f) != 3 || err != nil {
			return fmt.Errorf("mkdirs NAME N")
		}
		for i := range n {
			if err := os.Mkdir(fmt.Sprintf("%s-%04d", p, i), 0o755); err != nil {
				return err
			}
		}
		return nil
	case "fifo":
		return syscall.Mkfifo(p, 0o644)
	case "unreadable":
		return os.Chmod(p, 0)
	case "utf16le", "utf16be", "utf16le-nobom":
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var order binary.ByteOrder = binary.LittleEndian
		if f[0] == "utf16be" {
			order = binary.BigEndian
		}
		units := utf16.Encode([]rune(string(data)))
		if f[0] != "utf16le-nobom" {
			units = append([]uint16{0xFEFF}, units...)
		}
		out := make([]byte, 2*len(units))
		for i, u := range units {
			order.PutUint16(out[2*i:], u)
		}
		return os.WriteFile(p, out, 0o644)
	case "rename":
		if len(f) != 3 {
			return fmt.Errorf(`rename NAME "NEW"`)
		}
		to, err := strconv.Unquote(f[2])
		if err != nil || strings.ContainsAny(to, "/\\") {
			return fmt.Errorf("bad new name %s", f[2])
		}
		return os.Rename(p, filepath.Join(filepath.Dir(p), to))
	case "crlf":
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), 0o644)
	}
	return fmt.Errorf("unknown setup verb %q", f[0])
}

// generated matches @@N*"text"@@: text (a Go string literal) N times.
var generated = regexp.MustCompile(`@@(\d+)\*("(?:[^"\\]|\\.)*")@@`)

// Expand replaces every @@N*"text"@@ in data with text repeated N times;
// text is a Go string literal, so "\x00" and "\u202e" write those bytes.
// It keeps big and binary test files out of the repository.
func Expand(data []byte) ([]byte, error) {
	var err error
	out := generated.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := generated.FindSubmatch(m)
		n, e := strconv.Atoi(string(sub[1]))
		if e != nil || n > 100<<20 {
			err = fmt.Errorf("bad count in %s", m)
			return nil
		}
		text, e := strconv.Unquote(string(sub[2]))
		if e != nil {
			err = fmt.Errorf("bad text in %s: %v", m, e)
			return nil
		}
		return bytes.Repeat([]byte(text), n)
	})
	return out, err
}
