package lsp

import (
	"slices"
	"strings"
	"testing"
)

// cursorAt reads where a position is in a record being typed, from the
// indentation of the lines above: | marks the position.
func TestCursorAt(t *testing.T) {
	for _, c := range []struct {
		src  string
		path []string
		key  string
		item bool
		word string
		keys []string
	}{
		{"id: x\nspe|", nil, "", false, "spe", []string{"id"}},
		{"id: x\n|\nstatus: active\n", nil, "", false, "", []string{"id", "status"}},
		{"id: x\nspeaker: bled|", nil, "speaker", false, "bled", nil},
		{"id: x\nspeaker:|", nil, "speaker", false, "", nil},
		{"sources:\n  - source: obc\n    loc|", []string{"sources", "0"}, "", false, "loc", []string{"source"}},
		{"sources:\n  - source: o|", []string{"sources", "0"}, "source", false, "o", nil},
		{"sources:\n  - source: obc\n    locator: para. 2\n  - source: x|", []string{"sources", "0"}, "source", false, "x", nil},
		{"about:\n  - ev1\n  - e|", []string{"about"}, "", true, "e", nil},
		{"roles:\n  - title: minister\n    from: \"2020\"\n    to: 2|", []string{"roles", "0"}, "to", false, "2", nil},
		{"withdrawn:\n  reason: dup\n  succ|", []string{"withdrawn"}, "", false, "succ", []string{"reason"}},
		{"withdrawn:\n  successor: a|\nnotes: x", []string{"withdrawn"}, "successor", false, "a", nil},
		// a list item or a key of the item's mapping: the schema decides
		{"sources:\n  - sou|", []string{"sources"}, "", true, "sou", nil},
	} {
		off := strings.Index(c.src, "|")
		tx := newText(strings.Replace(c.src, "|", "", 1))
		got := cursorAt(tx, off)
		if !slices.Equal(got.path, c.path) || got.key != c.key || got.item != c.item || got.word != c.word || !slices.Equal(got.keys, c.keys) {
			t.Errorf("%q: got path %q key %q item %v word %q keys %q; want %q %q %v %q %q", c.src, got.path, got.key, got.item, got.word, got.keys,
				c.path, c.key, c.item, c.word, c.keys)
		}
	}
}
