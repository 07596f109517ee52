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

// TestReadmeEscapesConfigText: the title, home page, licence and citation
// of dossier.yaml reach README.md as text: no heading of its own, no
// HTML, link, image or table break.
func TestReadmeEscapesConfigText(t *testing.T) {
	hostile := "A & B <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](https://t.example/p.gif) | *x*\n# injected"
	m := &Meta{Dataset: config.Dataset{Name: "d", Title: hostile, Homepage: "https://example.org/a_b?x=[1]<script>",
		Licenses: []config.License{{Name: hostile, Path: hostile}}}, Version: "1.0.0"}
	for _, cite := range []string{"", hostile} {
		m.Dataset.Citation = cite
		var b bytes.Buffer
		if err := writeReadme(&b, m, nil, nil); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, bad := range []string{"<img", "<script>", "[click]", "![i]", "| *x*", "\n# injected", "a_b"} {
			if strings.Contains(out, bad) {
				t.Errorf("README.md holds %q unescaped:\n%s", bad, out)
			}
		}
		if !strings.HasPrefix(out, "# A &amp; B &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1))") {
			t.Errorf("README.md's title is not the escaped title:\n%s", out[:min(len(out), 200)])
		}
	}
}
