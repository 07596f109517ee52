package report_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
)

// TestMarkdownSummary pins the step-summary table, with record text that
// would break it: a pipe, HTML, a mention, a line break and an override.
func TestMarkdownSummary(t *testing.T) {
	l := diag.List{
		{File: "records/quotes/q.yaml", Pos: diag.Pos{Line: 7, Column: 7}, Rule: "schema-enum", Severity: diag.Error,
			Message: "text \"a | b <script>x</script> @octocat\nnext \u202eevil\" is wrong", Hint: "use *direct*"},
		{File: "records/events/we`ird|name.yaml", Rule: "yaml-empty", Severity: diag.Warning, Message: "empty"},
	}
	var buf bytes.Buffer
	if err := write(t, &buf, "markdown", l, report.Summary{Files: 2, Records: 1, Errors: 1, Warnings: 1}); err != nil {
		t.Fatal(err)
	}
	want := "## dossier validate\n\n1 error, 1 warning in 2 files\n\n" +
		"| file | line | severity | rule | message |\n|---|---|---|---|---|\n" +
		"| `records/quotes/q.yaml` | 7:7 | error | `schema-enum` | text \"a \\| b &lt;script&gt;x&lt;/script&gt; \\@octocat?next ?evil\" is wrong<br>hint: use \\*direct\\* |\n" +
		"| records/events/we\\`ird\\|name.yaml |  | warning | `yaml-empty` | empty |\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
	var many diag.List
	for i := 0; i < 1005; i++ {
		many = append(many, diag.Diagnostic{File: "f.yaml", Rule: "r", Message: "m"})
	}
	buf.Reset()
	write(t, &buf, "markdown", many, report.Summary{Errors: 1005})
	if got := strings.Count(buf.String(), "\n| `f.yaml`"); got != 1000 || !strings.Contains(buf.String(), "5 more not shown") {
		t.Errorf("%d rows, want 1000 and a note of the 5 left out", got)
	}
}

// write writes l in format, with the catalog's rules for SARIF.
func write(t *testing.T, w io.Writer, format string, l diag.List, sum report.Summary) error {
	t.Helper()
	out, err := report.New(format, report.Options{Rules: validate.Rules(), Tool: "0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	return out.Write(w, l, sum)
}
