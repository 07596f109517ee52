package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestRulesMarkdownIsDocs checks that dossier rules --format markdown
// prints exactly the committed docs/rules.md, so the command and the docs
// cannot drift apart (validate's TestRulesDoc rewrites the file).
func TestRulesMarkdownIsDocs(t *testing.T) {
	want, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := Main([]string{"dossier", "rules", "--format", "markdown"}, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	if code != ExitOK || errOut.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("dossier rules --format markdown differs from docs/rules.md; run go test ./validate -update")
	}
}
