package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
)

// RuleFormats lists the formats WriteRules accepts.
var RuleFormats = []string{"text", "markdown", "json"}

// WriteRules renders rules in one of RuleFormats: text is one line per
// rule when all is true (the whole catalog), and the full entry of each
// rule for a selection; markdown is docs/rules.md; json is a stable
// document (fields are only ever added).
func WriteRules(w io.Writer, format string, rules []*diag.Rule, all bool) error {
	switch format {
	case "text":
		return writeRulesText(w, rules, all)
	case "markdown":
		return writeRulesMarkdown(w, rules)
	case "json":
		return writeRulesJSON(w, rules)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(RuleFormats, ", "))
}

func writeRulesText(w io.Writer, rules []*diag.Rule, all bool) error {
	bw := bufio.NewWriter(w)
	if !all {
		for i, r := range rules {
			if i > 0 {
				fmt.Fprintln(bw)
			}
			fmt.Fprintf(bw, "%s (%s, checked %s)\n  %s\n\n", r.ID, r.Severity, scopeWords(r.Scope), r.Summary)
			for _, line := range wrap(r.Explain, 76) {
				fmt.Fprintf(bw, "  %s\n", line)
			}
			if r.Bad != "" {
				fmt.Fprintf(bw, "\n  fails:\n%s", indent(r.Bad, "    "))
			}
			if r.Good != "" {
				fmt.Fprintf(bw, "\n  passes:\n%s", indent(r.Good, "    "))
			}
		}
		return bw.Flush()
	}
	width := 0
	for _, r := range rules {
		width = max(width, len(r.ID))
	}
	for _, r := range rules {
		fmt.Fprintf(bw, "%-*s  %-7s  %s\n", width, r.ID, r.Severity, r.Summary)
	}
	return bw.Flush()
}

func scopeWords(scope string) string {
	switch scope {
	case "dataset":
		return "across records"
	case "config":
		return "in dossier.yaml"
	}
	return "while loading each file"
}

func writeRulesMarkdown(w io.Writer, rules []*diag.Rule) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "# Rules\n\n")
	fmt.Fprint(bw, "<!-- Generated from the rule catalog in validate/ by `dossier rules --format markdown`; do not edit. "+
		"`dossier docs` rewrites it. -->\n\n")
	fmt.Fprint(bw, "Every finding of `dossier validate` names one of these rules. The severity is the default; "+
		"a dataset's `dossier.yaml` can change it per rule (`rules: {orphan: off, figure-conflict: error}`). "+
		"Findings of the rules checked across records can be silenced on their line, or from the line above, with a comment that gives a reason: "+
		"`# dossier:ignore orphan -- mentioned only in passing`.\n\n")
	fmt.Fprint(bw, "| rule | severity | checked | what it finds |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(bw, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, scopeWords(r.Scope), mdCell(r.Summary))
	}
	for _, r := range rules {
		fmt.Fprintf(bw, "\n## %s\n\n", r.ID)
		fmt.Fprintf(bw, "%s. Severity **%s**, checked %s.\n\n", mdText(capitalize(r.Summary)), r.Severity, scopeWords(r.Scope))
		fmt.Fprintf(bw, "%s\n", mdText(r.Explain))
		if r.Bad != "" {
			fmt.Fprintf(bw, "\nFails:\n\n```yaml\n%s\n```\n", strings.TrimRight(r.Bad, "\n"))
		}
		if r.Good != "" {
			fmt.Fprintf(bw, "\nPasses:\n\n```yaml\n%s\n```\n", strings.TrimRight(r.Good, "\n"))
		}
	}
	return bw.Flush()
}

type jsonRule struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Scope    string `json:"scope"`
	Summary  string `json:"summary"`
	Explain  string `json:"explain"`
	Bad      string `json:"bad,omitempty"`
	Good     string `json:"good,omitempty"`
}

func writeRulesJSON(w io.Writer, rules []*diag.Rule) error {
	doc := struct {
		Version int        `json:"version"`
		Rules   []jsonRule `json:"rules"`
	}{Version: 1, Rules: make([]jsonRule, 0, len(rules))}
	for _, r := range rules {
		doc.Rules = append(doc.Rules, jsonRule{r.ID, r.Severity.String(), r.Scope, r.Summary, r.Explain, r.Bad, r.Good})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// mdText escapes prose for Markdown: angle brackets would start HTML.
func mdText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}

func mdCell(s string) string { return strings.ReplaceAll(mdText(s), "|", "\\|") }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func indent(s, pad string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(pad + line + "\n")
	}
	return b.String()
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
