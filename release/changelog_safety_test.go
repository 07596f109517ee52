package release

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
)

// TestChangelogEscapesRecordText: a record's title and a withdrawal reason
// reach CHANGELOG.md as text, so Markdown viewers show them as written and
// run nothing: no HTML, no image or link, no @mention, no table break, no
// terminal escape, no bidirectional override.
func TestChangelogEscapesRecordText(t *testing.T) {
	hostile := "<img src=x onerror=alert(1)> ![t](https://t.example/p.gif) [click](javascript:alert(1)) @maintainer | *x* \x1b[31m\u202Eevil"
	r := &changes.Report{
		Old:       "1.0.0",
		Added:     []changes.RecordChange{{Kind: "events", ID: "raid", Label: hostile}},
		Withdrawn: []changes.RecordChange{{Kind: "events", ID: "old", Label: "Old", Reason: hostile}},
	}
	var b bytes.Buffer
	if err := writeChangelog(&b, &Meta{Dataset: config.Dataset{Name: "d"}, Version: "1.1.0"}, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<img", "![t]", "[click]", " @maintainer", "| *x*", "*x*", "\x1b", "\u202E"} {
		if strings.Contains(out, bad) {
			t.Errorf("CHANGELOG.md holds %q unescaped:\n%s", bad, out)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", `!\[t\](https://t.example/p.gif)`, `\@maintainer`, `\| \*x\*`} {
		if strings.Count(out, want) != 2 {
			t.Errorf("CHANGELOG.md should hold %q twice (title and reason):\n%s", want, out)
		}
	}
}
