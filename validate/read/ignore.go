package read

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/record"
	"go.yaml.in/yaml/v3"
)

// Inline silences. A comment in a record file
//
//	# dossier:ignore orphan -- mentioned only in passing
//
// silences the findings of the named rules (several: separated by commas)
// on its own line or, when the comment stands alone on its line, on the line
// below. Reading finds them; validate applies them.

// IgnoreMark starts an inline silence.
const IgnoreMark = "dossier:ignore"

// inlineIgnores finds the silences in a parsed file. Only comments that the
// YAML parser saw as comments count (a "#" inside a quoted text does not);
// their lines are then found in the source. Files without the mark cost one
// scan of their bytes.
func inlineIgnores(doc *yaml.Node, src []byte) []record.Ignore {
	if doc == nil || !bytes.Contains(src, []byte(IgnoreMark)) {
		return nil
	}
	comments := map[string]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if strings.Contains(line, IgnoreMark) {
					comments[strings.TrimSpace(line)] = true
				}
			}
		}
		for _, k := range n.Content {
			walk(k)
		}
	}
	walk(doc)
	var out []record.Ignore
	for i, line := range strings.Split(string(src), "\n") {
		if !strings.Contains(line, IgnoreMark) {
			continue
		}
		line = strings.TrimRight(line, "\r")
		for j := 0; j < len(line); j++ {
			if line[j] != '#' || (j > 0 && line[j-1] != ' ' && line[j-1] != '\t') {
				continue
			}
			c := strings.TrimSpace(line[j:])
			if !comments[c] {
				continue
			}
			body := strings.TrimSpace(strings.TrimPrefix(c, "#"))
			if !strings.HasPrefix(body, IgnoreMark) {
				break
			}
			rest := strings.TrimPrefix(body, IgnoreMark)
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				break
			}
			names, reason, _ := strings.Cut(rest, "--")
			ig := record.Ignore{Line: i + 1, Column: utf8.RuneCountInString(line[:j]) + 1,
				Alone: strings.TrimSpace(line[:j]) == "", Reason: strings.TrimSpace(reason)}
			rules := strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
			if len(rules) == 0 {
				out = append(out, ig)
			}
			for _, r := range rules {
				ig.Rule = r
				out = append(out, ig)
			}
			break
		}
	}
	return out
}
