package yamlerr

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestKeyTooLong holds the key limit to the parser's: around 1024
// characters, in every place a key is written, a file the parser refuses
// is reported as a key too long, at the key, exactly when the key (quotes
// included) is over 1024 characters.
func TestKeyTooLong(t *testing.T) {
	forms := []struct {
		src string // %s: the key
		at  string // the key's line:column
	}{
		{"%s: v\n", "1:1"},
		{"id: a\n%s: v\n", "2:1"},
		{"id: a\nnotes:\n  %s: v\n", "3:3"},
		{"id: a\nlist:\n  - %s: v\n", "3:5"},
		{"id: a\ntags: {b: c, %s: v}\n", "2:14"},
		{"id: a\ntags: [b, %s: v]\n", "2:11"},
		{"id: a\n? x\n: y\n%s: v\n", "4:1"},
		{"id: a\n%s:\n  - b\n", "2:1"},
	}
	for _, f := range forms {
		for n := 1020; n <= 1028; n++ {
			for _, key := range []string{strings.Repeat("k", n), `"` + strings.Repeat("é", n-2) + `"`, "'" + strings.Repeat("a ", (n-2)/2) + strings.Repeat("c", (n-2)%2) + "'"} {
				src := fmt.Sprintf(f.src, key)
				var doc yaml.Node
				err := yaml.Unmarshal([]byte(src), &doc)
				long := n > maxKey
				if err == nil {
					if long {
						t.Errorf("%q with a key of %d characters: the parser reads it", f.src, n)
					}
					continue
				}
				pos, msg := Locate(err, []byte(src))
				want := fmt.Sprintf("a key of %d characters; YAML reads a key of at most 1024 characters", n)
				switch {
				case long && (msg != want || pos.String() != f.at):
					t.Errorf("%q with a key of %d characters: %v: %s; want %s: %s", f.src, n, pos, msg, f.at, want)
				case !long:
					t.Errorf("%q with a key of %d characters: the parser refuses it: %v", f.src, n, err)
				}
			}
		}
	}
}

// TestLongValueIsNoKey: a long text after a key, holding ": ", is a value
// with a colon in it, not a key.
func TestLongValueIsNoKey(t *testing.T) {
	src := "id: a\ntext: " + strings.Repeat("k", 1100) + ": more\n"
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(src), &doc)
	if err == nil {
		t.Fatal("the parser reads it")
	}
	if _, msg := Locate(err, []byte(src)); strings.HasPrefix(msg, longKeyMessage) {
		t.Errorf("reported as %s", msg)
	}
}
