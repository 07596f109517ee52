package validate

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestListFolderOrder lists a folder of names that share prefixes of every
// length around the sort keys' sixteen bytes, short names and names with
// bytes past ASCII: the order is os.ReadDir's (bytewise), and each path is
// the folder as given, a slash and the name.
func TestListFolderOrder(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	names := map[string]bool{}
	alphabet := []string{"a", "b", "-", ".", "z", "é", "~", "0"}
	for len(names) < 3000 {
		n := ""
		for k := r.IntN(24); k >= 0; k-- {
			n += alphabet[r.IntN(len(alphabet))]
		}
		if p := r.IntN(4); p > 0 {
			n = "accepted-actions-q"[:5*p] + n // prefixes of 5, 10 and 15 bytes
		}
		if n == "." || n == ".." {
			continue
		}
		names[n] = true
	}
	for n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "sub.yaml"), 0o755)
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := listFolder(dir, "rel")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i, e := range got {
		if e.name != want[i].Name() || e.path != "rel/"+e.name || e.typ != want[i].Type() {
			t.Fatalf("entry %d: %q %q %v, want %q %v", i, e.name, e.path, e.typ, want[i].Name(), want[i].Type())
		}
	}
	if !slices.IsSortedFunc(got, func(a, b dirEntry) int { return cmpStr(a.name, b.name) }) {
		t.Fatal("not sorted")
	}
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
