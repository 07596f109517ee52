package release

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSwap: both ways of putting a new release folder in place, over an
// existing one and where there is none, leave exactly the new files.
func TestSwap(t *testing.T) {
	for name, fn := range map[string]func(string, string) error{"swap": swap, "swapByRename": swapByRename} {
		t.Run(name, func(t *testing.T) {
			dist := t.TempDir()
			target := filepath.Join(dist, "x-1")
			for i, content := range []string{"first", "second"} {
				tmp := filepath.Join(dist, ".x-1.tmp-"+string(rune('a'+i)))
				os.MkdirAll(tmp, 0o755)
				os.WriteFile(filepath.Join(tmp, "f"), []byte(content), 0o644)
				if err := fn(tmp, target); err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(target, "f"))
				if err != nil || string(b) != content {
					t.Fatalf("after %s: %q, %v", content, b, err)
				}
			}
			entries, _ := os.ReadDir(dist)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("dist holds %v, want only x-1", names)
			}
		})
	}
}
