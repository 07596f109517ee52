package rules

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/record"
)

// TestRefPointers checks the pointers of references, made ahead for fields
// in no list or in one list and walked for the rest, against the path of
// each value: past the items made ahead, and in a list of lists.
func TestRefPointers(t *testing.T) {
	str := func(name string) *schemas.Field {
		return &schemas.Field{Name: name, Type: "string", Ref: []string{"actor"}}
	}
	list := func(name string, items *schemas.Field) *schemas.Field {
		return &schemas.Field{Name: name, Type: "array", Items: items}
	}
	obj := func(name string, fields ...*schemas.Field) *schemas.Field {
		return &schemas.Field{Name: name, Type: "object", Fields: fields}
	}
	plan := planRefs(obj("", str("speaker"), list("about", str("")),
		list("groups", obj("", list("members", str("")), str("lead"))), obj("a~b/c", str("x"))), nil)

	var about, groups []any
	var want []string // in the order of the keys' bytes
	for i := range leafItems + 4 {
		about = append(about, "e")
		want = append(want, fmt.Sprintf("/about/%d", i))
	}
	want = append(want, "/a~0b~1c/x")
	for g := range 3 {
		members := []any{"m", "m", "m"}
		groups = append(groups, map[string]any{"lead": "l", "members": members})
		want = append(want, fmt.Sprintf("/groups/%d/lead", g))
		for m := range members {
			want = append(want, fmt.Sprintf("/groups/%d/members/%d", g, m))
		}
	}
	want = append(want, "/speaker")
	v := record.EncodeValue(map[string]any{"speaker": "s", "about": about, "groups": groups, "a~b/c": map[string]any{"x": "y"}})

	w := refWalker{}
	w.walk(plan, v)
	if len(w.refs) != len(want) {
		t.Fatalf("%d references, want %d", len(w.refs), len(want))
	}
	for i, r := range w.refs {
		if p := r.leaf.pointer(r.index); p != want[i] {
			t.Errorf("reference %d at %q, want %q", i, p, want[i])
		}
	}
}

// TestSameTextOfOneHash checks that texts whose normal forms share a hash
// are told apart by their text: only an equal text is the same.
func TestSameTextOfOneHash(t *testing.T) {
	norms := []string{"one text", "another text", "another text", "one text", "a third"}
	texts := make([]*quoteText, len(norms))
	for i := range texts {
		texts[i] = &quoteText{hash: 7} // one hash for all
	}
	same, _ := matchQuotes(texts, func(i int32) string { return norms[i] })
	if want := []int32{0, 0, 2, 1, 0}; !slices.Equal(same, want) {
		t.Errorf("same = %v, want %v", same, want)
	}
}
