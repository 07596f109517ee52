package releasepage_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/releasepage"
)

// TestChangelogEscapedOnce: text that the changelog writer escapes for
// Markdown reads back as written, and the page escapes it once, for
// HTML: "&" is "&amp;" in the page's source, never "&amp;amp;", and no
// Markdown backslash shows.
func TestChangelogEscapedOnce(t *testing.T) {
	for _, s := range []string{"Berisha government & the U.S.", `snake_case [link](x) a|b *em* \back ~t~ @m $5`, "<b>bold</b> &amp; ok", "plain"} {
		md := changes.MarkdownText(s)
		if got := releasepage.MarkdownText(md); got != s {
			t.Errorf("%q written as %q reads back as %q", s, md, got)
		}
		if got := releasepage.MarkdownText("| " + md + " | x |\n|---|---|\n| " + md + " | y |"); got != s+"y" {
			t.Errorf("%q in a table reads back as %q", s, got)
		}
	}
	r := &releasepage.Release{
		Package:   datapackage.Package{Name: "d", Version: "1.0.0"},
		Changelog: []byte("# Changes\n\n| title |\n|---|\n| " + changes.MarkdownText("Berisha government & the U.S. \\_x_ [y] a|b") + " |\n"),
	}
	var b bytes.Buffer
	if err := releasepage.Render(&b, r, releasepage.Options{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	_, log, _ := strings.Cut(page, `id="_changelog"`)
	if !strings.Contains(log, "Berisha government &amp; the U.S. \\_x_ [y] a|b") {
		t.Errorf("the changelog does not show the title as written, escaped once:\n%s", log)
	}
	for _, bad := range []string{"&amp;amp;", `\[`, `\|`, `\\_`} {
		if strings.Contains(log, bad) {
			t.Errorf("the changelog holds %q:\n%s", bad, log)
		}
	}
}

// TestChangelogBackquotes: a changelog entry whose record text holds
// backquotes, backslashes, < and & reads back as written, beside the code
// spans of its ID and fields, and the page shows the text escaped once,
// its code spans where the writer put them.
func TestChangelogBackquotes(t *testing.T) {
	for _, s := range []string{"Run `make` now", "a ` lone one", "``two`` and \\`", "x \\` y `<b>` &lt; & z\\", "`"} {
		entry := "- source `s`: " + changes.MarkdownText(s) + " (`title`, `summary`)"
		if got, want := releasepage.MarkdownText(entry), "source s: "+s+" (title, summary)"; got != want {
			t.Errorf("%q written as %q reads back as\n %q, want\n %q", s, entry, got, want)
		}
	}
	r := &releasepage.Release{
		Package:   datapackage.Package{Name: "d", Version: "1.0.0"},
		Changelog: []byte("# Changes\n\n## Changed\n\n- source `s`: " + changes.MarkdownText("Run `make` & <now>") + " (`title`)\n"),
	}
	var b bytes.Buffer
	if err := releasepage.Render(&b, r, releasepage.Options{}); err != nil {
		t.Fatal(err)
	}
	_, log, _ := strings.Cut(b.String(), `id="_changelog"`)
	if !strings.Contains(log, "Run `make` &amp; &lt;now&gt; (<code>title</code>)") {
		t.Errorf("the changelog does not show the entry as written, escaped once:\n%s", log)
	}
	if strings.Contains(log, "<code>make") || strings.Contains(log, `\`) {
		t.Errorf("the changelog pairs the backquotes wrongly or shows a backslash:\n%s", log)
	}
}
