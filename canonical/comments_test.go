package canonical

import (
	"fmt"
	"testing"
)

// TestComments: comments are found in the bytes, also those the YAML
// library does not read, and never inside a text.
func TestComments(t *testing.T) {
	src := "# head\n" +
		"a: \"x # not\n  # not either\"  # real # one comment\n" +
		"b: |  # header\n  # text, not a comment\n  #text\n" +
		"c: [  # dropped by the library\n  d]\n" +
		"e: 'f #g'\t# tab\n" +
		"h: i#j\n"
	got, err := comments([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "[{# head 1 1} {# real # one comment 3 18} {# header 4 7} {# dropped by the library 7 7} {# tab 9 11}]"
	if s := fmt.Sprint(got); s != want {
		t.Fatalf("comments:\n got %s\nwant %s", s, want)
	}
}
