package validate

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteWithOptions: Quiet drops the count of text and the notice of
// github; Color colours the severity word only, and the file name and
// message stay escaped.
func TestWriteWithOptions(t *testing.T) {
	l := List{
		{File: "records/events/a\x1b]52;c;x\x07.yaml", Pos: Pos{Line: 1, Column: 1}, Rule: "r", Severity: Error, Message: "bad \x1b[2J"},
		{File: "records/events/b.yaml", Rule: "w", Severity: Warning, Message: "odd"},
	}
	sum := Summary{Files: 2, Errors: 1, Warnings: 1}
	var b bytes.Buffer
	if err := WriteWith(&b, "text", l, sum, nil, TextOptions{Quiet: true, Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "records/events/a?]52;c;x?.yaml:1:1: \x1b[1;31merror\x1b[0m: bad ?[2J [r]\n" +
		"records/events/b.yaml: \x1b[1;33mwarning\x1b[0m: odd [w]\n"
	if b.String() != want {
		t.Errorf("text, quiet and colour:\n got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	if err := WriteWith(&b, "text", l, sum, nil, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\x1b") || !strings.HasSuffix(b.String(), "1 error, 1 warning in 2 files\n") {
		t.Errorf("text, plain:\n%q", b.String())
	}
	b.Reset()
	if err := WriteWith(&b, "github", l, sum, nil, TextOptions{Quiet: true, Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "::notice") || strings.Contains(b.String(), "\x1b") || strings.Count(b.String(), "\n") != 2 {
		t.Errorf("github, quiet:\n%q", b.String())
	}
}
