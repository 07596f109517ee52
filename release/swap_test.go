package release

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSwap: both ways of putting a new release folder in place, over an
// existing one and where there is none, leave exactly the new files at the
// target and the previous ones where they say.
func TestSwap(t *testing.T) {
	for name, fn := range map[string]func(string, string) (string, error){"swap": swap, "swapByRename": swapByRename} {
		t.Run(name, func(t *testing.T) {
			dist := t.TempDir()
			target := filepath.Join(dist, "x-1")
			for i, content := range []string{"first", "second"} {
				tmp := filepath.Join(dist, ".x-1.tmp-"+string(rune('a'+i)))
				os.MkdirAll(tmp, 0o755)
				os.WriteFile(filepath.Join(tmp, "f"), []byte(content), 0o644)
				old, err := fn(tmp, target)
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(target, "f"))
				if err != nil || string(b) != content {
					t.Fatalf("after %s: %q, %v", content, b, err)
				}
				if i == 0 {
					if old != "" {
						t.Errorf("no previous folder, yet swap says it is at %s", old)
					}
					continue
				}
				if b, err := os.ReadFile(filepath.Join(old, "f")); err != nil || string(b) != "first" {
					t.Errorf("the previous folder at %s holds %q, %v", old, b, err)
				}
				os.RemoveAll(old)
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
