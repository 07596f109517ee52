package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate/diag"
)

// markdownLimit is how many findings a Markdown report lists; GitHub keeps
// at most 1 MiB of a step summary. The count above the table is always
// complete.
const markdownLimit = 1000

// markdown writes the findings as GitHub-flavoured Markdown: a heading,
// the count, and a table of every finding (file, line:column, severity,
// rule, message and hint). It is what dossier appends to a GitHub Actions
// step summary, where annotations alone would lose findings past the first
// ten of a step. Every field is escaped as every format escapes it, then
// for Markdown, so that a file name or record text can neither break the
// table nor inject HTML, links, mentions or invisible characters.
type markdown struct{}

func (markdown) Write(w io.Writer, l diag.List, sum Summary) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## dossier validate\n\n%s\n", summaryText(sum.Line()))
	if len(l) > 0 {
		fmt.Fprintf(bw, "\n| file | line | severity | rule | message |\n|---|---|---|---|---|\n")
	}
	for i, d := range l {
		if i == markdownLimit {
			fmt.Fprintf(bw, "\n%d more not shown; run `dossier validate` for all of them.\n", len(l)-markdownLimit)
			break
		}
		pos := ""
		if d.Line > 0 {
			pos = fmt.Sprintf("%d:%d", d.Line, d.Column)
		}
		msg := summaryText(d.Message)
		if d.Hint != "" {
			msg += "<br>hint: " + summaryText(d.Hint)
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", summaryCode(fileName(d.File)), pos, d.Severity, summaryCode(d.Rule), msg)
	}
	return bw.Flush()
}

// summaryText escapes text for a Markdown table cell or paragraph (never at
// the start of a line). It is first made safe as every format makes it
// (escape.Line: controls, line breaks, bidirectional formatting characters
// and the byte-order mark become '?'); then emphasis, code, link, table,
// strike, math and mention characters get a backslash, and HTML's <, > and
// & become entities.
func summaryText(s string) string {
	var b strings.Builder
	for _, r := range escape.Line(s) {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case strings.ContainsRune("\\`*_[]|~@$#", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// summaryCode renders a path or rule ID as inline code when escape.Line
// would leave it as it is and it holds nothing a code span or a table could
// trip on, else as escaped text.
func summaryCode(s string) string {
	if s == "" || !escape.Safe(s) || strings.ContainsAny(s, "`|\\") || s != strings.TrimSpace(s) {
		return summaryText(s)
	}
	return "`" + s + "`"
}
