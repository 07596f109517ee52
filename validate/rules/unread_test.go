package rules

import (
	"slices"
	"testing"

	"github.com/dossier-data/dossier/schemas"
)

// TestWords: every ID written in a record file, plain, quoted, in a flow
// or block list, in a comment, is one of its words, whatever breaks the
// YAML around it.
func TestWords(t *testing.T) {
	src := "id: raid\nplaces: [ashraf-3,manze]\nactors:\n  - 'bledar-cuci'\n\t- \"state-police\"\nnote: --x-- Ünï é-a # see obc-article.yaml\n" +
		"bad: \xeb\xebspak\n"
	want := []string{"a", "actors", "ashraf-3", "bad", "bledar-cuci", "id", "manze", "n", "note", "obc-article", "places", "raid", "see", "spak", "state-police", "x", "yaml"}
	if got := Words([]byte(src)); !slices.Equal(got, want) {
		t.Errorf("Words:\n got %q\nwant %q", got, want)
	}
	if got := Words(nil); len(got) != 0 {
		t.Errorf("Words(nil) = %q", got)
	}
}

// TestReferencedKinds: the kinds a kind's fields can reference are those
// of its x-ref fields, the successor of a withdrawn record (any kind)
// among them.
func TestReferencedKinds(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, k := range set.Kinds {
		all = append(all, k.Name)
	}
	for _, k := range set.Kinds {
		got := referencedKinds(k)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(all))
		if !slices.Equal(got, want) {
			t.Errorf("%s references %v, want %v", k.Name, got, want)
		}
	}
}
